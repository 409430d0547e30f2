// A lesson's world is a modified copy of a base world; the start lines reach the lesson's starting point.
import { describe, expect, it } from 'vitest';
import { buildWorld, startLines } from '../../../src/lessons/engine/world.ts';
import { defaultWorld } from '../../../src/smtp/worlds.ts';
import { Network } from '../../../src/smtp/network.ts';

describe('buildWorld', () => {
  it('replaces the profile of port 25, adds users and DNS records, and leaves the base world alone', () => {
    const before = JSON.stringify(defaultWorld);
    const world = buildWorld({
      profile: 'sendmail',
      users: [{ name: 'carol', password: 'pw' }],
      dns: [{ name: 'example.test', type: 'MX', preference: 20, exchange: 'backup.example.test' }],
    });
    const host = world.hosts.find((h) => h.name === 'mail.example.test')!;
    expect(host.services.find((s) => s.port === 25)?.profile).toBe('sendmail');
    expect(host.services.find((s) => s.port === 587)?.profile).toBe('postfix-submission');
    expect(host.users.map((u) => u.name)).toContain('carol');
    const mx = new Network(world).resolve('example.test', 'MX').answers;
    expect(mx.map((r) => (r.type === 'MX' ? r.exchange : ''))).toEqual([
      'mail.example.test',
      'backup.example.test',
    ]);
    expect(JSON.stringify(defaultWorld)).toBe(before);
  });

  it('applies the profile to another host when the lesson names it', () => {
    const world = buildWorld({ host: 'mx.elsewhere.test', profile: 'eraldy' });
    expect(world.hosts.find((h) => h.name === 'mx.elsewhere.test')?.services[0].profile).toBe('eraldy');
    expect(world.hosts.find((h) => h.name === 'mail.example.test')?.services[0].profile).toBe('postfix');
  });
});

describe('world.stopped', () => {
  it('a stopped host refuses every connection, its backup still answers, and the base world is untouched', () => {
    const before = JSON.stringify(defaultWorld);
    const network = new Network(buildWorld({ travel: true, stopped: ['MX.elsewhere.test'] }));
    expect(network.connect('mx.elsewhere.test', 25)).toMatchObject({ ok: false, error: 'refused' });
    expect(network.connect('203.0.113.80', 25)).toMatchObject({ ok: false, error: 'refused' });
    expect(network.connect('mx2.elsewhere.test', 25).ok).toBe(true);
    expect(network.connect('mail.example.test', 587).ok).toBe(true);
    expect(JSON.stringify(defaultWorld)).toBe(before);
    expect(new Network(buildWorld({})).connect('mx.elsewhere.test', 25).ok).toBe(true);
  });
});

describe('startLines', () => {
  it('shell: nothing typed', () => {
    expect(startLines({}, {})).toEqual([]);
  });

  it('connected: telnet to the lesson host and port', () => {
    expect(startLines({ at: 'connected', port: 587 }, { host: 'smtp.example.com' })).toEqual([
      'telnet smtp.example.com 587',
    ]);
  });

  it('data: telnet and a plain transaction up to DATA, or the given commands', () => {
    expect(startLines({ at: 'data' }, {})).toEqual([
      'telnet mail.example.test 25',
      'EHLO laptop.client.test',
      'MAIL FROM:<learner@client.test>',
      'RCPT TO:<alice@example.test>',
      'DATA',
    ]);
    expect(startLines({ at: 'data', commands: ['HELO a', 'DATA'] }, {})).toEqual([
      'telnet mail.example.test 25',
      'HELO a',
      'DATA',
    ]);
  });

  it('a lesson that starts with its own client (nc, openssl) is not given telnet', () => {
    expect(startLines({ at: 'connected', commands: ['nc -C mail.example.test 25'] }, {})).toEqual([
      'nc -C mail.example.test 25',
    ]);
  });
});
