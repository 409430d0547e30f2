// Every goal condition kind and combinator, on events of the real simulated server (never on typed text).
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Network } from '../../../src/smtp/network.ts';
import { advanceClock } from '../../../src/smtp/travel/clock.ts';
import { defaultWorld } from '../../../src/smtp/worlds.ts';
import { fixedEnvironment } from '../../../src/smtp/environment.ts';
import type { Connection, SessionState, SmtpEvent } from '../../../src/smtp/types.ts';
import { countMatches, holds, matchTravelWith } from '../../../src/lessons/engine/conditions.ts';
import { travelMatches } from '../../../src/smtp/travel/index.ts';
import type { Condition } from '../../../src/lessons/engine/types.ts';
import { latestState } from '../../../src/lessons/run.ts';

let net: Network;
let log: SmtpEvent[];
let state: () => SessionState | null;

beforeEach(() => {
  net = new Network(defaultWorld, fixedEnvironment());
  log = [];
  net.on((e) => log.push(e));
  state = latestState(net);
});

function open(host = 'mail.example.test', port = 25): Connection {
  const r = net.connect(host, port);
  if (!r.ok) throw new Error(`cannot connect: ${r.error}`);
  r.connection.start();
  return r.connection;
}

/** Client bytes, each line ended with CRLF unless it already ends with \n. */
function send(c: Connection, ...lines: string[]): void {
  for (const l of lines) c.send(l.endsWith('\n') ? l : l + '\r\n');
}

const is = (condition: Condition, from = 0) => holds(condition, { log, from, state: state() });

function mail(
  c: Connection,
  content: string[],
  from = 'learner@client.test',
  to = ['alice@example.test'],
): void {
  send(c, 'EHLO laptop.client.test', `MAIL FROM:<${from}>`, ...to.map((t) => `RCPT TO:<${t}>`), 'DATA');
  send(c, ...content, '.');
}

const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');

describe('reply', () => {
  it('matches code, list of codes, class, id and enhanced code', () => {
    const c = open();
    send(c, 'ehlo laptop.client.test', 'MAIL FROM:<learner@client.test>', 'RCPT TO:<nobody@example.test>');
    expect(is({ reply: { code: 220 } })).toBe(true);
    expect(is({ reply: { code: [421, 550] } })).toBe(true);
    expect(is({ reply: { code: 354 } })).toBe(false);
    expect(is({ reply: { class: 5 } })).toBe(true);
    expect(is({ reply: { class: 4 } })).toBe(false);
    expect(is({ reply: { id: 'ehlo.ok' } })).toBe(true);
    expect(is({ reply: { id: ['helo.ok', 'mail.ok'] } })).toBe(true);
    expect(is({ reply: { id: 'helo.ok' } })).toBe(false);
    expect(is({ reply: { enhanced: '5.1.1' } })).toBe(true);
    expect(is({ reply: { enhanced: '5.7.1' } })).toBe(false);
  });

  it('command = the verb the reply answered', () => {
    const c = open();
    send(c, 'EHLO x', 'MAIL FROM:<learner@client.test>', 'RCPT TO:<nobody@example.test>');
    expect(is({ reply: { code: 550, command: 'RCPT' } })).toBe(true);
    expect(is({ reply: { code: 550, command: 'mail' } })).toBe(false);
    expect(is({ reply: { id: 'mail.ok', command: 'MAIL' } })).toBe(true);
    // The greeting answers no command.
    expect(is({ reply: { code: 220, command: 'EHLO' } })).toBe(false);
  });

  it('counts only events from the window start', () => {
    const c = open();
    const from = log.length;
    send(c, 'NOOP');
    expect(is({ reply: { id: 'greeting' } }, from)).toBe(false);
    expect(is({ reply: { id: 'noop.ok' } }, from)).toBe(true);
  });
});

describe('command', () => {
  it('matches the verb the server read, whatever the case and spacing', () => {
    const c = open();
    send(c, 'ehlo    laptop.client.test');
    expect(is({ command: { verb: 'EHLO' } })).toBe(true);
    expect(is({ command: { verb: 'HELO' } })).toBe(false);
  });

  it('sees each command of a pipelined group', () => {
    const c = open();
    c.send('EHLO x\r\nMAIL FROM:<learner@client.test>\r\nRCPT TO:<alice@example.test>\r\n');
    expect(is({ command: { verb: 'RCPT' } })).toBe(true);
    expect(is({ reply: { id: 'rcpt.ok' } })).toBe(true);
  });
});

