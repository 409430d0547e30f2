// The checking receiver (profile postfix-dmarc on mx.elsewhere.test) in the default world: what a forger,
// an honest sender and the provider get, in the replies and in the stored copy.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReceiverChecks } from '../../../src/smtp/auth-loader.ts';
import { fixedEnvironment } from '../../../src/smtp/environment.ts';
import { Network } from '../../../src/smtp/network.ts';
import { checkingWorld as defaultWorld } from '../../../src/smtp/worlds.ts';
import { signFor } from '../../../src/smtp/auth/world.ts';
import { dkimVerify } from '../../../src/smtp/auth/dkim.ts';
import { worldResolver } from '../../../src/smtp/auth/receiver.ts';
import { lookup } from '../../../src/workstation/dns.ts';
import type { Connection, StoredMessage } from '../../../src/smtp/types.ts';

interface Session {
  net: Network;
  wires: string[];
  conn: Connection;
  /** Send lines (CRLF added) and wait until `replies` more replies came. */
  say(lines: string[], replies: number): Promise<string[]>;
}

async function open(clientAddress = '203.0.113.7', host = 'mx.elsewhere.test'): Promise<Session> {
  const net = new Network(defaultWorld, fixedEnvironment());
  await net.dkimKeys;
  const result = net.connect(host, 25, { clientAddress });
  if (!result.ok) throw new Error('no connection');
  const wires: string[] = [];
  result.connection.on((e) => {
    if (e.type === 'reply') wires.push(e.wire.trimEnd());
  });
  result.connection.start();
  const say = async (lines: string[], replies: number) => {
    const before = wires.length;
    result.connection.send(lines.map((l) => l + '\r\n').join(''));
    for (let i = 0; i < 200 && wires.length < before + replies; i++)
      await new Promise((r) => setTimeout(r, 5));
    return wires.slice(before);
  };
  return { net, wires, conn: result.connection, say };
}

const stored = (net: Network, box: string): StoredMessage => {
  const all = net.mailbox(box);
  return all[all.length - 1];
};

