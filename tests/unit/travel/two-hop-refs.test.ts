// The simulation against a real two-hop delivery between two Postfix 3.7 instances on loopback
// (scripts/two-hop-postfix.sh and two-hop-record.py; tests/refs-two-hop/README.md): the relay client's lines,
// the remote's replies, the recipient's copy, the bounce, the delay warning, the expiry bounce and mailq,
// compared line by line with queue IDs, dates, sizes and the client's own name and address masked.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixedEnvironment } from '../../../src/smtp/environment.ts';
import { Network } from '../../../src/smtp/network.ts';
import { advanceClock } from '../../../src/smtp/travel/clock.ts';
import { enableTravel, type Travel } from '../../../src/smtp/travel/index.ts';
import type { MailHost, SmtpEvent, WorldSpec } from '../../../src/smtp/types.ts';
import { defaultWorld } from '../../../src/smtp/worlds.ts';

const refs = (name: string) => readFileSync(new URL(`../../refs-two-hop/${name}`, import.meta.url), 'utf8');

/** The recorded message (two-hop-record.py BODY), sent the way the recording did: from mynetworks, port 25. */
const message = (tag: string, to: string, subject: string) =>
  `From: Alice <alice@example.test>\r\nTo: ${to}\r\nSubject: ${subject}\r\nMessage-ID: <${tag}@laptop.client.test>\r\nDate: Sun, 06 Dec 2026 03:00:00 +0000\r\n\r\nHello from the laptop.\r\n`;

/** The default world with the remote MX at the recording's address (the bounce text wraps around it). */
function recordedWorld(greylist = false): WorldSpec {
  const hosts = defaultWorld.hosts.map((h): MailHost => {
    if (h.name === 'mx.elsewhere.test')
      return { ...h, addresses: ['127.0.0.1'], ...(greylist ? { greylisting: { delaySeconds: 1e9 } } : {}) };
    if (h.name === 'mx2.elsewhere.test') return { ...h, services: [] };
    return h;
  });
  return { ...defaultWorld, hosts };
}

function send(net: Network, tag: string, to: string, subject: string, rcptParams = ''): void {
  const c = net.connect('mail.example.test', 25, { clientAddress: '192.0.2.7' });
  if (!c.ok) throw new Error('connect');
  c.connection.start();
  c.connection.send(
    `EHLO laptop.client.test\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<${to}>${rcptParams}\r\nDATA\r\n` +
      `${message(tag, to, subject)}.\r\nQUIT\r\n`,
  );
}

