// Options of smtp-serve, the bridged world and client-address normalisation: pure functions.
import { describe, expect, it } from 'vitest';
import { normalizeClientAddress, formatEndpoint } from '../../../src/bridge/address.ts';
import { parseServeArgs, readyLine, usage } from '../../../src/bridge/cli.ts';
import { visible } from '../../../src/bridge/text.ts';
import { replyOctets } from '../../../src/bridge/link.ts';
import { bridgeWorld } from '../../../src/bridge/world.ts';
import { defaultWorld } from '../../../src/smtp/worlds.ts';

describe('parseServeArgs', () => {
  it('defaults to Postfix on 127.0.0.1:2525 for mail.example.test', () => {
    const parsed = parseServeArgs([]);
    expect(parsed.kind).toBe('run');
    if (parsed.kind !== 'run') return;
    expect(parsed.options.bridge.listeners).toEqual([{ port: 2525, profile: 'postfix' }]);
    expect(parsed.options.bridge.bindAddress).toBe('127.0.0.1');
    expect(parsed.options.bridge.mailHost).toBe('mail.example.test');
    expect(parsed.options.bridge.idleTimeoutMs).toBe(300_000);
    expect(parsed.options.verbose).toBe(false);
  });

  it('adds an implicit-TLS listener with its own profile', () => {
    const parsed = parseServeArgs([
      '--port',
      '2525',
      '--tls-port',
      '4650',
      '--profile',
      'sendmail',
      '--tls-profile',
      'postfix-submission',
      '-v',
    ]);
    expect(parsed.kind === 'run' && parsed.options.bridge.listeners).toEqual([
      { port: 2525, profile: 'sendmail' },
      { port: 4650, profile: 'postfix-submission', tls: 'implicit' },
    ]);
    expect(parsed.kind === 'run' && parsed.options.verbose).toBe(true);
  });

  it.each([
    [['--port', '70000'], '--port'],
    [['--port', 'abc'], '--port'],
    [['--tls-port', '2525'], 'differ'],
    [['--profile', 'nope'], 'unknown profile "nope"'],
    [['--world', 'mars'], 'unknown world "mars"'],
    [['--mail-host', 'mx.nowhere.test'], 'no host "mx.nowhere.test"'],
    [['--idle-timeout', '0'], '--idle-timeout'],
    [['--bogus'], 'bogus'],
    [['stray'], 'stray'],
  ])('refuses %j with a message naming the problem', (args, needle) => {
    const parsed = parseServeArgs(args);
    expect(parsed.kind).toBe('error');
    expect(parsed.kind === 'error' && parsed.message).toContain(needle);
  });

  it('reads the limits a classroom needs, with Postfix defaults where Postfix has them', () => {
    const defaults = parseServeArgs([]);
    expect(defaults.kind === 'run' && defaults.options.bridge).toMatchObject({
      minDataRate: 500,
      sessionTimeoutMs: 3_600_000,
      maxConnections: 100,
      maxConnectionsPerClient: 50,
      keep: { messages: 1000, octets: 100 * 1024 * 1024 },
    });
    const parsed = parseServeArgs([
      '--min-data-rate',
      '2000',
      '--session-timeout',
      '600',
      '--max-per-client',
      '5',
      '--keep-messages',
      '20',
      '--keep-mb',
      '8',
    ]);
    expect(parsed.kind === 'run' && parsed.options.bridge).toMatchObject({
      minDataRate: 2000,
      sessionTimeoutMs: 600_000,
      maxConnectionsPerClient: 5,
      keep: { messages: 20, octets: 8 * 1024 * 1024 },
    });
    for (const bad of [
      ['--max-per-client', '0'],
      ['--keep-mb', '0'],
      ['--keep-messages', 'many'],
      ['--min-data-rate', '-1'],
      ['--session-timeout', '0'],
    ]) {
      const refused = parseServeArgs(bad);
      expect(refused.kind === 'error' && refused.message).toContain(bad[0]);
    }
  });

  it('--help says that the oldest mail is dropped past the limits, and names the Postfix settings', () => {
    const help = usage();
    expect(help).toMatch(/--keep-mb N[\s\S]*the oldest messages are dropped/);
    expect(help).toContain('smtpd_client_connection_count_limit');
    expect(help).toContain('smtpd_min_data_rate');
    expect(help).toMatch(/--verbose[^\n]*dropped/);
  });

  it('recognises --help', () => {
    expect(parseServeArgs(['--help']).kind).toBe('help');
    expect(parseServeArgs(['-h']).kind).toBe('help');
  });
});

describe('readyLine', () => {
  it('is one line naming address, port, profile and host, then any extra listener', () => {
    const line = readyLine(
      [
        { address: '::1', port: 2525, profile: 'postfix', tls: false },
        { address: '::1', port: 4650, profile: 'postfix-submission', tls: true },
      ],
      'mail.example.test',
    );
    expect(line).toBe(
      'SMTP Lab listening on [::1]:2525 (profile postfix, host mail.example.test); ' +
        'implicit TLS on [::1]:4650 (profile postfix-submission)',
    );
  });
});

describe('bridgeWorld', () => {
  it('gives the chosen host exactly the bridged services and leaves the original world alone', () => {
    const world = bridgeWorld(defaultWorld, 'MAIL.example.test', [
      { port: 40000, profile: 'sendmail' },
      { port: 40001, profile: 'postfix', tls: 'implicit' },
    ]);
    const host = world.hosts.find((h) => h.name === 'mail.example.test')!;
    expect(host.services).toEqual([
      { port: 40000, profile: 'sendmail' },
      { port: 40001, profile: 'postfix', tls: 'implicit' },
    ]);
    const original = defaultWorld.hosts.find((h) => h.name === 'mail.example.test')!;
    expect(original.services.map((s) => s.port)).toEqual([25, 587, 465]);
    expect(world.hosts.length).toBe(defaultWorld.hosts.length);
  });

  it('throws for a host the world does not have', () => {
    expect(() => bridgeWorld(defaultWorld, 'mx.nowhere.test', [])).toThrow(/no host "mx\.nowhere\.test"/);
  });
});

describe('client addresses', () => {
  it.each([
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::FFFF:192.0.2.9', '192.0.2.9'],
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '::1'],
    ['fe80::1%eth0', 'fe80::1'],
    [undefined, '0.0.0.0'],
  ])('%s is seen as %s', (raw, seen) => {
    expect(normalizeClientAddress(raw)).toBe(seen);
  });

  it('brackets IPv6 endpoints', () => {
    expect(formatEndpoint('127.0.0.1', 25)).toBe('127.0.0.1:25');
    expect(formatEndpoint('::1', 25)).toBe('[::1]:25');
  });
});

describe('visible', () => {
  it('shows C0, DEL and C1 as escapes and leaves other text alone', () => {
    expect(visible('a\x1b[2J\u009b31m\x7f\r\n jörg 用户')).toBe('a\\x1b[2J\\x9b31m\\x7f\\x0d\\x0a jörg 用户');
  });
});

describe('replyOctets', () => {
  it('is UTF-8, and a CR or LF inside a line goes out as "?", never as a line end', () => {
    expect(replyOctets('550 <jörg@用户>\r\n')).toEqual(Buffer.from('550 <jörg@用户>\r\n', 'utf8'));
    expect(replyOctets('250-a\rb\r\n250 c\nd\r\n').toString()).toBe('250-a?b\r\n250 c?d\r\n');
    expect(replyOctets('250 x\r\r\n').toString()).toBe('250 x?\r\n');
  });
});
