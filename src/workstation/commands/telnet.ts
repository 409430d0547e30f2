// telnet (netkit, as on Debian): connect, show every reply, CRLF line ends, and the Ctrl-] "telnet>" prompt.
import type { Connection } from '../../smtp/types.ts';
import type { Command, CommandContext, Program } from '../command.ts';
import { sessionMode, stdinText } from '../command.ts';
import type { InputMode, Signal } from '../types.ts';
import { connectTo, parsePort, pipedLines, wireText } from './net.ts';

const USAGE =
  'Usage: telnet [-4] [-6] [-8] [-E] [-L] [-a] [-d] [-e char] [-l user]\n' +
  '\t[-n tracefile] [ -b addr ] [-r] [host-name [port]]\n';

/** The telnet> commands (netkit names); a unique prefix is enough, as in netkit. */
const COMMANDS = [
  'close',
  'logout',
  'display',
  'mode',
  'open',
  'quit',
  'send',
  'set',
  'unset',
  'status',
  'toggle',
  'slc',
  'z',
  'environ',
  'help',
  '?',
] as const;

const HELP =
  'Commands may be abbreviated.  Commands are:\n\n' +
  'close\t\tclose current connection\n' +
  'logout\t\tforcibly logout remote user and close the connection\n' +
  'display\t\tdisplay operating parameters\n' +
  "mode\t\ttry to enter line or character mode ('mode ?' for more)\n" +
  'open\t\tconnect to a site\n' +
  'quit\t\texit telnet\n' +
  "send\t\ttransmit special characters ('send ?' for more)\n" +
  "set\t\tset operating parameters ('set ?' for more)\n" +
  "unset\t\tunset operating parameters ('unset ?' for more)\n" +
  'status\t\tprint status information\n' +
  "toggle\t\ttoggle operating parameters ('toggle ?' for more)\n" +
  '?\t\tprint help information\n';

export const telnet: Command = (ctx) => {
  const args = ctx.argv.slice(1);
  const operands: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    if (/^-[468EKLacdrx]+$/.test(arg)) continue;
    if (['-e', '-l', '-n', '-b', '-X'].includes(arg)) k++;
    else if (/^-[elnbX]./.test(arg)) continue;
    else if (arg.startsWith('-') && arg.length > 1) {
      ctx.stderr.write(`telnet: invalid option -- '${arg[1]}'\n${USAGE}`);
      return 1;
    } else operands.push(arg);
  }
  if (operands.length > 2) {
    ctx.stderr.write(USAGE);
    return 1;
  }
  const session = new TelnetSession(ctx, operands.length > 0);
  if (operands.length === 0) return session;
  const status = session.open(operands[0], operands[1] ?? 'telnet');
  if (status !== null) return status;
  if (ctx.stdin) return session.feed(stdinText(ctx));
  return session;
};

class TelnetSession implements Program {
  #connection: Connection | null = null;
  #name = '';
  #unsubscribe: (() => void) | null = null;
  #commandMode: boolean;
  #localEcho: boolean;
  #ended = false;

  readonly #ctx: CommandContext;
  /** telnet HOST: the program ends with the connection. Plain `telnet` stays at its prompt. */
  readonly #withHost: boolean;
  constructor(ctx: CommandContext, withHost: boolean) {
    this.#ctx = ctx;
    this.#withHost = withHost;
    this.#commandMode = !withHost;
    this.#localEcho = ctx.machine.telnetEcho;
  }

  mode(): InputMode {
    if (this.#commandMode) return { prompt: 'telnet> ', echo: true, program: 'telnet', historyKey: 'telnet' };
    return sessionMode('telnet', this.#localEcho);
  }

  /** Connects; returns an exit status if telnet is already over (could not connect, or hung up at once). */
  open(host: string, portText: string): number | null {
    const out = this.#ctx.stdout;
    const port = parsePort(portText);
    if (port === null) {
      this.#ctx.stderr.write(
        `telnet: could not resolve ${host}/${portText}: Servname not supported for ai_socktype\n`,
      );
      return 1;
    }
    const target = connectTo(this.#ctx.machine.network, host, port);
    if (target.kind === 'unknown') {
      this.#ctx.stderr.write(`telnet: could not resolve ${host}/${portText}: Name or service not known\n`);
      return 1;
    }
    out.write(`Trying ${target.address}...\n`);
    if (target.kind !== 'ok') {
      const why = target.kind === 'refused' ? 'Connection refused' : 'Connection timed out';
      this.#ctx.stderr.write(`telnet: Unable to connect to remote host: ${why}\n`);
      return 1;
    }
    this.#connection = target.connection;
    this.#name = target.canonicalName;
    this.#commandMode = false;
    out.write(`Connected to ${this.#name}.\nEscape character is '^]'.\n`);
    this.#unsubscribe = target.connection.on((event) => {
      if (event.type === 'reply') out.write(wireText(event));
      else if (event.type === 'closed' && event.by === 'server') this.#foreignClose();
    });
    target.connection.start();
    return this.#ended ? 1 : null;
  }