describe('connected and closed', () => {
  it('connected: port, host (case-insensitive), tls', () => {
    open();
    expect(is({ connected: {} })).toBe(true);
    expect(is({ connected: { port: 25, host: 'MAIL.example.test.' } })).toBe(true);
    expect(is({ connected: { port: 587 } })).toBe(false);
    expect(is({ connected: { tls: true } })).toBe(false);
  });

  it('connected with tls: true on the implicit-TLS port once the handshake is done', () => {
    const c = open('mail.example.test', 465);
    expect(is({ connected: { port: 465, tls: true } })).toBe(false);
    c.startTls();
    expect(is({ connected: { port: 465, tls: true } })).toBe(true);
  });

  it('closed by server after QUIT, by client on hang-up', () => {
    const a = open();
    expect(is({ closed: {} })).toBe(false);
    send(a, 'QUIT');
    expect(is({ closed: { by: 'server' } })).toBe(true);
    expect(is({ closed: { by: 'client' } })).toBe(false);
    open().close();
    expect(is({ closed: { by: 'client' } })).toBe(true);
  });
});

describe('state (of the latest connection, now)', () => {
  it('is false before any connection', () => {
    expect(is({ state: {} })).toBe(false);
    expect(is({ state: { phase: 'closed' } })).toBe(false);
  });

  it('phase (one or several), greeting, recipients', () => {
    const c = open();
    expect(is({ state: { phase: 'greeting' } })).toBe(true);
    send(c, 'HELO laptop.client.test', 'MAIL FROM:<learner@client.test>');
    expect(is({ state: { phase: 'mail', greeting: 'HELO' } })).toBe(true);
    expect(is({ state: { greeting: 'EHLO' } })).toBe(false);
    send(c, 'RCPT TO:<alice@example.test>', 'RCPT TO:<bob@example.test>');
    expect(is({ state: { phase: ['rcpt', 'data'], recipients: { min: 2 } } })).toBe(true);
    expect(is({ state: { recipients: { max: 1 } } })).toBe(false);
    send(c, 'RSET');
    expect(is({ state: { phase: 'ready', recipients: { max: 0 } } })).toBe(true);
  });

  it('follows the latest connection only', () => {
    const first = open();
    send(first, 'EHLO x');
    open();
    expect(is({ state: { phase: 'greeting' } })).toBe(true);
  });

  it('tls and auth', () => {
    const c = open('mail.example.test', 587);
    send(c, 'EHLO x', 'STARTTLS');
    c.startTls();
    expect(is({ state: { tls: true, auth: false } })).toBe(true);
    send(c, 'EHLO x', `AUTH PLAIN ${b64('\0alice\0secret')}`);
    expect(is({ state: { tls: true, auth: true } })).toBe(true);
  });
});

describe('tls and auth events', () => {
  it('tls: true once a TLS session starts', () => {
    const c = open('mail.example.test', 587);
    send(c, 'EHLO x', 'STARTTLS');
    expect(is({ tls: true })).toBe(false);
    c.startTls();
    expect(is({ tls: true })).toBe(true);
  });

  it('auth: success and mechanism', () => {
    const c = open('mail.example.test', 587);
    send(c, 'EHLO x', 'STARTTLS');
    c.startTls();
    send(c, 'EHLO x', `AUTH PLAIN ${b64('\0alice\0wrong')}`);
    expect(is({ auth: { success: false } })).toBe(true);
    expect(is({ auth: { success: true } })).toBe(false);
    // The learner's own spelling of the mechanism does not matter.
    send(c, `AUTH plain ${b64('\0alice\0secret')}`);
    expect(is({ auth: { success: true, mechanism: 'PLAIN' } })).toBe(true);
    expect(is({ auth: { mechanism: 'LOGIN' } })).toBe(false);
  });
});

describe('dns', () => {
  it('matches the query name (normalised), type and status', () => {
    net.resolve('Example.TEST.', 'MX');
    net.resolve('nowhere.test', 'A');
    expect(is({ dns: { name: 'example.test', type: 'MX', status: 'NOERROR' } })).toBe(true);
    expect(is({ dns: { name: 'example.test', type: 'A' } })).toBe(false);
    expect(is({ dns: { status: 'NXDOMAIN' } })).toBe(true);
  });
});

