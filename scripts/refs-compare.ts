// `npm run refs:compare -- --target 127.0.0.1:5360 --profile postfix [SCENARIO...]`: replays scenario files
// (the format of ../shared/refs/driver.py) against a live server on loopback and against the simulator's TCP
// bridge, with the same client, and prints a per-step table (code, enhanced code, text) and a summary line.
// It measures how close a profile is to a real server on sessions nobody recorded; scripts/reference-postfix.sh
// sets up the Postfix 3.7 the shared recordings came from.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { basename, join, resolve } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBridge } from '../src/bridge/server.ts';
import { getProfile } from '../src/smtp/profiles/index.ts';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const REFS_DIR = process.env.SMTP_REFS_DIR ?? resolve(repoRoot, '../shared/refs');
const LOOPBACK = new Set(['127.0.0.1', '::1']);

// ---------------------------------------------------------------------------------------------
// Scenario files (driver.py's format: one client line per file line, sent with CRLF, one reply read)

export type ScenarioStep =
  | { kind: 'line'; line: string }
  | { kind: 'data-block' | 'pipeline'; lines: string[] }
  | { kind: 'raw' | 'raw-noreply'; bytes: string }
  | { kind: 'repeat'; n: number; line: string }
  | { kind: 'read' | 'starttls' }
  | { kind: 'sleep'; seconds: number };

export interface Scenario {
  name: string;
  comments: string[];
  steps: ScenarioStep[];
}

export function parseScenario(name: string, text: string): Scenario {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const comments: string[] = [];
  const steps: ScenarioStep[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line.startsWith('## ')) {
      if (!/^(servers|also):/.test(line.slice(3))) comments.push(line.slice(3));
      continue;
    }
    if (line === '<DATA-BLOCK>' || line === '<PIPELINE>') {
      const end = `</${line.slice(1)}`;
      const block: string[] = [];
      for (i++; i < lines.length && lines[i] !== end; i++) block.push(lines[i]);
      steps.push({ kind: line === '<PIPELINE>' ? 'pipeline' : 'data-block', lines: block });
      continue;
    }
    let m = /^<(RAW|RAW-NOREPLY)> (.*)$/.exec(line);
    if (m) {
      steps.push({ kind: m[1] === 'RAW' ? 'raw' : 'raw-noreply', bytes: m[2] });
      continue;
    }
    m = /^<REPEAT (\d+)> (.*)$/.exec(line);
    if (m) {
      steps.push({ kind: 'repeat', n: Number(m[1]), line: m[2] });
      continue;
    }
    m = /^<SLEEP ([0-9.]+)>$/.exec(line);
    if (m) {
      steps.push({ kind: 'sleep', seconds: Number(m[1]) });
      continue;
    }
    if (line === '<READ>') steps.push({ kind: 'read' });
    else if (line === '<STARTTLS>') steps.push({ kind: 'starttls' });
    else if (line === '<EMPTY>') steps.push({ kind: 'line', line: '' });
    else steps.push({ kind: 'line', line });
  }
  return { name, comments, steps };
}

/** driver.py's escapes (\r \n \t \\ \xNN) to octets; everything else as UTF-8. */
export function unescapeBytes(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const n = text[i + 1];
    if (c === '\\' && n !== undefined) {
      const simple: Record<string, number> = { r: 13, n: 10, t: 9, '\\': 92 };
      if (Object.hasOwn(simple, n)) {
        out.push(simple[n]);
        i++;
        continue;
      }
      if (n === 'x') {
        out.push(parseInt(text.slice(i + 2, i + 4), 16));
        i += 3;
        continue;
      }
    }
    const point = text.codePointAt(i)!;
    if (point > 0xffff) i++;
    out.push(...Buffer.from(String.fromCodePoint(point), 'utf8'));
  }
  return Buffer.from(out);
}

/** Bytes shown as driver.py shows them: CR, LF, TAB, backslash and non-ASCII escaped. */
export function showBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b === 13) out += '\\r';
    else if (b === 10) out += '\\n';
    else if (b === 9) out += '\\t';
    else if (b === 92) out += '\\\\';
    else if (b >= 32 && b < 127) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// A client that behaves like driver.py: read one complete reply per step, then collect any extra replies
