// The command grammar of RFC 5321 section 4.1: verbs, reverse- and forward-paths, ESMTP parameters.
// Pure functions, tested with tables; the session decides what to answer.
import { utf8Length } from './bytes.ts';

export interface CommandLine {
  /** Upper-cased first word ('' for a blank line). */
  verb: string;
  /** Everything after the verb and its spaces, trailing spaces removed. */
  argument: string;
}

/** Postfix's smtpd_token() treats these as white space between words (ISSPACE, without LF). */
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\v' || c === '\f' || c === '\r';

export function splitCommand(line: string): CommandLine {
  // Plain loops rather than one regex: no backtracking on long lines full of blanks.
  let start = 0;
  let end = line.length;
  while (start < end && isSpace(line[start])) start++;
  while (end > start && isSpace(line[end - 1])) end--;
  let verbEnd = start;
  while (verbEnd < end && !isSpace(line[verbEnd])) verbEnd++;
  let argStart = verbEnd;
  while (argStart < end && isSpace(line[argStart])) argStart++;
  return { verb: line.slice(start, verbEnd).toUpperCase(), argument: line.slice(argStart, end) };
}

/**
 * Postfix is_header() on the first word: the word is "name:" or "name:rest", the name being printable ASCII.
 * Postfix hangs up on such a "command": a message header typed at the command prompt.
 */
export function looksLikeHeader(word: string): boolean {
  return /^[\x21-\x39\x3b-\x7e]+:/.test(word);
}

export interface EsmtpParam {
  /** Upper-cased keyword. */
  keyword: string;
  /** Value after '=', or null when the parameter has none. */
  value: string | null;
  /** As the client wrote it, for error texts ("Unsupported option: BODY=9BIT"). */
  raw: string;
}

export type PathResult =
  | {
      ok: true;
      /** The mailbox without angle brackets and without a source route; '' for the null path. */
      address: string;
      /** The path exactly as written (with brackets if the client used them). */
      raw: string;
      params: EsmtpParam[];
      /** The address has non-ASCII characters and needs SMTPUTF8 (RFC 6531). */
      utf8: boolean;
    }
  | { ok: false; error: 'syntax' }
  | { ok: false; error: 'address'; raw: string };

/**
 * Parse the argument of MAIL ("FROM:<path> params") or RCPT ("TO:<path> params").
 * `loose` accepts what Postfix accepts with strict_rfc821_envelopes = no: spaces after the colon (but not
 * before it: Postfix's tokenizer needs the word "FROM:" or "TO:"), a path without angle brackets, and mailbox
 * syntax that RFC 5321 would refuse (a@@b). The address is checked before the parameters, as Postfix does;
 * parameters are only split into keyword and value here (params.ts judges them). Strictly, the path needs its
 * angle brackets and a valid mailbox, though blanks after the colon are tolerated (as the libraries do).
 */
export function parsePathArgument(argument: string, keyword: 'FROM' | 'TO', loose: boolean): PathResult {
  const head = new RegExp(`^${keyword}:[ \\t]*`, 'i').exec(argument);
  if (!head) return { ok: false, error: 'syntax' };
  const rest = argument.slice(head[0].length);
  if (rest === '') return { ok: false, error: 'syntax' };

  let raw: string;
  let inner: string;
  let after: string;
  if (rest.startsWith('<')) {
    const close = findClosingBracket(rest);
    if (close < 0) return { ok: false, error: 'address', raw: rest };
    raw = rest.slice(0, close + 1);
    inner = rest.slice(1, close);
    after = rest.slice(close + 1);
    if (after !== '' && !/^[ \t]/.test(after)) return { ok: false, error: 'address', raw: rest };
    // Postfix's tokenizer drops white space around the address: "< alice@example.test >" is fine.
    if (loose) inner = inner.replace(/^[ \t]+|[ \t]+$/g, '');
    // ...and closes a domain literal left open at the '>': <alice@[127.0.0.1> is alice@[127.0.0.1] (live 3.7).
    if (loose && /@\[[^\]]*$/.test(inner)) inner += ']';
  } else {
    if (!loose) return { ok: false, error: 'address', raw: rest };
    // Postfix splits at blanks; \S would stop at U+2028 or NBSP, leaving nothing to match (a TypeError).
    const m = /^([^ \t]+)(.*)$/s.exec(rest)!;
    raw = m[1];
    inner = m[1];
    after = m[2];
  }

  // A source route (@a,@b:user@c) is obsolete; RFC 5321 section 4.1.2 says to accept and ignore it.
  const address = inner.replace(/^@[^:]*:/, '');
  const valid = loose ? isLooseMailbox(address) : address === '' || isMailbox(address);
  if (!valid) return { ok: false, error: 'address', raw };
  const params = after
    .split(/[ \t]+/)
    .filter(Boolean)
    .map(parseParam);
  return { ok: true, address, raw, params, utf8: /[^\x00-\x7f]/.test(address) };
}