describe('data-line', () => {
  it('bareLf and startsWithDot; the lone dot that ends DATA is not content', () => {
    const c = open();
    send(
      c,
      'EHLO x',
      'MAIL FROM:<learner@client.test>',
      'RCPT TO:<alice@example.test>',
      'DATA',
      'Subject: x',
      '',
    );
    expect(is({ 'data-line': { startsWithDot: true } })).toBe(false);
    expect(is({ 'data-line': { bareLf: true } })).toBe(false);
    send(c, 'line with LF only\n');
    expect(is({ 'data-line': { bareLf: true } })).toBe(true);
    send(c, '.');
    expect(is({ 'data-line': { startsWithDot: true } })).toBe(false);
  });

  it('a dot-stuffed line starts with a dot', () => {
    const c = open();
    mail(c, ['Subject: x', '', '..hidden']);
    expect(is({ 'data-line': { startsWithDot: true } })).toBe(true);
  });
});

describe('delivered', () => {
  it('to, count and protocol', () => {
    const c = open();
    expect(is({ delivered: {} })).toBe(false);
    mail(c, ['Subject: hi', '', 'Hello'], 'learner@client.test', ['alice@example.test', 'bob@example.test']);
    expect(is({ delivered: { to: 'ALICE@example.test' } })).toBe(true);
    expect(is({ delivered: { to: 'carol@example.test' } })).toBe(false);
    expect(is({ delivered: { count: { min: 2 } } })).toBe(true);
    expect(is({ delivered: { count: { min: 3 } } })).toBe(false);
    expect(is({ delivered: { count: { max: 1 } } })).toBe(false);
    expect(is({ delivered: { protocol: 'ESMTP' } })).toBe(true);
    expect(is({ delivered: { protocol: 'SMTP' } })).toBe(false);
  });

  it('mailFrom and mailFromDomain look at the envelope sender', () => {
    const c = open();
    mail(c, ['Subject: x', '', 'x'], 'Bob@Example.test', ['alice@example.test']);
    expect(is({ delivered: { mailFrom: 'bob@example.test' } })).toBe(true);
    expect(is({ delivered: { mailFrom: 'learner@client.test' } })).toBe(false);
    expect(is({ delivered: { mailFromDomain: 'example.test' } })).toBe(true);
    expect(is({ delivered: { mailFromDomain: 'client.test' } })).toBe(false);
  });

  it('fromDiffersFromEnvelope compares the From header with MAIL FROM', () => {
    const c = open();
    mail(c, ['From: "The Boss" <BOSS@client.test>', '', 'x']);
    expect(is({ delivered: { fromDiffersFromEnvelope: true } })).toBe(true);
    const d = open();
    const from = log.length;
    mail(d, ['From: Learner <learner@client.test>', '', 'x']);
    expect(is({ delivered: { fromDiffersFromEnvelope: false } }, from)).toBe(true);
    expect(is({ delivered: { fromDiffersFromEnvelope: true } }, from)).toBe(false);
  });

  it('headers present and missing (in what the client sent)', () => {
    const c = open();
    mail(c, [
      'Date: Sun, 22 Nov 2026 23:02:45 +0000',
      'Message-ID: <1@client.test>',
      'Subject: x',
      '',
      'body',
    ]);
    expect(is({ delivered: { headers: ['date', 'Message-ID'] } })).toBe(true);
    expect(is({ delivered: { headers: ['Date', 'From'] } })).toBe(false);
    expect(is({ delivered: { missingHeaders: ['Bcc', 'From'] } })).toBe(true);
    expect(is({ delivered: { missingHeaders: ['Subject'] } })).toBe(false);
  });

  it('recipientsNotInHeaders: a Bcc-like delivery', () => {
    const c = open();
    mail(c, ['To: Alice <alice@example.test>', 'Subject: x', '', 'body'], 'learner@client.test', [
      'alice@example.test',
      'bob@example.test',
    ]);
    expect(is({ delivered: { to: 'bob@example.test', recipientsNotInHeaders: true } })).toBe(true);
    expect(is({ delivered: { to: 'alice@example.test', recipientsNotInHeaders: true } })).toBe(false);
    expect(is({ delivered: { to: 'alice@example.test', recipientsNotInHeaders: false } })).toBe(true);
  });

  it('a recipient in Cc, folded over two lines, is visible', () => {
    const c = open();
    mail(c, ['To: someone@else.test,', ' Bob <bob@example.test>', '', 'x'], 'learner@client.test', [
      'bob@example.test',
    ]);
    expect(is({ delivered: { recipientsNotInHeaders: false } })).toBe(true);
  });

  it('contentType: the media type, text/plain by default, multipart/* for any multipart', () => {
    const c = open();
    mail(c, ['Subject: plain', '', 'x']);
    expect(is({ delivered: { contentType: 'text/plain' } })).toBe(true);
    const d = open();
    const from = log.length;
    mail(d, ['Content-Type: Multipart/Alternative;', ' boundary="b1"', '', '--b1', '', 'x', '--b1--']);
    expect(is({ delivered: { contentType: 'multipart/alternative' } }, from)).toBe(true);
    expect(is({ delivered: { contentType: 'multipart/*' } }, from)).toBe(true);
    expect(is({ delivered: { contentType: 'text/plain' } }, from)).toBe(false);
  });

  it('bodyContains looks in the body, not the headers', () => {
    const c = open();
    mail(c, ['Subject: secret word', '', 'Hello Alice']);
    expect(is({ delivered: { bodyContains: 'hello alice' } })).toBe(true);
    expect(is({ delivered: { bodyContains: 'secret word' } })).toBe(false);
  });

  it('dotStuffed: a line that starts with a dot arrived (the client doubled it)', () => {
    const c = open();
    mail(c, ['Subject: x', '', 'plain']);
    expect(is({ delivered: { dotStuffed: true } })).toBe(false);
    const d = open();
    mail(d, ['Subject: x', '', '..profile']);
    expect(is({ delivered: { dotStuffed: true } })).toBe(true);
  });

  it('bareLf: the message was sent with a bare LF line end', () => {
    const c = open();
    mail(c, ['Subject: x', '', 'crlf']);
    expect(is({ delivered: { bareLf: false } })).toBe(true);
    expect(is({ delivered: { bareLf: true } })).toBe(false);
    const d = open();
    mail(d, ['Subject: x', '', 'lf only\n']);
    expect(is({ delivered: { bareLf: true } })).toBe(true);
  });

  it('viaBdat distinguishes BDAT from DATA', () => {
    const c = open();
    mail(c, ['Subject: x', '', 'y']);
    expect(is({ delivered: { viaBdat: false } })).toBe(true);
    expect(is({ delivered: { viaBdat: true } })).toBe(false);
    const d = open();
    const from = log.length;
    send(d, 'EHLO x', 'MAIL FROM:<learner@client.test>', 'RCPT TO:<alice@example.test>');
    d.send('BDAT 12 LAST\r\nSubject: x\r\n');
    expect(is({ delivered: { viaBdat: true } }, from)).toBe(true);
    expect(is({ delivered: { viaBdat: false } }, from)).toBe(false);
  });
});

