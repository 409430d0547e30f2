// Mail that travels: queue, smtp(8) client, backup MX, bounces, greylisting, the simulated clock and mailq,
// driven the way a learner drives them (telnet on the laptop, sleep, mailq), with the near misses that must
// not deliver.
import { describe, expect, it } from 'vitest';
import { enableTravel, type Travel } from '../../../src/smtp/travel/index.ts';
import type { SmtpEvent } from '../../../src/smtp/types.ts';
import { boot, type Laptop } from '../workstation/harness.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A laptop with the travel machinery attached, as the sandbox has it. */
function world(): { laptop: Laptop; travel: Travel } {
  const laptop = boot();
  return { laptop, travel: enableTravel(laptop.net) };
}

/** Submit on 587 with STARTTLS and AUTH, as lesson 14 teaches; resolves once the queue has run. */
async function submit(
  laptop: Laptop,
  to: string[],
  options: { notify?: string; subject?: string } = {},
): Promise<string> {
  const conn = laptop.net.connect('mail.example.test', 587);
  if (!conn.ok) throw new Error('connect');
  const c = conn.connection;
  const replies: string[] = [];
  c.on((e) => {
    if (e.type === 'reply') replies.push(e.wire);
  });
  c.start();
  c.send('EHLO laptop.client.test\r\nSTARTTLS\r\n');
  c.startTls();
  c.send(`EHLO laptop.client.test\r\nAUTH PLAIN ${b64('\0alice\0secret')}\r\n`);
  c.send('MAIL FROM:<alice@example.test>\r\n');
  for (const r of to) c.send(`RCPT TO:<${r}>${options.notify ? ` NOTIFY=${options.notify}` : ''}\r\n`);
  c.send(
    `DATA\r\nSubject: ${options.subject ?? 'Hello'}\r\nFrom: alice@example.test\r\n\r\nHi there.\r\n.\r\nQUIT\r\n`,
  );
  await tick();
  return replies.join('');
}

const received = (stored: string) => stored.split('\n').filter((l) => l.startsWith('Received:'));

