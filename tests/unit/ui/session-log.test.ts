import { describe, expect, it } from 'vitest';
import { Network } from '../../../src/smtp/network.ts';
import { defaultWorld } from '../../../src/smtp/worlds.ts';
import { fixedEnvironment } from '../../../src/smtp/environment.ts';
import { SessionLog } from '../../../src/ui/session-log.ts';

function session(log: SessionLog) {
  const network = new Network(defaultWorld, fixedEnvironment());
  network.on((e) => log.event(e));
  const r = network.connect('mail.example.test', 25);
  if (!r.ok) throw new Error('no connection');
  r.connection.start();
  return r.connection;
}

const limits = { dataLines: 3, outputLines: 2, transcript: 40, diagram: 40 };

describe('session log', () => {
  it('logs the lines the server read as C: and its replies as S:, with the wire line ends', () => {
    const log = new SessionLog();
    const c = session(log);
    c.send('EHLO laptop\n');
    const client = log.entries.filter((e) => e.kind === 'client');
    expect(client).toEqual([expect.objectContaining({ text: 'EHLO laptop', ending: '\n', data: false })]);
    const ehlo = log.entries.filter((e) => e.kind === 'server')[1];
    expect(ehlo.kind === 'server' && ehlo.lines[0]).toBe('250-mail.example.test');
  });

  it('shows the first lines of a message, counts the rest, and keeps the terminating dot', () => {
    const log = new SessionLog(limits);
    const c = session(log);
    for (const l of ['HELO a', 'MAIL FROM:<a@client.test>', 'RCPT TO:<alice@example.test>', 'DATA'])
      c.send(l + '\r\n');
    for (let i = 0; i < 10; i++) c.send(`body ${i}\r\n`);
    c.send('.\r\n');
    const data = log.entries
      .filter((e) => e.kind === 'client' && e.data)
      .map((e) => e.kind === 'client' && e.text);
    expect(data).toEqual(['body 0', 'body 1', 'body 2', '.']);
    expect(log.entries).toContainEqual(expect.objectContaining({ kind: 'elided', count: 7 }));
    expect(log.arrows).toContainEqual(expect.objectContaining({ kind: 'message', lines: 10, done: true }));
  });

  it('treats a dot that does not end the message as content', () => {
    const log = new SessionLog();
    const c = session(log);
    for (const l of ['HELO a', 'MAIL FROM:<a@client.test>', 'RCPT TO:<alice@example.test>', 'DATA'])
      c.send(l + '\r\n');
    c.send('..\r\n');
    c.send('.\r\n');
    expect(log.arrows).toContainEqual(expect.objectContaining({ kind: 'message', lines: 1, done: true }));
  });

  it('records shell lines and output outside a conversation, and not the screen inside one', () => {
    const log = new SessionLog(limits);
    log.enteredLine('dig example.test MX', 'learner@laptop:~$ ', false);
    log.shellOutput('\x1b[32mone\x1b[0m\ntwo\nthree\nfour\n');
    const c = session(log);
    log.shellOutput('220 mail.example.test ESMTP Postfix\n');
    log.enteredLine('EHLO a', '', true);
    c.close();
    const kinds = log.entries.map((e) => e.kind);
    expect(kinds.slice(0, 4)).toEqual(['shell', 'output', 'output', 'elided']);
    expect(log.entries[1]).toMatchObject({ text: 'one' });
    expect(log.entries[3]).toMatchObject({ count: 2 });
    expect(log.entries.filter((e) => e.kind === 'output')).toHaveLength(2);
    expect(log.entries.filter((e) => e.kind === 'shell')).toHaveLength(1);
  });

  it('gives each reply the phase the session is in after it', () => {
    const log = new SessionLog();
    const c = session(log);
    c.send('HELO a\r\n');
    c.send('MAIL FROM:<a@client.test>\r\n');
    c.send('RCPT TO:<nobody@example.test>\r\n');
    const phases = log.entries.flatMap((e) => (e.kind === 'server' ? [e.phaseAfter] : []));
    expect(phases).toEqual(['greeting', 'ready', 'mail', 'mail']);
  });

  it('drops the oldest entries past its limit and counts them', () => {
    const log = new SessionLog(limits);
    const c = session(log);
    for (let i = 0; i < 100; i++) c.send('NOOP\r\n');
    expect(log.entries.length).toBeLessThanOrEqual(limits.transcript + limits.transcript / 4);
    // The connected note, the greeting, then a command and a reply for each NOOP.
    expect(log.droppedEntries + log.entries.length).toBe(1 + 1 + 200);
    expect(log.arrows.length).toBeLessThanOrEqual(limits.diagram + limits.diagram / 4);
  });
});