// that arrive within a short quiet time.

export interface WireReply {
  lines: string[];
  code: string | null;
  enhanced: string | null;
  status: 'ok' | 'timeout' | 'eof' | 'error';
}

export interface Timing {
  /** How long to wait for an expected reply (driver.py: 3 s). */
  replyMs: number;
  /** Quiet time that ends the collection of extra replies after a line / after a block or raw bytes. */
  drainLineMs: number;
  drainBlockMs: number;
}

export const DEFAULT_TIMING: Timing = { replyMs: 3000, drainLineMs: 150, drainBlockMs: 500 };

/** A loopback SMTP client that keeps every octet the server sent until it is read as a reply. */
export class WireClient {
  private buffer = Buffer.alloc(0);
  private socket: Socket;
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(socket: Socket) {
    this.socket = socket;
    this.listen(socket);
  }

  /** Connects in clear, or with TLS from the first octet (`tls`, as on port 465). */
  static open(host: string, port: number, options: { tls?: boolean } = {}): Promise<WireClient> {
    if (!LOOPBACK.has(host)) throw new Error(`refusing non-loopback target ${host}`);
    return new Promise((resolveOpen, reject) => {
      const connected = () => {
        socket.off('error', reject);
        resolveOpen(new WireClient(socket));
      };
      const socket: Socket = options.tls
        ? tlsConnect({ host, port, rejectUnauthorized: false, servername: 'mail.example.test' }, connected)
        : netConnect({ host, port }, connected);
      socket.once('error', reject);
    });
  }

  private listen(socket: Socket): void {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    const end = () => {
      this.closed = true;
      this.wake();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }

  /** What the server sent that has not been read as a reply yet. */
  get pending(): Buffer {
    return this.buffer;
  }

  send(data: string | Uint8Array): void {
    if (!this.closed) this.socket.write(data);
  }

  /** The client is done sending (half-close); the server may still answer. */
  end(): void {
    if (!this.closed) this.socket.end();
  }

  async startTls(): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('end');
    plain.removeAllListeners('close');
    const secure = tlsConnect({ socket: plain, rejectUnauthorized: false, servername: 'mail.example.test' });
    this.socket = secure;
    try {
      await new Promise<void>((ok, fail) => {
        secure.once('secureConnect', () => ok());
        secure.once('error', fail);
      });
    } catch (error) {
      // No handshake, no connection: nothing more can be read or sent on it.
      this.closed = true;
      secure.destroy();
      this.wake();
      throw error;
    }
    this.listen(secure);
  }

