// Hostile and broken clients: none of them may disturb another connection or the process.
import { connect as netConnect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import type { Bridge } from '../../../src/bridge/server.ts';
import { eventually, portOf, RawClient, testBridge } from './helpers.ts';

let bridge: (Bridge & { errors: string[] }) | null = null;
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await bridge?.close();
  bridge = null;
});

async function client(port: number): Promise<RawClient> {
  const c = await RawClient.connect(port);
  clients.push(c);
  return c;
}

function sendWithNodemailer(port: number, subject: string) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 10_000,
    socketTimeout: 10_000,
  });
  return transport
    .sendMail({ from: 'learner@client.test', to: 'alice@example.test', subject, text: 'still fine\n' })
    .finally(() => transport.close());
}

/** Deterministic noise: every octet value, CR and LF included. */
function noise(length: number, seed = 7): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out[i] = x >> 16;
  }
  return out;
}

describe('robustness of the bridge', () => {
  it('delivers a good message while other clients send noise, 10 MB without a line end, and reset', async () => {
    bridge = await testBridge();
    const port = portOf(bridge);

    const noisy = await client(port);
    const longCommand = await client(port);
    const longData = await client(port);
    const resetter = await client(port);
    await Promise.all([noisy, longCommand, longData, resetter].map((c) => c.reply()));

    // Random octets: Postfix hangs up on the first line that is not SMTP.
    const noiseDone = noisy.write(noise(256 * 1024)).catch(() => {});
    // 10 MB on the command channel without CRLF.
    const commandFlood = longCommand.write(Buffer.alloc(10 * 1024 * 1024, 0x41)).catch(() => {});
    // 5 MB inside DATA without a line end, then the end of the message.
    await longData.write('EHLO x\r\nMAIL FROM:<a@client.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n');
    await longData.replies(4);
    const dataFlood = longData
      .write(Buffer.alloc(5 * 1024 * 1024, 0x42))
      .then(() => longData.write('\r\n.\r\n'));
    // Half a command, then a TCP reset instead of a goodbye.
    await resetter.write('MAIL FROM:<half');
    resetter.socket.resetAndDestroy();

    const info = await sendWithNodemailer(port, 'amid the noise');
    expect(info.accepted).toEqual(['alice@example.test']);

    await Promise.all([noiseDone, commandFlood, dataFlood]);
    // Past ten errors each reply waits a second (Postfix's error sleep) until the hard limit hangs up.
    await noisy.closed(30_000);
    // The long message line is content: once the message ends, Postfix's answer comes as for any message.
    expect(await longData.reply(20_000)).toMatch(/^250 2\.0\.0 Ok: queued as /);
    expect(bridge.network.mailbox('bob@example.test')[0].content.length).toBe(5 * 1024 * 1024);
    // The 10 MB command line was cut at line_length_limit and answered; the channel still works.
    await longCommand.write('\r\nNOOP\r\n');
    const afterFlood = await longCommand.replies(2, 10_000);
    expect(afterFlood[1]).toBe('250 2.0.0 Ok\r\n');
    expect(bridge.network.mailbox('alice@example.test')).toHaveLength(1);
    expect(bridge.errors).toEqual([]);
  }, 60_000);

  it('reads an endless message line to the dot and refuses it as too big, as Postfix does', async () => {
    // Eraldy's 10 KB limit: a 5 MB line without a line end is far over it.
    bridge = await testBridge([{ port: 0, profile: 'eraldy' }]);
    const c = await client(portOf(bridge));
    await c.reply();
    await c.write('EHLO x\r\nMAIL FROM:<a@client.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n');
    await c.replies(4);
    const piece = Buffer.alloc(256 * 1024, 0x43);
    for (let i = 0; i < 20; i++) await c.write(piece);
    await c.write('\r\n.\r\nNOOP\r\n');
    expect(await c.reply(20_000)).toBe('552 Error: message file too big\r\n');
    expect(await c.reply()).toMatch(/^250 /);
    expect(bridge.network.mailbox('bob@example.test')).toHaveLength(0);
    expect(bridge.errors).toEqual([]);
  }, 30_000);

  it('survives an event listener that throws: the other connections carry on', async () => {
    bridge = await testBridge();
    // A faulty observer (a log view, say) that fails on one particular command.
    bridge.network.on((e) => {
      if (e.type === 'command' && e.verb === 'VRFY') throw new Error('observer failed');
    });
    const victim = await client(portOf(bridge));
    const bystander = await client(portOf(bridge));
    await victim.reply();
    await bystander.reply();
    await victim.write('VRFY alice\r\n');
    // Whether the core isolates the failure (the VRFY is answered) or it reaches the bridge (that one
    // connection is dropped and the error logged), nothing else may notice.
    const outcome = await victim.reply().then(
      () => 'answered',
      () => 'dropped',
    );
    if (outcome === 'dropped') expect(bridge.errors.join('\n')).toContain('observer failed');
    await bystander.write('NOOP\r\n');
    expect(await bystander.reply()).toBe('250 2.0.0 Ok\r\n');
  });

  it('stops reading from a client that pipelines without reading its replies', async () => {
    bridge = await testBridge();
    let answered = 0;
    bridge.network.on((e) => {
      if (e.type === 'command') answered++;
    });
    const c = await client(portOf(bridge));
    c.socket.pause(); // never read
    // Each EHLO costs 8 octets and is answered with about 170: without back-pressure the bridge would
    // answer all of them and hold some 170 MB of replies for a client that is not listening.
    const total = 1_000_000;
    void c.write(Buffer.from('EHLO x\r\n'.repeat(total))).catch(() => {});
    let seen = -1;
    while (seen !== answered) {
      seen = answered;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThan(total / 2);
    c.destroy();
    await eventually(() => bridge!.connections === 0);
    expect(bridge.errors).toEqual([]);
  }, 30_000);

  it('says 421 timeout exceeded after the idle time, then closes', async () => {
    bridge = await testBridge(undefined, { idleTimeoutMs: 300 });
    const c = await client(portOf(bridge));
    await c.reply();
    await c.write('EHLO client.example\r\nMAIL FROM:<a@client.test>\r\n');
    await c.replies(2);
    // Postfix smtpd_timeout: "421 4.4.2 <myhostname> Error: timeout exceeded".
    expect(await c.reply()).toBe('421 4.4.2 mail.example.test Error: timeout exceeded\r\n');
    await c.closed();
    await eventually(() => bridge!.connections === 0);
  });

  it("turns away a client's connections beyond its cap with 421, and serves again once one closes", async () => {
    bridge = await testBridge(undefined, { maxConnectionsPerClient: 2 });
    const port = portOf(bridge);
    const first = await client(port);
    const second = await client(port);
    await first.reply();
    await second.reply();
    const third = await client(port);
    expect(await third.reply()).toBe(
      '421 4.7.0 mail.example.test Error: too many connections from 127.0.0.1\r\n',
    );
    await third.closed();
    await first.write('QUIT\r\n');
    await first.closed();
    await eventually(() => bridge!.connections === 1);
    const fourth = await client(port);
    expect(await fourth.reply()).toBe('220 mail.example.test ESMTP Postfix\r\n');
  });

  it('close() ends every open connection and frees the port', async () => {
    bridge = await testBridge();
    const port = portOf(bridge);
    const c = await client(port);
    await c.reply();
    await bridge.close();
    bridge = null;
    await c.closed();
    const refused = await new Promise<boolean>((resolve) => {
      const s = netConnect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(false);
      });
      s.on('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});
