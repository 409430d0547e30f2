// SPF (RFC 7208): may this client address send mail for this domain? check_host() of section 4 with the
// mechanisms of section 5, the macros of section 7 and the processing limits of section 4.6.4.
import { type AuthResolver, domainOfAddress } from './dns.ts';

export type SpfResult = 'none' | 'neutral' | 'pass' | 'fail' | 'softfail' | 'temperror' | 'permerror';

export interface SpfVerdict {
  result: SpfResult;
  /** 'mailfrom', or 'helo' for the null sender (RFC 7208 section 2.4). */
  identity: 'mailfrom' | 'helo';
  /** The domain checked first: the MAIL FROM domain, or the HELO name. */
  domain: string;
  /** The sender as checked (postmaster@helo for the null sender). */
  sender: string;
  clientIp: string;
  helo: string;
  /** The term that decided ("ip4:203.0.113.7", "-all", "mx"), if one matched. */
  mechanism?: string;
  /** Every SPF record read, in order: what the learner can dig. */
  records: { domain: string; record: string }[];
  /** DNS lookups that count toward the limit of ten. */
  lookups: number;
  /** Why the result is an error, for the explanation. */
  problem?: string;
}

export interface SpfQuery {
  ip: string;
  /** MAIL FROM address, '' for the null sender. */
  mailFrom: string;
  helo: string;
}

const LOOKUP_LIMIT = 10;
const VOID_LIMIT = 2;

class SpfError extends Error {
  constructor(
    readonly result: 'temperror' | 'permerror',
    message: string,
  ) {
    super(message);
  }
}

interface Ip {
  v: 4 | 6;
  value: bigint;
}

/** Evaluate SPF for a message as a receiver does at MAIL FROM / RCPT time. */
export function checkSpf(resolver: AuthResolver, query: SpfQuery): SpfVerdict {
  const nullSender = query.mailFrom === '';
  const helo = query.helo;
  const sender = nullSender
    ? `postmaster@${helo}`
    : query.mailFrom.includes('@')
      ? query.mailFrom
      : `postmaster@${query.mailFrom}`;
  const domain = domainOfAddress(sender);
  const verdict: SpfVerdict = {
    result: 'none',
    identity: nullSender ? 'helo' : 'mailfrom',
    domain,
    sender,
    clientIp: query.ip,
    helo,
    records: [],
    lookups: 0,
  };
  const ip = parseIp(query.ip);
  if (!ip) return { ...verdict, result: 'none', problem: 'the client address is not an IP address' };
  const state = { lookups: 0, voids: 0, records: verdict.records };
  const ctx: Context = { resolver, ip, ipText: query.ip, sender, helo, state };
  try {
    const outcome = checkHost(ctx, domain, 0);
    return { ...verdict, result: outcome.result, mechanism: outcome.mechanism, lookups: state.lookups };
  } catch (e) {
    if (e instanceof SpfError)
      return { ...verdict, result: e.result, problem: e.message, lookups: state.lookups };
    throw e;
  }
}

interface Context {
  resolver: AuthResolver;
  ip: Ip;
  ipText: string;
  sender: string;
  helo: string;
  state: { lookups: number; voids: number; records: { domain: string; record: string }[] };
}

interface Outcome {
  result: SpfResult;
  mechanism?: string;
}

interface Mechanism {
  qualifier: '+' | '-' | '~' | '?';
  name: 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';
  term: string;
  domainSpec?: string;
  ip?: Ip;
  cidr4: number;
  cidr6: number;
}

const QUALIFIED: Record<Mechanism['qualifier'], SpfResult> = {
  '+': 'pass',
  '-': 'fail',
  '~': 'softfail',
  '?': 'neutral',
};

/** A name check_host() may look up (RFC 7208 section 4.3): labels of 1 to 63 octets, at least two. */
function validDomain(domain: string): boolean {
  const labels = domain.replace(/\.$/, '').split('.');
  return (
    labels.length >= 2 && labels.every((l) => l.length >= 1 && l.length <= 63) && !domain.startsWith('[')
  );
}

