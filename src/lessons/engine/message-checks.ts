// Checks on a delivered message that a lesson's `done` text may claim: header fields that parse as RFC 5322
// says (a Date that is a date-time, a Message-ID that is <left@right>), the MIME tree (RFC 2046), cid: links
// that resolve (RFC 2392), and the shape of the body. Synchronous and small, like message.ts.
import { addressesOf, headerValues, parseMessage, type ParsedMessage } from './message.ts';

/** Remove RFC 5322 comments "(...)" (nesting allowed) outside quoted strings, and trim. */
function withoutComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && (quoted || depth > 0)) {
      if (depth === 0) out += ch + (value[i + 1] ?? '');
      i++;
    } else if (ch === '"' && depth === 0) {
      quoted = !quoted;
      out += ch;
    } else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')' && depth > 0) depth--;
    else if (depth === 0) out += ch;
  }
  return out.replace(/\s+/g, ' ').trim();
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** RFC 5322 §4.3 obs-zone names (still to be read, never written). */
const OBS_ZONES = /^(UT|GMT|[ECMP][SD]T|[A-IK-Za-ik-z])$/;

/**
 * RFC 5322 §3.3 date-time, with the obsolete forms a reader must accept (§4.3: two-digit years, zone names):
 * `[day-of-week ","] day month year hour ":" minute [":" second] zone`. The day of the week, when given,
 * must be the one the date falls on; the date and the time must exist.
 */
export function isDateTime(raw: string): boolean {
  const m =
    /^(?:([A-Za-z]{3}) ?, ?)?(\d{1,2}) ([A-Za-z]{3}) (\d{2,4}) (\d{2}) ?: ?(\d{2})(?: ?: ?(\d{2}))? ([+-]\d{4}|[A-Za-z]{1,3})$/.exec(
      withoutComments(raw),
    );
  if (!m) return false;
  const [, dow, dd, mon, yyyy, hh, mi, ss, zone] = m;
  const month = MONTHS.indexOf(mon.toLowerCase());
  if (month < 0) return false;
  let year = Number(yyyy);
  if (yyyy.length === 2) year += year < 50 ? 2000 : 1900;
  else if (yyyy.length === 3) year += 1900;
  const day = Number(dd);
  const date = new Date(Date.UTC(year, month, day));
  if (date.getUTCMonth() !== month || date.getUTCDate() !== day) return false;
  if (Number(hh) > 23 || Number(mi) > 59 || (ss !== undefined && Number(ss) > 60)) return false;
  if (/^[+-]/.test(zone) ? Number(zone.slice(3)) > 59 : !OBS_ZONES.test(zone)) return false;
  if (dow !== undefined && DAYS.indexOf(dow.toLowerCase()) !== date.getUTCDay()) return false;
  return true;
}

const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const DOT_ATOM = `${ATEXT}+(?:\\.${ATEXT}+)*`;
const MSG_ID = new RegExp(`^<${DOT_ATOM}@(?:${DOT_ATOM}|\\[[\\x21-\\x5a\\x5e-\\x7e]*\\])>$`);

/** RFC 5322 §3.6.4 msg-id: `<id-left@id-right>`, a dot-atom on the left, a dot-atom or [literal] on the right. */
export function isMsgId(raw: string): boolean {
  return MSG_ID.test(withoutComments(raw));
}

/** A mailbox address as addressesOf extracts it: a local part, an @, a domain (or [literal]). */
const ADDR_SPEC = new RegExp(`^(?:${DOT_ATOM}|"[^"]*")@(?:${DOT_ATOM}|\\[[^\\]]*\\])$`);

/** An address-list header (From, To, Cc, ...): at least one address, and every one of them an addr-spec. */
export function isAddressList(raw: string): boolean {
  const addresses = addressesOf(raw);
  return addresses.length > 0 && addresses.every((a) => ADDR_SPEC.test(a));
}

/** The checks `headerSyntax` knows, by lower-case header name. */
export const HEADER_SYNTAX: Record<string, (value: string) => boolean> = {
  date: isDateTime,
  'message-id': isMsgId,
  'in-reply-to': (v) => v.trim().split(/\s+/).every(isMsgId),
  from: isAddressList,
  sender: isAddressList,
  'reply-to': isAddressList,
  to: isAddressList,
  cc: isAddressList,
  // RFC 2045 §4: "MIME-Version: 1.0", comments allowed.
  'mime-version': (v) => /^1 ?\. ?0$/.test(withoutComments(v)),
  // RFC 2045 §5.1: type "/" subtype, then parameters.
  'content-type': (v) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*(;|$)/.test(v.trim()),
  subject: () => true,
};

