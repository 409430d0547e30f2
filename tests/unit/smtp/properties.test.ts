// Properties of the SMTP core under any input: it never throws, every reply is well-formed SMTP, memory stays
// bounded, the session's phase agrees with its state, and how the bytes are split into writes does not matter.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { profiles } from '../../../src/smtp/profiles/index.ts';
import type { SmtpConnection } from '../../../src/smtp/session.ts';
import type { Reply, SessionState, SmtpEvent } from '../../../src/smtp/types.ts';
import { Session } from './harness.ts';

/** Raise with PROPERTY_RUNS=100000 (and --testTimeout=0) to hunt for counterexamples; CI keeps it small. */
const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
const encoder = new TextEncoder();
const profileIds = Object.keys(profiles);

// ---------------------------------------------------------------------------------------------
// Generators: commands a learner (or a fuzzer) could type

const address = fc.oneof(
  fc.constantFrom(
    'alice@example.test',
    'bob@example.test',
    'nobody@example.test',
    'someone@elsewhere.test',
    'ALICE@EXAMPLE.TEST',
    'alice',
    'postmaster',
    '',
    'jürgen@example.test',
    'a b@example.test',
    'alice@[192.0.2.25]',
    '"quoted"@example.test',
  ),
  fc.string({ maxLength: 20 }),
);
const mailParams = fc.constantFrom(
  '',
  ' SIZE=100',
  ' SIZE=99999999999',
  ' BODY=8BITMIME',
  ' BODY=9BIT',
  ' SMTPUTF8',
  ' FOO=BAR',
  ' RET=HDRS',
);
const rcptParams = fc.constantFrom(
  '',
  ' NOTIFY=SUCCESS,FAILURE',
  ' NOTIFY=SOMETIMES',
  ' ORCPT=rfc822;x@y',
  ' ORCPT=bad',
);
const base64 = (text: string) => btoa(text);

const validCommand = fc.oneof(
  fc.constantFrom('HELO client.example', 'EHLO client.example', 'ehlo [192.0.2.7]', 'HELO', 'EHLO'),
  fc
    .tuple(fc.constantFrom('MAIL FROM:', 'mail from: ', 'MAIL FROM '), address, mailParams)
    .map(([verb, a, p]) => `${verb}<${a}>${p}`),
  fc
    .tuple(fc.constantFrom('RCPT TO:', 'rcpt to: ', 'RCPT TO'), address, rcptParams)
    .map(([verb, a, p]) => `${verb}<${a}>${p}`),
  fc.constantFrom(
    'DATA',
    'DATA now',
    'RSET',
    'RSET x',
    'NOOP',
    'NOOP hi',
    'QUIT',
    'VRFY alice',
    'VRFY',
    'EXPN team',
  ),
  fc.constantFrom('HELP', 'ETRN example.test', 'ETRN', 'STARTTLS', 'STARTTLS now'),
  fc.constantFrom('AUTH PLAIN', 'AUTH LOGIN', 'AUTH CRAM-MD5', 'AUTH', '*', '=', base64('\0alice\0secret')),
  fc.constantFrom(
    `AUTH PLAIN ${base64('\0alice\0secret')}`,
    `AUTH PLAIN ${base64('\0alice\0wrong')}`,
    'AUTH PLAIN !!',
  ),
  fc.tuple(fc.nat({ max: 40 }), fc.boolean()).map(([n, last]) => `BDAT ${n}${last ? ' LAST' : ''}`),
  fc.constantFrom('BDAT', 'BDAT x', 'BDAT 0', 'BDAT 5 FIRST'),
  // message content typed where a command is expected (and the other way round)
  fc.constantFrom(
    '.',
    '..',
    'Subject: hello',
    'From: Learner <l@client.test>',
    '',
    'GET / HTTP/1.1',
    'Hello Bob,',
  ),
);
const junkLine = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 30 }));
const ending = fc.constantFrom('\r\n', '\r\n', '\r\n', '\n', '\r', '');

/** One client write's worth of bytes: a command with some line ending, or raw bytes. */
const input = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(validCommand, ending).map(([c, e]) => encoder.encode(c + e)) },
  { weight: 2, arbitrary: fc.tuple(junkLine, ending).map(([c, e]) => encoder.encode(c + e)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 80 }) },
);
const script = fc.array(input, { minLength: 1, maxLength: 40 });
/** Well-behaved commands only, so that Postfix does not hang up early and deep states (DATA, BDAT, AUTH) are reached. */
const deepScript = fc.array(
  fc
    .oneof(
      {
        weight: 4,
        arbitrary: validCommand.filter(
          (c) => /^[A-Za-z*=]/.test(c) && !/^(Subject|From|GET|Hello|QUIT)/.test(c),
        ),
      },
      { weight: 1, arbitrary: fc.constantFrom('Subject: hi', '', 'body line', '..', '.') },
    )
    .map((c) => encoder.encode(`${c}\r\n`)),
  { minLength: 5, maxLength: 60 },
);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Checks made while a session runs