  /** Resolves true once `test` holds on the pending octets; false when the connection ended or time ran out. */
  async waitFor(test: (pending: Buffer) => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!test(this.buffer)) {
      const left = deadline - Date.now();
      if (this.closed || left <= 0) return false;
      await this.wait(left);
    }
    return true;
  }

  /** One complete reply: lines up to "NNN " (or a line without "NNN-"). */
  async readReply(timeoutMs: number): Promise<WireReply> {
    const deadline = Date.now() + timeoutMs;
    const lines: string[] = [];
    for (;;) {
      let lf: number;
      while ((lf = this.buffer.indexOf(10)) >= 0) {
        let raw = this.buffer.subarray(0, lf);
        this.buffer = this.buffer.subarray(lf + 1);
        const bareLf = raw.at(-1) !== 13;
        if (!bareLf) raw = raw.subarray(0, -1);
        const text = raw.toString('utf8');
        lines.push(text + (bareLf ? ' <bare-LF>' : ''));
        if (!/^\d{3}-/.test(text)) return reply(lines, 'ok');
      }
      if (this.closed) {
        if (this.buffer.length > 0) lines.push(`${this.buffer.toString('utf8')} <no-EOL>`);
        this.buffer = Buffer.alloc(0);
        return reply(lines, 'eof');
      }
      const left = deadline - Date.now();
      if (left <= 0) return reply(lines, 'timeout');
      await this.wait(left);
    }
  }

  /** Further complete replies that arrive within `quietMs` of each other. */
  async drain(quietMs: number): Promise<WireReply[]> {
    const extra: WireReply[] = [];
    for (;;) {
      if (this.buffer.indexOf(10) < 0) {
        if (this.closed) break;
        await this.wait(quietMs);
        if (this.buffer.indexOf(10) < 0) break;
      }
      const r = await this.readReply(quietMs);
      if (r.lines.length === 0) break;
      extra.push(r);
    }
    return extra;
  }

  /** After the script: did the server close the connection? */
  async ending(waitMs = 700): Promise<'closed' | 'open' | 'unsolicited'> {
    if (!this.closed && this.buffer.length === 0) await this.wait(waitMs);
    if (this.buffer.length > 0) return 'unsolicited';
    return this.closed ? 'closed' : 'open';
  }

  close(): void {
    this.socket.destroy();
  }

  private wait(ms: number): Promise<void> {
    return new Promise((done) => {
      const finish = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== finish);
        done();
      };
      const timer = setTimeout(finish, ms);
      this.waiters.push(finish);
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

function reply(lines: string[], status: WireReply['status']): WireReply {
  const m = /^(\d{3})[ -]?(?:(\d\.\d{1,3}\.\d{1,3})\b)?/.exec(lines.at(-1) ?? '');
  return { lines, code: m?.[1] ?? null, enhanced: m?.[2] ?? null, status };
}

export interface StepResult {
  /** The step as the table shows it (client side). */
  label: string;
  /** Null when the step was not sent because the server had closed the connection. */
  replies: WireReply[] | null;
}

export interface SessionResult {
  steps: StepResult[];
  end: 'closed' | 'open' | 'unsolicited';
}

/** Runs one scenario against host:port; the greeting is step 0. */
export async function runScenario(
  scenario: Scenario,
  host: string,
  port: number,
  timing: Timing = DEFAULT_TIMING,
): Promise<SessionResult> {
  const client = await WireClient.open(host, port);
  const steps: StepResult[] = [];
  try {
    const withExtra = async (first: WireReply[], quiet: number) =>
      first.at(-1)?.status === 'ok' ? [...first, ...(await client.drain(quiet))] : first;
    steps.push({
      label: '(greeting)',
      replies: await withExtra([await client.readReply(timing.replyMs)], 0),
    });
    for (const step of scenario.steps) {
      const label = describeStep(step);
      if (client.closed && step.kind !== 'sleep') {
        steps.push({ label, replies: null });
        continue;
      }
      switch (step.kind) {
        case 'line': {
          client.send(Buffer.from(`${step.line}\r\n`, 'utf8'));
          const r = await client.readReply(timing.replyMs);
          steps.push({ label, replies: await withExtra([r], timing.drainLineMs) });
          break;
        }
        case 'data-block':
        case 'pipeline':
        case 'repeat': {
          const lines = step.kind === 'repeat' ? Array<string>(step.n).fill(step.line) : step.lines;
          client.send(Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'utf8'));
          const count = step.kind === 'data-block' ? 1 : lines.length;
          const replies: WireReply[] = [];
          for (let i = 0; i < count; i++) {
            const r = await client.readReply(timing.replyMs);
            replies.push(r);
            if (r.status !== 'ok') break;
          }
          steps.push({ label, replies: await withExtra(replies, timing.drainBlockMs) });
          break;
        }
        case 'raw':
        case 'raw-noreply': {
          client.send(unescapeBytes(step.bytes));
          if (step.kind === 'raw-noreply') {
            steps.push({ label, replies: [] });
            break;
          }
          const r = await client.readReply(timing.replyMs);
          steps.push({ label, replies: await withExtra([r], timing.drainBlockMs) });
          break;
        }
        case 'read': {
          const r = await client.readReply(timing.replyMs);
          steps.push({ label, replies: await withExtra([r], timing.drainBlockMs) });
          break;
        }
        case 'starttls':
          try {
            await client.startTls();
            steps.push({ label, replies: [] });
          } catch (e) {
            steps.push({ label: `${label} failed: ${(e as Error).message}`, replies: [] });
          }
          break;
        case 'sleep':
          await new Promise((r) => setTimeout(r, step.seconds * 1000));
          steps.push({ label, replies: [] });
          break;
      }
    }
    return { steps, end: await client.ending() };
  } finally {
    client.close();
  }
}

