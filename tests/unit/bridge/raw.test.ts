// Raw sockets against the bridge: the same session pipelined, step by step or one byte at a time must
// get the replies the reference Postfix gave (shared/refs scenario 110_pipelining_group).
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

async function client(port: number, tls = false): Promise<RawClient> {
  const c = await RawClient.connect(port, { tls });
  c.socket.setNoDelay(true);
  clients.push(c);
  return c;
}

// Scenario 110 as recorded against Postfix 3.7 (transcripts/110_pipelining_group__postfix.json).
const EHLO = 'EHLO client.example\r\n';
const PIPELINE =
  'MAIL FROM:<learner@client.test>\r\nRCPT TO:<alice@example.test>\r\nRCPT TO:<nobody@example.test>\r\n' +
  'RCPT TO:<bob@example.test>\r\nDATA\r\n';
const DATA_BLOCK =
  'From: Learner <learner@client.test>\r\nTo: alice@example.test, bob@example.test\r\nSubject: pipelined\r\n' +
  'Date: Sun, 22 Nov 2026 10:00:00 +0000\r\nMessage-ID: <t110@client.test>\r\n\r\nHello Alice,\r\n' +
  'this is a test message.\r\n.\r\n';
const QUIT = 'QUIT\r\n';
const STEPS: Array<[string, number]> = [
  [EHLO, 1],
  [PIPELINE, 5],
  [DATA_BLOCK, 1],
  [QUIT, 1],
];
const RECORDED = [
  '220 mail.example.test ESMTP Postfix\r\n',
  '250-mail.example.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-VRFY\r\n250-ETRN\r\n250-STARTTLS\r\n' +
    '250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250-SMTPUTF8\r\n250 CHUNKING\r\n',
  '250 2.1.0 Ok\r\n',
  '250 2.1.5 Ok\r\n',
  '550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown in local recipient table\r\n',
  '250 2.1.5 Ok\r\n',
  '354 End data with <CR><LF>.<CR><LF>\r\n',
  '250 2.0.0 Ok: queued as E7BE01601F4\r\n',
  '221 2.0.0 Bye\r\n',
];
/** Queue IDs differ from run to run (refs README); everything else must match byte for byte. */
const maskQueueId = (reply: string) => reply.replace(/queued as [0-9A-F]+/, 'queued as <id>');

async function stepByStep(c: RawClient): Promise<string[]> {
  const out = [await c.reply()];
  for (const [bytes, replies] of STEPS) {
    await c.write(bytes);
    out.push(...(await c.replies(replies)));
  }
  return out;
}

async function inChunks(c: RawClient, sizes: () => number): Promise<string[]> {
  const session = STEPS.map(([bytes]) => bytes).join('');
  for (let at = 0; at < session.length;) {
    const size = Math.max(1, sizes());
    await c.write(session.slice(at, at + size));
    at += size;
    // Let the bridge read before the next write, so that the chunks really arrive one by one.
    await new Promise((r) => setImmediate(r));
  }
  return c.replies(RECORDED.length);
}