/** Whether the header is present exactly once (RFC 5322 §3.6 allows one of each of these) and well-formed. */
export function headerValid(message: ParsedMessage, name: string): boolean {
  const check = HEADER_SYNTAX[name.toLowerCase()];
  const values = headerValues(message, name);
  return check !== undefined && values.length === 1 && check(values[0]);
}

export interface MimeNode {
  type: string;
  headers: ParsedMessage['headers'];
  body: string;
  parts: MimeNode[];
}

function contentTypeOf(message: ParsedMessage): { type: string; boundary: string | null } {
  const value = headerValues(message, 'Content-Type')[0];
  const type = value?.split(';')[0].trim().toLowerCase() ?? '';
  const boundary = value ? /;\s*boundary\s*=\s*(?:"([^"]+)"|([^\s;"]+))/i.exec(value) : null;
  return {
    type: /^[^/\s]+\/[^/\s]+$/.test(type) ? type : 'text/plain',
    boundary: boundary ? (boundary[1] ?? boundary[2]) : null,
  };
}

/**
 * The MIME tree of a message (RFC 2046 §5.1): a multipart body is split at lines "--boundary" up to the
 * closing "--boundary--"; a multipart without a boundary, or without that closing line, has no parts.
 */
export function mimeTree(content: string, depth = 0): MimeNode {
  const parsed = parseMessage(content);
  const { type, boundary } = contentTypeOf(parsed);
  const node: MimeNode = { type, headers: parsed.headers, body: parsed.body, parts: [] };
  if (!type.startsWith('multipart/') || boundary === null || depth > 10) return node;
  const lines = parsed.body.split('\n');
  const parts: MimeNode[] = [];
  let current: string[] | null = null;
  for (const line of lines) {
    const trimmed = line.replace(/[ \t]+$/, '');
    if (trimmed === `--${boundary}--`) {
      if (current) parts.push(mimeTree(current.join('\n'), depth + 1));
      node.parts = parts;
      return node;
    }
    if (trimmed === `--${boundary}`) {
      if (current) parts.push(mimeTree(current.join('\n'), depth + 1));
      current = [];
    } else if (current) current.push(line);
  }
  // No closing delimiter "--boundary--": RFC 2046 §5.1.1 requires one, so the body has no parts.
  return node;
}

/** "multipart/alternative(text/plain,text/html)": the tree as one line, the form `mimeTree` goals use. */
export function describeTree(node: MimeNode): string {
  return node.parts.length === 0 && !node.type.startsWith('multipart/')
    ? node.type
    : `${node.type}(${node.parts.map(describeTree).join(',')})`;
}

/** Whether a tree matches a pattern; "image/*" in the pattern matches any image subtype. Spaces are ignored. */
export function treeMatches(node: MimeNode, pattern: string): boolean {
  const escaped = pattern
    .replace(/\s+/g, '')
    .toLowerCase()
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\\\*/g, '[^,()]+');
  return new RegExp(`^${escaped}$`).test(describeTree(node));
}

function walk(node: MimeNode): MimeNode[] {
  return [node, ...node.parts.flatMap(walk)];
}

/**
 * RFC 2392: every `cid:` URL in an HTML part names the Content-ID of a part of the same message (and there is
 * at least one such URL).
 */
export function cidLinksResolve(tree: MimeNode): boolean {
  const nodes = walk(tree);
  const ids = new Set(
    nodes.flatMap((n) =>
      n.headers
        .filter((h) => h.name.toLowerCase() === 'content-id')
        .map((h) => withoutComments(h.value).replace(/^<|>$/g, '').toLowerCase()),
    ),
  );
  const links = nodes
    .filter((n) => n.type === 'text/html')
    .flatMap((n) =>
      [...n.body.matchAll(/cid:([^"'\s>)]+)/gi)].map((m) => decodeURIComponent(m[1]).toLowerCase()),
    );
  return links.length > 0 && links.every((l) => ids.has(l));
}

/** Whether the body begins or ends with an empty line (a second blank line after the headers, or before the dot). */
export function bodyHasBlankEdge(content: string): boolean {
  const { body } = parseMessage(content);
  const lines = body.split('\n');
  return lines.length > 0 && (lines[0].trim() === '' || lines[lines.length - 1].trim() === '');
}
