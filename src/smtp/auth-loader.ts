// The forgery checks of a checking profile (policy.authChecks) live in src/mailauth and load on first need,
// so a widget whose world has no checking server never downloads them. Once loaded they answer at once;
// before that the session waits for them (its suspend), as smtpd waits for a slow policy service.
import type { Network } from './network.ts';
import { OnDemand } from './on-demand.ts';
import type { Profile } from './profiles/types.ts';
import type { CheckOutcome, ReceiverChecks } from './types.ts';

// Ready with the DKIM verifier as well: a relay reads the answer to its final dot at once.
const checks = new OnDemand(() =>
  import('./auth/receiver.ts').then(async (m) => {
    await m.ready();
    return m;
  }),
);

/**
 * Start loading (a world with a checking server does it when it starts; tests await it to replay typing).
 * Rejects when the chunk cannot be fetched; a later call tries again.
 */
export function loadReceiverChecks(): Promise<typeof import('./auth/receiver.ts')> {
  return checks.load();
}

type Policy = NonNullable<Profile['policy']['authChecks']>;

export function receiverChecksFor(network: Network, authservId: string, policy: Policy): ReceiverChecks {
  const loaded = checks.module;
  if (loaded) return loaded.receiverChecks(network, authservId, policy);
  const later = loadReceiverChecks().then((m) => m.receiverChecks(network, authservId, policy));
  // A check that cannot run accepts, as Postfix does with a policy service that does not answer.
  const accepted: CheckOutcome = { refuse: null, headers: [], verdict: null };
  return {
    recipient: (tx) => later.then((c) => c.recipient(tx)).catch(() => null),
    message: (tx) => later.then((c) => c.message(tx)).catch(() => accepted),
  };
}
