// host (BIND 9.18): one sentence per record, "example.test mail is handled by 10 mail.example.test.".
import type { Command, CommandContext } from '../command.ts';
import type { Answer, QueryType, Rr } from '../dns.ts';
import { asQueryType, lookup, RESOLVER, reverseName } from './dig.ts';
import { nameProblem } from '../resolver.ts';

const USAGE =
  'Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n' +
  '            [-R number] [-m flag] [-p port] host [server]\n' +
  '       -a is equivalent to -v -t ANY\n' +
  '       -t specifies the query type\n' +
  '       -W specifies how long to wait for a reply\n' +
  '       -4 use IPv4 query transport only\n' +
  '       -6 use IPv6 query transport only\n';

export const host: Command = (ctx) => {
  const args = ctx.argv.slice(1);
  let type: QueryType | null = null;
  const operands: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    if (
      arg === '-t' ||
      arg === '-c' ||
      arg === '-W' ||
      arg === '-R' ||
      arg === '-N' ||
      arg === '-p' ||
      arg === '-m'
    ) {
      const value = args[++k];
      if (value === undefined) {
        ctx.stderr.write(`host: option requires an argument -- '${arg[1]}'\n${USAGE}`);
        return 1;
      }
      if (arg === '-t') {
        type = asQueryType(value);
        if (!type) {
          ctx.stderr.write(`host: invalid type: ${value}\n`);
          return 1;
        }
      }
    } else if (/^-t./.test(arg)) {
      type = asQueryType(arg.slice(2));
      if (!type) {
        ctx.stderr.write(`host: invalid type: ${arg.slice(2)}\n`);
        return 1;
      }
    } else if (arg === '-4' || arg === '-6' || arg === '-C' || arg === '-r' || arg === '-T' || arg === '-w')
      continue;
    else if (arg.startsWith('-') && arg.length > 1) {
      ctx.stderr.write(USAGE);
      return 1;
    } else operands.push(arg);
  }
  if (operands.length === 0 || operands.length > 2) {
    ctx.stderr.write(USAGE);
    return 1;
  }
  let out = '';
  if (operands[1] !== undefined) {
    out += `Using domain server:\nName: ${operands[1]}\nAddress: ${RESOLVER}#53\nAliases: \n\n`;
  }
  const reversed = reverseName(operands[0]);
  const name = reversed ?? operands[0];
  const problem = nameProblem(name);
  if (problem) {
    ctx.stderr.write(`host: '${name}' is not a legal name (${problem})\n`);
    return 1;
  }
  const network = ctx.machine.network;
  if (reversed || type !== null) {
    const answer = lookup(network, name, type ?? 'PTR');
    if (answer.status === 'NXDOMAIN') return notFound(ctx, out, answer);
    out += sentences(answer.answers);
    if (answer.answers.length === 0) out += `${ownerText(answer.qname)} has no ${answer.qtype} record\n`;
    ctx.stdout.write(out);
    return 0;
  }
  // Without -t, host asks for A, AAAA and MX and prints what it finds.
  const a = lookup(network, name, 'A');
  if (a.status === 'NXDOMAIN') return notFound(ctx, out, a);
  const aaaa = lookup(network, name, 'AAAA');
  const mx = lookup(network, name, 'MX');
  // An alias is reported once, before the addresses it leads to.
  const seen = new Set<string>();
  const unique = (rrs: Rr[]) =>
    rrs.filter((rr) => rr.type !== 'CNAME' || (!seen.has(rr.owner) && seen.add(rr.owner)));
  out += sentences([...unique(a.answers), ...unique(aaaa.answers), ...unique(mx.answers)]);
  ctx.stdout.write(out);
  return 0;
};

function notFound(ctx: CommandContext, prefix: string, answer: Answer): number {
  ctx.stdout.write(prefix);
  // host keeps the final dot of reverse names here, and drops it for ordinary names.
  const shown = answer.qname.endsWith('.arpa.') ? answer.qname : ownerText(answer.qname);
  ctx.stdout.write(`Host ${shown} not found: 3(NXDOMAIN)\n`);
  return 1;
}

const ownerText = (owner: string) => (owner === '.' ? '.' : owner.replace(/\.$/, ''));

function sentences(rrs: readonly Rr[]): string {
  return rrs
    .map((rr) => {
      const owner = ownerText(rr.owner);
      switch (rr.type) {
        case 'A':
          return `${owner} has address ${rr.rdata}\n`;
        case 'AAAA':
          return `${owner} has IPv6 address ${rr.rdata}\n`;
        case 'MX':
          return `${owner} mail is handled by ${rr.rdata}\n`;
        case 'CNAME':
          return `${owner} is an alias for ${rr.rdata}\n`;
        case 'NS':
          return `${owner} name server ${rr.rdata}\n`;
        case 'TXT':
          return `${owner} descriptive text ${rr.rdata}\n`;
        case 'PTR':
          return `${owner} domain name pointer ${rr.rdata}\n`;
        case 'SOA':
          return `${owner} has SOA record ${rr.rdata}\n`;
        default:
          return `${owner} has ${rr.type} record ${rr.rdata}\n`;
      }
    })
    .join('');
}