  /** Piped input: every line goes out with CRLF, then end of input ends telnet. */
  feed(text: string): number | Program {
    for (const line of pipedLines(text)) {
      if (!this.#connection) break;
      this.#connection.send(line.replace(/\r$/, '') + '\r\n');
    }
    if (this.#ended) return 1;
    this.#hangUp();
    this.#ctx.stdout.write('Connection closed by foreign host.\n');
    return 1;
  }

  input(line: string): void {
    if (this.#commandMode) this.#command(line);
    else this.#connection?.send(line + '\r\n');
  }

  signal(signal: Signal): void {
    if (signal === 'clear') this.#ctx.machine.screen.clear();
    else if (this.#commandMode) {
      if (signal === 'eof') this.#quit();
      else if (signal === 'interrupt') this.#ctx.stdout.write('\n');
    } else if (signal === 'escape') {
      this.#ctx.stdout.write('^]\n');
      this.#commandMode = true;
    } else if (signal === 'interrupt') {
      // In line mode the terminal shows ^C; nothing useful reaches an SMTP server.
      this.#ctx.stdout.write('^C\n');
    }
  }

  abort(): void {
    this.#hangUp();
    this.#ended = true;
  }

  #command(line: string): void {
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) {
      // An empty line returns to the connection (when there is one).
      if (this.#connection) this.#commandMode = false;
      return;
    }
    const matches = COMMANDS.filter((c) => c.startsWith(words[0].toLowerCase()));
    const name =
      COMMANDS.find((c) => c === words[0].toLowerCase()) ?? (matches.length === 1 ? matches[0] : null);
    const out = this.#ctx.stdout;
    if (!name) {
      out.write(matches.length > 1 ? '?Ambiguous command\n' : '?Invalid command\n');
      return;
    }
    switch (name) {
      case 'help':
      case '?':
        out.write(HELP);
        return;
      case 'quit':
        this.#quit();
        return;
      case 'close':
      case 'logout':
        if (!this.#connection) {
          out.write('?Need to be connected first.\n');
          return;
        }
        this.#hangUp();
        out.write('Connection closed.\n');
        if (this.#withHost) this.#finish(0);
        return;
      case 'open':
        this.#openCommand(words.slice(1));
        return;
      case 'set':
      case 'unset':
      case 'toggle':
        this.#setting(name, words[1]?.toLowerCase());
        break;
      case 'status':
      case 'display':
        out.write(
          this.#connection
            ? `Connected to ${this.#name}.\nOperating in obsolete linemode\nEscape character is '^]'.\n`
            : "No connection.\nEscape character is '^]'.\n",
        );
        break;
      default:
        break;
    }
    // After one command netkit telnet goes back to the connection, if there is one.
    if (this.#connection) this.#commandMode = false;
  }

  #setting(verb: 'set' | 'unset' | 'toggle', variable: string | undefined): void {
    // Windows telnet says "set localecho" (seed 004); netkit-style "toggle echo" is accepted too.
    if (variable === 'localecho' || variable === 'echo') {
      this.#localEcho = verb === 'set' ? true : verb === 'unset' ? false : !this.#localEcho;
      this.#ctx.stdout.write(this.#localEcho ? 'Local echo on\n' : 'Local echo off\n');
    } else if (variable === undefined || variable === '?') {
      this.#ctx.stdout.write(`Format is '${verb} Name Value'\n`);
    } else {
      this.#ctx.stdout.write(`'${variable}': unknown argument ('${verb} ?' for help).\n`);
    }
  }

  #openCommand(args: string[]): void {
    if (this.#connection) {
      this.#ctx.stdout.write(`?Already connected to ${this.#name}\n`);
      return;
    }
    if (args.length === 0) {
      this.#ctx.stdout.write('usage: open [-l user] [-a] host-name [port]\n');
      return;
    }
    const status = this.open(args[0], args[1] ?? 'telnet');
    // Whatever happened, an interactive telnet stays at its prompt once the connection is gone.
    if (status !== null) this.#resetToPrompt();
  }

  #quit(): void {
    if (this.#connection) {
      this.#hangUp();
      this.#ctx.stdout.write('Connection closed.\n');
    }
    this.#finish(0);
  }

  #foreignClose(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#connection = null;
    this.#ctx.stdout.write('Connection closed by foreign host.\n');
    if (this.#withHost) this.#finish(1);
    else this.#resetToPrompt();
  }

  #resetToPrompt(): void {
    this.#ended = false;
    this.#commandMode = true;
  }

  #hangUp(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    const connection = this.#connection;
    this.#connection = null;
    connection?.close();
  }

  #finish(status: number): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#ctx.exit(status);
  }
}
