// The delivery report writer (src/smtp/dsn.ts) loads on first need (src/smtp/delivery.ts). A message that owes a
// report before it is here gets the same 250 and the same stored report as with the writer preloaded; what the
// client sends meanwhile waits, in order; a chunk that cannot be fetched still gets the 250, and the report comes
// once a later load succeeds. The test setup preloads the writer: here each test gets fresh modules, with the
// server profiles and the laptop's commands loaded (as a lesson's lines load theirs) but not the writer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Session } from './harness.ts';

type Harness = typeof import('./harness.ts');
type Delivery = typeof import('../../../src/smtp/delivery.ts');

let fresh: Harness;
let delivery: Delivery;
beforeEach(async () => {
  vi.resetModules();
  fresh = await import('./harness.ts');
  delivery = await import('../../../src/smtp/delivery.ts');
  await (await import('../../../src/smtp/profiles/registry.ts')).loadProfiles();
  await (await import('../../../src/workstation/commands/index.ts')).loadCommands();
});
afterEach(() => {
  vi.doUnmock('../../../src/smtp/dsn.ts');
});

const b64 = (text: string) => Buffer.from(text, 'latin1').toString('base64');

/** alice, logged in on the submission port, mails nobody (accepted there, refused by local(8): a bounce). */
function bounceSession(h: Harness) {
  const s = new h.Session({ profile: 'postfix-submission', port: 587 }).start();
  s.command('STARTTLS');
  s.connection.startTls();
  s.command('EHLO l');
  s.command(`AUTH PLAIN ${b64('\0alice\0secret')}`);
  s.command('MAIL FROM:<alice@example.test> RET=HDRS');
  s.command('RCPT TO:<nobody@example.test>');
  s.command('RCPT TO:<bob@example.test> NOTIFY=SUCCESS');
  s.command('DATA');
  return s;
}

const wire = (s: Session) => s.events.flatMap((e) => (e.type === 'reply' ? [e.wire] : []));
const reportsTo = (s: Session, mailbox: string) =>
  s.net.mailbox(mailbox).filter((m) => m.envelope.mailFrom === '');

describe('the delivery report writer, loaded on demand', () => {
  it('a message that owes no report is stored at once, and the writer is not fetched', () => {
    const s = new fresh.Session().start();
    s.command('EHLO c');
    s.command('MAIL FROM:<learner@client.test>');
    s.command('RCPT TO:<alice@example.test>');
    s.command('DATA');
    expect(s.command('Subject: x\r\n\r\nhi\r\n.')[0]).toMatch(/^250 2\.0\.0 Ok: queued as /);
    expect(s.net.mailbox('alice@example.test')).toHaveLength(1);
    expect(delivery.reportWriterLoaded()).toBe(false);
  });

  it('a bounce owed before the writer loaded: the 250 waits for it, then the same replies and reports', async () => {
    expect(delivery.reportWriterLoaded()).toBe(false);
    const cold = bounceSession(fresh);
    // The dot, and two commands pipelined after it: nothing is answered until the writer is here.
    cold.send('Subject: to two\r\n\r\nhello\r\n.\r\nNOOP\r\nQUIT\r\n');
    expect(cold.take()).toEqual([]);
    expect(cold.net.mailbox('bob@example.test')).toHaveLength(0);
    await cold.net.settled();
    expect(delivery.reportWriterLoaded()).toBe(true);

    const warm = bounceSession({ Session } as Harness);
    warm.send('Subject: to two\r\n\r\nhello\r\n.\r\nNOOP\r\nQUIT\r\n');
    expect(wire(cold)).toEqual(wire(warm));
    expect(cold.take().slice(-4)).toEqual([
      expect.stringMatching(/^250 2\.0\.0 Ok: queued as /),
      '250 2.0.0 Ok',
      '221 2.0.0 Bye',
      '<closed>',
    ]);
    // Byte for byte the reports a preloaded writer stores: the bounce (headers only) and bob's success notice.
    const stored = (s: Session) => reportsTo(s, 'alice@example.test').map((m) => m.stored);
    expect(stored(cold)).toHaveLength(2);
    expect(stored(cold)).toEqual(stored(warm));
    expect(stored(cold)[0]).toMatch(/^Subject: Undelivered Mail Returned to Sender$/m);
    expect(stored(cold)[1]).toMatch(/^Subject: Successful Mail Delivery Report$/m);
    // Stored before the 250 and announced after it, in the order of the preloaded writer's events.
    const kinds = (s: Session) =>
      s.events.map((e) => (e.type === 'reply' ? `reply ${e.reply.code}` : e.type));
    expect(kinds(cold)).toEqual(kinds(warm));
  });

  it('a writer that cannot be fetched: the 250 and the copies anyway; the report once a later load succeeds', async () => {
    vi.doMock('../../../src/smtp/dsn.ts', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    vi.resetModules();
    const offline = await import('./harness.ts');
    const writer = await import('../../../src/smtp/delivery.ts');
    await (await import('../../../src/smtp/profiles/registry.ts')).loadProfiles();
    const s = bounceSession(offline);
    s.send('Subject: to two\r\n\r\nhello\r\n.\r\nNOOP\r\n');
    await s.net.settled();
    expect(s.take()).toEqual([expect.stringMatching(/^250 2\.0\.0 Ok: queued as /), '250 2.0.0 Ok']);
    expect(s.net.mailbox('bob@example.test')).toHaveLength(1);
    expect(reportsTo(s, 'alice@example.test')).toEqual([]);
    expect(writer.reportWriterLoaded()).toBe(false);

    // Back online: the next load (a lesson starting, another report owed) writes the held ones too.
    vi.doUnmock('../../../src/smtp/dsn.ts');
    await writer.loadReportWriter();
    const reports = reportsTo(s, 'alice@example.test');
    expect(reports.map((m) => /^Subject: (.*)$/m.exec(m.content)?.[1])).toEqual([
      'Undelivered Mail Returned to Sender',
      'Successful Mail Delivery Report',
    ]);
    const announced = s.events.flatMap((e) => (e.type === 'delivered' ? [e.message] : []));
    expect(announced.slice(-2)).toEqual(reports);
  });
});