describe('combinators', () => {
  it('all, any, not', () => {
    const c = open();
    send(c, 'EHLO x');
    expect(is({ all: [{ reply: { id: 'greeting' } }, { reply: { id: 'ehlo.ok' } }] })).toBe(true);
    expect(is({ all: [{ reply: { id: 'greeting' } }, { reply: { id: 'helo.ok' } }] })).toBe(false);
    expect(is({ any: [{ reply: { id: 'helo.ok' } }, { reply: { id: 'ehlo.ok' } }] })).toBe(true);
    expect(is({ any: [{ reply: { id: 'helo.ok' } }, { tls: true }] })).toBe(false);
    expect(is({ not: { reply: { class: 5 } } })).toBe(true);
    send(c, 'BOGUS');
    expect(is({ not: { reply: { class: 5 } } })).toBe(false);
  });

  it('sequence: in this order, in time', () => {
    const c = open();
    send(c, 'EHLO x', 'MAIL FROM:<learner@client.test>', 'RSET', 'MAIL FROM:<other@client.test>');
    expect(is({ sequence: [{ reply: { id: 'mail.ok' } }, { reply: { id: 'rset.ok' } }] })).toBe(true);
    expect(is({ sequence: [{ reply: { id: 'rset.ok' } }, { reply: { id: 'mail.ok' } }] })).toBe(true);
    expect(is({ sequence: [{ reply: { id: 'rset.ok' } }, { reply: { id: 'ehlo.ok' } }] })).toBe(false);
    expect(
      is({
        sequence: [{ reply: { id: 'mail.ok' } }, { reply: { id: 'rset.ok' } }, { reply: { id: 'rset.ok' } }],
      }),
    ).toBe(false);
  });

  it('sequence with a state part checks the state now', () => {
    const c = open();
    send(c, 'EHLO x', 'MAIL FROM:<learner@client.test>');
    expect(is({ sequence: [{ reply: { id: 'ehlo.ok' } }, { state: { phase: 'mail' } }] })).toBe(true);
    expect(is({ sequence: [{ reply: { id: 'ehlo.ok' } }, { state: { phase: 'rcpt' } }] })).toBe(false);
  });

  it('count: at least min, at most max', () => {
    const c = open();
    send(
      c,
      'EHLO x',
      'MAIL FROM:<learner@client.test>',
      'RCPT TO:<alice@example.test>',
      'RCPT TO:<bob@example.test>',
    );
    const rcpt: Condition = { reply: { id: 'rcpt.ok' } };
    expect(countMatches(rcpt, { log, from: 0, state: null })).toBe(2);
    expect(is({ count: { of: rcpt, min: 2 } })).toBe(true);
    expect(is({ count: { of: rcpt, min: 3 } })).toBe(false);
    expect(is({ count: { of: rcpt, min: 1, max: 1 } })).toBe(false);
    expect(is({ count: { of: { sequence: [{ command: { verb: 'RCPT' } }, rcpt] }, min: 2 } })).toBe(true);
  });
});