function describeStep(step: ScenarioStep): string {
  const cut = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}... (${s.length} chars)` : s);
  switch (step.kind) {
    case 'line':
      return step.line === '' ? '<empty line>' : cut(step.line);
    case 'data-block':
      return `<DATA-BLOCK ${step.lines.length} lines>`;
    case 'pipeline':
      return `<PIPELINE ${step.lines.map((l) => l.split(' ')[0]).join(' ')}>`;
    case 'repeat':
      return `<REPEAT ${step.n}> ${cut(step.line)}`;
    case 'raw':
    case 'raw-noreply':
      return `<${step.kind.toUpperCase()}> ${cut(step.bytes)}`;
    case 'sleep':
      return `<SLEEP ${step.seconds}>`;
    default:
      return `<${step.kind.toUpperCase()}>`;
  }
}

// ---------------------------------------------------------------------------------------------
// Comparison

/** Per-run values (queue IDs, dates in greetings) masked so that texts compare exactly otherwise. */
export function maskText(line: string): string {
  return line
    .replace(/queued as [0-9A-Za-z]+/, 'queued as <QUEUEID>')
    .replace(/\w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}( \(\w+\))?/, '<DATE>');
}

const codesOf = (rs: WireReply[] | null) =>
  rs === null ? 'not sent' : rs.map((r) => (r.status === 'ok' ? r.code : `<${r.status}>`)).join(',');
const enhancedOf = (rs: WireReply[] | null) =>
  rs === null ? 'not sent' : rs.map((r) => `${r.code ?? `<${r.status}>`} ${r.enhanced ?? '-'}`).join(',');
const textOf = (rs: WireReply[] | null) =>
  rs === null ? 'not sent' : rs.map((r) => r.lines.map(maskText).join(' | ') || `<${r.status}>`).join(' || ');

export interface Comparison {
  scenario: string;
  rows: Array<{
    label: string;
    theirs: WireReply[] | null;
    ours: WireReply[] | null;
    code: boolean;
    enhanced: boolean;
    text: boolean;
  }>;
  end: { theirs: string; ours: string };
}

export function compare(name: string, theirs: SessionResult, ours: SessionResult): Comparison {
  const rows = theirs.steps.map((t, i) => {
    const o = ours.steps[i] ?? { label: t.label, replies: null };
    return {
      label: t.label,
      theirs: t.replies,
      ours: o.replies,
      code: codesOf(t.replies) === codesOf(o.replies),
      enhanced: enhancedOf(t.replies) === enhancedOf(o.replies),
      text: textOf(t.replies) === textOf(o.replies),
    };
  });
  return { scenario: name, rows, end: { theirs: theirs.end, ours: ours.end } };
}

export interface Totals {
  scenarios: number;
  steps: number;
  code: number;
  enhanced: number;
  text: number;
  sameScenarios: number;
}

/** Steps neither server was sent (both had closed the connection) measure nothing and are not counted. */
const measured = (r: Comparison['rows'][number]) => r.theirs !== null || r.ours !== null;

export function totals(comparisons: Comparison[]): Totals {
  const rows = comparisons.flatMap((c) => c.rows.filter(measured));
  return {
    scenarios: comparisons.length,
    steps: rows.length,
    code: rows.filter((r) => r.code).length,
    enhanced: rows.filter((r) => r.enhanced).length,
    text: rows.filter((r) => r.text).length,
    sameScenarios: comparisons.filter((c) => c.rows.every((r) => r.code) && c.end.theirs === c.end.ours)
      .length,
  };
}

export function summaryLine(t: Totals, profile: string, target: string): string {
  const pct = (n: number) => (t.steps ? ((100 * n) / t.steps).toFixed(1) : '0.0');
  return (
    `${profile} vs ${target}: ${t.scenarios} scenarios, ${t.steps} steps; equal codes ${t.code}/${t.steps} ` +
    `(${pct(t.code)} %), equal enhanced codes ${t.enhanced} (${pct(t.enhanced)} %), equal texts ${t.text} ` +
    `(${pct(t.text)} %); scenarios with every code equal: ${t.sameScenarios}/${t.scenarios}`
  );
}

function table(c: Comparison, onlyDifferent: boolean): string {
  const out = [`== ${c.scenario}`];
  const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  c.rows.forEach((r, i) => {
    if (!measured(r) || (onlyDifferent && r.code && r.enhanced && r.text)) return;
    const mark = `${r.code ? '=' : '≠'}${r.enhanced ? '=' : '≠'}${r.text ? '=' : '≠'}`;
    out.push(`${String(i).padStart(3)} ${mark} C: ${short(r.label, 70)}`);
    out.push(`         target:    ${short(textOf(r.theirs), 150)}`);
    if (!r.text) out.push(`         simulator: ${short(textOf(r.ours), 150)}`);
  });
  if (c.end.theirs !== c.end.ours) out.push(`    ≠ end: target ${c.end.theirs}, simulator ${c.end.ours}`);
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Command line

export function scenarioFiles(args: string[]): string[] {
  const shared = join(REFS_DIR, 'scenarios');
  const listDir = (dir: string) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .sort((a, b) => Number.parseInt(a) - Number.parseInt(b) || a.localeCompare(b))
      .map((f) => join(dir, f));
  if (args.length === 0) return listDir(shared);
  return args.flatMap((arg) => {
    for (const candidate of [arg, join(shared, arg), join(shared, `${arg}.txt`)])
      if (existsSync(candidate)) return statSync(candidate).isDirectory() ? listDir(candidate) : [candidate];
    throw new Error(`no scenario ${arg} (a file, a directory, or a name in ${shared})`);
  });
}

const USAGE = `Usage: npm run refs:compare -- --target HOST:PORT [--profile ID] [options] [SCENARIO...]

