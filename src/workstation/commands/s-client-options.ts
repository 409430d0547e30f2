// openssl s_client's command line: the options it accepts, and what each one changes here.
import type { CommandContext } from '../command.ts';

const STARTTLS_PROTOCOLS = [
  'smtp',
  'pop3',
  'imap',
  'ftp',
  'xmpp',
  'xmpp-server',
  'telnet',
  'irc',
  'mysql',
  'postgres',
  'lmtp',
  'nntp',
  'sieve',
  'ldap',
];

/** Options that take a value and change nothing visible here. */
const VALUE_OPTIONS = new Set([
  '-CAfile',
  '-CApath',
  '-CAstore',
  '-cert',
  '-key',
  '-pass',
  '-verify',
  '-alpn',
  '-cipher',
  '-ciphersuites',
  '-sess_out',
  '-sess_in',
  '-keylogfile',
  '-proxy',
  '-bind',
  '-xmpphost',
  '-groups',
  '-curves',
  '-sigalgs',
  '-certform',
  '-keyform',
  '-psk',
  '-psk_identity',
  '-maxfraglen',
  '-verify_hostname',
  '-verify_ip',
  '-host',
  '-port',
]);
const FLAG_OPTIONS = new Set([
  '-showcerts',
  '-debug',
  '-msg',
  '-state',
  '-prexit',
  '-4',
  '-6',
  '-verify_quiet',
  '-no_ticket',
  '-noservername',
  '-tls1_3',
  '-no_ssl3',
  '-no_tls1',
  '-no_tls1_1',
  '-no_tls1_2',
  '-reconnect',
  '-status',
  '-tlsextdebug',
  '-nbio',
  '-no_ign_eof',
]);

export interface Options {
  host: string;
  port: string;
  starttls: string | null;
  crlf: boolean;
  quiet: boolean;
  brief: boolean;
  ignEof: boolean;
  commands: boolean;
  ehloName: string;
  tls12: boolean;
  verifyReturnError: boolean;
}

export function parseOptions(ctx: CommandContext, args: string[]): Options | null {
  const o: Options = {
    host: 'localhost',
    port: '4433',
    starttls: null,
    crlf: false,
    quiet: false,
    brief: false,
    ignEof: false,
    commands: true,
    ehloName: 'mail.example.com',
    tls12: false,
    verifyReturnError: false,
  };
  const fail = (message: string): null => {
    ctx.stderr.write(`s_client: ${message}\ns_client: Use -help for summary.\n`);
    return null;
  };
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    const takesValue =
      ['-connect', '-starttls', '-servername', '-name'].includes(arg) || VALUE_OPTIONS.has(arg);
    const value = takesValue ? args[++k] : undefined;
    if (takesValue && value === undefined) return fail(`Option ${arg} needs a value`);
    if (arg === '-connect' || (!arg.startsWith('-') && value === undefined)) {
      const target = splitHostPort(value ?? arg);
      if (!target) return fail('-connect argument or target parameter malformed or ambiguous');
      o.host = target.host;
      if (target.port !== null) o.port = target.port;
    } else if (arg === '-starttls') {
      const proto = (value ?? '').toLowerCase();
      if (!STARTTLS_PROTOCOLS.includes(proto)) {
        ctx.stderr.write(
          `s_client: Value must be one of:\n${STARTTLS_PROTOCOLS.map((p) => '\t' + p).join('\n')}\n`,
        );
        return null;
      }
      o.starttls = proto;
    } else if (arg === '-name') o.ehloName = value ?? o.ehloName;
    else if (arg === '-crlf') o.crlf = true;
    else if (arg === '-quiet') {
      // -quiet implies -ign_eof, which also turns off the Q and R line commands.
      o.quiet = true;
      o.ignEof = true;
    } else if (arg === '-ign_eof') o.ignEof = true;
    else if (arg === '-nocommands') o.commands = false;
    else if (arg === '-brief') o.brief = true;
    else if (arg === '-tls1_2' || arg === '-no_tls1_3') o.tls12 = true;
    else if (arg === '-verify_return_error') o.verifyReturnError = true;
    else if (arg === '-help') {
      ctx.stdout.write(
        'Usage: s_client [options] [host:port]\n\nGeneral options:\n' +
          ' -help                      Display this summary\n' +
          ' -connect val               TCP/IP where to connect; default: 4433)\n' +
          ' -starttls val              Use the appropriate STARTTLS command before starting TLS\n' +
          ' -name val                  Hostname to use for "-starttls lmtp", "-starttls smtp" or "-starttls xmpp[-server]"\n' +
          ' -servername val            Set TLS extension servername (SNI) in ClientHello (default)\n' +
          ' -crlf                      Convert LF from terminal into CRLF\n' +
          ' -quiet                     No s_client output\n' +
          ' -ign_eof                   Ignore input eof (default when -quiet)\n' +
          ' -nocommands                Do not use interactive command letters\n' +
          ' -brief                     Restrict output to brief summary of connection parameters\n',
      );
      return null;
    } else if (takesValue || FLAG_OPTIONS.has(arg)) continue;
    else return fail(`Unknown option: ${arg}`);
  }
  return o;
}

function splitHostPort(text: string): { host: string; port: string | null } | null {
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) return { host: bracketed[1], port: bracketed[2] ?? null };
  const colons = text.split(':').length - 1;
  if (colons === 0) return { host: text, port: null };
  if (colons > 1) return null;
  const [host, port] = text.split(':');
  return { host: host || 'localhost', port };
}