describe('relayed, report, mailq and delivered.host (mail that travels)', () => {
  // A lesson whose mail travels hands these goals over with the travel chunk (src/lessons/run.ts).
  beforeAll(() => matchTravelWith(travelMatches));

  /** Alice submits on 587 (STARTTLS, AUTH) to these recipients; the provider's queue runs after its 250. */
  function submit(to: string[], notify = ''): void {
    const c = open('mail.example.test', 587);
    send(c, 'EHLO laptop.client.test', 'STARTTLS');
    c.startTls();
    send(
      c,
      'EHLO laptop.client.test',
      `AUTH PLAIN ${b64('\0alice\0secret')}`,
      'MAIL FROM:<alice@example.test>',
    );
    send(c, ...to.map((t) => `RCPT TO:<${t}>${notify}`), 'DATA', 'Subject: hi', '', 'hi', '.', 'QUIT');
  }

  beforeEach(async () => {
    const { enableTravel } = await import('../../../src/smtp/travel/index.ts');
    enableTravel(net);
  });

  it('relayed: the outcome per recipient, with its status, the answering server and the DSN code', () => {
    submit(['alice@elsewhere.test', 'nobody@elsewhere.test', 'dave@slow.test']);
    expect(is({ relayed: { to: 'alice@elsewhere.test', status: 'sent', server: 'mx.elsewhere.test' } })).toBe(
      true,
    );
    expect(is({ relayed: { to: 'alice@elsewhere.test', server: 'mx2.elsewhere.test' } })).toBe(false);
    expect(is({ relayed: { to: 'nobody@elsewhere.test', status: 'bounced', enhanced: '5.1.1' } })).toBe(true);
    expect(is({ relayed: { to: 'nobody@elsewhere.test', status: 'sent' } })).toBe(false);
    expect(
      is({ relayed: { to: 'Dave@Slow.test', status: ['deferred', 'expired'], enhanced: '4.7.1' } }),
    ).toBe(true);
    expect(is({ relayed: { to: 'dave@slow.test', status: 'sent' } })).toBe(false);
    // The provider's acceptance is a delivered event of its own host; the remote's final one has its host.
    expect(is({ delivered: { to: 'alice@elsewhere.test', host: 'mail.example.test' } })).toBe(true);
    expect(log.some((e) => e.type === 'delivered' && e.queued === true)).toBe(true);
  });

  it('report: a bounce for the refused recipient, none for the delivered one without NOTIFY=SUCCESS', () => {
    submit(['alice@elsewhere.test']);
    expect(is({ report: {} })).toBe(false);
    submit(['nobody@elsewhere.test']);
    expect(is({ report: { kind: 'failed', to: 'alice@example.test' } })).toBe(true);
    expect(is({ report: { kind: 'delivered' } })).toBe(false);
  });

  it('mailq: listed with a deferred message, then (after the retry) without', () => {
    submit(['dave@slow.test']);
    expect(is({ mailq: {} })).toBe(false);
    net.outbound!.mailq('mail.example.test');
    expect(is({ mailq: { deferred: true } })).toBe(true);
    expect(is({ mailq: { deferred: false } })).toBe(false);
    const from = log.length;
    advanceClock(net, 300_000);
    net.outbound!.mailq('mail.example.test');
    expect(is({ sequence: [{ relayed: { status: 'sent' } }, { mailq: { deferred: false } }] }, from)).toBe(
      true,
    );
  });
});
