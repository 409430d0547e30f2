// Slow clients: a byte now and then must not hold a connection forever. Postfix 3.7's per-request deadline
// (smtpd_per_request_deadline, smtpd_min_data_rate), an overall session deadline, and the TLS handshake on
// the implicit-TLS port under the same clock. Times are short here; what is asserted is what happens.
import { connect as netConnect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bridge } from '../../../src/bridge/server.ts';
import { eventually, portOf, RawClient, testBridge } from './helpers.ts';

let bridge: (Bridge & { errors: string[] }) | null = null;
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await bridge?.close();
  bridge = null;
});

async function client(port: number, tls = false): Promise<RawClient> {
  const c = await RawClient.connect(port, { tls });
  clients.push(c);
  return c;
}

const TIMEOUT = '421 4.4.2 mail.example.test Error: timeout exceeded\r\n';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes `text` one octet at a time, `gapMs` apart, until done or the server hangs up; octets written. */
async function trickle(c: RawClient, text: string, gapMs: number): Promise<number> {
  let sent = 0;
  for (const ch of text) {
    if (c.isEnded) break;
    await c.write(ch).catch(() => {});
    sent++;
    await sleep(gapMs);
  }
  return sent;
}

describe('deadlines on the bridge', () => {
  it('a command line trickled one octet at a time, each within the idle time, is cut off', async () => {
    const log: string[] = [];
    bridge = await testBridge(undefined, { idleTimeoutMs: 1000, log: (l) => log.push(l) });
    const c = await client(portOf(bridge));
    await c.reply();
    // 60 octets at 100 ms: 6 s for a line, each octet well inside the 1 s a silent client would get.
    const line = `MAIL FROM:<${'s'.repeat(40)}@client.test>\r\n`;
    const sent = await trickle(c, line, 100);
    expect(await c.reply()).toBe(TIMEOUT);
    await c.closed();
    expect(sent).toBeLessThan(line.length);
    expect(log.some((l) => /timeout: no complete command in 1 s/.test(l))).toBe(true);
  }, 15_000);

  it('complete commands forever: the session deadline ends it with the same 421', async () => {
    const log: string[] = [];
    bridge = await testBridge(undefined, {
      idleTimeoutMs: 1000,
      sessionTimeoutMs: 1500,
      log: (l) => log.push(l),
    });
    const c = await client(portOf(bridge));
    await c.reply();
    const replies: string[] = [];
    // Every request is whole and quick; only the session's own limit can end this.
    for (let i = 0; i < 40 && !c.isEnded; i++) {
      await c.write('NOOP\r\n').catch(() => {});
      replies.push(await c.reply().catch(() => 'closed'));
      await sleep(100);
    }
    // The 421 may have come while we slept, after the last NOOP's reply.
    if (c.pending !== '') replies.push(await c.reply());
    expect(replies.filter((r) => r === '250 2.0.0 Ok\r\n').length).toBeGreaterThan(3);
    expect(replies).toContain(TIMEOUT);
    await c.closed();
    expect(log.some((l) => /timeout: session longer than 2 s/.test(l))).toBe(true);
  }, 15_000);

  it('message content below smtpd_min_data_rate times out; content above it may take longer than the idle time', async () => {
    bridge = await testBridge(undefined, { idleTimeoutMs: 1000, minDataRate: 100 });
    const port = portOf(bridge);
    const open = async () => {
      const c = await client(port);
      await c.reply();
      await c.write('EHLO x\r\nMAIL FROM:<a@client.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n');
      expect((await c.replies(4))[3]).toMatch(/^354 /);
      return c;
    };
    const [slow, steady] = [await open(), await open()];
    // Slow: one octet every 150 ms earns 10 ms of time each: the 1 s runs out.
    const slowDone = trickle(slow, 'Subject: slow\r\n\r\n' + 'x'.repeat(60) + '\r\n.\r\n', 150);
    // Steady: 80 octets every 300 ms (about 270 octets/s) for 2.4 s, more than the 1 s idle time.
    const steadyDone = (async () => {
      for (let i = 0; i < 8; i++) {
        await steady.write(`${'y'.repeat(78)}\r\n`);
        await sleep(300);
      }
      await steady.write('.\r\n');
    })();
    expect(await slow.reply(10_000)).toBe(TIMEOUT);
    await steadyDone;
    expect(await steady.reply(5000)).toMatch(/^250 2\.0\.0 Ok: queued as /);
    await slowDone;
    expect(bridge.network.mailbox('bob@example.test')).toHaveLength(1);
  }, 15_000);

  it('implicit TLS: silent sockets and half a ClientHello are closed after the idle time, unanswered', async () => {
    const log: string[] = [];
    bridge = await testBridge(
      [
        { port: 0, profile: 'postfix' },
        { port: 0, profile: 'postfix', tls: 'implicit' },
      ],
      { idleTimeoutMs: 1000, log: (l) => log.push(l) },
    );
    const tlsPort = portOf(bridge, true);
    const silent = await client(tlsPort);
    const half = await client(tlsPort);
    // A TLS handshake record announcing 512 octets, of which only a few ever come.
    await half.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]));
    await eventually(() => bridge!.connections === 2);
    await silent.closed(5000);
    await half.closed(5000);
    expect(silent.pending + half.pending).toBe('');
    await eventually(() => bridge!.connections === 0);
    expect(log.filter((l) => /timeout: TLS handshake not done in 1 s/.test(l))).toHaveLength(2);
    // A real client still gets through the same port.
    const good = await client(tlsPort, true);
    expect(await good.reply()).toBe('220 mail.example.test ESMTP Postfix\r\n');
  }, 15_000);

  it('STARTTLS answered, then no handshake: closed after the idle time', async () => {
    bridge = await testBridge(undefined, { idleTimeoutMs: 1000 });
    const c = await client(portOf(bridge));
    await c.reply();
    await c.write('EHLO x\r\nSTARTTLS\r\n');
    expect((await c.replies(2))[1]).toBe('220 2.0.0 Ready to start TLS\r\n');
    await c.closed(5000);
    expect(c.pending).toBe('');
  });

  it('a connection that never says anything after the greeting still gets the 421', async () => {
    bridge = await testBridge(undefined, { idleTimeoutMs: 500 });
    const socket = netConnect({ host: '127.0.0.1', port: portOf(bridge) });
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    await new Promise((r) => socket.once('close', r));
    expect(received).toBe('220 mail.example.test ESMTP Postfix\r\n' + TIMEOUT);
  });
});
