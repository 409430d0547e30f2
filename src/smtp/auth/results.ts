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

/**
 * OpenDKIM's field as 2.11 (the develop branch, Debian's 2.11.0~beta2) writes it (opendkim.c, mlfi_eom and
 * dkimf_ar_all_sigs): one dkim= per signature, top one first: "dkim=%s", reason="…" after a fail (libopendkim's
 * text for a bad signature and a body hash mismatch alike: "signature verification failed"), " (%u-bit key; %s)"
 * when a key was read ("unprotected": no DNSSEC), then " header.d=%s header.i=%s header.a=%s header.s=%s" and
 * " header.b=%s" (the first 8 characters of b=); dkim=none for an unsigned message. Folded as mlfi_eom "pretties
 * it up": a part that would reach column 75 starts a new line.
 */
export function dkimResultsHeader(authservId: string, dkim: DkimVerdict[]): string {
  if (dkim.length === 0) return foldResults([`${authservId};`, 'dkim=none']);
  const parts = dkim.map((d, i) => {
    const reason = d.result === 'fail' ? ' reason="signature verification failed"' : '';
    // sig_keybits = 8 * crypto_keysize, and for an Ed25519 key crypto_keysize is EVP_PKEY_size(): 64, the
    // size of a signature, so OpenDKIM says 512-bit for a 256-bit Ed25519 key.
    const bits = d.bits === undefined ? 0 : d.algorithm === 'ed25519-sha256' ? 512 : d.bits;
    const key = bits > 0 ? ` (${bits}-bit key; unprotected)` : '';
    const last = i === dkim.length - 1 ? '' : ';';
    return (
      `dkim=${d.result}${reason}${key} header.d=${d.domain} header.i=${d.identity} ` +
      `header.a=${d.algorithm} header.s=${d.selector} header.b=${d.b}${last}`
    );
  });
  return foldResults([`${authservId};`, ...parts]);
}

function foldResults(parts: string[]): string {
  let out = '';
  let column = 'Authentication-Results'.length + 3;
  parts.forEach((part, i) => {
    if (i > 0) {
      if (column + part.length >= 75) {
        out += '\n\t';
        column = 8;
      } else out += ' ';
    }
    out += part;
    column += part.length;
  });
  return `Authentication-Results: ${out}`;
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
