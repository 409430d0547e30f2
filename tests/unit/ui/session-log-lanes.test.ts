// The relay's conversation (mail.example.test -> mx.elsewhere.test) in the transcript and diagram data: every
// line of it carries its lane and none is logged as the learner's own; the learner's session keeps the shell.
import { describe, expect, it } from 'vitest';
import { enableTravel } from '../../../src/smtp/travel/index.ts';
import { SessionLog } from '../../../src/ui/session-log.ts';
import { boot } from '../workstation/harness.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const b64 = (s: string) => Buffer.from(s).toString('base64');

async function submitRemote(withOrigins: boolean) {
  const laptop = boot();
  enableTravel(laptop.net);
  const log = new SessionLog();
  if (withOrigins) log.setOrigins((id) => laptop.net.connectionOrigin(id));
  laptop.net.on((e) => log.event(e));
  const conn = laptop.net.connect('mail.example.test', 587);
  if (!conn.ok) throw new Error('connect');
  const c = conn.connection;
  c.start();
  c.send('EHLO laptop.client.test\r\nSTARTTLS\r\n');
  c.startTls();
  c.send(`EHLO laptop.client.test\r\nAUTH PLAIN ${b64('\0alice\0secret')}\r\n`);
  c.send('MAIL FROM:<alice@example.test>\r\nRCPT TO:<alice@elsewhere.test>\r\n');
  c.send('DATA\r\nSubject: Hi\r\n\r\nHi there.\r\n.\r\n');
  await tick();
  return { log, learner: c.id, stillOpen: log.connected, c };
}

describe('session log lanes', () => {
  it('marks every line of the relay connection with its lane, and none of the learner’s', async () => {
    const { log, learner } = await submitRemote(true);
    const conversation = log.entries.filter((e) => e.kind === 'client' || e.kind === 'server');
    const relay = conversation.filter((e) => e.connectionId !== learner);
    // The relay really spoke: its EHLO and the remote's 250 for the message are there.
    expect(relay.some((e) => e.kind === 'client' && e.text === 'EHLO mail.example.test')).toBe(true);
    expect(relay.some((e) => e.kind === 'server' && e.reply.code === 250)).toBe(true);
    for (const e of relay) {
      expect(e.relay).toEqual({
        client: 'mail.example.test',
        server: 'mx.elsewhere.test',
      });
    }
    for (const e of conversation.filter((x) => x.connectionId === learner)) {
      expect(e.relay).toBeFalsy();
    }
    const arrows = log.arrows.filter((a) => a.kind !== 'note' && a.connectionId !== learner);
    expect(arrows.length).toBeGreaterThan(5);
    for (const a of arrows) expect(a.relay?.server).toBe('mx.elsewhere.test');
  });

  it('a relay connection does not count as the learner’s open conversation', async () => {
    const { log, c } = await submitRemote(true);
    expect(log.connected).toBe(true);
    c.send('QUIT\r\n');
    await tick();
    // The relay's connection opened and closed while the learner's was open; after QUIT the shell has it back.
    expect(log.connected).toBe(false);
  });

  it('without origins (no network told it) the same lines are not labelled: the labels come from the network', async () => {
    const { log, learner } = await submitRemote(false);
    const relay = log.entries.filter((e) => e.kind === 'client' && e.connectionId !== learner);
    expect(relay.length).toBeGreaterThan(0);
    expect(relay.every((e) => e.kind === 'client' && !e.relay)).toBe(true);
  });
});
