// dig (BIND 9.18): the default report, +short, +noall +answer and friends, in dig's own column layout.
import type { Command, CommandContext } from '../command.ts';
import { strftime, zoneOf } from '../clock.ts';
import {
  type Answer,
  asQueryType,
  hash,
  lookup,
  messageSize,
  type QueryType,
  RESOLVER,
  reverseName,
  type Rr,
} from '../dns.ts';
import { nameProblem } from '../resolver.ts';

// host and nslookup are built from dig's source in BIND (dighost.c); here they take the resolver through dig,
// so that it comes in dig's chunk, which the lessons that look names up load anyway.
export { asQueryType, lookup, RESOLVER, reverseName } from '../dns.ts';

export const DIG_VERSION = '9.18.33-1~deb12u2-Debian';

const SECTIONS = ['cmd', 'comments', 'question', 'answer', 'authority', 'additional', 'stats'] as const;
type Section = (typeof SECTIONS)[number];

/** Options dig accepts that change nothing in this simulation (transport, retries, DNSSEC...). */
const IGNORED = new Set([
  'tcp',
  'vc',
  'ignore',
  'recurse',
  'dnssec',
  'cookie',
  'edns',
  'adflag',
  'cdflag',
  'aaflag',
  'search',
  'defname',
  'showsearch',
  'fail',
  'besteffort',
  'keepopen',
  'idnin',
  'idnout',
  'ttlid',
  'ttlunits',
  'cl',
  'class',
  'rrcomments',
  'crypto',
  'split',
  'nsid',
  'subnet',
  'time',
  'tries',
  'retry',
  'ndots',
  'bufsize',
  'timeout',
  'identify',
  'qr',
  'header-only',
  'opcode',
  'padding',
  'tcflag',
  'zflag',
  'expire',
  'unknownformat',
]);

const USAGE =
  'Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n' +
  '            {global-d-opt} host [@local-server] {local-d-opt}\n' +
  '            [ host [@local-server] {local-d-opt} [...]]\n\n' +
  'Use "dig -h" (or "dig -h | more") for complete list of options\n';

interface Query {
  name: string;
  type: QueryType;
}

export const dig: Command = (ctx) => {
  const args = ctx.argv.slice(1);
  const show = new Map<Section, boolean>(SECTIONS.map((s) => [s, true]));
  let short = false;
  let server = RESOLVER;
  let name: string | null = null;
  let type: QueryType | null = null;
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    if (arg.startsWith('+')) {
      const option = arg.slice(1).split('=')[0].toLowerCase();
      const negated = option.startsWith('no');
      const base = negated ? option.slice(2) : option;
      if (base === 'short') short = !negated;
      else if (base === 'all') for (const s of SECTIONS) show.set(s, !negated);
      else if ((SECTIONS as readonly string[]).includes(base)) show.set(base as Section, !negated);
      else if (IGNORED.has(base)) continue;
      else {
        ctx.stderr.write(`Invalid option: ${arg}\n${USAGE}`);
        return 1;
      }
    } else if (arg.startsWith('@') && arg.length > 1) server = arg.slice(1);
    else if (arg === '-h') {
      ctx.stdout.write(USAGE);
      return 0;
    } else if (arg === '-t' || arg === '-x' || arg === '-q' || arg === '-c' || arg === '-p') {
      const value = args[++k];
      if (value === undefined) {
        ctx.stderr.write(`dig: option requires an argument -- '${arg[1]}'\n${USAGE}`);
        return 1;
      }
      if (arg === '-t') {
        type = asQueryType(value);
        if (!type) return badType(ctx, value);
      } else if (arg === '-x') {
        const reversed = reverseName(value);
        if (!reversed) {
          ctx.stderr.write(`dig: '${value}' is not a valid IPv4 or IPv6 address\n`);
          return 1;
        }
        name = reversed;
        type ??= 'PTR';
      } else if (arg === '-q') name = value;
    } else if (arg === '-4' || arg === '-6' || arg === '-m' || arg === '-u' || arg === '-r') continue;
    else if (arg.startsWith('-') && arg.length > 1) {
      ctx.stderr.write(`Invalid option: ${arg}\n${USAGE}`);
      return 1;
    } else if (type === null && name !== null && asQueryType(arg)) type = asQueryType(arg);
    else if (type === null && name === null && asQueryType(arg) && args.slice(k + 1).some(isName)) {
      type = asQueryType(arg);
    } else if (arg.toUpperCase() === 'IN') continue;
    else name ??= arg;
  }
  // Without a name dig asks for the root servers, as `dig` alone does.
  const query: Query = { name: name ?? '.', type: name === null && type === null ? 'NS' : (type ?? 'A') };
  const problem = nameProblem(query.name);
  if (problem) {
    ctx.stderr.write(`dig: '${query.name}' is not a legal name (${problem})\n`);
    return 10;
  }
  const answer =
    query.name === '.' && query.type === 'NS'
      ? rootServers()
      : lookup(ctx.machine.network, query.name, query.type);
  if (short) {
    ctx.stdout.write(answer.answers.map((rr) => rr.rdata + '\n').join(''));
    return 0;
  }
  ctx.stdout.write(report(ctx, args, answer, show, server));
  return 0;
};

