// Behaviours of the session that the transcripts do not show line by line: limits, counters, events,
// delivery details, and the edges of AUTH, BDAT, SMTPUTF8 and the ESMTP parameters.
import { describe, expect, it } from 'vitest';
import { fixedEnvironment } from '../../../src/smtp/environment.ts';
import { Network } from '../../../src/smtp/network.ts';
import type { SmtpConnection } from '../../../src/smtp/session.ts';
import type { SmtpEvent } from '../../../src/smtp/types.ts';
import { defaultWorld } from '../../../src/smtp/worlds.ts';
import { Session, type SessionOptions } from './harness.ts';

/** Open a session, say each line, and return the server's lines for each (the greeting is dropped). */
function talk(lines: string[], options: SessionOptions = {}): string[][] {
  const s = new Session({ profile: 'postfix', ...options }).start();
  s.take();
  return lines.map((line) => s.command(line));
}

const b64 = (text: string) => btoa(text);

describe('HELO and EHLO', () => {
  it('keeps every word of the HELO name (Postfix collapses the blanks) and uses it in Received', () => {
    const s = new Session({ profile: 'postfix', client: '127.0.0.1' }).start();
    for (const line of [
      'HELO  my   laptop',
      'MAIL FROM:<l@client.test>',
      'RCPT TO:<bob@example.test>',
      'DATA',
    ])
      s.command(line);
    s.command('Subject: x\r\n\r\nhi\r\n.');
    expect(s.net.mailbox('bob@example.test')[0].stored).toContain(
      'Received: from my laptop (unknown [127.0.0.1])',
    );
  });

  it('EHLO in the middle of a transaction ends it', () => {
    expect(
      talk(['MAIL FROM:<a@client.test>', 'RCPT TO:<alice@example.test>', 'EHLO again', 'DATA']).map((r) =>
        r.at(-1),
      ),
    ).toEqual(['250 2.1.0 Ok', '250 2.1.5 Ok', '250 CHUNKING', '503 5.5.1 Error: need RCPT command']);
  });
});

describe('the non-SMTP hang-up (Postfix)', () => {
  it.each([
    ['POST /cgi-bin HTTP/1.0', true],
    ['CONNECT mail.example.test:25 HTTP/1.1', true],
    ['connect x', true],
    ['Subject:hi', true],
    ['X-Mailer: telnet', true],
    ['<alice@example.test>', true],
    ['1234', true],
    ['Hello Bob,', false],
    ['Subject : hi', false],
    ['MAIL: from', true],
  ])('%j hangs up: %s', (line, hangsUp) => {
    const s = new Session({ profile: 'postfix' }).start();
    s.take();
    const replies = s.command(line);
    expect(replies.includes('<closed>')).toBe(hangsUp);
    expect(replies[0]).toBe(
      hangsUp
        ? '221 2.7.0 Error: I can break rules, too. Goodbye.'
        : '500 5.5.2 Error: command not recognized',
    );
  });

  it('Sendmail answers instead of hanging up', () => {
    expect(talk(['From: x'], { profile: 'sendmail', host: 'smtp.example.com' })).toEqual([
      ['500 Command unrecognized: "From: x"'],
    ]);
  });
});

