// A checking receiver: Postfix with policyd-spf at RCPT and the OpenDKIM and OpenDMARC milters after the
// final dot. Loaded on demand (network.ts imports it dynamically) so pages without a checking server
// never download the crypto and DNS logic.
import type { Network } from '../smtp/network.ts';
import type { Profile } from '../smtp/profiles/types.ts';
import type { CheckedTransaction, ReceiverChecks } from '../smtp/types.ts';
import { dkimVerify, splitMessage } from './dkim.ts';
import { checkDmarc, fromDomain } from './dmarc.ts';
import { dkimResultsHeader, dmarcResultsHeader } from './results.ts';
import { checkSpf, receivedSpfHeader, spfRejectText, type SpfVerdict } from './spf.ts';
import { worldResolver } from './world.ts';

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
    async recipient(tx) {
      const spf = spfFor(tx);
      return spf.result === 'fail' && policy.spf === 'reject-fail' ? spfRejectText(spf) : null;
    },
    async message(tx) {
      const spf = spfFor(tx);
      const dkim = await dkimVerify(tx.content, resolver);
      const { fields } = splitMessage(tx.content);
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
    },
  };
}