/** "KEYWORD=value" or "KEYWORD": the keyword upper-cased, the value as written ('' after a bare '='). */
export function parseParam(token: string): EsmtpParam {
  const eq = token.indexOf('=');
  if (eq < 0) return { keyword: token.toUpperCase(), value: null, raw: token };
  return { keyword: token.slice(0, eq).toUpperCase(), value: token.slice(eq + 1), raw: token };
}

/** Index of the '>' that closes the path, skipping quoted strings; -1 when there is none. */
function findClosingBracket(text: string): number {
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '>') return i;
    else if (c === '<') return -1;
  }
  return -1;
}

/**
 * What Postfix tolerates: anything without unquoted white space or brackets, whose domain (if any) passes its
 * resolver's check (valid_hostname or a valid address literal; see isPostfixDomain). A control character is
 * bad syntax in the domain only: in the local part the name is looked up, and is unknown (live Postfix 3.7:
 * VRFY al<ESC>ice is "550 5.1.1 <al ice>: ... User unknown").
 */
function isLooseMailbox(address: string): boolean {
  let quoted = false;
  for (let i = 0; i < address.length; i++) {
    const c = address[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ' ' || c === '\t' || c === '<' || c === '>') return false;
  }
  if (quoted) return false;
  const { domain } = splitAddress(address);
  return domain === '' || isPostfixDomain(domain);
}

/**
 * A domain as Postfix's resolver accepts it (trivial-rewrite: valid_hostname() or valid_mailhost_literal()):
 * at most 255 octets, labels of letters, digits, '-' and '_' (UTF-8 too, with smtputf8_enable) up to 63
 * octets, no hyphen at either end of a label, not all digits ("numeric hostname"), or a literal holding an
 * IPv4 or IPv6 address. One trailing dot is dropped first. Anything else gets "Bad ... address syntax".
 */
export function isPostfixDomain(domain: string): boolean {
  if (domain.startsWith('[')) return ipOfLiteral(domain) !== null;
  const name = /[^.]\.$/.test(domain) ? domain.slice(0, -1) : domain;
  if (name.length === 0 || utf8Length(name) > 255 || /^[\d.]+$/.test(name)) return false;
  return name
    .split('.')
    .every(
      (label) =>
        utf8Length(label) <= 63 && /^[\w\u0080-\uffff]([\w\u0080-\uffff-]*[\w\u0080-\uffff])?$/.test(label),
    );
}

/**
 * The address inside an IP address literal ([192.0.2.1], [IPv6:2001:db8::1]), in a form that compares equal
 * for equal addresses; null for anything else (a General-address-literal names no host).
 */
export function ipOfLiteral(text: string): string | null {
  const m = /^\[(.*)\]$/.exec(text);
  if (!m) return null;
  if (/^IPv6:/i.test(m[1])) return isIPv6(m[1].slice(5)) ? normalizeIp(m[1].slice(5)) : null;
  return isIPv4(m[1]) ? normalizeIp(m[1]) : null;
}