describe('error counting', () => {
  it('the 1001st recipient gets 452 and, like Postfix, does not count as an error', () => {
    const s = new Session({ profile: 'postfix' }).start();
    s.command('MAIL FROM:<l@client.test>');
    const rcpt = 'RCPT TO:<alice@example.test>\r\n';
    s.take();
    s.send(rcpt.repeat(1000));
    expect(s.take().filter((l) => l === '250 2.1.5 Ok')).toHaveLength(1000);
    s.send(rcpt.repeat(30));
    const over = s.take();
    expect(over).toHaveLength(30);
    expect(new Set(over)).toEqual(new Set(['452 4.5.3 Error: too many recipients']));
  });

  it('junk commands beyond smtpd_junk_command_limit count as errors: 101 are free, then 20 more end the session', () => {
    const s = new Session({ profile: 'postfix' }).start();
    s.take();
    s.send('NOOP\r\n'.repeat(120));
    expect(s.take().filter((l) => l === '250 2.0.0 Ok')).toHaveLength(120);
    expect(s.command('NOOP')).toEqual([
      '250 2.0.0 Ok',
      '421 4.7.0 mail.example.test Error: too many errors',
      '<closed>',
    ]);
  });

  it('accepting a message resets the junk count', () => {
    const s = new Session({ profile: 'postfix' }).start();
    s.send('NOOP\r\n'.repeat(110));
    s.send('MAIL FROM:<l@client.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\nhi\r\n.\r\n');
    s.take();
    s.send('NOOP\r\n'.repeat(110));
    expect(s.take()).not.toContain('<closed>');
  });

  it('past smtpd_soft_error_limit (10 errors) every reply, good or bad, carries the 1 s error sleep', () => {
    const s = new Session({ profile: 'postfix' }).start();
    const delays = () =>
      s.events.flatMap((e) => (e.type === 'reply' ? [[e.reply.code, e.delayMs ?? 0] as const] : []));
    for (let i = 0; i < 10; i++) s.command('FOO');
    expect(delays().every(([, ms]) => ms === 0)).toBe(true);
    s.events.length = 0;
    s.command('FOO');
    s.command('NOOP');
    expect(delays()).toEqual([
      [500, 1000],
      [250, 1000],
    ]);
  });

  it('the libraries never sleep', () => {
    const s = new Session({ profile: 'smtp-server' }).start();
    for (let i = 0; i < 12; i++) s.command('MAIL FROM:<x>');
    expect(s.events.some((e) => e.type === 'reply' && e.delayMs !== undefined)).toBe(false);
  });

  it('a session without errors may go on for ever on Sendmail', () => {
    const replies = talk(
      Array.from({ length: 30 }, () => 'FOO'),
      { profile: 'sendmail', host: 'smtp.example.com' },
    );
    expect(replies.flat()).not.toContain('<closed>');
  });
});

describe('SMTPUTF8 and bad UTF-8', () => {
  it('accepts a non-ASCII address without SMTPUTF8, as Postfix 3.7 does by default (strict_smtputf8 = no)', () => {
    expect(talk(['MAIL FROM:<josé@client.test>', 'RCPT TO:<bob@example.test>'])).toEqual([
      ['250 2.1.0 Ok'],
      ['250 2.1.5 Ok'],
    ]);
    expect(talk(['MAIL FROM:<l@client.test>', 'RCPT TO:<jürgen@example.test>'])[1]).toEqual([
      '550 5.1.1 <jürgen@example.test>: Recipient address rejected: User unknown in local recipient table',
    ]);
  });

  it('with strict_smtputf8 = yes needs the SMTPUTF8 parameter for a non-ASCII address (RFC 6531 section 3.4)', () => {
    const strict = { profile: 'postfix-strict-smtputf8' };
    expect(
      talk(
        [
          'MAIL FROM:<jürgen@client.test>',
          'MAIL FROM:<jürgen@client.test> SMTPUTF8',
          'RCPT TO:<bob@example.test>',
        ],
        strict,
      ),
    ).toEqual([
      ['553 5.6.7 Must declare SMTPUTF8 to send unicode address'],
      ['250 2.1.0 Ok'],
      ['250 2.1.5 Ok'],
    ]);
    expect(talk(['MAIL FROM:<l@client.test>', 'RCPT TO:<jürgen@example.test>'], strict)[1]).toEqual([
      '553 5.6.7 Must declare SMTPUTF8 to send unicode address',
    ]);
  });

  it('refuses a command line that is not UTF-8 before reading it (Postfix smtputf8_enable)', () => {
    const s = new Session({ profile: 'postfix' }).start();
    s.take();
    s.send(Uint8Array.from([0x4e, 0x4f, 0x4f, 0x50, 0x20, 0xff, 0xfe, 13, 10]));
    expect(s.take()).toEqual(['500 5.5.2 Error: bad UTF-8 syntax']);
    // Postfix 2.10 knew no SMTPUTF8: the same line is just a NOOP with an argument.
    const old = new Session({ profile: 'postfix-2.10', host: 'mail01.example.com' }).start();
    old.take();
    old.send(Uint8Array.from([0x4e, 0x4f, 0x4f, 0x50, 0x20, 0xff, 0xfe, 13, 10]));
    expect(old.take()).toEqual(['250 2.0.0 Ok']);
  });
});

