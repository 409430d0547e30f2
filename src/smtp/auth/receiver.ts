// A checking receiver: Postfix with policyd-spf at RCPT and the OpenDKIM and OpenDMARC milters after the
// final dot. SPF and DMARC answer at once (the world's DNS is in memory); DKIM needs Web Crypto, so its
// code loads only when a message carries a DKIM-Signature, and only then is the answer asynchronous.
import type { Network } from '../network.ts';
import type { Profile } from '../profiles/types.ts';
import type { CheckedTransaction, CheckOutcome, ReceiverChecks } from '../types.ts';
import type { DkimVerdict } from './dkim.ts';
import { splitMessage, type Field } from './fields.ts';
import { checkDmarc, fromDomain } from './dmarc.ts';
import { dkimResultsHeader, dmarcResultsHeader } from './results.ts';
import { checkSpf, receivedSpfHeader, spfRejectText, type SpfVerdict } from './spf.ts';
import type { AuthDnsType, AuthResolver } from './dns.ts';
import type { DnsRecord } from '../types.ts';

type Policy = NonNullable<Profile['policy']['authChecks']>;

export function receiverChecks(network: Network, authservId: string, policy: Policy): ReceiverChecks {
  const resolver = worldResolver(network);
  // policyd-spf answers once per transaction; the verdict is kept for DMARC after the dot.
  let last: { key: string; verdict: SpfVerdict } | null = null;
  const spfFor = (tx: CheckedTransaction): SpfVerdict => {
    const key = `${tx.clientAddress} ${tx.helo} ${tx.mailFrom}`;
    if (last?.key !== key) {
      last = {
        key,
        verdict: checkSpf(resolver, { ip: tx.clientAddress, mailFrom: tx.mailFrom, helo: tx.helo }),
      };
    }
    return last.verdict;
  };
  return {
    recipient(tx) {
      const spf = spfFor(tx);
      return spf.result === 'fail' && policy.spf === 'reject-fail' ? spfRejectText(spf) : null;
    },
    message(tx) {
      const { fields } = splitMessage(tx.content);
      const decide = (dkim: DkimVerdict[]) => outcome(tx, fields, dkim);
      if (!fields.some((f) => f.name.toLowerCase() === 'dkim-signature')) return decide([]);
      return import('./dkim.ts')
        .then((m) => m.dkimVerify(tx.content, resolver))
        .then(decide, () => decide([]));
    },
  };

  function outcome(tx: CheckedTransaction, fields: Field[], dkim: DkimVerdict[]): CheckOutcome {
    const spf = spfFor(tx);
    const from = fields.find((f) => f.name.toLowerCase() === 'from');
    const headerFrom = from ? fromDomain(from.raw.slice(from.raw.indexOf(':') + 1)) : '';
    const dmarc = checkDmarc(resolver, headerFrom, spf, dkim);
    const verdict = { authservId, spf, dkim, dmarc };
    if (policy.dmarc === 'enforce' && dmarc.disposition === 'reject') {
      return { refuse: { domain: dmarc.headerFrom }, headers: [], verdict };
    }
    const headers = [
      dmarcResultsHeader(authservId, dmarc),
      dkimResultsHeader(authservId, dkim),
      receivedSpfHeader(spf),
    ];
    return { refuse: null, headers, verdict };
  }
}

/** Answers from the world's records, each query visible as a DNS event as dig's are. */
export function worldResolver(network: Network): AuthResolver {
  return {
    query(name: string, type: AuthDnsType) {
      const reply = network.resolve(name, type);
      const answers = reply.answers.map((r: DnsRecord) => (r.type === 'MX' ? r.exchange : r.value));
      return { status: reply.status, answers };
    },
  };
}
