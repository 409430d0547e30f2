// Command-line options of `npm run smtp:serve`: parsing, the help text and the one "ready" line.
import { parseArgs } from 'node:util';
import { findProfile, profiles } from '../smtp/profiles/index.ts';
import { findWorld, worlds } from '../smtp/worlds.ts';
import { formatEndpoint } from './address.ts';
import { DEFAULT_KEEP, DEFAULT_MAIL_HOST, type BridgeOptions, type Endpoint } from './server.ts';

export interface ServeOptions {
  bridge: BridgeOptions;
  verbose: boolean;
}

export type ParsedArgs =
  { kind: 'run'; options: ServeOptions } | { kind: 'help' } | { kind: 'error'; message: string };

export function usage(): string {
  const profileLines = Object.values(profiles).map((p) => `    ${p.id.padEnd(20)} ${p.label}`);
  return [
    'Usage: npm run smtp:serve -- [options]',
    '',
    'Serves the SMTP Lab simulator on a real TCP port, for telnet, nc, swaks, openssl s_client or any mail client.',
    '',
    'Options:',
    '  --port N             TCP port for plain SMTP with STARTTLS (default 2525; 0 = any free port)',
    '  --host ADDRESS       address to listen on (default 127.0.0.1; 0.0.0.0 lets a classroom connect)',
    '  --profile ID         server profile that answers (default postfix)',
    '  --tls-port N         also listen with implicit TLS, like port 465',
    '  --tls-profile ID     profile on the TLS port (default: the --profile one)',
    `  --world ID           simulated world (default default; known: ${Object.keys(worlds).join(', ')})`,
    `  --mail-host NAME     simulated host that answers (default ${DEFAULT_MAIL_HOST})`,
    '  --idle-timeout S     seconds a command line or TLS handshake may take, whole, before',
    '                       "421 timeout exceeded" (default 300; Postfix smtpd_timeout)',
    '  --min-data-rate N    octets/s a message must keep up after DATA or BDAT (default 500;',
    '                       Postfix smtpd_min_data_rate)',
    '  --session-timeout S  seconds a connection may last, however busy (default 3600)',
    '  --max-connections N  connections served at once (default 100)',
    '  --max-per-client N   connections at once from one client address (default 50;',
    '                       Postfix smtpd_client_connection_count_limit)',
    `  --keep-messages N    messages kept in the mailboxes (default ${DEFAULT_KEEP.messages}); past this or`,
    `  --keep-mb N          MB of mail kept (default ${DEFAULT_KEEP.octets / 1024 / 1024}) the oldest messages are dropped`,
    '  -v, --verbose        log connections, timeouts, TLS, every delivered and every dropped message,',
    '                       and every relay hop of mail for other domains',
    '  -h, --help           show this help',
    '',
    'Profiles:',
    ...profileLines,
  ].join('\n');
}

export function parseServeArgs(argv: string[]): ParsedArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', default: '2525' },
        host: { type: 'string', default: '127.0.0.1' },
        profile: { type: 'string', default: 'postfix' },
        'tls-port': { type: 'string' },
        'tls-profile': { type: 'string' },
        world: { type: 'string', default: 'default' },
        'mail-host': { type: 'string', default: DEFAULT_MAIL_HOST },
        'idle-timeout': { type: 'string', default: '300' },
        'min-data-rate': { type: 'string', default: '500' },
        'session-timeout': { type: 'string', default: '3600' },
        'max-connections': { type: 'string', default: '100' },
        'max-per-client': { type: 'string', default: '50' },
        'keep-messages': { type: 'string', default: String(DEFAULT_KEEP.messages) },
        'keep-mb': { type: 'string', default: String(DEFAULT_KEEP.octets / 1024 / 1024) },
        verbose: { type: 'boolean', short: 'v', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
  }
  if (values.help) return { kind: 'help' };

  const port = integer(values.port, 0, 65535);
  if (port === null) return { kind: 'error', message: `--port must be 0-65535, not "${values.port}"` };
  const tlsPort = values['tls-port'] === undefined ? undefined : integer(values['tls-port'], 0, 65535);
  if (tlsPort === null)
    return { kind: 'error', message: `--tls-port must be 0-65535, not "${values['tls-port']}"` };
  if (tlsPort !== undefined && tlsPort !== 0 && tlsPort === port)
    return { kind: 'error', message: '--tls-port must differ from --port' };
  const idle = integer(values['idle-timeout'], 1, 86400);
  if (idle === null) return { kind: 'error', message: '--idle-timeout must be 1-86400 seconds' };
  const max = integer(values['max-connections'], 1, 100000);
  if (max === null) return { kind: 'error', message: '--max-connections must be at least 1' };
  const rate = integer(values['min-data-rate'], 1, 100_000_000);
  if (rate === null) return { kind: 'error', message: '--min-data-rate must be at least 1 octet/s' };
  const session = integer(values['session-timeout'], 1, 604800);
  if (session === null) return { kind: 'error', message: '--session-timeout must be 1-604800 seconds' };
  const perClient = integer(values['max-per-client'], 1, 100000);
  if (perClient === null) return { kind: 'error', message: '--max-per-client must be at least 1' };
  const keepMessages = integer(values['keep-messages'], 1, 1_000_000);
  if (keepMessages === null) return { kind: 'error', message: '--keep-messages must be at least 1' };
  const keepMb = integer(values['keep-mb'], 1, 100_000);
  if (keepMb === null) return { kind: 'error', message: '--keep-mb must be at least 1' };

  const profile = values.profile;
  const tlsProfile = values['tls-profile'] ?? profile;
  for (const id of [profile, tlsProfile]) {
    if (!findProfile(id))
      return {
        kind: 'error',
        message: `unknown profile "${id}"; known: ${Object.keys(profiles).join(', ')}`,
      };
  }
  const world = findWorld(values.world);
  if (!world)
    return {
      kind: 'error',
      message: `unknown world "${values.world}"; known: ${Object.keys(worlds).join(', ')}`,
    };
  const mailHost = values['mail-host'];
  if (!world.hosts.some((h) => h.name.toLowerCase() === mailHost.toLowerCase()))
    return {
      kind: 'error',
      message: `world "${world.id}" has no host "${mailHost}"; known: ${world.hosts.map((h) => h.name).join(', ')}`,
    };

  const listeners: BridgeOptions['listeners'] = [{ port, profile }];
  if (tlsPort !== undefined) listeners.push({ port: tlsPort, profile: tlsProfile, tls: 'implicit' });
  return {
    kind: 'run',
    options: {
      verbose: values.verbose,
      bridge: {
        listeners,
        bindAddress: values.host,
        world,
        mailHost,
        idleTimeoutMs: idle * 1000,
        minDataRate: rate,
        sessionTimeoutMs: session * 1000,
        maxConnections: max,
        maxConnectionsPerClient: perClient,
        keep: { messages: keepMessages, octets: keepMb * 1024 * 1024 },
      },
    },
  };
}

/** The single line printed when every port is listening; tests and scripts wait for it. */
export function readyLine(endpoints: Endpoint[], hostName: string): string {
  const [main, ...more] = endpoints;
  const extra = more.map(
    (e) =>
      `; ${e.tls ? 'implicit TLS' : 'also'} on ${formatEndpoint(e.address, e.port)} (profile ${e.profile})`,
  );
  return (
    `SMTP Lab listening on ${formatEndpoint(main.address, main.port)} ` +
    `(profile ${main.profile}, host ${hostName})${extra.join('')}`
  );
}

function integer(text: string, min: number, max: number): number | null {
  if (!/^\d{1,9}$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}