describe('AUTH edges', () => {
  const afterTls = (lines: string[]) => {
    const s = new Session({ profile: 'postfix-submission', port: 587 }).start();
    s.command('STARTTLS');
    s.connection.startTls();
    s.take();
    return lines.map((l) => s.command(l));
  };

  it('VRFY asks the recipient table even where RCPT accepts unknown users (587)', () => {
    expect(afterTls(['VRFY nobody@example.test', 'VRFY alice'])).toEqual([
      ['550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown in local recipient table'],
      ['252 2.0.0 alice'],
    ]);
  });

  it('does not need EHLO first (smtpd_helo_required = no)', () => {
    expect(afterTls([`AUTH PLAIN ${b64('\0alice\0secret')}`])).toEqual([
      ['235 2.7.0 Authentication successful'],
    ]);
  });

  // Postfix 3.7 with Cyrus SASL 2.1.28 (live): base64 is read four characters at a time; a bad character in a
  // full group is "bad protocol", one to three characters left over are "another step is needed".
  it.each([
    ['AUTH PLAIN !!!notbase64', 'bad protocol / cancel'],
    ['AUTH PLAIN not-base64', 'bad protocol / cancel'],
    ['AUTH PLAIN =', 'another step is needed in authentication'],
    ['AUTH PLAIN abc', 'another step is needed in authentication'],
    ['AUTH PLAIN AGFsaWNlAHNlY3JldA=', 'another step is needed in authentication'],
    // Valid base64 of a PLAIN message without its two NULs
    [`AUTH PLAIN ${btoa('test')}`, 'bad protocol / cancel'],
    [`AUTH PLAIN ${btoa('\0alice\0wrong')}`, 'authentication failure'],
  ])('%s -> 535 ... %s', (line, reason) => {
    expect(afterTls([line])).toEqual([[`535 5.7.8 Error: authentication failed: ${reason}`]]);
  });

  it('an empty PLAIN response after the challenge is a protocol error; AUTH CRAM-MD5 has no mechanism', () => {
    expect(afterTls(['AUTH PLAIN', '', 'AUTH CRAM-MD5'])).toEqual([
      ['334 '],
      ['535 5.7.8 Error: authentication failed: bad protocol / cancel'],
      ['535 5.7.8 Error: authentication failed: no mechanism available'],
    ]);
  });

  it('accepts PLAIN with an authorization identity, and LOGIN with an initial user name', () => {
    expect(afterTls([`AUTH PLAIN ${b64('alice\0alice\0secret')}`])).toEqual([
      ['235 2.7.0 Authentication successful'],
    ]);
    expect(afterTls([`AUTH LOGIN ${b64('alice')}`, b64('wrong')])).toEqual([
      ['334 UGFzc3dvcmQ6'],
      ['535 5.7.8 Error: authentication failed: authentication failure'],
    ]);
  });

  it('checks the syntax after the state, as Postfix does', () => {
    expect(afterTls(['AUTH', 'AUTH PLAIN a b'])).toEqual([
      ['501 5.5.4 Syntax: AUTH mechanism'],
      ['501 5.5.4 Syntax: AUTH mechanism'],
    ]);
  });

  it('marks the message as ESMTPSA in Received after TLS and AUTH', () => {
    const s = new Session({ profile: 'postfix-submission', port: 587 }).start();
    s.command('STARTTLS');
    s.connection.startTls();
    for (const l of [
      'EHLO l',
      `AUTH PLAIN ${b64('\0alice\0secret')}`,
      'MAIL FROM:<alice@example.test>',
      'RCPT TO:<bob@example.test>',
      'DATA',
    ])
      s.command(l);
    s.command('hi\r\n.');
    expect(s.net.mailbox('bob@example.test')[0].stored).toMatch(/with ESMTPSA id /);
    expect(s.net.mailbox('bob@example.test')[0].protocol).toBe('ESMTPSA');
  });
});

