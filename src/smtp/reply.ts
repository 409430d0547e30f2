// The one reply writer: fills a profile's template and formats it for the wire (RFC 5321 section 4.2:
// "250-" continuation lines, "250 " on the last), with the enhanced code on every line (RFC 2034).
import type { Profile } from './profiles/types.ts';
import type { Reply, ReplyId } from './types.ts';

export type ReplyVars = Partial<Record<string, string | number>>;

/**
 * Keep echoed client text printable, as Postfix prints non-printables in replies as "?": C0 (a reply must
 * never contain a CR or LF of its own), DEL, and C1 (U+0080-U+009F: U+009B is a one-character CSI that a
 * terminal obeys as ESC [ does).
 */
function sanitize(value: string): string {
  const clean = value.replace(/[\x00-\x1f\x7f-\x9f]/g, '?');
  return clean.length > 1024 ? `${clean.slice(0, 1024)}...` : clean;
}

export function fill(template: string, vars: ReplyVars): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : sanitize(String(v));
  });
}

export function buildReply(profile: Profile, id: ReplyId, vars: ReplyVars, extraLines: string[] = []): Reply {
  const template = profile.replies[id];
  const texts = Array.isArray(template.text) ? template.text : [template.text];
  const lines = [...texts.map((t) => fill(t, vars)), ...extraLines];
  const reply: Reply = { id, code: template.code, lines };
  if (profile.enhancedCodes && template.enhanced) reply.enhanced = template.enhanced;
  return reply;
}

export function formatReply(reply: Reply): string {
  const prefix = reply.enhanced ? `${reply.enhanced} ` : '';
  const lines = reply.lines.length > 0 ? reply.lines : [''];
  return lines
    .map((line, i) => `${reply.code}${i < lines.length - 1 ? '-' : ' '}${prefix}${line}`.replace(/ $/, ' '))
    .join('\r\n')
    .concat('\r\n');
}