function checkHost(ctx: Context, domain: string, depth: number): Outcome {
  if (!validDomain(domain)) return { result: 'none' };
  const record = fetchRecord(ctx, domain);
  if (record === null) return { result: 'none' };
  ctx.state.records.push({ domain, record });
  const { mechanisms, redirect } = parseRecord(record);
  for (const m of mechanisms) {
    if (matches(ctx, m, domain, depth)) return { result: QUALIFIED[m.qualifier], mechanism: m.term };
  }
  if (redirect !== undefined) {
    count(ctx);
    const target = expandDomain(ctx, redirect, domain);
    const outcome = checkHost(ctx, target, depth + 1);
    if (outcome.result === 'none') throw new SpfError('permerror', `redirect=${target} has no SPF record`);
    return outcome;
  }
  return { result: 'neutral' };
}

/** The one "v=spf1" TXT record of a domain (section 4.5), null when there is none. */
function fetchRecord(ctx: Context, domain: string): string | null {
  const reply = ctx.resolver.query(domain, 'TXT');
  if (reply.status === 'SERVFAIL') throw new SpfError('temperror', `the TXT lookup for ${domain} failed`);
  const spf = reply.answers.filter((t) => /^v=spf1( |$)/i.test(t));
  if (spf.length > 1) throw new SpfError('permerror', `${domain} publishes more than one SPF record`);
  return spf[0] ?? null;
}

function count(ctx: Context): void {
  ctx.state.lookups++;
  if (ctx.state.lookups > LOOKUP_LIMIT)
    throw new SpfError('permerror', 'more than 10 DNS lookups (RFC 7208 section 4.6.4)');
}

function noteVoid(ctx: Context): void {
  ctx.state.voids++;
  if (ctx.state.voids > VOID_LIMIT)
    throw new SpfError('permerror', 'more than 2 lookups found nothing (RFC 7208 section 4.6.4)');
}

const MECHANISM = /^([-+~?]?)(all|include|a|mx|ptr|ip4|ip6|exists)(?=$|[:/])(.*)$/i;
const MODIFIER = /^([a-z][a-z0-9_.-]*)=(.*)$/i;

function parseRecord(record: string): { mechanisms: Mechanism[]; redirect?: string } {
  if (/[^\x20-\x7e]/.test(record)) throw new SpfError('permerror', 'the record is not 7-bit ASCII');
  const terms = record.split(' ').slice(1).filter(Boolean);
  const mechanisms: Mechanism[] = [];
  let redirect: string | undefined;
  let exp: string | undefined;
  for (const term of terms) {
    const mod = MODIFIER.exec(term);
    if (mod && !MECHANISM.test(term)) {
      const name = mod[1].toLowerCase();
      checkMacroString(mod[2]);
      if (name === 'redirect') {
        if (redirect !== undefined) throw new SpfError('permerror', 'redirect= given twice');
        checkDomainSpec(mod[2]);
        redirect = mod[2];
      } else if (name === 'exp') {
        if (exp !== undefined) throw new SpfError('permerror', 'exp= given twice');
        checkDomainSpec(mod[2]);
        exp = mod[2];
      }
      continue;
    }
    const m = MECHANISM.exec(term);
    if (!m) throw new SpfError('permerror', `unknown term "${term}"`);
    mechanisms.push(
      parseMechanism(term, m[1] as Mechanism['qualifier'], m[2].toLowerCase() as Mechanism['name'], m[3]),
    );
  }
  // RFC 7208 section 6.1: redirect is ignored when the record has an "all".
  if (mechanisms.some((x) => x.name === 'all')) redirect = undefined;
  return { mechanisms, redirect };
}

