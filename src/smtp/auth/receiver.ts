// A checking receiver: Postfix with policyd-spf at RCPT and the OpenDKIM and OpenDMARC milters after the
// final dot. SPF and DMARC answer at once (the world's DNS is in memory); DKIM needs Web Crypto, so its
// code loads only when a message carries a DKIM-Signature. Its answer is immediate when the network's memo
// already holds the crypto results (mail its own hosts signed, sent on unchanged by a relay, which reads
// the reply at once); otherwise the session waits for it.
import type { Network } from '../network.ts';
import type { Profile } from '../profiles/types.ts';
import type { CheckedTransaction, CheckOutcome, ReceiverChecks } from '../types.ts';
import type { DkimVerdict } from './dkim.ts';
import { splitMessage, type Field } from './fields.ts';
import { checkDmarc, fromDomain, type DmarcVerdict } from './dmarc.ts';
import { dkimResultsHeader, dmarcResultsHeader } from './results.ts';
import { checkSpf, receivedSpfHeader, spfRejectText, type SpfVerdict } from './spf.ts';
import { silentResolver, worldResolver } from './resolver.ts';

export { worldResolver };

type Policy = NonNullable<Profile['policy']['authChecks']>;
type DkimModule = typeof import('./dkim.ts');

// The crypto module once loaded (a module, shared as every import is; it holds no simulator's state).
let dkimModule: DkimModule | null = null;
const loadDkim = (): Promise<DkimModule> => import('./dkim.ts').then((m) => (dkimModule = m));

/** Resolves once the crypto module is here too, so that a signed message can be judged at once. */
export function ready(): Promise<void> {
  return loadDkim().then(() => undefined);
}

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
  if (!dkimModule) void loadDkim();
  return {
    recipient(tx) {
      const spf = spfFor(tx);
      return spf.result === 'fail' && policy.spf === 'reject-fail' ? spfRejectText(spf) : null;
    },
    message(tx) {
      const { fields } = splitMessage(tx.content);
      const decide = (dkim: DkimVerdict[]) => outcome(tx, fields, dkim);
      if (!fields.some((f) => f.name.toLowerCase() === 'dkim-signature')) return decide([]);
      // Asked once through the world's resolver (the key lookups show as DNS events); a second pass, when
      // the crypto must still run, asks silently.
      const now = network.keysPublished
        ? dkimModule?.dkimVerifyNow(tx.content, resolver, network.dkimMemo)
        : undefined;
      if (now) return decide(now);
      // The world's own keys may still be on their way into DNS: the check waits for them.
      return Promise.all([loadDkim(), network.publishKeys()])
        .then(([m]) => m)
        .then((m) => m.dkimVerify(tx.content, silentResolver(network), network.dkimMemo))
        .then(decide, () => decide([]));
    },
  };

  function outcome(tx: CheckedTransaction, fields: Field[], dkim: DkimVerdict[]): CheckOutcome {
    const spf = spfFor(tx);
    const from = fields.find((f) => f.name.toLowerCase() === 'from');
    const headerFrom = from ? fromDomain(from.raw.slice(from.raw.indexOf(':') + 1)) : '';
    const dmarc = enacted(checkDmarc(resolver, headerFrom, spf, dkim), policy);
    const verdict = { authservId, spf, dkim, dmarc };
    if (dmarc.disposition === 'reject') return { refuse: { domain: dmarc.headerFrom }, headers: [], verdict };
    const headers = [
      dmarcResultsHeader(authservId, dmarc),
      dkimResultsHeader(authservId, dkim),
      receivedSpfHeader(spf),
    ];
    // opendmarc.c, DMARC_POLICY_QUARANTINE: smfi_quarantine(ctx, "quarantined by DMARC policy for %s").
    const hold =
      dmarc.disposition === 'quarantine' ? `quarantined by DMARC policy for ${dmarc.headerFrom}` : undefined;
    return { refuse: null, headers, verdict, ...(hold ? { hold } : {}) };
  }
}

/**
 * What the milter does with the policy's disposition (opendmarc.c, "Enact policy based on DMARC results"):
 * with RejectFailures (policy 'enforce') a reject is refused and a quarantine is held (the postfix-dmarc
 * profile sets HoldQuarantinedMessages); without it the message is accepted and dis= says none.
 */
function enacted(v: DmarcVerdict, policy: Policy): DmarcVerdict {
  return policy.dmarc === 'enforce' ? v : { ...v, disposition: 'none' };
}