/** An IPv4 address without leading zeros, an IPv6 address as eight lower-case groups; as given otherwise. */
export function normalizeIp(ip: string): string {
  if (isIPv4(ip)) return ip.split('.').map(Number).join('.');
  // An IPv6 address with an IPv4 tail (::ffff:192.0.2.1) is compared as written.
  if (!isIPv6(ip) || ip.includes('.')) return ip.toLowerCase();
  const [head, tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((g) => parseInt(g, 16).toString(16)).join(':');
}

// RFC 5321 section 4.1.2, extended by RFC 6531 (UTF8-non-ascii allowed in atext and sub-domains).
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\-\\u0080-\\uffff]";
const DOT_STRING = new RegExp(`^${ATEXT}+(\\.${ATEXT}+)*$`);
const QUOTED_STRING = /^"([\x20\x21\x23-\x5b\x5d-\x7e\u0080-\uffff]|\\[\x20-\x7e])*"$/;
const SUB_DOMAIN = /^[A-Za-z0-9\u0080-\uffff]([A-Za-z0-9\u0080-\uffff-]*[A-Za-z0-9\u0080-\uffff])?$/;

/** An RFC 5321 Mailbox: Local-part "@" ( Domain / address-literal ). */
export function isMailbox(address: string): boolean {
  const at = address.lastIndexOf('@');
  if (at <= 0) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64 * 4 || domain.length > 255) return false;
  return (
    (DOT_STRING.test(local) || QUOTED_STRING.test(local)) && (isDomain(domain) || isAddressLiteral(domain))
  );
}

export function isDomain(domain: string): boolean {
  return domain.split('.').every((label) => label.length > 0 && label.length <= 63 && SUB_DOMAIN.test(label));
}

/** [192.0.2.1], [IPv6:2001:db8::1], or a General-address-literal [tag:content]. */
export function isAddressLiteral(text: string): boolean {
  const m = /^\[(.*)\]$/.exec(text);
  if (!m) return false;
  const body = m[1];
  if (/^IPv6:/i.test(body)) return isIPv6(body.slice(5));
  if (isIPv4(body)) return true;
  return /^[A-Za-z0-9-]*[A-Za-z0-9]:[\x21-\x5a\x5e-\x7e]+$/.test(body);
}

export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

export function isIPv6(text: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || text.includes(':::')) return false;
  const doubles = text.split('::').length - 1;
  if (doubles > 1) return false;
  const groups = text.split(':').filter((g) => g !== '');
  const last = groups[groups.length - 1] ?? '';
  const v4 = last.includes('.');
  if (v4 && !isIPv4(last)) return false;
  const count = groups.length + (v4 ? 1 : 0);
  if (!groups.every((g, i) => (v4 && i === groups.length - 1) || /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return doubles === 1 ? count < 8 : count === 8;
}

/** Local part and domain, split at the last '@' (domain '' when there is none), both as written. */
export function splitAddress(address: string): { local: string; domain: string } {
  const at = address.lastIndexOf('@');
  return at < 0
    ? { local: address, domain: '' }
    : { local: address.slice(0, at), domain: address.slice(at + 1) };
}

/** The domain part of an address (after the last '@'), lower-cased; '' when there is none. */
export function domainOf(address: string): string {
  return splitAddress(address).domain.toLowerCase();
}

/** The local part (before the last '@'), with quotes removed. */
export function localPartOf(address: string): string {
  const { local } = splitAddress(address);
  return /^".*"$/s.test(local) ? local.slice(1, -1).replace(/\\(.)/g, '$1') : local;
}

/**
 * The address as Postfix holds it internally and echoes it in replies: the local part without its quotes
 * ("alice smith"@example.test is <alice smith@example.test>), the domain as written.
 */
export function unquotedAddress(address: string): string {
  const { domain } = splitAddress(address);
  return address.includes('@') ? `${localPartOf(address)}@${domain}` : localPartOf(address);
}

/**
 * An address as Postfix stores it: it reads the local part without its quotes and writes them back only where
 * they are needed, so "alice"@example.test is alice@example.test (one user, one mailbox), "a b"@x stays quoted;
 * and trivial-rewrite drops one trailing dot from the domain (alice@example.test. is alice@example.test).
 */
export function canonicalAddress(address: string): string {
  const split = splitAddress(address);
  let domain = address.includes('@') ? `@${split.domain}` : '';
  if (/[^.@]\.$/.test(domain)) domain = domain.slice(0, -1);
  if (!split.local.startsWith('"')) return split.local + domain;
  const unquoted = localPartOf(address);
  return (DOT_STRING.test(unquoted) ? unquoted : split.local) + domain;
}
