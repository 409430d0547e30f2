// DNS questions as the laptop's resolver (192.0.2.53) answers them: CNAME chains, the SOA of negative
// answers, PTR for the world's hosts, and the message size dig reports. Shared by dig, host and nslookup, and
// loaded with them (a program that only connects asks resolver.ts).
import type { Network } from '../smtp/network.ts';
import type { DnsRecord } from '../smtp/types.ts';
import { utf8Encode } from './bytes.ts';
import { absolute, bare, wireName } from './resolver.ts';

export const RESOLVER = '192.0.2.53';

export const QUERY_TYPES = ['A', 'AAAA', 'MX', 'TXT', 'NS', 'CNAME', 'PTR', 'SOA', 'ANY'] as const;
export type QueryType = (typeof QUERY_TYPES)[number];

export function asQueryType(text: string): QueryType | null {
  const upper = text.toUpperCase();
  return (QUERY_TYPES as readonly string[]).includes(upper) ? (upper as QueryType) : null;
}

/** A resource record ready to print: owner with its final dot, and the RDATA in presentation format. */
export interface Rr {
  owner: string;
  ttl: number;
  type: string;
  rdata: string;
  /** For host/nslookup wording. */
  preference?: number;
  target?: string;
}

export interface Answer {
  /** The question's name, absolute (final dot), in the case it was asked. */
  qname: string;
  qtype: QueryType;
  status: 'NOERROR' | 'NXDOMAIN';
  answers: Rr[];
  /** The SOA that comes with a negative answer (NXDOMAIN or no data). */
  authority: Rr[];
}

/** The reverse-lookup name of an IPv4 or IPv6 address, or null if `text` is not an address. */
export function reverseName(text: string): string | null {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4 && v4.slice(1).every((o) => Number(o) <= 255)) {
    return `${v4
      .slice(1)
      .reverse()
      .map((o) => String(Number(o)))
      .join('.')}.in-addr.arpa.`;
  }
  if (!/^[0-9a-fA-F:]+$/.test(text) || !text.includes(':')) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0) || [...head, ...tail].some((g) => g.length > 4)) {
    return null;
  }
  const full = [...head, ...new Array<string>(missing).fill('0'), ...tail]
    .map((g) => g.padStart(4, '0'))
    .join('');
  return `${[...full.toLowerCase()].reverse().join('.')}.ip6.arpa.`;
}

export function lookup(network: Network, name: string, qtype: QueryType): Answer {
  const qname = absolute(name);
  const answers: Rr[] = [];
  let status: Answer['status'] = 'NOERROR';
  let current = qname;
  const seen = new Set<string>();
  // Follow CNAMEs as a recursive resolver does (RFC 1034 section 3.6.2), at most eight links.
  for (let hop = 0; hop < 8 && !seen.has(bare(current)); hop++) {
    seen.add(bare(current));
    const found = records(network, current, qtype);
    if (hop === 0 && found.status === 'NXDOMAIN') status = 'NXDOMAIN';
    answers.push(...found.answers);
    if (found.answers.length > 0 || qtype === 'CNAME' || qtype === 'ANY') break;
    const cname = records(network, current, 'CNAME').answers[0];
    if (!cname?.target) break;
    answers.push(cname);
    current = cname.target;
  }
  const negative = answers.length === 0 || answers[answers.length - 1].type === 'CNAME';
  return {
    qname,
    qtype,
    status,
    answers,
    authority: negative ? [soaFor(network, current)] : [],
  };
}

function records(
  network: Network,
  name: string,
  qtype: QueryType,
): { status: Answer['status']; answers: Rr[] } {
  const owner = absolute(name);
  if (qtype === 'SOA') {
    const zone = zoneOf(network, name);
    const exists = network.resolve(bare(name), 'A').status === 'NOERROR';
    return {
      status: exists || zone !== '.' ? 'NOERROR' : 'NXDOMAIN',
      answers: bare(zone) === bare(name) ? [soaFor(network, name)] : [],
    };
  }
  if (qtype === 'ANY') {
    const all = (['A', 'AAAA', 'MX', 'TXT', 'NS', 'CNAME', 'PTR'] as const).flatMap(
      (t) => records(network, name, t).answers,
    );
    return { status: all.length > 0 ? 'NOERROR' : network.resolve(bare(name), 'A').status, answers: all };
  }
  const result = network.resolve(bare(name), qtype);
  let found = result.answers;
  let status = result.status;
  if (qtype === 'PTR' && found.length === 0) {
    // The world's hosts have reverse DNS even without explicit PTR records, as a mail server should.
    const host = network.world.hosts.find((h) =>
      h.addresses.some((a) => reverseName(a) === absolute(bare(name))),
    );
    if (host) {
      found = [{ name: bare(name), type: 'PTR', ttl: 3600, value: host.name }];
      status = 'NOERROR';
    }
  }
  return { status, answers: found.map((r) => toRr(owner, r)) };
}