function parseMechanism(term: string, q: string, name: Mechanism['name'], rest: string): Mechanism {
  const m: Mechanism = { qualifier: (q || '+') as Mechanism['qualifier'], name, term, cidr4: 32, cidr6: 128 };
  const bad = () => new SpfError('permerror', `"${term}" is not a valid mechanism`);
  switch (name) {
    case 'all':
      if (rest !== '') throw bad();
      return m;
    case 'include':
    case 'exists':
      if (!rest.startsWith(':') || rest.length < 2) throw bad();
      checkDomainSpec(rest.slice(1));
      m.domainSpec = rest.slice(1);
      return m;
    case 'ptr':
      if (rest !== '') {
        if (!rest.startsWith(':')) throw bad();
        checkDomainSpec(rest.slice(1));
        m.domainSpec = rest.slice(1);
      }
      return m;
    case 'ip4':
    case 'ip6': {
      const found = /^:([^/]+)(?:\/(\d+))?$/.exec(rest);
      const ip = found ? parseIp(found[1], false) : null;
      if (!found || !ip || ip.v !== (name === 'ip4' ? 4 : 6) || (name === 'ip4' && found[1].includes(':')))
        throw bad();
      const max = ip.v === 4 ? 32 : 128;
      const bits = found[2] === undefined ? max : Number(found[2]);
      if (bits > max || /^0\d/.test(found[2] ?? '')) throw bad();
      m.ip = ip;
      if (ip.v === 4) m.cidr4 = bits;
      else m.cidr6 = bits;
      return m;
    }
    default: {
      // a and mx: [":" domain-spec] [ "/" ip4-cidr ] [ "//" ip6-cidr ]
      const found = /^(?::(.+?))?(?:\/(\d+))?(?:\/\/(\d+))?$/.exec(rest);
      if (!found) throw bad();
      if (found[1] !== undefined) {
        checkDomainSpec(found[1]);
        m.domainSpec = found[1];
      }
      for (const [text, max, key] of [
        [found[2], 32, 'cidr4'],
        [found[3], 128, 'cidr6'],
      ] as const) {
        if (text === undefined) continue;
        if (/^0\d/.test(text) || Number(text) > max) throw bad();
        m[key] = Number(text);
      }
      return m;
    }
  }
}

/** domain-spec = macro-string domain-end (section 7.1): ends in a top label or a macro. */
function checkDomainSpec(spec: string): void {
  checkMacroString(spec);
  if (/%\{[^}]*\}\.?$/.test(spec)) return;
  const labels = spec.replace(/\.$/, '').split('.');
  const top = labels[labels.length - 1];
  const topOk = /^[a-z0-9]*[a-z][a-z0-9]*$/i.test(top) || /^[a-z0-9]+-[a-z0-9-]*[a-z0-9]$/i.test(top);
  if (labels.length < 2 || !topOk) throw new SpfError('permerror', `"${spec}" is not a domain name`);
}

const MACRO = /%(?:\{([slodiphvcrt])(\d*)(r?)([-.+,/_=]*)\}|[%_-])/gi;

function checkMacroString(text: string): void {
  const stripped = text.replace(MACRO, '');
  if (stripped.includes('%')) throw new SpfError('permerror', `bad macro in "${text}"`);
  for (const m of text.matchAll(MACRO)) {
    if (m[1] && 'crt'.includes(m[1].toLowerCase()))
      throw new SpfError('permerror', `%{${m[1]}} is only for exp=`);
    if (m[2] !== undefined && m[2] !== '' && Number(m[2]) === 0)
      throw new SpfError('permerror', 'a macro keeps 0 labels');
  }
}

