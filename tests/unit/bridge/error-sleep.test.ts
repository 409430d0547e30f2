// Postfix's error sleep on real sockets: once a client has made smtpd_soft_error_limit (10) errors, smtpd
// waits smtpd_error_sleep_time (1 s) before each reply. The core marks such replies with `delayMs`; the
// bridge really waits, keeps the replies in order, and reads nothing meanwhile. A wait is never shorter
// than asked (timers do not fire early), so lower bounds are asserted; how much longer it takes is not.
import { afterEach, describe, expect, it } from 'vitest';
import type { Bridge } from '../../../src/bridge/server.ts';
import { portOf, RawClient, testBridge } from './helpers.ts';

let bridge: (Bridge & { errors: string[] }) | null = null;
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await bridge?.close();
  bridge = null;
});

const UNKNOWN = '500 5.5.2 Error: command not recognized\r\n';

describe('error sleep on the bridge', () => {
  it('after ten errors each reply waits a second; replies stay in order, even after the client shuts its side', async () => {
    bridge = await testBridge();
    const c = await RawClient.connect(portOf(bridge));
    clients.push(c);
    await c.reply();
    const arrived: Array<{ reply: string; at: number }> = [];
    // Ten errors, then two commands that are not errors: Postfix answers them slowly too.
    await c.write(`${'XYZZY\r\n'.repeat(10)}NOOP\r\nQUIT\r\n`);
    c.socket.end();
    for (let i = 0; i < 12; i++) arrived.push({ reply: await c.reply(10_000), at: Date.now() });
    await c.closed();
    expect(arrived.slice(0, 10).every((a) => a.reply === UNKNOWN)).toBe(true);
    expect(arrived[10].reply).toBe('250 2.0.0 Ok\r\n');
    expect(arrived[11].reply).toBe('221 2.0.0 Bye\r\n');
    // Timers never fire early: each slowed reply comes at least a second after the one before it.
    expect(arrived[10].at - arrived[9].at).toBeGreaterThanOrEqual(990);
    expect(arrived[11].at - arrived[10].at).toBeGreaterThanOrEqual(990);
  }, 20_000);

  it('other clients are not slowed by one that is', async () => {
    bridge = await testBridge();
    const slow = await RawClient.connect(portOf(bridge));
    const other = await RawClient.connect(portOf(bridge));
    clients.push(slow, other);
    await slow.reply();
    await other.reply();
    await slow.write(`${'XYZZY\r\n'.repeat(10)}${'NOOP\r\n'.repeat(5)}`);
    await slow.replies(10);
    // While the slow client's five NOOPs wait their five seconds, the other one is answered at once.
    await other.write('NOOP\r\n');
    expect(await other.reply()).toBe('250 2.0.0 Ok\r\n');
    expect(slow.pending.split('\r\n').length - 1).toBeLessThan(5);
    expect(await slow.replies(5, 10_000)).toEqual(Array(5).fill('250 2.0.0 Ok\r\n'));
  }, 20_000);
});
