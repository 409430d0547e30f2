// nc (netcat-openbsd, as on Debian): silent unless -v, bare LF line ends unless -C, ends at Ctrl-C or Ctrl-D.
import type { Command, CommandContext, Program } from '../command.ts';
import { sessionMode } from '../command.ts';
import type { Signal } from '../types.ts';
import { ConnectionClient, connectTo, serviceName, wireText } from './net.ts';

const USAGE =
  'usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n' +
  '\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n' +
  '\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n' +
  '\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n' +
  '\t  [destination] [port]\n';

const FLAGS = '46CDdFhklNnrStUuvZz';
const WITH_VALUE = 'IiMmOPpqsTVWwXx';

interface Options {
  crlf: boolean;
  verbose: boolean;
  scan: boolean;
  listen: boolean;
  udp: boolean;
  /** -N or -q: end the connection once standard input ends. */
  closeOnEof: boolean;
  /** -n: no name lookups, so no service name in the -v message either. */
  numeric: boolean;
}

export const nc: Command = (ctx) => {
  const o: Options = {
    crlf: false,
    verbose: false,
    scan: false,
    listen: false,
    udp: false,
    closeOnEof: false,
    numeric: false,
  };
  const operands: string[] = [];
  const args = ctx.argv.slice(1);
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const flag = arg[j];
      if (WITH_VALUE.includes(flag)) {
        const value = arg.slice(j + 1) || args[++k];
        if (value === undefined) {
          ctx.stderr.write(`nc: option requires an argument -- '${flag}'\n${USAGE}`);
          return 1;
        }
        if (flag === 'q') o.closeOnEof = true;
        break;
      }
      if (!FLAGS.includes(flag)) {
        ctx.stderr.write(`nc: invalid option -- '${flag}'\n${USAGE}`);
        return 1;
      }
      if (flag === 'h') {
        ctx.stderr.write(`OpenBSD netcat (Debian patchlevel 1.219-1)\n${USAGE}`);
        return 1;
      }
      if (flag === 'C') o.crlf = true;
      else if (flag === 'v') o.verbose = true;
      else if (flag === 'z') o.scan = true;
      else if (flag === 'l') o.listen = true;
      else if (flag === 'u') o.udp = true;
      else if (flag === 'N') o.closeOnEof = true;
      else if (flag === 'n') o.numeric = true;
    }
  }
  if (o.listen) return listen(ctx, operands);
  if (operands.length < 2) {
    ctx.stderr.write(operands.length === 1 ? 'nc: missing port number\n' : USAGE);
    return 1;
  }
  const [host, portText] = operands;
  const port = portNumber(ctx, portText);
  if (port === null) return 1;
  const target = connectTo(ctx.machine.network, host, port);
  if (target.kind === 'unknown') {
    ctx.stderr.write(`nc: getaddrinfo for host "${host}" port ${portText}: Name or service not known\n`);
    return 1;
  }
  if (target.kind !== 'ok') {
    const why = target.kind === 'refused' ? 'Connection refused' : 'Connection timed out';
    ctx.stderr.write(`nc: connect to ${host} port ${port} (tcp) failed: ${why}\n`);
    return 1;
  }
  if (o.verbose) {
    // netcat.c: the address is shown when it differs from what was typed; -n skips the service lookup.
    const address = host === target.address || o.numeric ? '' : ` (${target.address})`;
    const service = (o.numeric ? null : serviceName(port)) ?? '*';
    ctx.stderr.write(`Connection to ${host}${address} ${port} port [tcp/${service}] succeeded!\n`);
  }
  if (o.scan) {
    target.connection.close();
    return 0;
  }
  return new NetcatSession(ctx, target.connection, o).begin();
};

function portNumber(ctx: CommandContext, text: string): number | null {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n >= 1 && n <= 65535) return n;
    ctx.stderr.write(`nc: port number ${n < 1 ? 'too small' : 'too large'}: ${text}\n`);
    return null;
  }
  const known: Record<string, number> = {
    smtp: 25,
    submission: 587,
    submissions: 465,
    smtps: 465,
    telnet: 23,
  };
  if (Object.hasOwn(known, text)) return known[text];
  ctx.stderr.write(`nc: service "${text}" unknown\n`);
  return null;
}

/** nc -l: nobody will connect to the simulated laptop, so it waits until Ctrl-C, as the real one would. */
function listen(ctx: CommandContext, operands: string[]): number | Program {
  if (operands.length === 0) {
    ctx.stderr.write('nc: missing port number\n');
    return 1;
  }
  return idle(ctx);
}

function idle(ctx: CommandContext): Program {
  return {
    mode: () => sessionMode('nc'),
    input() {},
    signal(signal) {
      if (signal === 'interrupt') {
        ctx.stderr.write('^C\n');
        ctx.exit(130);
      } else if (signal === 'clear') ctx.machine.screen.clear();
    },
    abort() {},
  };
}

class NetcatSession extends ConnectionClient<Options> implements Program {
  #unsubscribe: (() => void) | null = null;
  #ended = false;
  /** Standard input is a pipe that has ended: typed lines go nowhere (nc waits for the server only). */
  #inputClosed = false;

  begin(): number | Program {
    this.#unsubscribe = this.connection.on((event) => {
      if (event.type === 'reply') this.ctx.stdout.write(wireText(event));
      else if (event.type === 'closed' && event.by === 'server') this.#finish(0, false);
    });
    this.connection.start();
    if (this.#ended) return 0;
    if (this.ctx.stdin) {
      // A pipe's bytes go out as they are; -C turns each LF into CRLF.
      this.connection.send(this.options.crlf ? lfToCrlf(this.ctx.stdin) : this.ctx.stdin);
      if (this.#ended) return 0;
      this.#inputClosed = true;
      if (this.options.closeOnEof) {
        this.#finish(0, true);
        return 0;
      }
    }
    return this;
  }

  mode() {
    return sessionMode('nc');
  }

  input(line: string): void {
    if (this.#ended || this.#inputClosed) return;
    this.connection.send(line + (this.options.crlf ? '\r\n' : '\n'));
  }

  signal(signal: Signal): void {
    if (signal === 'interrupt') {
      this.ctx.stderr.write('^C\n');
      this.#finish(130, true);
    } else if (signal === 'eof') this.#finish(0, true);
    else if (signal === 'clear') this.ctx.machine.screen.clear();
  }

  abort(): void {
    this.#finish(0, true);
  }

  #finish(status: number, hangUp: boolean): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#unsubscribe?.();
    if (hangUp) this.connection.close();
    this.ctx.exit(status);
  }
}

/** nc -C writes CR LF for every LF it reads, even one that already follows a CR. */
function lfToCrlf(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (const b of bytes) {
    if (b === 10) out.push(13);
    out.push(b);
  }
  return Uint8Array.from(out);
}