describe('postfix-dmarc on mx.elsewhere.test', () => {
  // Loaded once, the checks answer at once; the last test shows the wait before that.
  beforeAll(() => loadReceiverChecks());

  it('a forged envelope sender fails SPF at RCPT, in policyd-spf words', async () => {
    const s = await open();
    await s.say(['EHLO laptop.client.test'], 1);
    const replies = await s.say(['MAIL FROM:<bob@example.test>', 'RCPT TO:<carol@elsewhere.test>'], 2);
    expect(replies).toEqual([
      '250 2.1.0 Ok',
      '550 5.7.23 <carol@elsewhere.test>: Recipient address rejected: Message rejected due to: SPF fail - not ' +
        'authorized. Please see http://www.openspf.net/Why?s=mfrom;id=bob@example.test;ip=203.0.113.7;r=<UNKNOWN>',
    ]);
    // Pipelined commands behind the check wait for it and are answered in order.
    const more = await s.say(['RSET', 'NOOP'], 2);
    expect(more).toEqual(['250 2.0.0 Ok', '250 2.0.0 Ok']);
  });

  it('a forged From with an honest envelope passes SPF, fails DMARC, and is refused after the dot', async () => {
    const s = await open();
    await s.say(['EHLO laptop.client.test'], 1);
    const replies = await s.say(
      [
        'MAIL FROM:<learner@client.test>',
        'RCPT TO:<carol@elsewhere.test>',
        'DATA',
        'From: Bob <bob@example.test>',
        '',
        'Pay now.',
        '.',
      ],
      4,
    );
    expect(replies.slice(1, 4)).toEqual([
      '250 2.1.5 Ok',
      '354 End data with <CR><LF>.<CR><LF>',
      '550 5.7.1 rejected by DMARC policy for example.test',
    ]);
    expect(s.net.mailbox('carol@elsewhere.test')).toHaveLength(0);
  });

  it('a domain without DMARC: delivered, and Authentication-Results says dmarc=none', async () => {
    const s = await open();
    await s.say(['EHLO laptop.client.test'], 1);
    const replies = await s.say(
      [
        'MAIL FROM:<learner@client.test>',
        'RCPT TO:<carol@elsewhere.test>',
        'DATA',
        'From: someone@elsewhere.test',
        '',
        'hi',
        '.',
      ],
      4,
    );
    expect(replies[3]).toMatch(/^250 2\.0\.0 Ok: queued as /);
    const copy = stored(s.net, 'carol@elsewhere.test');
    expect(copy.stored).toContain(
      'Authentication-Results: mx.elsewhere.test; dmarc=none (p=none dis=none) header.from=elsewhere.test',
    );
    expect(copy.stored).toContain('Authentication-Results: mx.elsewhere.test; dkim=none');
    expect(copy.stored).toContain(
      'Received-SPF: Pass (mailfrom) identity=mailfrom; client-ip=203.0.113.7; helo=laptop.client.test; envelope-from=learner@client.test; receiver=<UNKNOWN>',
    );
    expect(copy.auth?.dmarc?.result).toBe('none');
  });

  it('honest mail from the laptop for its own domain: SPF pass, aligned, DMARC pass', async () => {
    const s = await open();
    await s.say(['EHLO laptop.client.test'], 1);
    await s.say(
      [
        'MAIL FROM:<learner@client.test>',
        'RCPT TO:<carol@elsewhere.test>',
        'DATA',
        'From: learner@client.test',
        '',
        'hi',
        '.',
      ],
      4,
    );
    const copy = stored(s.net, 'carol@elsewhere.test');
    expect(copy.stored).toContain('dmarc=pass (p=none dis=none) header.from=client.test');
    expect(copy.auth?.spf?.result).toBe('pass');
  });

  it("the provider's signed mail passes DKIM twice; a list footer breaks DKIM, and without SPF for the From domain DMARC refuses it", async () => {
    const content = [
      'From: Bob <bob@example.test>',
      'To: carol@elsewhere.test',
      'Subject: Hi',
      '',
      'Hello Carol.',
      '',
    ].join('\n');
    const probe = await open('192.0.2.25');
    const signatures = await signFor(await probe.net.dkimKeys, content, Date.UTC(2026, 10, 22));
    const signed = [...signatures, content].join('\n').split('\n');
    signed.pop();
    await probe.say(['EHLO mail.example.test'], 1);
    await probe.say(
      ['MAIL FROM:<bob@example.test>', 'RCPT TO:<carol@elsewhere.test>', 'DATA', ...signed, '.'],
      4,
    );
    const copy = stored(probe.net, 'carol@elsewhere.test');
    expect(copy.auth?.dkim.map((d) => [d.selector, d.algorithm, d.result])).toEqual([
      ['ed', 'ed25519-sha256', 'pass'],
      ['mail', 'rsa-sha256', 'pass'],
    ]);
    expect(copy.stored).toMatch(
      /dkim=pass \(2048-bit key; unprotected\) header\.d=example\.test header\.i=@example\.test header\.a=rsa-sha256 header\.s=mail header\.b=/,
    );
    expect(copy.stored).toContain('dmarc=pass (p=reject dis=none) header.from=example.test');
    // The same message passed on by a list at the laptop's address, with a footer and its own envelope sender.
    // The list's session must use the same keys: the signatures were made in the probe's world.
    const list = probe.net.connect('mx.elsewhere.test', 25, { clientAddress: '203.0.113.7' });
    if (!list.ok) throw new Error('no connection');
    const wires: string[] = [];
    list.connection.on((e) => e.type === 'reply' && wires.push(e.wire.trimEnd()));
    list.connection.start();
    list.connection.send(
      [
        'EHLO laptop.client.test',
        'MAIL FROM:<learner@client.test>',
        'RCPT TO:<carol@elsewhere.test>',
        'DATA',
        ...signed,
        '-- ',
        'You are on the list.',
        '.',
        '',
      ].join('\r\n'),
    );
    for (let i = 0; i < 200 && wires.length < 6; i++) await new Promise((r) => setTimeout(r, 5));
    expect(wires[5]).toBe('550 5.7.1 rejected by DMARC policy for example.test');
  });

  it('dig shows both keys, and the world verifies what it signs', async () => {
    const net = new Network(defaultWorld, fixedEnvironment());
    const keys = await net.dkimKeys;
    for (const name of ['mail._domainkey.example.test', 'ed._domainkey.example.test']) {
      const answer = lookup(net, name, 'TXT');
      expect(answer.answers[0].target).toMatch(/^v=DKIM1; k=(rsa|ed25519); p=/);
    }
    const content = 'From: bob@example.test\nSubject: x\n\nbody\n';
    const signed = [...(await signFor(keys, content, 0)), content].join('\n');
    expect((await dkimVerify(signed, worldResolver(net))).map((v) => v.result)).toEqual(['pass', 'pass']);
  });

  it('an unsigned message is judged at once (no waiting): the lesson replays type line by line', () => {
    const net = new Network(defaultWorld, fixedEnvironment());
    const result = net.connect('mx.elsewhere.test', 25);
    if (!result.ok) throw new Error('no connection');
    const codes: number[] = [];
    result.connection.on((e) => e.type === 'reply' && codes.push(e.reply.code));
    result.connection.start();
    result.connection.send(
      'EHLO laptop.client.test\r\nMAIL FROM:<bob@example.test>\r\nRCPT TO:<carol@elsewhere.test>\r\n',
    );
    result.connection.send('RSET\r\nMAIL FROM:<learner@client.test>\r\nRCPT TO:<carol@elsewhere.test>\r\n');
    result.connection.send('DATA\r\nFrom: bob@example.test\r\n\r\nx\r\n.\r\n');
    expect(codes).toEqual([220, 250, 250, 550, 250, 250, 250, 354, 550]);
  });

  it('the plain postfix profile checks nothing: the forgery is delivered at mail.example.test', async () => {
    const s = await open('203.0.113.7', 'mail.example.test');
    await s.say(['EHLO laptop.client.test'], 1);
    const replies = await s.say(
      [
        'MAIL FROM:<bob@example.test>',
        'RCPT TO:<alice@example.test>',
        'DATA',
        'From: bob@example.test',
        '',
        'x',
        '.',
      ],
      4,
    );
    expect(replies[3]).toMatch(/^250 2\.0\.0 Ok: queued as /);
    expect(stored(s.net, 'alice@example.test').stored).not.toContain('Authentication-Results');
  });
});