describe('a message to another domain travels', () => {
  it('is queued after the 250, then delivered by the provider to the best MX with two Received lines', async () => {
    const { laptop } = world();
    const events: SmtpEvent[] = [];
    laptop.net.on((e) => events.push(e));
    const replies = await submit(laptop, ['alice@elsewhere.test']);
    expect(replies).toMatch(/250 2\.0\.0 Ok: queued as ([0-9A-F]+)/);
    const queueId = /queued as ([0-9A-F]+)/.exec(replies)![1];
    const box = laptop.net.mailbox('alice@elsewhere.test');
    expect(box).toHaveLength(1);
    expect(box[0].host).toBe('mx.elsewhere.test');
    // The recipient's copy: the remote's Received on top (from the provider, over TLS), the provider's below.
    const lines = received(box[0].stored);
    expect(lines).toEqual([
      'Received: from mail.example.test (mail.example.test [192.0.2.25])',
      'Received: from laptop.client.test (unknown [203.0.113.7])',
    ]);
    expect(box[0].stored).toMatch(
      /by mx\.elsewhere\.test \(Postfix\) with ESMTPS id [0-9A-F]+\n\tfor <alice@elsewhere\.test>;/,
    );
    expect(box[0].stored).toContain(`by mail.example.test (Postfix) with ESMTPSA id ${queueId}`);
    // Nothing is left on the provider: not a copy under the remote address, nothing in the queue.
    expect(laptop.net.mailbox('alice@example.test')).toHaveLength(0);
    expect(laptop.type('mailq')).toBe('Mail queue is empty\n');
    // The relay's conversation is on the stream, in order, on its own connection and lane.
    const relayLines = events.flatMap((e) => (e.type === 'relay-command' ? [e.line] : []));
    expect(relayLines).toEqual([
      'EHLO mail.example.test',
      'STARTTLS',
      'EHLO mail.example.test',
      expect.stringMatching(/^MAIL FROM:<alice@example\.test> SIZE=\d+$/),
      'RCPT TO:<alice@elsewhere.test> ORCPT=rfc822;alice@elsewhere.test',
      'DATA',
      '.',
      'QUIT',
    ]);
    const connect = events.find((e) => e.type === 'relay-connect');
    expect(connect).toMatchObject({
      server: 'mx.elsewhere.test',
      preference: 10,
      lane: { client: 'mail.example.test' },
    });
    const relayId = connect!.connectionId;
    expect(laptop.net.connectionOrigin(relayId)).toEqual({
      kind: 'relay',
      host: 'mail.example.test',
      queueId,
    });
    // The learner's session stays the latest connection: lessons keep reading its state.
    expect(laptop.net.latestConnection?.port).toBe(587);
    const order = events.map((e) => e.type);
    expect(order.indexOf('queue-add')).toBeGreaterThan(
      order.lastIndexOf('reply', order.indexOf('relay-dns')),
    );
    expect(events.find((e) => e.type === 'relay-dns')).toMatchObject({ name: 'elsewhere.test', qtype: 'MX' });
    expect(events.filter((e) => e.type === 'dns')).toHaveLength(0);
    expect(events.find((e) => e.type === 'queue-status')).toMatchObject({
      status: 'sent',
      dsn: '2.0.0',
      relay: 'mx.elsewhere.test[203.0.113.80]:25',
    });
  });

  it('is not relayed for a client that may not relay (near miss: port 25 from the laptop, no AUTH)', async () => {
    const { laptop } = world();
    laptop.type('telnet mail.example.test 25');
    laptop.type('HELO laptop');
    laptop.type('MAIL FROM:<alice@example.test>');
    expect(laptop.type('RCPT TO:<alice@elsewhere.test>')).toMatch(
      /^554 5\.7\.1 <alice@elsewhere\.test>: Relay access denied/,
    );
    await tick();
    expect(laptop.net.mailbox('alice@elsewhere.test')).toHaveLength(0);
  });

  it('without the travel machinery, remote mail stays on the accepting host as before', async () => {
    const laptop = boot();
    await submit(laptop, ['alice@elsewhere.test']);
    expect(laptop.net.mailbox('alice@elsewhere.test')[0].host).toBe('mail.example.test');
    expect(laptop.type('mailq')).toBe('Mail queue is empty\n');
  });
});

describe('failures', () => {
  it("an unknown remote user: the remote's 550 comes back as a bounce quoting it", async () => {
    const { laptop } = world();
    await submit(laptop, ['nosuchuser@elsewhere.test', 'carol@elsewhere.test']);
    expect(laptop.net.mailbox('carol@elsewhere.test')).toHaveLength(1);
    const bounces = laptop.net.mailbox('alice@example.test');
    expect(bounces).toHaveLength(1);
    const b = bounces[0].stored;
    expect(b).toContain('Subject: Undelivered Mail Returned to Sender');
    expect(b).toContain(
      [
        '<nosuchuser@elsewhere.test>: host mx.elsewhere.test[203.0.113.80] said: 550',
        '    5.1.1 <nosuchuser@elsewhere.test>: Recipient address rejected: User unknown',
        '    in local recipient table (in reply to RCPT TO command)',
      ].join('\n'),
    );
    expect(b).toContain('Remote-MTA: dns; mx.elsewhere.test\nDiagnostic-Code: smtp; 550 5.1.1');
    // carol was delivered: the bounce names only the recipient that failed.
    expect(b).not.toContain('Final-Recipient: rfc822; carol@elsewhere.test');
  });

  it('NOTIFY=NEVER: the failure is not reported (near miss of the bounce)', async () => {
    const { laptop } = world();
    await submit(laptop, ['nosuchuser@elsewhere.test'], { notify: 'NEVER' });
    expect(laptop.net.mailbox('alice@example.test')).toHaveLength(0);
  });

  it('the best MX down: the backup MX at preference 20 takes the mail', async () => {
    const { laptop, travel } = world();
    travel.setDown('mx.elsewhere.test');
    const events: SmtpEvent[] = [];
    laptop.net.on((e) => events.push(e));
    await submit(laptop, ['alice@elsewhere.test']);
    const box = laptop.net.mailbox('alice@elsewhere.test');
    expect(box).toHaveLength(1);
    expect(box[0].host).toBe('mx2.elsewhere.test');
    expect(box[0].stored).toContain('by mx2.elsewhere.test (Postfix) with ESMTPS');
    const connects = events.filter((e) => e.type === 'relay-connect');
    expect(connects.map((e) => [e.server, e.preference, e.error ?? null])).toEqual([
      ['mx.elsewhere.test', 10, 'Connection timed out'],
      ['mx2.elsewhere.test', 20, null],
    ]);
  });

  it('both MX down: the message is deferred with the last connection error, then delivered when one is back', async () => {
    const { laptop, travel } = world();
    travel.setDown('mx.elsewhere.test');
    travel.setDown('mx2.elsewhere.test');
    await submit(laptop, ['alice@elsewhere.test']);
    expect(laptop.net.mailbox('alice@elsewhere.test')).toHaveLength(0);
    expect(laptop.type('mailq')).toContain(
      '(connect to mx2.elsewhere.test[203.0.113.81]:25: Connection timed out)',
    );
    travel.setDown('mx.elsewhere.test', false);
    laptop.type('sleep 250');
    expect(laptop.net.mailbox('alice@elsewhere.test')).toHaveLength(0);
    laptop.type('sleep 60');
    expect(laptop.net.mailbox('alice@elsewhere.test')).toHaveLength(1);
  });

  it('a domain with no DNS at all bounces at once (5.4.4)', async () => {
    const { laptop } = world();
    await submit(laptop, ['someone@nowhere.test']);
    const b = laptop.net.mailbox('alice@example.test')[0].stored;
    expect(b).toContain('<someone@nowhere.test>: Host or domain name not found. Name service error for');
    expect(b).toContain('Status: 5.4.4');
  });
});

