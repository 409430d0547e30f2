// Command-line options of `npm run smtp:serve`: parsing, the help text and the one "ready" line.
import { parseArgs } from 'node:util';
import { findProfile, profiles } from '../smtp/profiles/index.ts';
import { findWorld, worlds } from '../smtp/worlds.ts';
import { formatEndpoint } from './address.ts';
import { DEFAULT_MAIL_HOST, type BridgeOptions, type Endpoint } from './server.ts';

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
    '  --idle-timeout S     seconds of silence before "421 timeout exceeded" (default 300)',
    '  --max-connections N  connections served at once (default 100)',
    '  -v, --verbose        log connections, TLS and every delivered message',
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
        'max-connections': { type: 'string', default: '100' },
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
        maxConnections: max,
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
  if (!/^\d{1,6}$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}
