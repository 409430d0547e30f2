// Authentication-Results (RFC 8601) as the milters of a Postfix receiver write them: OpenDKIM's dkim=,
// OpenDMARC's dmarc= (opendmarc.c: "%s; dmarc=%s (p=%s dis=%s) header.from=%s"); policyd-spf's
// verdict travels as Received-SPF (spf.ts).
import type { DkimVerdict } from './dkim.ts';
import type { DmarcVerdict } from './dmarc.ts';
import type { SpfVerdict } from './spf.ts';

export interface AuthVerdict {
  /** The receiver's authserv-id (its host name). */
  authservId: string;
  spf: SpfVerdict | null;
  dkim: DkimVerdict[];
  dmarc: DmarcVerdict | null;
}

/** OpenDKIM's field: one dkim= per signature, or dkim=none for an unsigned message. */
export function dkimResultsHeader(authservId: string, dkim: DkimVerdict[]): string {
  if (dkim.length === 0) return `Authentication-Results: ${authservId}; dkim=none`;
  const parts = dkim.map((d) => {
    const comment =
      d.result === 'pass' ? ` (${d.bits ?? 0}-bit key; unprotected)` : ` (${d.reason ?? d.result})`;
    return `dkim=${d.result}${comment} header.d=${d.domain} header.i=@${d.domain} header.a=${d.algorithm} header.s=${d.selector} header.b=${d.b}`;
  });
  return `Authentication-Results: ${authservId};\n\t${parts.join(';\n\t')}`;
}

/** OpenDMARC's field (written when it does not reject). */
export function dmarcResultsHeader(authservId: string, v: DmarcVerdict): string {
  const from = v.headerFrom || 'unknown';
  return `Authentication-Results: ${authservId}; dmarc=${v.result} (p=${v.policy ?? 'none'} dis=${v.disposition}) header.from=${from}`;
}

/** The SPF part as an RFC 8601 method, for the combined one-line summary the mailbox shows. */
export function summary(v: AuthVerdict): string {
  const spf = v.spf
    ? `spf=${v.spf.result} smtp.${v.spf.identity}=${v.spf.identity === 'helo' ? v.spf.helo : v.spf.domain}`
    : 'spf=none';
  const dkim =
    v.dkim.length === 0 ? 'dkim=none' : v.dkim.map((d) => `dkim=${d.result} header.d=${d.domain}`).join('; ');
  const dmarc = v.dmarc
    ? `dmarc=${v.dmarc.result} (p=${v.dmarc.policy ?? 'none'} dis=${v.dmarc.disposition}) header.from=${v.dmarc.headerFrom}`
    : 'dmarc=none';
  return `${v.authservId}; ${spf}; ${dkim}; ${dmarc}`;
}