Replays scenario files (driver.py's format; default: every file in ../shared/refs/scenarios) against a live
SMTP server on loopback and against the simulator's TCP bridge with the given profile, and prints a
per-step table (= or ≠ for code, enhanced code, text) and a summary line.

  --target HOST:PORT  the real server (127.0.0.1 or ::1 only); see scripts/reference-postfix.sh
  --profile ID        simulator profile (default postfix)
  --all               show every step, not only the steps that differ (steps sent to neither server,
                      because both had closed the connection, are neither shown nor counted)
  --quiet             print only the summary line
  --timeout MS        wait for an expected reply (default 3000, as driver.py)
SCENARIO is a file, a directory of .txt files, or a name in ../shared/refs/scenarios.`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      profile: { type: 'string', default: 'postfix' },
      all: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '3000' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || !values.target) {
    console.log(USAGE);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(values.target);
  if (!m || !LOOPBACK.has(m[1])) {
    console.error(
      `refs:compare: --target must be 127.0.0.1:PORT or [::1]:PORT (loopback only), not ${values.target}`,
    );
    process.exitCode = 2;
    return;
  }
  const [, host, port] = m;
  getProfile(values.profile);
  const timing = { ...DEFAULT_TIMING, replyMs: Number(values.timeout) };
  const files = scenarioFiles(positionals);
  const bridge = await startBridge({
    listeners: [{ port: 0, profile: values.profile }],
    error: (line) => console.error(`bridge: ${line}`),
  });
  const ourPort = bridge.endpoints[0].port;
  const comparisons: Comparison[] = [];
  try {
    for (const file of files) {
      const scenario = parseScenario(basename(file, '.txt'), readFileSync(file, 'utf8'));
      const [theirs, ours] = await Promise.all([
        runScenario(scenario, host, Number(port), timing),
        runScenario(scenario, '127.0.0.1', ourPort, timing),
      ]);
      const c = compare(scenario.name, theirs, ours);
      comparisons.push(c);
      if (!values.quiet) {
        const differs = c.rows.some((r) => !(r.code && r.enhanced && r.text)) || c.end.theirs !== c.end.ours;
        if (values.all || differs) console.log(table(c, !values.all));
        else console.log(`== ${c.scenario}: every step equal`);
      }
    }
  } finally {
    await bridge.close();
  }
  console.log(summaryLine(totals(comparisons), values.profile, values.target));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(`refs:compare: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  });
}