describe('greylisting, retries and the clock', () => {
  it('450 greylisted: stays queued, mailq shows why, the retry after sleep 300 is accepted', async () => {
    const { laptop } = world();
    await submit(laptop, ['dave@slow.test']);
    expect(laptop.net.mailbox('dave@slow.test')).toHaveLength(0);
    const q = laptop.type('mailq');
    expect(q).toMatch(/^-Queue ID- {2}--Size-- ----Arrival Time---- -Sender\/Recipient-------\n/);
    expect(q).toMatch(/\n[0-9A-F]{11} +\d+ Sun Nov 22 23:0\d:\d\d {2}alice@example\.test\n/);
    expect(q).toContain(
      '\n(host mx.slow.test[203.0.113.90] said: 450 4.7.1 <dave@slow.test>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/slow.test.html (in reply to RCPT TO command))\n' +
        ' '.repeat(41) +
        'dave@slow.test\n\n-- 0 Kbytes in 1 Request.\n',
    );
    expect(laptop.type('postqueue -p')).toBe(q);
    // minimal_backoff_time is 300 s: nothing happens a little earlier.
    laptop.type('sleep 200');
    expect(laptop.net.mailbox('dave@slow.test')).toHaveLength(0);
    laptop.type('sleep 100');
    expect(laptop.net.mailbox('dave@slow.test')).toHaveLength(1);
    expect(laptop.type('mailq')).toBe('Mail queue is empty\n');
  });

  it('postqueue -f retries at once, but greylisting still says no before its delay (near miss)', async () => {
    const { laptop } = world();
    await submit(laptop, ['dave@slow.test']);
    laptop.type('postqueue -f');
    expect(laptop.net.mailbox('dave@slow.test')).toHaveLength(0);
    expect(laptop.type('mailq')).toContain('Greylisted');
  });

  it('the retry schedule: qmgr waits as long as the message is old, from 300 s up to 4000 s', async () => {
    const { laptop, travel } = world();
    travel.setDown('mx.elsewhere.test');
    travel.setDown('mx2.elsewhere.test');
    const attempts: number[] = [];
    laptop.net.on((e) => {
      if (e.type === 'queue-status') attempts.push(e.delay);
    });
    await submit(laptop, ['alice@elsewhere.test']);
    laptop.type('sleep 4h');
    // Each attempt comes max(300, min(4000, age)) after the previous one (the test clock also ticks one
    // second per reading, hence a few seconds more): the waits double from 300 s and stop at 4000 s.
    const gaps = attempts.slice(1).map((d, i) => d - attempts[i]);
    const wanted = attempts.slice(0, -1).map((age) => Math.max(300, Math.min(4000, age)));
    expect(gaps.length).toBeGreaterThan(6);
    gaps.forEach((g, i) => expect(g - wanted[i], `gap ${i}`).toBeGreaterThanOrEqual(0));
    gaps.forEach((g, i) => expect(g - wanted[i], `gap ${i}`).toBeLessThan(20));
    expect(gaps.slice(0, 2).every((g) => g < 330)).toBe(true);
    expect(gaps.at(-1)).toBeGreaterThanOrEqual(4000);
  });

  it('a delay warning after delay_warning_time for NOTIFY=DELAY, and the final bounce after the queue lifetime', async () => {
    const laptop = boot();
    const travel = enableTravel(laptop.net, { settings: { delay_warning_time: 4 * 3600 } });
    travel.setDown('mx.elsewhere.test');
    travel.setDown('mx2.elsewhere.test');
    await submit(laptop, ['alice@elsewhere.test'], { notify: 'DELAY,FAILURE' });
    laptop.type('sleep 3h');
    expect(laptop.net.mailbox('alice@example.test')).toHaveLength(0);
    laptop.type('sleep 2h');
    const [warning] = laptop.net.mailbox('alice@example.test');
    expect(warning.stored).toContain('Subject: Delayed Mail (still being retried)');
    expect(warning.stored).toContain(
      'Your message could not be delivered for more than 4 hour(s).\nIt will be retried until it is 5 day(s) old.',
    );
    expect(warning.stored).toContain('Action: delayed\nStatus: 4.4.1');
    expect(warning.stored).toMatch(/Will-Retry-Until: Fri, 27 Nov 2026 23:0\d:\d\d \+0000 \(UTC\)/);
    expect(warning.stored).toContain('Content-Description: Undelivered Message Headers');
    laptop.type('sleep 4d');
    expect(laptop.net.mailbox('alice@example.test')).toHaveLength(1);
    expect(laptop.type('mailq')).not.toBe('Mail queue is empty\n');
    laptop.type('sleep 1d');
    const boxes = laptop.net.mailbox('alice@example.test');
    expect(boxes).toHaveLength(2);
    expect(boxes[1].stored).toContain('Subject: Undelivered Mail Returned to Sender');
    expect(boxes[1].stored).toContain('connect to mx2.elsewhere.test[203.0.113.81]:25: Connection timed out');
    expect(laptop.type('mailq')).toBe('Mail queue is empty\n');
  });

  it("Postfix's default delay_warning_time (0): no delay warning even with NOTIFY=DELAY (near miss)", async () => {
    const { laptop, travel } = world();
    travel.setDown('mx.elsewhere.test');
    travel.setDown('mx2.elsewhere.test');
    await submit(laptop, ['alice@elsewhere.test'], { notify: 'DELAY' });
    laptop.type('sleep 1d');
    expect(laptop.net.mailbox('alice@example.test')).toHaveLength(0);
  });

  it('a learner who talks to a greylisting MX by hand gets 450, and after sleep 300 the same triplet passes', () => {
    const laptop = boot();
    laptop.type('telnet mx.slow.test 25');
    laptop.type('EHLO laptop.client.test');
    laptop.type('MAIL FROM:<learner@client.test>');
    expect(laptop.type('RCPT TO:<dave@slow.test>')).toMatch(
      /^450 4\.7\.1 <dave@slow\.test>: Recipient address rejected: Greylisted/,
    );
    // Another recipient is another triplet: greylisted too (near miss).
    expect(laptop.type('RCPT TO:<postmaster@slow.test>')).toMatch(/^450 /);
    laptop.press('escape');
    laptop.type('quit');
    laptop.type('sleep 300');
    laptop.type('telnet mx.slow.test 25');
    laptop.type('EHLO laptop.client.test');
    laptop.type('MAIL FROM:<learner@client.test>');
    expect(laptop.type('RCPT TO:<dave@slow.test>')).toMatch(/^250 2\.1\.5 Ok/);
  });

  it('sleep: the clock moves on (date shows it); bad intervals are refused as GNU sleep does', () => {
    const laptop = boot();
    const before = laptop.net.env.now();
    expect(laptop.type('sleep 1h 30m')).toBe('');
    expect(laptop.net.env.now() - before).toBeGreaterThanOrEqual(5400_000);
    expect(laptop.net.env.now() - before).toBeLessThan(5410_000);
    expect(laptop.type('sleep soon')).toBe(
      "sleep: invalid time interval 'soon'\nTry 'sleep --help' for more information.\n",
    );
    expect(laptop.type('sleep')).toMatch(/^sleep: missing operand/);
    expect(laptop.type('postqueue')).toMatch(/^postqueue: fatal: usage: postqueue -f/);
  });
});