describe('BDAT edges', () => {
  it('refuses a chunk that would make the message too big, after reading it, and resets on LAST', () => {
    const s = new Session({ profile: 'eraldy', host: 'eraldy.com' }).start();
    for (const l of ['EHLO x', 'MAIL FROM:<a@eraldy.com>', 'RCPT TO:<bar@eraldy.com>']) s.command(l);
    s.take();
    s.send(`BDAT 20000 LAST\r\n${'x'.repeat(20000)}NOOP\r\n`);
    expect(s.take()).toEqual(['552 Chunk exceeds message size limit', '250 Ok']);
    expect(s.command('DATA')).toEqual(['503 Error: need RCPT command']);
  });

  it('after a refused chunk, discards every further one until the LAST chunk (Postfix skip_bdat)', () => {
    const s = new Session({ profile: 'postfix' }).start();
    for (const l of ['MAIL FROM:<a@client.test>', 'RCPT TO:<bob@example.test>']) s.command(l);
    s.take();
    s.send(`BDAT 11000000\r\n`);
    s.send('x'.repeat(11000000));
    expect(s.take()).toEqual(['552 5.3.4 Chunk exceeds message size limit']);
    s.send('BDAT 2\r\nok');
    expect(s.take()).toEqual(['551 5.0.0 Discarded 2 bytes after earlier error']);
    s.send('BDAT 3 LAST\r\nok!');
    expect(s.take()).toEqual(['551 5.0.0 Discarded 3 bytes after earlier error']);
    expect(s.command('MAIL FROM:<a@client.test>')).toEqual(['250 2.1.0 Ok']);
  });

  it('a null chunk outside a transaction leaves the error state too, until RSET (live Postfix 3.7)', () => {
    const s = new Session({ profile: 'postfix' }).start();
    s.take();
    s.send('BDAT 0\r\nMAIL FROM:<a@client.test>\r\nRCPT TO:<alice@example.test>\r\nBDAT 2\r\nab');
    s.send('MAIL FROM:<a@client.test>\r\nRSET\r\nMAIL FROM:<a@client.test>\r\n');
    expect(s.take()).toEqual([
      '551 5.7.1 Null BDAT request',
      '503 5.5.1 Error: MAIL after BDAT',
      '503 5.5.1 Error: need MAIL command',
      '551 5.0.0 Discarded 2 bytes after earlier error',
      '503 5.5.1 Error: MAIL after BDAT',
      '250 2.0.0 Ok',
      '250 2.1.0 Ok',
    ]);
  });

  it('hangs up on "BDAT n FOO": it cannot trust the count (live Postfix 3.7)', () => {
    const s = new Session({ profile: 'postfix' }).start();
    for (const l of ['MAIL FROM:<a@client.test>', 'RCPT TO:<bob@example.test>']) s.command(l);
    s.take();
    s.send('BDAT 4 FOO\r\nabcdNOOP\r\n');
    expect(s.take()).toEqual(['521 5.5.4 Syntax: BDAT count [LAST]', '<closed>']);
  });

  it('refuses a null chunk like any chunk: the ones after it are discarded until LAST', () => {
    const s = new Session({ profile: 'postfix' }).start();
    for (const l of ['MAIL FROM:<a@client.test>', 'RCPT TO:<bob@example.test>']) s.command(l);
    s.take();
    s.send('BDAT 0\r\n');
    s.send('BDAT 0\r\n');
    s.send('BDAT 3\r\nabc');
    s.send('BDAT 0 LAST\r\n');
    expect(s.take()).toEqual([
      '551 5.7.1 Null BDAT request',
      '551 5.7.1 Null BDAT request',
      '551 5.0.0 Discarded 3 bytes after earlier error',
      '551 5.0.0 Discarded 0 bytes after earlier error',
    ]);
    // The LAST chunk ended the transaction.
    expect(s.command('RCPT TO:<bob@example.test>')).toEqual(['503 5.5.1 Error: need MAIL command']);
  });

  it('is unknown where CHUNKING is not offered, and the octets are read as commands', () => {
    expect(talk(['BDAT 5\r\nHELLO'], { profile: 'sendmail', host: 'smtp.example.com' })).toEqual([
      ['500 Command unrecognized: "BDAT 5"', '500 Command unrecognized: "HELLO"'],
    ]);
  });
});