describe('the bridge on the wire', () => {
  it('answers the recorded session step by step exactly as Postfix did, then closes', async () => {
    bridge = await testBridge();
    const c = await client(portOf(bridge));
    expect((await stepByStep(c)).map(maskQueueId)).toEqual(RECORDED.map(maskQueueId));
    await c.closed();
  });

  it('gives the same replies when the whole session arrives in one write (pipelining)', async () => {
    bridge = await testBridge();
    const c = await client(portOf(bridge));
    await c.write(STEPS.map(([bytes]) => bytes).join(''));
    expect((await c.replies(RECORDED.length)).map(maskQueueId)).toEqual(RECORDED.map(maskQueueId));
    await c.closed();
  });

  it('gives the same replies and the same stored message when the client sends one byte at a time', async () => {
    bridge = await testBridge();
    const whole = await client(portOf(bridge));
    await whole.write(STEPS.map(([bytes]) => bytes).join(''));
    await whole.replies(RECORDED.length);
    const bytewise = await client(portOf(bridge));
    const replies = await inChunks(bytewise, () => 1);
    expect(replies.map(maskQueueId)).toEqual(RECORDED.map(maskQueueId));
    const [first, second] = bridge.network.mailbox('alice@example.test');
    expect(second.content).toBe(first.content);
    expect(bridge.network.mailbox('bob@example.test')).toHaveLength(2);
  }, 20_000);

  it('gives the same replies for random chunk boundaries', async () => {
    bridge = await testBridge();
    // A fixed seed keeps a failure reproducible.
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return 1 + (seed % 17);
    };
    const replies = await inChunks(await client(portOf(bridge)), random);
    expect(replies.map(maskQueueId)).toEqual(RECORDED.map(maskQueueId));
  }, 20_000);

  it('passes octets, not text: a UTF-8 character split across two packets arrives whole', async () => {
    bridge = await testBridge();
    const c = await client(portOf(bridge));
    await c.reply();
    await c.write(
      'EHLO client.example\r\nMAIL FROM:<learner@client.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n',
    );
    await c.replies(4);
    const body = Buffer.from(
      'Subject: Gr\u00fc\u00dfe\r\n\r\nGr\u00fc\u00dfe aus M\u00fcnchen\r\n.\r\n',
      'utf8',
    );
    const split = body.indexOf(0xc3) + 1; // between the two octets of "ü"
    await c.write(body.subarray(0, split));
    await new Promise((r) => setTimeout(r, 20));
    await c.write(body.subarray(split));
    expect(await c.reply()).toMatch(/^250 2\.0\.0 Ok: queued as /);
    expect(bridge.network.mailbox('alice@example.test')[0].content).toBe(
      'Subject: Gr\u00fc\u00dfe\n\nGr\u00fc\u00dfe aus M\u00fcnchen',
    );
  });

  it('reads bare-LF lines as nc without -C sends them (Postfix 3.7 treats LF as a line end)', async () => {
    bridge = await testBridge();
    const c = await client(portOf(bridge));
    await c.reply();
    await c.write('HELO client.example\nMAIL FROM:<learner@client.test>\nRCPT TO:<bob@example.test>\nDATA\n');
    expect(await c.replies(4)).toEqual([
      '250 mail.example.test\r\n',
      '250 2.1.0 Ok\r\n',
      '250 2.1.5 Ok\r\n',
      '354 End data with <CR><LF>.<CR><LF>\r\n',
    ]);
    await c.write('Subject: nc\n\nhi\n.\n');
    expect(await c.reply()).toMatch(/^250 2\.0\.0 Ok: queued as [0-9A-F]+\r\n$/);
  });
});

describe('TLS on the wire', () => {
  it('STARTTLS hands the socket to a real TLS handshake with CN = the host name, then SMTP resumes', async () => {
    bridge = await testBridge();
    const c = await client(portOf(bridge));
    await c.reply();
    await c.write('EHLO client.example\r\n');
    await c.reply();
    // The NOOP pipelined after STARTTLS must be thrown away, not answered (the CVE-2011-0411 fix).
    await c.write('STARTTLS\r\nNOOP\r\n');
    expect(await c.reply()).toBe('220 2.0.0 Ready to start TLS\r\n');
    const { connect } = await import('node:tls');
    const secure = connect({ socket: c.socket, rejectUnauthorized: false, servername: 'mail.example.test' });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve);
      secure.once('error', reject);
    });
    expect(secure.getPeerCertificate().subject.CN).toBe('mail.example.test');
    const received: string[] = [];
    secure.on('data', (d: Buffer) => received.push(d.toString('latin1')));
    secure.write('EHLO client.example\r\n');
    await waitFor(() => received.join('').includes('250 CHUNKING\r\n'));
    const ehlo = received.join('');
    expect(ehlo).toContain('250-AUTH PLAIN LOGIN\r\n');
    expect(ehlo).not.toContain('STARTTLS');
    expect(ehlo.startsWith('250-mail.example.test\r\n')).toBe(true); // nothing answered the NOOP
    secure.destroy();
  });

  it('treats bytes after the 220 as TLS: plain text there fails the handshake and never reaches SMTP', async () => {
    bridge = await testBridge();
    const commands: string[] = [];
    bridge.network.on((e) => {
      if (e.type === 'command') commands.push(e.line);
    });
    const c = await client(portOf(bridge));
    await c.reply();
    await c.write('STARTTLS\r\n');
    expect(await c.reply()).toBe('220 2.0.0 Ready to start TLS\r\n');
    await c.write('MAIL FROM:<sneaky@client.test>\r\n');
    await c.closed();
    expect(commands).toEqual(['STARTTLS']);
    expect(bridge.errors).toEqual([]);
  });

  it('says nothing on the implicit-TLS port until the handshake, then greets', async () => {
    bridge = await testBridge([
      { port: 0, profile: 'postfix' },
      { port: 0, profile: 'postfix-submission', tls: 'implicit' },
    ]);
    const c = await client(portOf(bridge, true), true);
    expect(await c.reply()).toBe('220 mail.example.test ESMTP Postfix\r\n');
    await c.write('EHLO client.example\r\n');
    const ehlo = await c.reply();
    expect(ehlo).toContain('250-AUTH PLAIN LOGIN\r\n');
    expect(ehlo).not.toContain('STARTTLS');
  });
});

async function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