describe('success reports (NOTIFY=SUCCESS) for mail that travels', () => {
  const report = (laptop: Laptop, subject: string) =>
    laptop.net.mailbox('alice@example.test').filter((m) => m.content.includes(`Subject: ${subject}`));

  it('a server that announces DSN is passed NOTIFY=SUCCESS and reports the final delivery itself', async () => {
    const { laptop } = world();
    const events: SmtpEvent[] = [];
    laptop.net.on((e) => events.push(e));
    await submit(laptop, ['alice@elsewhere.test'], { notify: 'SUCCESS' });
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'relay-command',
        line: 'RCPT TO:<alice@elsewhere.test> ORCPT=rfc822;alice@elsewhere.test NOTIFY=SUCCESS',
      }),
    );
    // Not "relayed" from the provider: the report comes from elsewhere.test's MX, back over two hops.
    const reports = report(laptop, 'Successful Mail Delivery Report');
    expect(reports).toHaveLength(1);
    const r = reports[0].stored;
    expect(r).toContain('From: Mail Delivery System <MAILER-DAEMON@elsewhere.test>');
    expect(r).toContain('<alice@elsewhere.test>: delivery via local: delivered to mailbox');
    expect(r).toContain('Reporting-MTA: dns; mx.elsewhere.test');
    expect(r).toContain('Action: delivered');
    expect(r).not.toContain('Action: relayed');
    expect(r).toContain('Return-Path: <>');
    // Its own trace (the header section): written on mx.elsewhere.test, then carried to the provider.
    expect(received(r.slice(0, r.indexOf('\n\n')))).toEqual([
      'Received: from mx.elsewhere.test (mx.elsewhere.test [203.0.113.80])',
      'Received: by mx.elsewhere.test (Postfix)',
    ]);
  });

  it('a server without DSN: the provider itself sends "relayed" with the remote 250 quoted', async () => {
    const { laptop } = world();
    await submit(laptop, ['test@testingsmtp.com'], { notify: 'SUCCESS,FAILURE' });
    const reports = report(laptop, 'Successful Mail Delivery Report');
    expect(reports).toHaveLength(1);
    const r = reports[0].stored;
    expect(r).toContain('From: Mail Delivery System <MAILER-DAEMON@example.test>');
    // bounce(8) wraps the line at 79 columns.
    expect(r).toMatch(
      /<test@testingsmtp\.com>: delivery via rglapache\[198\.51\.100\.63\]:25: 250\n {4}M\d+ Message/,
    );
    expect(r).toContain('Action: relayed');
    expect(r).toContain('Status: 2.0.0');
    expect(r).toContain('Remote-MTA: dns; rglapache');
    expect(r).toMatch(/Diagnostic-Code: smtp; 250 /);
    // A success report returns the headers only.
    expect(r).toContain('Content-Type: text/rfc822-headers');
  });

  it('without NOTIFY=SUCCESS no success report is written, by either server (near miss)', async () => {
    for (const to of ['alice@elsewhere.test', 'test@testingsmtp.com']) {
      const { laptop } = world();
      await submit(laptop, [to], { notify: 'FAILURE' });
      await submit(laptop, [to]);
      expect(report(laptop, 'Successful Mail Delivery Report')).toEqual([]);
    }
  });
});

