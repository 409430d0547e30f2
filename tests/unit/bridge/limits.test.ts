// A classroom is a hostile network: one client's flood of sockets must not lock out the others, and the
// mail kept in memory is bounded however much is sent.
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

async function client(port: number, localAddress = '127.0.0.1'): Promise<RawClient> {
  const c = await RawClient.connect(port, { localAddress });
  clients.push(c);
  return c;
}

const GREETING = '220 mail.example.test ESMTP Postfix\r\n';
const TOO_MANY = (address: string) =>
  `421 4.7.0 mail.example.test Error: too many connections from ${address}\r\n`;

describe('connection limits', () => {
  it('140 idle sockets from one address: 50 served, 90 told 421 (Postfix text), a second address served', async () => {
    const log: string[] = [];
    bridge = await testBridge(undefined, { log: (l) => log.push(l) });
    const port = portOf(bridge);
    const flood = await Promise.all(Array.from({ length: 140 }, () => client(port)));
    const first = await Promise.all(flood.map((c) => c.reply()));
    // Postfix's default smtpd_client_connection_count_limit is 50.
    expect(first.filter((r) => r === GREETING)).toHaveLength(50);
    expect(first.filter((r) => r === TOO_MANY('127.0.0.1'))).toHaveLength(90);
    expect(bridge.connections).toBe(50);

    // Another machine in the class (127.0.0.2) still gets in, and is served to the end.
    const classmate = await client(port, '127.0.0.2');
    expect(await classmate.reply()).toBe(GREETING);
    await classmate.write(
      'EHLO classmate.example\r\nMAIL FROM:<c@client.test>\r\nRCPT TO:<bob@example.test>\r\n',
    );
    const [, mail, rcpt] = await classmate.replies(3);
    expect([mail, rcpt]).toEqual(['250 2.1.0 Ok\r\n', '250 2.1.5 Ok\r\n']);
    expect(log.filter((l) => l.startsWith('refused 127.0.0.1:'))).toHaveLength(90);

    // The refused sockets are closed by the server; the served ones stay open, idle, without harm.
    await Promise.all(flood.filter((c, i) => first[i] !== GREETING).map((c) => c.closed()));
    expect(flood.filter((c) => !c.isEnded)).toHaveLength(50);
    // Closing the flood gives its address its share back.
    for (const c of flood) c.destroy();
    await eventually(() => bridge!.connections === 1);
    const again = await client(port);
    expect(await again.reply()).toBe(GREETING);
    expect(bridge.errors).toEqual([]);
  }, 30_000);

  it('the global cap holds across addresses, with postscreen\'s "all server ports are busy"', async () => {
    bridge = await testBridge(undefined, { maxConnections: 3, maxConnectionsPerClient: 2 });
    const port = portOf(bridge);
    const a = [await client(port), await client(port)];
    const b = await client(port, '127.0.0.2');
    for (const c of [...a, b]) expect(await c.reply()).toBe(GREETING);
    // Third from 127.0.0.1: its own limit speaks first.
    expect(await (await client(port)).reply()).toBe(TOO_MANY('127.0.0.1'));
    // Second from 127.0.0.2 is within its own limit, but the server is full.
    const full = await client(port, '127.0.0.2');
    expect(await full.reply()).toBe('421 4.3.2 All server ports are busy\r\n');
    await full.closed();
    b.destroy();
    await eventually(() => bridge!.connections === 2);
    expect(await (await client(port, '127.0.0.2')).reply()).toBe(GREETING);
  });

  it('a flood on the implicit-TLS port is counted from the first byte and closed without a word', async () => {
    bridge = await testBridge(
      [
        { port: 0, profile: 'postfix' },
        { port: 0, profile: 'postfix', tls: 'implicit' },
      ],
      { maxConnectionsPerClient: 3 },
    );
    const tlsPort = portOf(bridge, true);
    // Silent sockets, no handshake: each holds a place (Postfix's smtpd is taken from accept on).
    const silent = await Promise.all(Array.from({ length: 5 }, () => client(tlsPort)));
    await eventually(() => bridge!.connections === 3);
    await eventually(() => silent.filter((c) => c.isEnded).length === 2);
    expect(silent.every((c) => c.pending === '')).toBe(true);
    // The plain port shares the same per-client count.
    expect(await (await client(portOf(bridge))).reply()).toBe(TOO_MANY('127.0.0.1'));
    expect(await (await client(portOf(bridge), '127.0.0.2')).reply()).toBe(GREETING);
  });
});