describe('delivery', () => {
  it('expands aliases: X-Original-To keeps the address as given, Delivered-To names the mailbox', () => {
    const s = new Session({ profile: 'postfix' }).start();
    for (const l of ['MAIL FROM:<>', 'RCPT TO:<postmaster>', 'RCPT TO:<team@example.test>', 'DATA'])
      s.command(l);
    expect(s.command('Subject: hi\r\n\r\nbody\r\n.')[0]).toMatch(/^250 2\.0\.0 Ok: queued as /);
    const alice = s.net.mailbox('alice@example.test');
    expect(alice.map((m) => m.originalRecipient)).toEqual(['postmaster@example.test', 'team@example.test']);
    expect(alice[0].stored.split('\n').slice(0, 3)).toEqual([
      'Return-Path: <>',
      'X-Original-To: postmaster@example.test',
      'Delivered-To: alice@example.test',
    ]);
    expect(alice[0].mboxFrom).toMatch(/^From MAILER-DAEMON {2}/);
    expect(s.net.mailbox('bob@example.test')).toHaveLength(1);
    expect(s.net.mailbox('postmaster@example.test')).toHaveLength(0);
  });

  it('reads a quoted local part without its quotes where they are not needed: one user, one mailbox', () => {
    const s = new Session({ profile: 'postfix' }).start();
    s.command('MAIL FROM:<"learner"@client.test>');
    expect(s.command('RCPT TO:<"alice"@example.test>')).toEqual(['250 2.1.5 Ok']);
    // trivial-rewrite drops a trailing dot from the domain: still this server's domain, not a relay.
    expect(s.command('RCPT TO:<bob@example.test.>')).toEqual(['250 2.1.5 Ok']);
    // The refusal quotes the address as Postfix holds it: without the quotes (live Postfix 3.7).
    expect(s.command('RCPT TO:<"alice smith"@example.test>')).toEqual([
      '550 5.1.1 <alice smith@example.test>: Recipient address rejected: User unknown in local recipient table',
    ]);
    s.command('DATA');
    s.command('Subject: q\r\n\r\nhi\r\n.');
    const [stored] = s.net.mailbox('alice@example.test');
    expect(stored.stored.split('\n').slice(0, 3)).toEqual([
      'Return-Path: <learner@client.test>',
      'X-Original-To: alice@example.test',
      'Delivered-To: alice@example.test',
    ]);
  });

  it('reports success only where asked (NOTIFY=SUCCESS), for a sender with a mailbox here, and not for aliases', () => {
    const reports = (profile: string, sender: string, rcpts: string[]) => {
      const s = new Session({ profile }).start();
      s.command('EHLO c');
      s.command(`MAIL FROM:<${sender}>`);
      for (const r of rcpts) {
        const [address, ...params] = r.split(' ');
        expect(s.command([`RCPT TO:<${address}>`, ...params].join(' '))[0]).toMatch(/^250 /);
      }
      s.command('DATA');
      s.command('Subject: x\r\n\r\nhi\r\n.');
      const box = sender.split('@')[0];
      return s.net
        .mailbox(`${box}@example.test`)
        .filter((m) => m.envelope.mailFrom === '')
        .map((m) => m.content.match(/^Final-Recipient: .*$/gm));
    };
    expect(reports('postfix', 'bob@example.test', ['alice@example.test NOTIFY=SUCCESS'])).toEqual([
      ['Final-Recipient: rfc822; alice@example.test'],
    ]);
    // One report lists every recipient that asked.
    expect(
      reports('postfix', 'bob@example.test', [
        'alice@example.test NOTIFY=SUCCESS,DELAY',
        'bob@example.test NOTIFY=FAILURE',
        'postmaster@example.test notify=success',
      ]),
    ).toEqual([['Final-Recipient: rfc822; alice@example.test']]);
    expect(reports('postfix', 'bob@example.test', ['alice@example.test NOTIFY=FAILURE'])).toEqual([]);
    expect(reports('postfix', 'learner@client.test', ['alice@example.test NOTIFY=SUCCESS'])).toEqual([]);
    // smtp-server hides DSN (NOTIFY is accepted and ignored); aiosmtpd has no mail system to send one.
    expect(reports('smtp-server', 'bob@example.test', ['alice@example.test NOTIFY=SUCCESS'])).toEqual([]);
  });

  it('on 587 an unknown local user is accepted, then bounces to the sender (smtpd_reject_unlisted_recipient=no)', () => {
    const bounceFor = (mailParams: string, rcptParams: string) => {
      const s = new Session({ profile: 'postfix-submission', port: 587 }).start();
      s.command('STARTTLS');
      s.connection.startTls();
      s.command('EHLO l');
      s.command(`AUTH PLAIN ${b64('\0alice\0secret')}`);
      s.command(`MAIL FROM:<alice@example.test>${mailParams}`);
      expect(s.command(`RCPT TO:<nobody@example.test>${rcptParams}`)).toEqual(['250 2.1.5 Ok']);
      s.command('RCPT TO:<bob@example.test>');
      s.command('DATA');
      expect(s.command('Subject: to two\r\n\r\nhello\r\n.')[0]).toMatch(/^250 2\.0\.0 Ok: queued as /);
      expect(s.net.mailbox('bob@example.test')).toHaveLength(1);
      expect(s.net.mailbox('nobody@example.test')).toHaveLength(0);
      return s.net.mailbox('alice@example.test').find((m) => m.envelope.mailFrom === '')?.content;
    };
    const bounce = bounceFor('', '')!;
    expect(bounce).toMatch(/^Subject: Undelivered Mail Returned to Sender$/m);
    expect(bounce).toMatch(/^<nobody@example\.test>: unknown user: "nobody"$/m);
    expect(bounce).toMatch(/^Action: failed\nStatus: 5\.1\.1$/m);
    // The whole message comes back, unless the sender asked for the headers only.
    expect(bounce).toMatch(/^Content-Type: message\/rfc822\n[^]*^Subject: to two\n\nhello$/m);
    const headersOnly = bounceFor(' RET=HDRS', ' NOTIFY=FAILURE')!;
    expect(headersOnly).toMatch(/^Content-Type: text\/rfc822-headers$/m);
    expect(headersOnly).not.toMatch(/^hello$/m);
    expect(bounceFor('', ' NOTIFY=NEVER')).toBeUndefined();
    expect(bounceFor('', ' NOTIFY=SUCCESS')).toBeUndefined();
  });

  it('an address literal names a domain of the host, not a mailbox of its own (live Postfix 3.7)', () => {
    const s = new Session({ profile: 'postfix' }).start();
    s.command('EHLO c.test');
    for (const rcpt of [
      'alice@example.test',
      'alice@[127.0.0.1>',
      'alice@[IPv6:::1]',
      'Alice@EXAMPLE.test',
    ]) {
      s.command('MAIL FROM:<learner@client.test>');
      expect(s.command(`RCPT TO:<${rcpt}`.replace(/>?$/, '>'))).toEqual(['250 2.1.5 Ok']);
      s.command('DATA');
      s.command(`Subject: to ${rcpt}\r\n\r\nhi\r\n.`);
    }
    // local(8) delivers to the user alice, whatever local domain named her; Delivered-To keeps that domain.
    const alice = s.net.mailbox('alice@example.test');
    expect(alice.map((m) => m.stored.split('\n')[2])).toEqual([
      'Delivered-To: alice@example.test',
      'Delivered-To: alice@[127.0.0.1]',
      'Delivered-To: alice@[IPv6:::1]',
      // As the client wrote it, not lower-cased.
      'Delivered-To: Alice@EXAMPLE.test',
    ]);
    expect([...s.net.allMailboxes().keys()]).toEqual(['alice@example.test']);
  });

  it('adds Message-Id, Date and From only for a local client on Postfix', () => {
    const stored = (client: string) => {
      const s = new Session({ profile: 'postfix', client }).start();
      for (const l of ['MAIL FROM:<l@client.test>', 'RCPT TO:<bob@example.test>', 'DATA']) s.command(l);
      s.command('Subject: x\r\n\r\nhi\r\n.');
      return s.net.mailbox('bob@example.test')[0].stored;
    };
    expect(stored('127.0.0.1')).toMatch(/^From: l@client\.test$/m);
    expect(stored('203.0.113.7')).not.toMatch(/^From:/m);
  });
});

