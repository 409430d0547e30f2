// A small RFC 5322 header reader for the delivered-message goals: header fields, addresses in From/To/Cc, and
// the media type. Synchronous and forgiving on purpose (postal-mime is async and the engine decides at once).
import { headerFields, splitHeaders } from '../../smtp/headers.ts';

export interface ParsedMessage {
  /** Header fields in order, names as written, values unfolded. */
  headers: { name: string; value: string }[];
  body: string;
}

/** RFC 5322 §2.2.3, read by the core's one header reader (src/smtp/headers.ts). */
export function parseMessage(content: string): ParsedMessage {
  const lines = content.replace(/\r\n/g, '\n');
  const headers = headerFields(lines).map((f) => ({ name: f.name, value: f.value.trim() }));
  return { headers, body: splitHeaders(lines).body.join('\n') };
}

export function headerValues(message: ParsedMessage, name: string): string[] {
  const wanted = name.toLowerCase();
  return message.headers.filter((h) => h.name.toLowerCase() === wanted).map((h) => h.value);
}

export function hasHeader(message: ParsedMessage, name: string): boolean {
  return headerValues(message, name).length > 0;
}

/** Split an address list on commas outside quotes, comments and angle brackets. */
function splitList(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let depth = 0;
  let angle = false;
  for (const ch of value) {
    if (ch === '"' && depth === 0) quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')' && depth > 0) depth--;
    else if (!quoted && depth === 0 && ch === '<') angle = true;
    else if (!quoted && depth === 0 && ch === '>') angle = false;
    if (ch === ',' && !quoted && depth === 0 && !angle) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** The addr-specs of an address list, lower-cased: "Alice <a@x>, b@y (Bob)" gives ["a@x", "b@y"]. */
export function addressesOf(value: string): string[] {
  const out: string[] = [];
  // Group syntax "Friends: a@x, b@y;" — drop the display name and the final semicolon.
  const withoutGroup = value.replace(/^[^<>"@,]*:\s*/, '').replace(/;\s*$/, '');
  for (const part of splitList(withoutGroup)) {
    const angle = /<([^<>]*)>/.exec(part);
    const candidate = angle ? angle[1] : part.replace(/\([^)]*\)/g, '').trim();
    const address = candidate.replace(/^"|"$/g, '').trim().toLowerCase();
    if (address !== '') out.push(address);
  }
  return out;
}

/** The media type of the message, "type/subtype" lower-cased; RFC 2045 §5.2: text/plain when absent. */
export function mediaType(message: ParsedMessage): string {
  const value = headerValues(message, 'Content-Type')[0];
  if (!value) return 'text/plain';
  const type = value.split(';')[0].trim().toLowerCase();
  return /^[^/\s]+\/[^/\s]+$/.test(type) ? type : 'text/plain';
}

/** "multipart/*" matches any multipart type; otherwise the comparison is exact (case-insensitive). */
export function mediaTypeMatches(actual: string, wanted: string): boolean {
  const w = wanted.trim().toLowerCase();
  if (w.endsWith('/*')) return actual.startsWith(w.slice(0, -1));
  return actual === w;
}

/** The first line of a message's header block that is no header field (a missing empty line), or null. */
export function strayHeaderLine(content: string): string | null {
  const { body, hadSeparator } = splitHeaders(content.replace(/\r\n/g, '\n'));
  return hadSeparator || body.length === 0 ? null : body[0];
}
