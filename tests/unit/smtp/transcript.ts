// Golden transcripts (tests/transcripts/*.txt): a small parser and a replayer that runs the client side against
// the core with a deterministic environment and renders what the server really said in the same layout, so a
// test is one string comparison with a readable diff. The format is described in tests/transcripts/README.md.
import { fixedEnvironment } from '../../../src/smtp/environment.ts';
import type { Environment } from '../../../src/smtp/types.ts';
import { CLOSED, Session } from './harness.ts';
import { unescapeShown } from './refs.ts';

export interface TranscriptHeader {
  profile: string;
  host: string;
  client: string;
  port: number;
  tls?: 'implicit';
  /** The server's time zone: minutes east of UTC and its name. */
  timezone?: { offsetMinutes: number; name: string };
  /** The clock at connection time (ms). */
  at?: number;
  /** Queue IDs handed out in order (as the server shows them). */
  queueIds: string[];
}

export type Step =
  | { kind: 'send'; data: string | Uint8Array; source: string }
  /** One line of a pipelined write; consecutive ones go out together. */
  | { kind: 'pipe'; line: string; source: string }
  | { kind: 'expect'; line: string; source: string }
  | { kind: 'starttls' | 'close' | 'note'; source: string }
  | { kind: 'at'; ms: number; source: string };

export interface Transcript {
  header: TranscriptHeader;
  steps: Step[];
}

const HEADER_KEYS = new Set(['profile', 'host', 'client', 'port', 'tls', 'timezone', 'at', 'queue-ids']);

export function parseTranscript(text: string, name = 'transcript'): Transcript {
  const lines = text.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
  const header: Partial<TranscriptHeader> & { queueIds: string[] } = { queueIds: [] };
  const steps: Step[] = [];
  const fail = (n: number, why: string): never => {
    throw new Error(`${name}:${n + 1}: ${why}`);
  };
  lines.forEach((source, n) => {
    if (source === '' || source.startsWith('#')) return steps.push({ kind: 'note', source });
    const directive = /^@([a-z-]+)(?:[ \t]+(.*))?$/.exec(source);
    if (directive) {
      const [, key, value = ''] = directive;
      if (key === 'starttls' || key === 'close') return steps.push({ kind: key, source });
      if (key === 'at' && steps.some((s) => s.kind !== 'note'))
        return steps.push({ kind: 'at', ms: parseTime(value, () => fail(n, 'bad @at time')), source });
      if (!HEADER_KEYS.has(key)) return fail(n, `unknown directive @${key}`);
      if (steps.some((s) => s.kind !== 'note'))
        return fail(n, `@${key} belongs in the header, before the first C:/S: line`);
      if (key === 'profile' || key === 'host' || key === 'client') header[key] = value;
      else if (key === 'port') header.port = Number(value);
      else if (key === 'tls')
        header.tls = value === 'implicit' ? 'implicit' : fail(n, '@tls takes "implicit"');
      else if (key === 'queue-ids') header.queueIds = value.split(/\s+/).filter(Boolean);
      else if (key === 'at') header.at = parseTime(value, () => fail(n, 'bad @at time'));
      else if (key === 'timezone') {
        const m = /^([+-])(\d\d)(\d\d)\s+(\S+)$/.exec(value) ?? fail(n, '@timezone takes e.g. "+0100 BST"');
        header.timezone = {
          offsetMinutes: (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])),
          name: m[4],
        };
      }
      return;
    }
    const m = /^([CPRS]):(?: (.*))?$/.exec(source);
    if (!m)
      return fail(
        n,
        `expected "C: ", "P: ", "R: ", "S: ", "@directive" or "# comment", got ${JSON.stringify(source)}`,
      );
    const [, kind, rest = ''] = m;
    if (kind === 'C') steps.push({ kind: 'send', data: `${rest}\r\n`, source });
    else if (kind === 'P') steps.push({ kind: 'pipe', line: rest, source });
    else if (kind === 'R') steps.push({ kind: 'send', data: unescapeShown(rest), source });
    else steps.push({ kind: 'expect', line: rest, source });
  });
  for (const key of ['profile', 'host', 'client'] as const)
    if (!header[key]) throw new Error(`${name}: the header needs @${key}`);
  return { header: { port: 25, ...header } as TranscriptHeader, steps };
}

function parseTime(value: string, fail: () => never): number {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? fail() : ms;
}

/** fixedEnvironment, rebased by @at, with the transcript's queue IDs and time zone. */
class TranscriptEnvironment implements Environment {
  private clock: Environment;
  private readonly ids: Environment;
  private readonly queue: string[];
  readonly timezone?: { offsetMinutes: number; name: string };

  constructor(header: TranscriptHeader) {
    this.clock = fixedEnvironment(header.at);
    this.ids = fixedEnvironment(header.at);
    this.queue = [...header.queueIds];
    if (header.timezone) this.timezone = header.timezone;
  }

  setClock(ms: number): void {
    this.clock = fixedEnvironment(ms);
  }

  now(): number {
    return this.clock.now();
  }

  queueId(): string {
    return this.queue.shift() ?? this.ids.queueId();
  }
}

export interface ReplayResult {
  /** The transcript as written (normalized line ends). */
  expected: string;
  /** The same transcript with every S: line replaced by what the server really wrote. */
  actual: string;
  session: Session;
}

export function replayTranscript(transcript: Transcript): ReplayResult {
  const { header, steps } = transcript;
  const env = new TranscriptEnvironment(header);
  const session = new Session({
    profile: header.profile,
    host: header.host,
    port: header.port,
    client: header.client,
    tls: header.tls,
    env,
  });
  const expected: string[] = [];
  const actual: string[] = [];
  let produced: string[] = [];
  let pipe: string[] = [];
  const collect = () => produced.push(...session.take());
  /** Before the client acts, the server must have said nothing that the transcript does not show. */
  const flushExtras = () => {
    collect();
    actual.push(...produced.map((line) => `S: ${line}`));
    produced = [];
  };
  const flushPipe = () => {
    if (pipe.length === 0) return;
    flushExtras();
    session.send(pipe.map((l) => `${l}\r\n`).join(''));
    pipe = [];
  };
  session.start();
  for (const step of steps) {
    expected.push(step.source);
    if (step.kind !== 'pipe') flushPipe();
    switch (step.kind) {
      case 'note':
        actual.push(step.source);
        break;
      case 'expect': {
        collect();
        const line = produced.shift();
        actual.push(line === undefined ? 'S: <nothing>' : `S: ${line}`);
        break;
      }
      case 'pipe':
        if (pipe.length === 0) flushExtras();
        pipe.push(step.line);
        actual.push(step.source);
        break;
      default:
        flushExtras();
        actual.push(step.source);
        if (step.kind === 'send') session.send(step.data);
        else if (step.kind === 'starttls') session.connection.startTls();
        else if (step.kind === 'close') session.connection.close();
        else if (step.kind === 'at') env.setClock(step.ms);
    }
  }
  flushPipe();
  flushExtras();
  return { expected: expected.join('\n'), actual: actual.join('\n'), session };
}

export { CLOSED };
