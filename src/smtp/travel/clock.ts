// The laptop's `sleep N` (workstation/commands/queue.ts, loaded on demand with it): the simulated clock jumps
// forward, and the queue (when mail travels) runs what falls due on the way, each attempt at its own time.
import type { Network } from '../network.ts';

export function advanceClock(network: Network, ms: number): void {
  if (!(ms > 0)) return;
  const from = network.env.now();
  const until = from + ms;
  network.publish({ type: 'clock', connectionId: 0, from, to: until });
  network.outbound?.clockAdvanced(until);
  network.moveClockTo(until);
}
