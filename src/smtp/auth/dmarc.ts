// DMARC (RFC 7489): does the domain in the From header line up with a domain that SPF or DKIM vouched
// for, and if not, what does that domain ask receivers to do?
import { type AuthResolver, organizationalDomain } from './dns.ts';
import type { DkimVerdict } from './dkim.ts';
import { parseTags } from './fields.ts';
import type { SpfVerdict } from './spf.ts';

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

export interface DmarcVerdict {
  result: 'pass' | 'fail' | 'none' | 'temperror' | 'permerror';
  /** The RFC 5322 From domain (header.from). */
  headerFrom: string;
  /** Where the record was found (_dmarc.DOMAIN), and the record. */
  recordName?: string;
  record?: string;
  /** The policy that applies (p=, or sp= for a subdomain), as OpenDMARC's "p=" shows it. */
  policy?: DmarcPolicy;
  /** What the receiver does: OpenDMARC's "dis=". */
  disposition: DmarcPolicy;
  spfAligned: boolean;
  dkimAligned: boolean;
  alignment: { spf: 'r' | 's'; dkim: 'r' | 's' };
  pct: number;
}

/** The domain of the (first) address in a From field value, or '' when there is none to read. */
export function fromDomain(value: string): string {
  const angle = /<([^<>]*)>/.exec(value);
  const address = (angle ? angle[1] : value.replace(/\([^()]*\)/g, '')).trim();
  const at = address.lastIndexOf('@');
  if (at < 0) return '';
  return address
    .slice(at + 1)
    .replace(/[>,;\s].*$/, '')
    .toLowerCase();
}

function aligned(a: string, b: string, mode: 'r' | 's'): boolean {
  if (a === '' || b === '') return false;
  return mode === 's' ? a === b : organizationalDomain(a) === organizationalDomain(b);
}

function readRecord(
  resolver: AuthResolver,
  name: string,
): { record?: string; tags?: Map<string, string>; failed: boolean } {
  const reply = resolver.query(name, 'TXT');
  if (reply.status === 'SERVFAIL') return { failed: true };
  const record = reply.answers.find((t) => /^v\s*=\s*DMARC1\s*(;|$)/.test(t));
  if (!record) return { failed: false };
  const tags = parseTags(record);
  return tags ? { record, tags, failed: false } : { failed: false };
}

/**
 * Section 6.6: find the policy (at the From domain, else at its organisational domain), check alignment,
 * apply pct with `random` (0..1; OpenDMARC uses random() % 100 < pct).
 */
export function checkDmarc(
  resolver: AuthResolver,
  headerFrom: string,
  spf: SpfVerdict | null,
  dkim: DkimVerdict[],
  random: () => number = Math.random,
): DmarcVerdict {
  const base: DmarcVerdict = {
    result: 'none',
    headerFrom,
    disposition: 'none',
    spfAligned: false,
    dkimAligned: false,
    alignment: { spf: 'r', dkim: 'r' },
    pct: 100,
  };
  if (headerFrom === '') return base;
  const org = organizationalDomain(headerFrom);
  let recordName = `_dmarc.${headerFrom}`;
  let found = readRecord(resolver, recordName);
  if (found.failed) return { ...base, result: 'temperror', recordName };
  let atOrg = false;
  if (!found.tags && org !== headerFrom) {
    recordName = `_dmarc.${org}`;
    found = readRecord(resolver, recordName);
    if (found.failed) return { ...base, result: 'temperror', recordName };
    atOrg = true;
  }
  const tags = found.tags;
  if (!tags) return base;
  const asPolicy = (v: string | undefined): DmarcPolicy | null =>
    v === 'none' || v === 'quarantine' || v === 'reject' ? v : null;
  const p = asPolicy(tags.get('p')?.toLowerCase());
  // Section 6.6.3: a record with a bad p= counts as p=none if it names a report address, else as none at all.
  if (!p && !tags.has('rua')) return base;
  const sp = asPolicy(tags.get('sp')?.toLowerCase());
  const policy: DmarcPolicy = (atOrg && sp) || p || 'none';
  const alignment = {
    spf: tags.get('aspf')?.toLowerCase() === 's' ? ('s' as const) : ('r' as const),
    dkim: tags.get('adkim')?.toLowerCase() === 's' ? ('s' as const) : ('r' as const),
  };
  const pctText = tags.get('pct');
  const pct = pctText !== undefined && /^\d{1,3}$/.test(pctText) ? Math.min(100, Number(pctText)) : 100;
  const spfAligned =
    spf?.result === 'pass' && spf.identity === 'mailfrom' && aligned(spf.domain, headerFrom, alignment.spf);
  const dkimAligned = dkim.some((d) => d.result === 'pass' && aligned(d.domain, headerFrom, alignment.dkim));
  const pass = spfAligned || dkimAligned;
  const applied = !pass && policy !== 'none' && random() * 100 < pct;
  return {
    result: pass ? 'pass' : 'fail',
    headerFrom,
    recordName,
    record: found.record,
    policy,
    disposition: applied ? policy : 'none',
    spfAligned,
    dkimAligned,
    alignment,
    pct,
  };
}

/** OpenDMARC's reply when it rejects (opendmarc.c: DMARC_REJECT_SMTP, DMARC_REJECT_ESC, the text). */
export function dmarcRejectText(v: DmarcVerdict): string {
  return `rejected by DMARC policy for ${v.headerFrom}`;
}