/** RFC 5321 section 4.2 and RFC 2034: the shape of a reply on the wire. */
function wellFormed(reply: Reply, wire: string, clientText: string): string | null {
  if (!wire.endsWith('\r\n')) return 'reply does not end with CRLF';
  const lines = wire.slice(0, -2).split('\r\n');
  for (const [i, line] of lines.entries()) {
    if (/[\r\n]/.test(line)) return `stray CR or LF in ${JSON.stringify(line)}`;
    const m = /^(\d{3})([ -])/.exec(line);
    if (!m) return `line ${JSON.stringify(line)} does not start with a code`;
    if (Number(m[1]) !== reply.code) return `continuation line with another code: ${line}`;
    if ((m[2] === ' ') !== (i === lines.length - 1)) return `only the last line may have "NNN ": ${wire}`;
    if (reply.enhanced && !line.startsWith(`${reply.code}${m[2]}${reply.enhanced} `))
      return `line without the enhanced code: ${line}`;
  }
  if (reply.code < 200 || reply.code > 599) return `reply code ${reply.code}`;
  if (reply.enhanced && reply.enhanced[0] !== String(reply.code)[0])
    return `enhanced ${reply.enhanced} vs ${reply.code}`;
  // A template's {name} left in the reply is a bug, unless the client typed those braces itself.
  for (const [placeholder] of wire.matchAll(/\{\w+\}/g))
    if (!clientText.toUpperCase().includes(placeholder.toUpperCase()))
      return `unfilled placeholder in ${wire}`;
  return null;
}

/** The named phase agrees with the session state (derived in one place, session.ts). */
function phaseAgrees(state: SessionState): string | null {
  const { phase, envelope, greeting } = state;
  const rcpts = envelope?.rcptTo.length ?? -1;
  switch (phase) {
    case 'greeting':
      return envelope === null && greeting === null ? null : 'greeting phase with a greeting or envelope';
    case 'ready':
      return envelope === null && greeting !== null ? null : 'ready phase without HELO or with an envelope';
    case 'mail':
      return rcpts === 0 ? null : `mail phase with ${rcpts} recipients`;
    case 'rcpt':
    case 'data':
      return rcpts >= 1 ? null : `${phase} phase with ${rcpts} recipients`;
    default:
      return null;
  }
}

interface Run {
  wire: string[];
  problems: string[];
  session: Session;
}

function run(profile: string, writes: Uint8Array[], options: { handshake?: boolean } = {}): Run {
  const session = new Session({ profile, client: '203.0.113.7' });
  const wire: string[] = [];
  const problems: string[] = [];
  let closed = false;
  let mailEnvelope: SessionState['envelope'] = null;
  let accepted = 0;
  const clientText = writes.map((w) => new TextDecoder().decode(w)).join('');
  session.connection.on((event: SmtpEvent) => {
    const state = session.connection.state;
    if (event.type === 'reply') {
      if (closed) problems.push(`reply after the connection closed: ${event.wire}`);
      wire.push(event.wire);
      const bad = wellFormed(event.reply, event.wire, clientText);
      if (bad) problems.push(bad);
      // A model of the transaction built from the replies alone: the envelope MAIL opened, and the RCPTs
      // accepted into it. The session's own state must agree with it.
      const id = event.reply.id;
      if (id === 'mail.ok') {
        mailEnvelope = state.envelope;
        accepted = 0;
      }
      if (id === 'rcpt.ok') {
        accepted++;
        if (state.envelope === null || state.envelope !== mailEnvelope)
          problems.push('RCPT accepted without MAIL');
        else if (state.envelope.rcptTo.length !== accepted)
          problems.push('recipient count differs from the 250s');
      }
      if (id === 'data.go' && (state.envelope !== mailEnvelope || accepted < 1))
        problems.push('354 without an accepted recipient');
      if (event.reply.id === 'data.go' && state.phase !== 'data')
        problems.push('354 but not in the data phase');
    }
    if (event.type === 'closed') closed = true;
    if (event.type === 'phase' && event.to !== state.phase)
      problems.push(`phase event ${event.to} vs ${state.phase}`);
  });
  try {
    session.start();
    for (const bytes of writes) {
      session.send(bytes);
      const bad = phaseAgrees(session.connection.state);
      if (bad) problems.push(bad);
      if (options.handshake && session.connection.state.phase === 'tls-handshake')
        session.connection.startTls();
    }
  } catch (error) {
    problems.push(`threw: ${String(error)}`);
  }
  return { wire, problems, session };
}

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

  it('long well-behaved sessions: invariants hold deep into transactions', () => {
    fc.assert(
      fc.property(fc.constantFrom(...profileIds), deepScript, fc.boolean(), (profile, writes, handshake) => {
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
