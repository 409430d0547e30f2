// Shared by the SMTP property tests: generators of what a learner (or a fuzzer) types, the checks made on every
// reply, and a runner that replays writes against one simulated connection while watching the invariants.
import fc from 'fast-check';
import type { Reply, SessionState, SmtpEvent } from '../../../src/smtp/types.ts';
import { Session } from './harness.ts';

const encoder = new TextEncoder();

// ---------------------------------------------------------------------------------------------
// Generators: commands a learner (or a fuzzer) could type

export const address = fc.oneof(
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
export const mailParams = fc.constantFrom(
  '',
  ' SIZE=100',
  ' SIZE=99999999999',
  ' BODY=8BITMIME',
  ' BODY=9BIT',
  ' SMTPUTF8',
  ' FOO=BAR',
  ' RET=HDRS',
);
export const rcptParams = fc.constantFrom(
  '',
  ' NOTIFY=SUCCESS,FAILURE',
  ' NOTIFY=SOMETIMES',
  ' ORCPT=rfc822;x@y',
  ' ORCPT=bad',
);
const base64 = (text: string) => btoa(text);

export const validCommand = fc.oneof(
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
export const junkLine = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);
export const ending = fc.constantFrom('\r\n', '\r\n', '\r\n', '\n', '\r', '');

/** One client write's worth of bytes: a command with some line ending, or raw bytes. */
export const input = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(validCommand, ending).map(([c, e]) => encoder.encode(c + e)) },
  { weight: 2, arbitrary: fc.tuple(junkLine, ending).map(([c, e]) => encoder.encode(c + e)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 80 }) },
);
export const script = fc.array(input, { minLength: 1, maxLength: 40 });

export function concat(parts: Uint8Array[]): Uint8Array {
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
export function wellFormed(reply: Reply, wire: string, clientText: string): string | null {
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
export function phaseAgrees(state: SessionState): string | null {
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

export interface Watch {
  /** Every reply as it went on the wire. */
  wire: string[];
  problems: string[];
  readonly closed: boolean;
}

/**
 * Checks every event of a session as it happens: replies well-formed and never after the close, the phase event
 * agrees with the state, and a model of the transaction built from the replies alone (the envelope MAIL opened,
 * the RCPTs accepted into it) agrees with the session's own state; no 354 without an accepted recipient.
 * `clientText` is everything the client has sent so far (a placeholder it typed itself may be echoed).
 */
export function watch(session: Session, clientText: () => string): Watch {
  const result = { wire: [] as string[], problems: [] as string[], closed: false };
  const problems = result.problems;
  let mailEnvelope: SessionState['envelope'] = null;
  let accepted = 0;
  session.connection.on((event: SmtpEvent) => {
    const state = session.connection.state;
    if (event.type === 'reply') {
      if (result.closed) problems.push(`reply after the connection closed: ${event.wire}`);
      result.wire.push(event.wire);
      const bad = wellFormed(event.reply, event.wire, clientText());
      if (bad) problems.push(bad);
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
      if (id === 'data.go' && state.phase !== 'data') problems.push('354 but not in the data phase');
    }
    if (event.type === 'closed') result.closed = true;
    if (event.type === 'phase' && event.to !== state.phase)
      problems.push(`phase event ${event.to} vs ${state.phase}`);
  });
  return result;
}

export interface Run {
  wire: string[];
  problems: string[];
  session: Session;
}

export function run(profile: string, writes: Uint8Array[], options: { handshake?: boolean } = {}): Run {
  const session = new Session({ profile, client: '203.0.113.7' });
  const clientText = writes.map((w) => new TextDecoder().decode(w)).join('');
  const watched = watch(session, () => clientText);
  try {
    session.start();
    for (const bytes of writes) {
      session.send(bytes);
      const bad = phaseAgrees(session.connection.state);
      if (bad) watched.problems.push(bad);
      if (options.handshake && session.connection.state.phase === 'tls-handshake')
        session.connection.startTls();
    }
  } catch (error) {
    watched.problems.push(`threw: ${String(error)}`);
  }
  return { wire: watched.wire, problems: watched.problems, session };
}