function toRr(owner: string, r: DnsRecord): Rr {
  switch (r.type) {
    case 'MX':
      return {
        owner,
        ttl: r.ttl,
        type: 'MX',
        rdata: `${r.preference} ${absolute(r.exchange)}`,
        preference: r.preference,
        target: absolute(r.exchange),
      };
    case 'TXT':
      return { owner, ttl: r.ttl, type: 'TXT', rdata: txtRdata(r.value), target: r.value };
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return { owner, ttl: r.ttl, type: r.type, rdata: absolute(r.value), target: absolute(r.value) };
    default:
      return { owner, ttl: r.ttl, type: r.type, rdata: r.value, target: r.value };
  }
}

/** TXT data as dig prints it: quoted character-strings of at most 255 octets each. */
function txtRdata(value: string): string {
  const escaped = (s: string) => '"' + s.replace(/["\\]/g, (c) => '\\' + c) + '"';
  const chunks: string[] = [];
  for (let at = 0; at < value.length || chunks.length === 0; at += 255)
    chunks.push(escaped(value.slice(at, at + 255)));
  return chunks.join(' ');
}

/** The zone a name belongs to: the longest suffix that the world has mail domains or NS records for. */
function zoneOf(network: Network, name: string): string {
  const apexes = new Set<string>();
  for (const h of network.world.hosts) for (const d of h.domains) apexes.add(bare(d));
  for (const r of network.world.dns) if (r.type === 'MX' || r.type === 'NS') apexes.add(bare(r.name));
  const labels = bare(name).split('.');
  for (let k = 0; k < labels.length; k++) {
    const suffix = labels.slice(k).join('.');
    if (apexes.has(suffix)) return suffix + '.';
  }
  return '.';
}

function soaFor(network: Network, name: string): Rr {
  const zone = zoneOf(network, name);
  const day = new Date(network.env.now());
  const stamp = Number.isNaN(day.getTime()) ? '20260101' : day.toISOString().slice(0, 10).replace(/-/g, '');
  if (zone === '.') {
    // What any recursive resolver returns for a name under a top-level domain that does not exist.
    return {
      owner: '.',
      ttl: 86400,
      type: 'SOA',
      rdata: `a.root-servers.net. nstld.verisign-grs.com. ${stamp}00 1800 900 604800 86400`,
    };
  }
  const ns = network.world.dns.find((r) => r.type === 'NS' && bare(r.name) === bare(zone));
  const primary = ns && ns.type === 'NS' ? absolute(ns.value) : `ns1.${zone}`;
  return {
    owner: zone,
    ttl: 3600,
    type: 'SOA',
    rdata: `${primary} hostmaster.${zone} ${stamp}01 3600 900 604800 3600`,
  };
}

/** The size of the response as dig's ";; MSG SIZE  rcvd:" counts it, with RFC 1035 name compression. */
export function messageSize(answer: Answer): number {
  const written: string[] = [];
  const name = (n: string): number => {
    const labels = n.replace(/\.$/, '').split('.').filter(Boolean);
    for (let k = 0; k < labels.length; k++) {
      const suffix = labels.slice(k).join('.').toLowerCase();
      if (written.includes(suffix))
        return labels.slice(0, k).reduce((s, l) => s + 1 + utf8Encode(l).length, 2);
    }
    for (let k = 0; k < labels.length; k++) written.push(labels.slice(k).join('.').toLowerCase());
    return wireName(n);
  };
  let size = 12 + name(answer.qname) + 4;
  for (const rr of [...answer.answers, ...answer.authority]) {
    size += name(rr.owner) + 10;
    size += rdataSize(rr, name);
  }
  return size + 11; // the EDNS OPT record
}

function rdataSize(rr: Rr, name: (n: string) => number): number {
  switch (rr.type) {
    case 'A':
      return 4;
    case 'AAAA':
      return 16;
    case 'MX':
      return 2 + name(rr.target ?? '.');
    case 'TXT': {
      const n = utf8Encode(rr.target ?? '').length;
      return n + Math.max(1, Math.ceil(n / 255));
    }
    case 'SOA': {
      const [mname, rname] = rr.rdata.split(' ');
      return name(mname) + name(rname) + 20;
    }
    default:
      return name(rr.target ?? '.');
  }
}

/** A small deterministic number from text, for the query id and time that real dig shows at random. */
export function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}