function isName(arg: string): boolean {
  return !arg.startsWith('+') && !arg.startsWith('-') && !arg.startsWith('@') && asQueryType(arg) === null;
}

function badType(ctx: CommandContext, value: string): number {
  ctx.stderr.write(`dig: invalid type ${value}\n`);
  return 1;
}

function report(
  ctx: CommandContext,
  args: readonly string[],
  answer: Answer,
  show: Map<Section, boolean>,
  server: string,
): string {
  const on = (s: Section) => show.get(s) === true;
  const comments = on('comments');
  let out = '';
  if (on('cmd')) out += `\n; <<>> DiG ${DIG_VERSION} <<>> ${args.join(' ')}\n;; global options: +cmd\n`;
  if (comments) {
    const id = hash(answer.qname + ctx.machine.network.env.now()) % 65536;
    out +=
      ';; Got answer:\n' +
      `;; ->>HEADER<<- opcode: QUERY, status: ${answer.status}, id: ${id}\n` +
      `;; flags: qr rd ra; QUERY: 1, ANSWER: ${answer.answers.length}, ` +
      `AUTHORITY: ${answer.authority.length}, ADDITIONAL: 1\n\n` +
      ';; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n';
  }
  if (on('question')) {
    if (comments) out += ';; QUESTION SECTION:\n';
    out += columns([';' + answer.qname, null, 'IN', answer.qtype]) + '\n';
    if (comments) out += '\n';
  }
  const section = (title: string, rrs: Rr[]) => {
    if (rrs.length === 0) return;
    if (comments) out += `;; ${title} SECTION:\n`;
    for (const rr of rrs) out += columns([rr.owner, String(rr.ttl), 'IN', rr.type, rr.rdata]) + '\n';
    if (comments) out += '\n';
  };
  if (on('answer')) section('ANSWER', answer.answers);
  if (on('authority')) section('AUTHORITY', answer.authority);
  if (on('stats')) {
    const now = ctx.machine.network.env.now();
    const zone = zoneOf(ctx.machine.network.env);
    out +=
      `;; Query time: ${(hash(answer.qname) % 37) + 3} msec\n` +
      `;; SERVER: ${server}#53(${server}) (UDP)\n` +
      `;; WHEN: ${strftime('%a %b %d %H:%M:%S %Z %Y', now, zone)}\n` +
      `;; MSG SIZE  rcvd: ${messageSize(answer)}\n\n`;
  }
  return out;
}

/**
 * BIND's default master-file layout: owner, TTL, class, type and data start at columns 0, 24, 32, 40 and 48,
 * reached with tabs (8 wide), or with one space when a field is already past its column (masterdump.c indent()).
 * A null TTL is skipped, as in the question section.
 */
export function columns(fields: readonly (string | null)[]): string {
  const stops = [0, 24, 32, 40, 48];
  let out = '';
  let column = 0;
  fields.forEach((field, k) => {
    if (field === null) return;
    if (k > 0) {
      const to = Math.max(stops[k], column + 1);
      const tabs = Math.floor(to / 8) - Math.floor(column / 8);
      if (tabs > 0) {
        out += '\t'.repeat(tabs);
        column = Math.floor(to / 8) * 8;
      }
      out += ' '.repeat(to - column);
      column = to;
    }
    out += field;
    column += field.length;
  });
  return out;
}

function rootServers(): Answer {
  const letters = 'abcdefghijklm';
  return {
    qname: '.',
    qtype: 'NS',
    status: 'NOERROR',
    answers: [...letters].map((l) => ({
      owner: '.',
      ttl: 518400,
      type: 'NS',
      rdata: `${l}.root-servers.net.`,
      target: `${l}.root-servers.net.`,
    })),
    authority: [],
  };
}
