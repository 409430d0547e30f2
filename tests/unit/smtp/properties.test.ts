// Properties of the SMTP core under any input: it never throws, every reply is well-formed SMTP, memory stays
// bounded, the session's phase agrees with its state, and how the bytes are split into writes does not matter.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { profiles } from '../../../src/smtp/profiles/index.ts';
import type { SmtpConnection } from '../../../src/smtp/session.ts';
import { Session } from './harness.ts';
import { concat, run, script } from './properties-shared.ts';

/** Raise with PROPERTY_RUNS=100000 (and --testTimeout=0) to hunt for counterexamples; CI keeps it small. */
const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
const encoder = new TextEncoder();
const profileIds = Object.keys(profiles);

// ---------------------------------------------------------------------------------------------

describe('properties of the SMTP core', () => {
  it('random command sequences: no throw, well-formed replies, invariants hold', () => {
    fc.assert(
      fc.property(fc.constantFrom(...profileIds), script, fc.boolean(), (profile, writes, handshake) => {
        expect(run(profile, writes, { handshake }).problems).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('random bytes: answered, never thrown', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...profileIds),
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 10 }),
        (profile, writes) => {
          expect(run(profile, writes).problems).toEqual([]);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('the same bytes split into any writes give the same replies', () => {
    const noTls = script.map((writes) =>
      writes.filter((w) => !new TextDecoder().decode(w).toUpperCase().includes('STARTTLS')),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...profileIds),
        noTls,
        fc.array(fc.nat(), { maxLength: 12 }),
        (profile, writes, cuts) => {
          const all = concat(writes);
          const points = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
          const pieces = [0, ...points, all.length]
            .slice(1)
            .map((end, i, ends) => all.slice(i === 0 ? 0 : ends[i - 1], end));
          const once = run(profile, [all]);
          const split = run(profile, pieces);
          expect(split.wire).toEqual(once.wire);
          expect(split.session.closedByServer).toBe(once.session.closedByServer);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('lines of any length are answered', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...profileIds),
        fc.constantFrom('NOOP ', 'MAIL FROM:<', 'RCPT TO:<', 'EHLO ', 'X'),
        fc.integer({ min: 0, max: 20_000 }),
        (profile, verb, length) => {
          const result = run(profile, [
            encoder.encode(`EHLO c.example\r\n${verb}${'x'.repeat(length)}\r\nQUIT\r\n`),
          ]);
          expect(result.problems).toEqual([]);
          expect(result.wire.length).toBeGreaterThanOrEqual(2);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('big inputs', () => {
  const connectionOf = (s: Session) => s.connection as SmtpConnection;

  it('a 100 000-character command line is cut at line_length_limit and answered once', () => {
    const s = new Session({ profile: 'postfix' }).start();
    s.take();
    expect(s.command(`NOOP ${'x'.repeat(100_000)}`)).toEqual(['250 2.0.0 Ok']);
    // The address is cut before its ">": Postfix answers for the 2048 octets it read.
    expect(s.command(`MAIL FROM:<${'x'.repeat(100_000)}@example.test>`)).toEqual([
      '501 5.1.7 Bad sender address syntax',
    ]);
    expect(s.command('NOOP')).toEqual(['250 2.0.0 Ok']);
  });

  it('10 MB without a line end: the command line is not kept', () => {
    const s = new Session({ profile: 'postfix' }).start();
    s.take();
    const chunk = 'y'.repeat(1024 * 1024);
    for (let i = 0; i < 10; i++) {
      s.send(chunk);
      expect(connectionOf(s).heldOctets).toBeLessThanOrEqual(profiles.postfix.limits.commandLine);
    }
    // The first 2048 octets were read as a command; the rest of the line is skipped up to its end.
    expect(s.take()).toEqual(['500 5.5.2 Error: command not recognized']);
    expect(s.command('yyyy NOOP')).toEqual([]);
    expect(s.command('NOOP')).toEqual(['250 2.0.0 Ok']);
  });

  it('10 MB of message without a line end: memory stays within the size limit, then 552', () => {
    const s = new Session({ profile: 'postfix' }).start();
    for (const line of [
      'EHLO c.example',
      'MAIL FROM:<l@client.test>',
      'RCPT TO:<alice@example.test>',
      'DATA',
    ])
      s.command(line);
    s.take();
    const chunk = 'z'.repeat(1024 * 1024);
    for (let i = 0; i < 10; i++) {
      s.send(chunk);
      expect(connectionOf(s).heldOctets).toBeLessThanOrEqual(profiles.postfix.limits.messageSize + 8192);
    }
    expect(s.take()).toEqual([]);
    expect(s.command('\r\n.')).toEqual(['552 5.3.4 Error: message file too big']);
    expect(connectionOf(s).heldOctets).toBe(0);
    expect(s.net.mailbox('alice@example.test')).toHaveLength(0);
  });

  it('a megabyte message pasted in one write is stored whole, long lines rejoined', () => {
    const s = new Session({ profile: 'postfix' }).start();
    const body = Array.from({ length: 1000 }, (_, i) => `line ${i} ${'.'.repeat(1000)}`);
    const longLine = `.${'w'.repeat(50_000)}`;
    s.send(
      [
        'EHLO c.example',
        'MAIL FROM:<l@client.test>',
        'RCPT TO:<bob@example.test>',
        'DATA',
        'Subject: big',
        '',
        ...body,
        `.${longLine}`,
        '.',
        'QUIT',
        '',
      ].join('\r\n'),
    );
    const replies = s.take();
    expect(replies.slice(-3)).toEqual([
      expect.stringMatching(/^250 2\.0\.0 Ok: queued as /),
      '221 2.0.0 Bye',
      '<closed>',
    ]);
    const [message] = s.net.mailbox('bob@example.test');
    expect(message.content.split('\n')).toEqual(['Subject: big', '', ...body, longLine]);
  });

  it('a megabyte of pasted commands is answered in order, one reply each', () => {
    const s = new Session({ profile: 'sendmail' }).start();
    s.take();
    const lines = Array.from({ length: 40_000 }, (_, i) => (i % 2 ? `NOOP ${'n'.repeat(20)}` : 'RSET'));
    s.send(`${lines.join('\r\n')}\r\n`);
    const replies = s.take();
    expect(replies).toHaveLength(lines.length);
    expect(replies[0]).toBe('250 Reset state');
    expect(replies[1]).toBe('250 OK');
  });
});
