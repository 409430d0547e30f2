// The verdict badges of a checked message: one per method, each with what it checked, the DNS record it
// read and where the RFC defines it. Pure data from the stored verdict; the strings come from strings.ts.
import type { AuthVerdict } from '../../smtp/auth/results.ts';
import type { MailboxStrings } from './strings.ts';

export interface AuthBadge {
  id: 'spf' | 'dkim' | 'dmarc';
  method: string;
  result: string;
  tone: 'pass' | 'fail' | 'neutral';
  lines: string[];
  records: { name: string; value: string | null }[];
  rfc: string;
}

const tone = (result: string): AuthBadge['tone'] =>
  result === 'pass' ? 'pass' : ['fail', 'softfail', 'permerror'].includes(result) ? 'fail' : 'neutral';

export function authBadges(v: AuthVerdict, strings: MailboxStrings): AuthBadge[] {
  const s = strings.auth;
  const badges: AuthBadge[] = [];
  if (v.spf) {
    const spf = v.spf;
    const record = spf.records.find((r) => r.domain === spf.domain);
    badges.push({
      id: 'spf',
      method: 'SPF',
      result: spf.result,
      tone: tone(spf.result),
      lines: [
        s.spf.asked(spf.clientIp, spf.domain, spf.identity),
        s.spf.result[spf.result] + (spf.problem ? ` (${spf.problem})` : ''),
        ...(spf.mechanism ? [s.spf.decidedBy(spf.mechanism)] : []),
        s.spf.envelopeOnly,
      ],
      records: [
        { name: spf.domain, value: record?.record ?? null },
        ...spf.records.filter((r) => r !== record).map((r) => ({ name: r.domain, value: r.record })),
      ],
      rfc: s.spf.rfc,
    });
  }
  const dkimResult =
    v.dkim.length === 0 ? 'none' : v.dkim.some((d) => d.result === 'pass') ? 'pass' : v.dkim[0].result;
  badges.push({
    id: 'dkim',
    method: 'DKIM',
    result: dkimResult,
    tone: tone(dkimResult),
    lines:
      v.dkim.length === 0
        ? [s.dkim.none]
        : v.dkim.flatMap((d) => [
            s.dkim.signature(d.domain, d.selector, d.algorithm),
            s.dkim.result[d.result] + (d.reason && d.result !== 'pass' ? ` (${d.reason})` : ''),
          ]),
    records: v.dkim.map((d) => ({ name: `${d.selector}._domainkey.${d.domain}`, value: null })),
    rfc: s.dkim.rfc,
  });
  if (v.dmarc) {
    const d = v.dmarc;
    const lines = [s.dmarc.from(d.headerFrom), s.dmarc.result[d.result]];
    if (d.result === 'none') lines.push(s.dmarc.none(d.headerFrom));
    else
      lines.push(
        s.dmarc.aligned('SPF', d.spfAligned),
        s.dmarc.aligned('DKIM', d.dkimAligned),
        s.dmarc.policy(d.policy ?? 'none', d.disposition),
      );
    badges.push({
      id: 'dmarc',
      method: 'DMARC',
      result: d.result,
      tone: tone(d.result),
      lines,
      records: [{ name: d.recordName ?? `_dmarc.${d.headerFrom}`, value: d.record ?? null }],
      rfc: s.dmarc.rfc,
    });
  }
  return badges;
}
