// nslookup (BIND 9.18), one-shot and interactive ("> set type=mx").
import type { Command, CommandContext, Program } from '../command.ts';
import type { QueryType, Rr } from '../dns.ts';
import { asQueryType, lookup, RESOLVER, reverseName } from './dig.ts';
import { nameProblem } from '../resolver.ts';
import { strings } from '../strings.ts';

interface Settings {
  type: QueryType | null;
  server: string;
}

export const nslookup: Command = (ctx) => {
  const settings: Settings = { type: null, server: RESOLVER };
  const operands: string[] = [];
  for (const arg of ctx.argv.slice(1)) {
    if (arg.startsWith('-') && arg.length > 1) {
      const error = setOption(settings, arg.slice(1));
      if (error) ctx.stdout.write(error);
    } else operands.push(arg);
  }
  if (operands[1] !== undefined) settings.server = operands[1];
  if (operands.length > 0) return query(ctx, settings, operands[0]);
  return interactive(ctx, settings);
};

/** `-type=mx` on the command line, `set type=mx` interactively; returns an error text or ''. */
function setOption(settings: Settings, option: string): string {
  const [key, value = ''] = option.split('=', 2);
  const k = key.toLowerCase();
  if (['type', 'ty', 'querytype', 'query', 'q', 't'].includes(k) && value !== '') {
    const type = asQueryType(value);
    if (!type) return `unknown query type: ${value}\n`;
    settings.type = type;
    return '';
  }
  if (
    ['debug', 'nodebug', 'd2', 'nod2', 'recurse', 'norecurse', 'vc', 'novc', 'search', 'nosearch'].includes(k)
  )
    return '';
  if (['timeout', 'retry', 'port', 'domain', 'class', 'ndots'].includes(k) && value !== '') return '';
  return `*** Invalid option: ${option}\n`;
}

function query(ctx: CommandContext, settings: Settings, target: string): number {
  const reversed = reverseName(target);
  const name = reversed ?? target;
  const problem = nameProblem(name);
  if (problem) {
    ctx.stderr.write(`nslookup: '${name}' is not a legal name (${problem})\n`);
    return 1;
  }
  let out = `Server:\t\t${settings.server}\nAddress:\t${settings.server}#53\n\n`;
  const network = ctx.machine.network;
  const types: QueryType[] = settings.type ? [settings.type] : reversed ? ['PTR'] : ['A', 'AAAA'];
  const answers = types.map((t) => lookup(network, name, t));
  if (answers[0].status === 'NXDOMAIN') {
    ctx.stdout.write(out + `** server can't find ${name.replace(/\.$/, '')}: NXDOMAIN\n\n`);
    return 1;
  }
  out += 'Non-authoritative answer:\n';
  const records = answers.flatMap((a) => a.answers);
  if (records.length === 0) out += `*** Can't find ${name.replace(/\.$/, '')}: No answer\n`;
  out += records.map(line).join('');
  ctx.stdout.write(out + '\n');
  return 0;
}

function line(rr: Rr): string {
  const owner = rr.owner === '.' ? '.' : rr.owner.replace(/\.$/, '');
  switch (rr.type) {
    case 'A':
    case 'AAAA':
      return `Name:\t${owner}\nAddress: ${rr.rdata}\n`;
    case 'MX':
      return `${owner}\tmail exchanger = ${rr.rdata}\n`;
    case 'TXT':
      return `${owner}\ttext = ${rr.rdata}\n`;
    case 'NS':
      return `${owner}\tnameserver = ${rr.rdata}\n`;
    case 'CNAME':
      return `${owner}\tcanonical name = ${rr.rdata}\n`;
    case 'PTR':
      return `${owner}\tname = ${rr.rdata}\n`;
    case 'SOA': {
      const [origin, mail, serial, refresh, retry, expire, minimum] = rr.rdata.split(' ');
      return (
        `${owner}\n\torigin = ${origin}\n\tmail addr = ${mail}\n\tserial = ${serial}\n\trefresh = ${refresh}\n` +
        `\tretry = ${retry}\n\texpire = ${expire}\n\tminimum = ${minimum}\n`
      );
    }
    default:
      return `${owner}\t${rr.type} = ${rr.rdata}\n`;
  }
}

/** `nslookup` alone: its own "> " prompt until exit or Ctrl-D. */
function interactive(ctx: CommandContext, settings: Settings): Program {
  return {
    mode: () => ({ prompt: '> ', echo: true, program: 'nslookup', historyKey: 'nslookup' }),
    input(text) {
      const words = text.trim().split(/\s+/).filter(Boolean);
      if (words.length === 0) return;
      const [command, ...rest] = words;
      const lower = command.toLowerCase();
      if (lower === 'exit') ctx.exit(0);
      else if (lower === 'set') {
        if (rest.length === 0) ctx.stdout.write('*** Invalid option: \n');
        for (const option of rest) ctx.stdout.write(setOption(settings, option));
      } else if (lower === 'server' || lower === 'lserver') {
        if (rest[0] === undefined) return;
        settings.server = rest[0];
        ctx.stdout.write(`Default server: ${rest[0]}\nAddress: ${rest[0]}#53\n`);
      } else if (['ls', 'view', 'finger', 'root', 'help', '?'].includes(lower)) {
        ctx.stdout.write(strings.nslookupUnsupported(command) + '\n');
      } else query(ctx, settings, command);
    },
    signal(signal) {
      if (signal === 'eof') ctx.exit(0);
      else if (signal === 'interrupt') {
        ctx.stdout.write('\n');
        ctx.exit(130);
      } else if (signal === 'clear') ctx.machine.screen.clear();
    },
    abort() {},
  };
}