function setUp(greylist = false, settings = {}): { net: Network; travel: Travel; events: SmtpEvent[] } {
  // 6 December 2026, as recorded (a one-digit day shows Postfix's %e date).
  const net = new Network(recordedWorld(greylist), fixedEnvironment(Date.UTC(2026, 11, 6, 3, 21, 42)));
  const events: SmtpEvent[] = [];
  net.on((e) => events.push(e));
  const travel = enableTravel(net, { schedule: () => {}, settings });
  return { net, travel, events };
}

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
function mask(text: string): string {
  return text
    .replace(/\b\d{14}\.[0-9A-F]{10,12}@/g, 'STAMP.QID@')
    .replace(/\b[0-9A-F]{10,12}\b/g, 'QID')
    .replace(/QID\.\d+\//g, 'QID.T/')
    .replace(
      new RegExp(`\\w{3}, [ \\d]\\d (${MONTHS}) \\d{4} \\d\\d:\\d\\d:\\d\\d \\+0000 \\(UTC\\)`, 'g'),
      'DATE',
    )
    .replace(new RegExp(`\\w{3} (${MONTHS}) [ \\d]\\d \\d\\d:\\d\\d:\\d\\d( \\d{4})?`, 'g'), 'CTIME')
    .replace(/SIZE=\d+/g, 'SIZE=N')
    .replace(/\((localhost|unknown|mail\.example\.test) \[(127\.0\.0\.1|192\.0\.2\.\d+)\]\)/g, '(CLIENT)')
    .replace(/mx\.elsewhere\.test\[127\.0\.0\.1\]:(5392|25)/g, 'mx.elsewhere.test[127.0.0.1]:PORT');
}

/** The mbox entries of a recorded mailbox, without their "From " lines. */
function mboxEntries(mbox: string): string[] {
  return mbox
    .split(/^From .*\n/m)
    .filter((e) => e.trim() !== '')
    .map((e) => e.replace(/\n+$/, ''));
}

/** The recorded smtp(8) sessions ("> " written, "< " read), one per connection. */
function recordedSessions(): string[][] {
  const byPid = new Map<string, string[][]>();
  for (const line of refs('log-a.txt').split('\n')) {
    const m = /postfix-a\/smtp\[(\d+)\]: ([<>]) mx\.elsewhere\.test\[127\.0\.0\.1\]:5392: (.*)$/.exec(line);
    if (!m) continue;
    const sessions = byPid.get(m[1]) ?? [];
    if (m[2] === '<' && m[3].startsWith('220 mx.elsewhere.test ESMTP')) sessions.push([]);
    sessions.at(-1)?.push(`${m[2]} ${m[3]}`);
    byPid.set(m[1], sessions);
  }
  return [...byPid.values()].flat();
}

/** The simulated relay session in the same form. */
function simulatedSession(events: SmtpEvent[]): string[] {
  return events.flatMap((e) => {
    if (e.type === 'relay-command') return [`> ${e.line}`];
    if (e.type === 'relay-reply')
      return e.wire
        .replace(/\r\n$/, '')
        .split('\r\n')
        .map((l) => `< ${l}`);
    return [];
  });
}

/** EHLO keyword lists are the profile's (the recorded MX had no SASL): compared apart. */
const commandsAndVerdicts = (session: string[]) => session.filter((l) => !/^< 250-/.test(l));

describe('two hops, against two Postfix 3.7 on loopback', () => {
  it("the relay client's lines and the remote's replies are Postfix's", () => {
    const { net, travel, events } = setUp();
    send(net, 'sent', 'alice@elsewhere.test', 'Two hops');
    travel.runDue();
    const recorded = recordedSessions().find((s) =>
      s.includes('> RCPT TO:<alice@elsewhere.test> ORCPT=rfc822;alice@elsewhere.test'),
    );
    expect(recorded).toBeDefined();
    // The recorded process kept its connection for the next message; the first message's part is compared.
    const untilQuit = recorded!.slice(0, recorded!.indexOf('> QUIT') + 1);
    const answer = recorded!.find((l) => l.startsWith('< 250 2.0.0 Ok: queued as'))!;
    expect(commandsAndVerdicts(simulatedSession(events)).map(mask)).toEqual(
      commandsAndVerdicts([...untilQuit.slice(0, -2), untilQuit.at(-2)!, untilQuit.at(-1)!, answer]).map(
        mask,
      ),
    );
  });

  it('SIZE= is the queued message in octets with CR LF line ends, as qmgr counts it', () => {
    const { net, travel, events } = setUp();
    send(net, 'sent', 'alice@elsewhere.test', 'Two hops');
    travel.runDue();
    const mail = events.find((e) => e.type === 'relay-command' && e.line.startsWith('MAIL FROM'));
    const size = Number(/SIZE=(\d+)/.exec(mail!.type === 'relay-command' ? mail!.line : '')![1]);
    const stored = net.mailbox('alice@elsewhere.test')[0].stored.split('\n');
    // Drop the remote's own trace (Return-Path, X-Original-To, Delivered-To, its 3-line Received).
    const queued = stored.slice(6).join('\r\n') + '\r\n';
    expect(size).toBe(Buffer.byteLength(queued));
    // The recording's own numbers: SIZE=369 for the same measure of its stored copy.
    const rec = mboxEntries(refs('mailbox-b-alice.mbox'))[0].split('\n').slice(6).join('\r\n') + '\r\n';
    expect(refs('log-a.txt')).toContain(`SIZE=${Buffer.byteLength(rec)}`);
  });

  it("the recipient's copy shows both hops in Postfix's Received formats", () => {
    const { net, travel } = setUp();
    send(net, 'sent', 'alice@elsewhere.test', 'Two hops');
    travel.runDue();
    const [recorded] = mboxEntries(refs('mailbox-b-alice.mbox'));
    expect(mask(net.mailbox('alice@elsewhere.test')[0].stored).split('\n')).toEqual(
      mask(recorded).split('\n'),
    );
  });

  it("the bounce for an unknown remote user is bounce(8)'s, with the remote's reply quoted and wrapped", () => {
    const { net, travel } = setUp();
    send(net, 'bounce', 'nosuchuser@elsewhere.test', 'Nobody there');
    travel.runDue();
    const [recorded] = mboxEntries(refs('mailbox-a-alice-bounce.mbox'));
    expect(mask(net.mailbox('alice@example.test')[0].stored).split('\n')).toEqual(mask(recorded).split('\n'));
  });

  it('NOTIFY=SUCCESS to a server without DSN: the provider\'s own "relayed" report, as recorded', () => {
    // The recording's B discarded DSN from its EHLO (smtpd_discard_ehlo_keywords); the simulated server
    // without DSN is the 2002 gateway, so its name, address and reply are masked on both sides.
    const { net, travel } = setUp();
    send(net, 'relayed', 'test@testingsmtp.com', 'Relayed report', ' NOTIFY=SUCCESS');
    travel.runDue();
    const [recorded] = mboxEntries(refs('mailbox-a-alice-relayed.mbox'));
    const remote = (text: string) =>
      mask(text.replace(/\n {4}/g, ' '))
        .replaceAll('test@testingsmtp.com', 'alice@elsewhere.test')
        .replace(
          /(rglapache\[198\.51\.100\.63\]:25|mx\.elsewhere\.test\[127\.0\.0\.1\]:PORT): 250 .*/,
          'REMOTE: 250 REPLY',
        )
        .replace(/Remote-MTA: dns; (rglapache|mx\.elsewhere\.test)/, 'Remote-MTA: dns; REMOTE')
        .replace(/Diagnostic-Code: smtp; 250 .*/, 'Diagnostic-Code: smtp; 250 REPLY')
        .split('\n');
    const reports = net.mailbox('alice@example.test');
    expect(reports).toHaveLength(1);
    expect(remote(reports[0].stored)).toEqual(remote(recorded));
  });

  it('greylisted: mailq, then the delay warning and the bounce when the queue lifetime is over', () => {
    // The recording's fast clock: queue_run_delay, minimal_backoff_time 2 s, maximal_backoff_time 4 s.
    const { net, travel } = setUp(true, {
      delay_warning_time: 3,
      maximal_queue_lifetime: 9,
      minimal_backoff_time: 2,
      maximal_backoff_time: 4,
    });
    send(net, 'late', 'greylist@elsewhere.test', 'Greylisted for ever', ' NOTIFY=DELAY,FAILURE');
    travel.runDue();
    const recordedQueue = refs('mailq-deferred.txt');
    expect(mask(travel.mailq()).replace(/ +\d+ CTIME/, ' N CTIME')).toBe(
      mask(recordedQueue).replace(/ +\d+ CTIME/, ' N CTIME'),
    );
    advanceClock(net, 20_000);
    const [, warning, expired] = mboxEntries(refs('mailbox-a-alice-reports.mbox'));
    const reports = net.mailbox('alice@example.test').map((m) => mask(m.stored).split('\n'));
    expect(reports).toHaveLength(2);
    expect(reports[0]).toEqual(mask(warning).split('\n'));
    expect(reports[1]).toEqual(mask(expired).split('\n'));
    expect(travel.mailq()).toBe(refs('mailq-empty.txt'));
  });
});