/** Macro expansion (section 7.3) and the 253-octet cut of section 7.3's last paragraph. */
function expandDomain(ctx: Context, spec: string, domain: string): string {
  const at = ctx.sender.lastIndexOf('@');
  const values: Record<string, string> = {
    s: ctx.sender,
    l: at < 0 ? 'postmaster' : ctx.sender.slice(0, at) || 'postmaster',
    o: domainOfAddress(ctx.sender),
    d: domain,
    i: ctx.ip.v === 4 ? v4Text(ctx.ip.value) : nibbles(ctx.ip.value),
    p: 'unknown',
    v: ctx.ip.v === 4 ? 'in-addr' : 'ip6',
    h: ctx.helo,
  };
  let out = spec.replace(
    MACRO,
    (whole, letter?: string, digits?: string, reverse?: string, delims?: string) => {
      if (whole === '%%') return '%';
      if (whole === '%_') return ' ';
      if (whole === '%-') return '%20';
      const value = values[letter!.toLowerCase()];
      let parts = value.split(new RegExp(`[${(delims || '.').replace(/[-\]\\/]/g, '\\$&')}]`));
      if (reverse) parts = parts.reverse();
      if (digits) parts = parts.slice(-Number(digits));
      const joined = parts.join('.');
      return letter === letter!.toUpperCase() ? encodeURIComponent(joined) : joined;
    },
  );
  out = out.replace(/\.$/, '');
  while (out.length > 253 && out.includes('.')) out = out.slice(out.indexOf('.') + 1);
  return out;
}

function matches(ctx: Context, m: Mechanism, domain: string, depth: number): boolean {
  const target = () => (m.domainSpec === undefined ? domain : expandDomain(ctx, m.domainSpec, domain));
  switch (m.name) {
    case 'all':
      return true;
    case 'ip4':
    case 'ip6':
      return inCidr(ctx.ip, m.ip!, m.ip!.v === 4 ? m.cidr4 : m.cidr6);
    case 'a':
      count(ctx);
      return addressesOf(ctx, target()).some((a) => inCidr(ctx.ip, a, a.v === 4 ? m.cidr4 : m.cidr6));
    case 'mx': {
      count(ctx);
      const reply = ctx.resolver.query(target(), 'MX');
      if (reply.status === 'SERVFAIL')
        throw new SpfError('temperror', `the MX lookup for ${target()} failed`);
      if (reply.answers.length === 0) noteVoid(ctx);
      if (reply.answers.length > 10)
        throw new SpfError('permerror', `${target()} has more than 10 MX records`);
      return reply.answers.some((mx) =>
        addressesOf(ctx, mx, false).some((a) => inCidr(ctx.ip, a, a.v === 4 ? m.cidr4 : m.cidr6)),
      );
    }
    case 'ptr':
      // Deprecated (section 5.5) and needs reverse DNS, which the lab's resolver interface does not ask.
      count(ctx);
      return false;
    case 'exists': {
      count(ctx);
      const reply = ctx.resolver.query(target(), 'A');
      if (reply.status === 'SERVFAIL') throw new SpfError('temperror', `the A lookup for ${target()} failed`);
      if (reply.answers.length === 0) noteVoid(ctx);
      return reply.answers.length > 0;
    }
    case 'include': {
      count(ctx);
      const outcome = checkHost(ctx, target(), depth + 1);
      if (outcome.result === 'pass') return true;
      if (outcome.result === 'temperror') throw new SpfError('temperror', `include:${target()} failed`);
      if (outcome.result === 'permerror' || outcome.result === 'none')
        throw new SpfError('permerror', `include:${target()} has no usable SPF record`);
      return false;
    }
  }
}

/** A or AAAA of a name, as the client's address family asks (section 5.3). */
function addressesOf(ctx: Context, name: string, countVoid = true): Ip[] {
  const reply = ctx.resolver.query(name, ctx.ip.v === 4 ? 'A' : 'AAAA');
  if (reply.status === 'SERVFAIL') throw new SpfError('temperror', `the address lookup for ${name} failed`);
  if (reply.answers.length === 0 && countVoid) noteVoid(ctx);
  return reply.answers.map((a) => parseIp(a)).filter((a): a is Ip => a !== null && a.v === ctx.ip.v);
}

function inCidr(client: Ip, net: Ip, bits: number): boolean {
  if (client.v !== net.v) return false;
  const width = BigInt(client.v === 4 ? 32 : 128);
  const shift = width - BigInt(bits);
  return client.value >> shift === net.value >> shift;
}

