import { afterEach, describe, expect, it } from 'vitest';
import { fixedEnvironment } from '../../src/smtp/environment.ts';
import { defaultWorld } from '../../src/smtp/worlds.ts';
import { LabSession, primaryHost, profilePort, worldWithProfile } from '../../src/ui/lab.svelte.ts';
import { Settings } from '../../src/ui/settings.svelte.ts';

const labs: LabSession[] = [];
const newLab = (settings = new Settings()) => {
  const lab = new LabSession({ world: defaultWorld, settings, environment: () => fixedEnvironment() });
  labs.push(lab);
  return lab;
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  while (labs.length) labs.pop()!.dispose();
});

describe('LabSession', () => {
  it('runs what typeLine types through the real workstation and logs shell lines and the conversation', async () => {
    const lab = newLab();
    await lab.typeLine('telnet mail.example.test 25');
    await lab.typeLine('EHLO laptop');
    await settle();
    const kinds = lab.transcript.map((e) => e.kind);
    expect(kinds[0]).toBe('shell');
    expect(lab.transcript[0]).toMatchObject({ kind: 'shell', text: 'telnet mail.example.test 25' });
    expect(lab.transcript).toContainEqual(
      expect.objectContaining({ kind: 'output', text: 'Trying 192.0.2.25...' }),
    );
    expect(lab.transcript).toContainEqual(expect.objectContaining({ kind: 'client', text: 'EHLO laptop' }));
    const replies = lab.transcript
      .filter((e) => e.kind === 'server')
      .map((e) => e.kind === 'server' && e.reply.code);
    expect(replies).toEqual([220, 250]);
    // The SMTP line was logged once, as the server read it, not also as a typed shell line.
    expect(lab.transcript.filter((e) => 'text' in e && e.text === 'EHLO laptop')).toHaveLength(1);
    expect(lab.mode.program).toBe('telnet');
    expect(lab.diagram.filter((a) => a.kind === 'reply')).toHaveLength(2);
  });

  it('forwards network events and entered lines to listeners, across a reset', async () => {
    const lab = newLab();
    const events: string[] = [];
    const lines: string[] = [];
    lab.onEvent((e) => events.push(e.type));
    lab.onLine((l) => lines.push(l.line));
    lab.reset();
    await lab.typeLine('telnet mail.example.test 25');
    expect(events.slice(0, 2)).toEqual(['connected', 'reply']);
    expect(lines).toEqual(['telnet mail.example.test 25']);
  });

  it('starts over with an empty transcript, a new network and empty mailboxes on reset', async () => {
    const lab = newLab();
    const first = lab.network;
    await lab.typeLine('telnet mail.example.test 25');
    await settle();
    expect(lab.transcript.length).toBeGreaterThan(0);
    lab.reset();
    await settle();
    expect(lab.transcript).toEqual([]);
    expect(lab.diagram).toEqual([]);
    expect(lab.network).not.toBe(first);
    expect(lab.mode.program).toBe('shell');
  });

  it('passes the telnet echo setting to the workstation', async () => {
    const lab = newLab(new Settings({ telnetEcho: false }));
    await lab.typeLine('telnet mail.example.test 25');
    expect(lab.mode.echo).toBe(false);
  });

  it('keeps several labs apart (no shared state between simulators on one page)', async () => {
    const a = newLab();
    const b = newLab();
    await a.typeLine('telnet mail.example.test 25');
    await settle();
    expect(a.mode.program).toBe('telnet');
    expect(b.mode.program).toBe('shell');
    expect(b.transcript).toEqual([]);
  });
});

describe('sandbox world helpers', () => {
  it('swaps the profile of the primary host on port 25 only', () => {
    const world = worldWithProfile(defaultWorld, 'sendmail');
    const host = world.hosts.find((h) => h.name === primaryHost(defaultWorld))!;
    expect(host.services.find((s) => s.port === 25)?.profile).toBe('sendmail');
    expect(host.services.find((s) => s.port === 587)?.profile).toBe('postfix-submission');
    expect(defaultWorld.hosts[0].services[0].profile).toBe('postfix');
    expect(profilePort(defaultWorld, 'sendmail')).toBe(25);
  });

  it('the submission Postfix answers on 587, where the world runs it; port 25 keeps its Postfix', () => {
    expect(profilePort(defaultWorld, 'postfix-submission')).toBe(587);
    const world = worldWithProfile(defaultWorld, 'postfix-submission');
    const host = world.hosts.find((h) => h.name === primaryHost(defaultWorld))!;
    expect(host.services.find((s) => s.port === 25)?.profile).toBe('postfix');
    expect(host.services.find((s) => s.port === 587)?.profile).toBe('postfix-submission');
  });
});
