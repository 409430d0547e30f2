// ESMTP parameters of MAIL and RCPT, checked the way Postfix's mail_cmd and rcpt_cmd do: one token at a time,
// first problem wins; SIZE against the limit only after all tokens (smtpd_check_size).
import type { EsmtpParam } from './grammar.ts';
import type { ReplyVars } from './reply.ts';
import type { ReplyId } from './types.ts';

export interface ParamContext {
  /** The profile announces this EHLO keyword. */
  offers(keyword: string): boolean;
  /**
   * The server has SASL switched on (smtpd_sasl_auth_enable), even where AUTH is not offered yet: it reads
   * AUTH= then (and ignores AUTH=<>); without SASL, AUTH= is an unknown parameter.
   */
  sasl: boolean;
  /** Unknown parameters are ignored instead of refused (smtp-server, the Eraldy server). */
  lenient: boolean;
  /** ESMTP parameters are accepted in this session (after a plain HELO some servers refuse them all). */
  paramsAllowed: boolean;
  maxSize: number;
  /** A SIZE= an earlier, refused MAIL read (Profile leniency.sizeOutlivesRefusal): judged when none is given. */
  heldSize?: number | null;
}

export type ParamCheck = (
  { ok: true; params: Record<string, string> } | { ok: false; id: ReplyId; vars: ReplyVars }
) & {
  /** The SIZE= value read before the check ended (Postfix keeps it even when MAIL is refused). */
  size?: number;
};

/** The largest file size Postfix can count (off_t). */
const MAX_OFF_T = 2n ** 63n - 1n;

const refuse = (id: ReplyId, param: EsmtpParam | null, size: number | null = null): ParamCheck => ({
  ok: false,
  id,
  vars: { param: param?.raw ?? '', name: param?.keyword ?? '', value: param?.value ?? '' },
  ...(size === null ? {} : { size }),
});

/** RFC 1870 SIZE, RFC 6152 BODY, RFC 6531 SMTPUTF8, RFC 3461 RET/ENVID, RFC 4954 AUTH. */
export function checkMailParams(tokens: EsmtpParam[], ctx: ParamContext): ParamCheck {
  const params: Record<string, string> = {};
  let size: number | null = null;
  let sizeToken: EsmtpParam | null = null;
  for (const t of tokens) {
    const v = t.value;
    // A parameter of an extension the server does not announce is unknown to it: ignored when lenient.
    const known = (keyword: string) => ctx.offers(keyword);
    let problem: ReplyId | null = null;
    if (!ctx.paramsAllowed) {
      if (!ctx.lenient) problem = 'mail.unsupportedOption';
    } else if (t.keyword === 'BODY' && v !== null && known('8BITMIME')) {
      if (!/^(7BIT|8BITMIME)$/i.test(v)) problem = 'mail.badBody';
    } else if (t.keyword === 'SIZE' && v !== null && known('SIZE')) {
      // Postfix alldig(): digits only, at least one; then off_cvt_string(), which fails past 2^63 - 1.
      if (!/^\d+$/.test(v)) problem = 'mail.sizeSyntax';
      else if (BigInt(v) > MAX_OFF_T) problem = 'mail.sizeOverflow';
      else {
        size = Number(v);
        sizeToken = t;
      }
    } else if (t.keyword === 'AUTH' && v !== null && ctx.sasl) {
      // RFC 4954 section 5: the server may ignore the claimed identity; Postfix records it (and drops <>).
    } else if ((t.keyword === 'RET' || t.keyword === 'ENVID') && v !== null && known('DSN')) {
      const repeated = t.keyword in params;
      const valid = t.keyword === 'RET' ? /^(FULL|HDRS)$/i.test(v) : isPrintableXtext(v);
      if (repeated || !valid) problem = 'mail.badDsn';
    } else if (t.keyword === 'SMTPUTF8' && v === null && known('SMTPUTF8')) {
      // RFC 6531 section 3.4: declares that addresses and headers may be UTF-8.
    } else if (!ctx.lenient) {
      problem = 'mail.unsupportedOption';
    }
    if (problem) return refuse(problem, t, size);
    params[t.keyword] = v ?? '';
  }
  const judged = size ?? ctx.heldSize ?? null;
  if (judged !== null && ctx.maxSize > 0 && judged > ctx.maxSize)
    return refuse('mail.sizeExceeded', sizeToken, size);
  return { ok: true, params, ...(size === null ? {} : { size }) };
}

/** RFC 3461 NOTIFY and ORCPT. */
export function checkRcptParams(tokens: EsmtpParam[], ctx: ParamContext): ParamCheck {
  const params: Record<string, string> = {};
  for (const t of tokens) {
    const v = t.value;
    const dsn = ctx.offers('DSN');
    let problem: ReplyId | null = null;
    if (!ctx.paramsAllowed) {
      if (!ctx.lenient) problem = 'rcpt.unsupportedOption';
    } else if (t.keyword === 'NOTIFY' && v !== null && dsn) {
      if ('NOTIFY' in params || !isNotifyList(v)) problem = 'rcpt.badNotify';
    } else if (t.keyword === 'ORCPT' && v !== null && dsn) {
      if ('ORCPT' in params || !isOrcpt(v)) problem = 'rcpt.badOrcpt';
    } else if (!ctx.lenient) {
      problem = 'rcpt.unsupportedOption';
    }
    if (problem) return refuse(problem, t);
    params[t.keyword] = v ?? '';
  }
  return { ok: true, params };
}

/** NEVER alone, or any of SUCCESS, FAILURE, DELAY (Postfix dsn_notify_mask: repeats are harmless). */
export function isNotifyList(value: string): boolean {
  const names = value
    .toUpperCase()
    .split(/[, \t]+/)
    .filter(Boolean);
  if (names.length === 0) return false;
  if (!names.every((n) => n === 'NEVER' || n === 'SUCCESS' || n === 'FAILURE' || n === 'DELAY')) return false;
  return !(names.includes('NEVER') && names.some((n) => n !== 'NEVER'));
}

/** addr-type ";" xtext, e.g. rfc822;alice@example.test (RFC 3461 section 4.2). */
export function isOrcpt(value: string): boolean {
  const semi = value.indexOf(';');
  if (semi <= 0) return false;
  return xtextDecode(value.slice(semi + 1)) !== null;
}

/** RFC 3461 xtext: "+XX" escapes; null when an escape is broken. */
export function xtextDecode(text: string): string | null {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '+') {
      out += text[i];
      continue;
    }
    const hex = text.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
    out += String.fromCharCode(parseInt(hex, 16));
    i += 2;
  }
  return out;
}

/** ENVID: xtext that decodes to printable ASCII (Postfix: xtext_unquote and allprint). */
function isPrintableXtext(value: string): boolean {
  const decoded = xtextDecode(value);
  return decoded !== null && decoded !== '' && /^[\x20-\x7e]+$/.test(decoded);
}