/** IPv4 dotted quad or IPv6 text; an IPv4-mapped IPv6 address counts as IPv4 (section 5). */
export function parseIp(text: string, mapped = true): Ip | null {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (parts.some((p) => p > 255)) return null;
    return { v: 4, value: BigInt(((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3]) };
  }
  if (!text.includes(':') || !/^[0-9a-f:.]+$/i.test(text)) return null;
  let head = text;
  let tail4: bigint | null = null;
  const embedded = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (embedded) {
    const inner = parseIp(embedded[2]);
    if (!inner) return null;
    tail4 = inner.value;
    head = embedded[1] + '0:0';
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const all = [...left, ...new Array<string>(missing).fill('0'), ...right];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  let value = all.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
  if (tail4 !== null) value = (value & ~0xffffffffn) | tail4;
  if (mapped && value >> 32n === 0xffffn) return { v: 4, value: value & 0xffffffffn };
  return { v: 6, value };
}

function v4Text(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
}

function nibbles(value: bigint): string {
  return value.toString(16).padStart(32, '0').split('').join('.');
}

const CAPITALIZED: Record<SpfResult, string> = {
  none: 'None',
  neutral: 'Neutral',
  pass: 'Pass',
  fail: 'Fail',
  softfail: 'Softfail',
  temperror: 'Temperror',
  permerror: 'Permerror',
};

/** pyspf's explanation of each result (spf.py EXPLANATIONS; check() returns it as the third item). */
const EXPLAINED: Record<SpfResult, string> = {
  pass: 'sender SPF authorized',
  fail: 'SPF fail - not authorized',
  softfail: 'domain owner discourages use of this host',
  neutral: 'access neither permitted nor denied',
  // spf-engine replaces the empty explanation of None: "if helo_result[0] == 'None': ... 'no SPF record'".
  none: 'no SPF record',
  permerror: 'SPF Permanent Error',
  temperror: 'SPF Temporary Error',
};

/**
 * The header policyd-spf (spf-engine, spf_engine/__init__.py, _spfcheck, Header_Type = SPF) prepends:
 * "'Received-SPF: ' + result + ' (' + comment + ') ' + spfDetail" with spfDetail "identity=%s; client-ip=%s;
 * helo=%s; envelope-from=%s; receiver=%s " (its trailing space included). The comment is the identity
 * ("mailfrom") for the MAIL FROM check, pyspf's explanation for the HELO check (the null sender, shown as <>).
 * receiver=<UNKNOWN> as real servers' headers show it (the recipient is not disclosed).
 */
export function receivedSpfHeader(v: SpfVerdict): string {
  const helo = v.identity === 'helo';
  const comment = helo
    ? EXPLAINED[v.result] + (v.problem && v.result.endsWith('error') ? `: ${v.problem}` : '')
    : 'mailfrom';
  const sender = helo ? '<>' : v.sender;
  return (
    `Received-SPF: ${CAPITALIZED[v.result]} (${comment}) identity=${v.identity}; ` +
    `client-ip=${v.clientIp}; helo=${v.helo}; envelope-from=${sender}; receiver=<UNKNOWN> `
  );
}

/**
 * policyd-spf's text for a refused fail, as Postfix appends it to "Recipient address rejected: " (spf-engine
 * _rejectmessage: Reason_Message "Message {rejectdefer} due to: {spf}. Please see {url}", the url
 * "http://www.openspf.net/Why?s={0};id={1};ip={2};r={3}").
 */
export function spfRejectText(v: SpfVerdict): string {
  const scope = v.identity === 'helo' ? 'helo' : 'mfrom';
  const id = v.identity === 'helo' ? v.helo : v.sender;
  return (
    'Message rejected due to: SPF fail - not authorized. Please see ' +
    `http://www.openspf.net/Why?s=${scope};id=${id};ip=${v.clientIp};r=<UNKNOWN>`
  );
}