describe('what the learner is told about the 250 of a relaying host', () => {
  it('"queued for relay" for the provider that passes it on, "delivered" for the server that stores it', async () => {
    const { en, noteText } = await import('../../../src/ui/strings.ts');
    const { laptop } = world();
    const notes: string[] = [];
    laptop.net.on((e) => {
      if (e.type === 'delivered') notes.push(noteText(en, e));
    });
    await submit(laptop, ['alice@elsewhere.test', 'bob@example.test']);
    expect(notes).toEqual([
      expect.stringMatching(
        /^queued for relay to alice@elsewhere\.test \(queue id [0-9A-F]+\): delivered only when the next hop accepts it$/,
      ),
      expect.stringMatching(/^delivered to bob@example\.test \(queue id [0-9A-F]+\)$/),
      // The remote MX's own delivery, on the relay's connection.
      expect.stringMatching(/^delivered to alice@elsewhere\.test \(queue id [0-9A-F]+\)$/),
    ]);
  });

  it('without the travel machinery nothing is queued: the note says delivered, as before', () => {
    const laptop = boot();
    const queued: boolean[] = [];
    laptop.net.on((e) => {
      if (e.type === 'delivered') queued.push(e.queued === true);
    });
    void submit(laptop, ['alice@elsewhere.test']);
    expect(queued).toEqual([false]);
  });
});