describe('events', () => {
  it('reports a command cut at line_length_limit with an empty ending, once', () => {
    const s = new Session({ profile: 'postfix' }).start();
    const commands: SmtpEvent[] = [];
    s.connection.on((e) => e.type === 'command' && commands.push(e));
    s.send(`NOOP ${'x'.repeat(5000)}\r\nQUIT\r\n`);
    expect(commands.map((e) => (e.type === 'command' ? [e.verb, e.line.length, e.ending] : []))).toEqual([
      ['NOOP', 2048, '\r\n'],
      ['QUIT', 4, '\r\n'],
    ]);
  });

  it('walks through the phases of a transaction', () => {
    const s = new Session({ profile: 'postfix' });
    const phases: string[] = [];
    s.connection.on((e) => e.type === 'phase' && phases.push(e.to));
    s.start();
    for (const l of [
      'EHLO c',
      'MAIL FROM:<l@client.test>',
      'RCPT TO:<bob@example.test>',
      'DATA',
      'hi',
      '.',
      'QUIT',
    ])
      s.command(l);
    expect(phases).toEqual(['ready', 'mail', 'rcpt', 'data', 'ready', 'closed']);
  });

  it('survives a listener that throws, and one that answers from inside an event', () => {
    const s = new Session({ profile: 'postfix' });
    s.connection.on(() => {
      throw new Error('a broken view');
    });
    let sent = false;
    s.connection.on((e) => {
      if (e.type === 'reply' && e.reply.id === 'greeting' && !sent) {
        sent = true;
        s.connection.send('NOOP\r\n');
      }
    });
    const error = console.error;
    console.error = () => {};
    try {
      s.start();
    } finally {
      console.error = error;
    }
    expect(s.take()).toEqual(['220 mail.example.test ESMTP Postfix', '250 2.0.0 Ok']);
  });

  it('stays silent once the client has closed', () => {
    const s = new Session({ profile: 'postfix' }).start();
    s.take();
    s.connection.close();
    s.send('NOOP\r\n');
    expect(s.take()).toEqual([]);
    expect(s.connection.state.phase).toBe('closed');
  });
});

describe('the reply event names the command it answers', () => {
  it('the verb for commands, AUTH through the exchange, DATA for the verdict, null for the greeting', () => {
    const s = new Session({ profile: 'postfix' }).start();
    s.command('EHLO laptop');
    s.command('STARTTLS');
    s.connection.startTls();
    s.send(`EHLO laptop\r\nAUTH PLAIN\r\n${btoa('\0alice\0secret')}\r\nMAIL FROM:<alice@example.test>\r\n`);
    s.send('RCPT TO:<bob@example.test>\r\nDATA\r\nhi\r\n.\r\nfoo\r\n');
    s.send('\0NOOP\r\n');
    const answered = s.events.flatMap((e) => (e.type === 'reply' ? [`${e.reply.code} ${e.command}`] : []));
    expect(answered).toEqual([
      '220 null',
      '250 EHLO',
      '220 STARTTLS',
      '250 EHLO',
      '334 AUTH',
      '235 AUTH',
      '250 MAIL',
      '250 RCPT',
      '354 DATA',
      '250 DATA',
      '500 FOO',
      '500 ',
    ]);
  });
});

describe('the session has no back door', () => {
  it('verb handlers are private: a command arrives only as bytes, with framing and events', () => {
    const s = new Session({ profile: 'postfix' }).start();
    const connection = s.connection as SmtpConnection;
    // @ts-expect-error the handlers are #private: out of reach at compile time (typecheck fails if one becomes
    // callable from outside) and at run time.
    expect(connection.mail).toBeUndefined();
    expect(Object.keys(connection).filter((key) => /^(mail|rcpt|data|helo|ehlo|verbs)$/.test(key))).toEqual(
      [],
    );
  });
});