describe('connection reuse (smtp(8) connection cache on demand)', () => {
  /** n messages queued while both MX are down, then the best MX back and the queue flushed. */
  async function backlog(n: number) {
    const { laptop, travel } = world();
    travel.setDown('mx.elsewhere.test');
    travel.setDown('mx2.elsewhere.test');
    for (let i = 1; i <= n; i++) await submit(laptop, ['alice@elsewhere.test'], { subject: `message ${i}` });
    expect(travel.entries('mail.example.test')).toHaveLength(n);
    travel.setDown('mx.elsewhere.test', false);
    const events: SmtpEvent[] = [];
    laptop.net.on((e) => events.push(e));
    laptop.type('postqueue -f');
    expect(laptop.net.mailbox('alice@elsewhere.test')).toHaveLength(n);
    expect(travel.entries('mail.example.test')).toHaveLength(0);
    const connections = new Map<number, string[]>();
    for (const e of events) {
      if (e.type !== 'relay-command') continue;
      connections.set(e.connectionId, [
        ...(connections.get(e.connectionId) ?? []),
        e.line.replace(/ .*/, ''),
      ]);
    }
    return [...connections.values()];
  }

  it('a burst within the initial concurrency (5) goes over connections of its own, as recorded for two', async () => {
    const sessions = await backlog(2);
    expect(sessions).toHaveLength(2);
    for (const s of sessions)
      expect(s).toEqual(['EHLO', 'STARTTLS', 'EHLO', 'MAIL', 'RCPT', 'DATA', '.', 'QUIT']);
  });

  it('beyond it, a delivery keeps its connection and the next message follows an RSET probe', async () => {
    const sessions = await backlog(8);
    // Five in parallel, then the sixth keeps its connection for the seventh and the eighth.
    expect(sessions).toHaveLength(6);
    for (const s of sessions.slice(0, 5)) expect(s.filter((l) => l === 'RSET')).toEqual([]);
    const transaction = ['MAIL', 'RCPT', 'DATA', '.'];
    expect(sessions[5]).toEqual([
      'EHLO',
      'STARTTLS',
      'EHLO',
      ...transaction,
      'RSET',
      ...transaction,
      'RSET',
      ...transaction,
      'QUIT',
    ]);
  });
});

describe('the world the mail travels in', () => {
  it('no two hosts share an address: the relay connects to an MX by the address its A record gives', async () => {
    const { defaultWorld, checkingWorld } = await import('../../../src/smtp/worlds.ts');
    for (const world of [defaultWorld, checkingWorld]) {
      const owners = new Map<string, string>();
      for (const host of world.hosts)
        for (const address of host.addresses) {
          expect(owners.get(address), `${address}: ${host.name}`).toBeUndefined();
          owners.set(address, host.name);
        }
    }
  });
});