describe("the host's own addresses", () => {
  it('a transport may add an interface address: a literal naming it is then local mail', () => {
    const net = new Network(defaultWorld, fixedEnvironment());
    const rcpt = () => {
      const result = net.connect('mail.example.test', 25);
      if (!result.ok) throw new Error(result.error);
      const lines: string[] = [];
      result.connection.on((e) => e.type === 'reply' && lines.push(e.wire.trim()));
      result.connection.start();
      result.connection.send('MAIL FROM:<l@client.test>\r\nRCPT TO:<alice@[198.18.0.5]>\r\n');
      return lines.at(-1);
    };
    expect(rcpt()).toBe('554 5.7.1 <alice@[198.18.0.5]>: Relay access denied');
    net.addInterfaceAddress('mail.example.test', '198.18.0.5');
    expect(rcpt()).toBe('250 2.1.5 Ok');
    // The shared world is untouched: another network does not see the address.
    expect(defaultWorld.hosts[0].addresses).not.toContain('198.18.0.5');
  });
});

describe('timeouts and listeners', () => {
  it('an idle client gets 421 4.4.2 and the server hangs up', () => {
    const s = new Session({ profile: 'postfix' }).start();
    s.take();
    s.command('EHLO laptop');
    s.connection.timeout();
    expect(s.take()).toEqual(['421 4.4.2 mail.example.test Error: timeout exceeded', '<closed>']);
    expect(s.closedByServer).toBe(true);
    expect(s.connection.state.phase).toBe('closed');
  });

  it('a network listener that throws does not stop the server or other listeners', () => {
    const s = new Session({ profile: 'postfix' }).start();
    s.take();
    const seen: string[] = [];
    const errors = console.error;
    console.error = () => {};
    try {
      s.net.on(() => {
        throw new Error('broken view');
      });
      s.net.on((e) => e.type === 'reply' && seen.push(e.reply.id));
      expect(s.command('NOOP')).toEqual(['250 2.0.0 Ok']);
    } finally {
      console.error = errors;
    }
    expect(seen).toContain('noop.ok');
  });
});
