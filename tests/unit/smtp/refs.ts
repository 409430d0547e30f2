// Reads the reference corpus (what real servers answered, shared/refs) and replays its client bytes against
// the core, step by step, so that differential tests can compare the two answer for answer.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unescapeBytes } from '../../../scripts/refs-compare.ts';
import { Session, CLOSED, type SessionOptions } from './harness.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** CI clones the repository with shared/ beside it: <clone>/../shared/refs (SMTP_REFS_DIR overrides). */
export const REFS_DIR = process.env.SMTP_REFS_DIR ?? resolve(repoRoot, '../shared/refs');
export const refsAvailable =
  existsSync(join(REFS_DIR, 'transcripts')) && existsSync(join(REFS_DIR, 'scenarios'));
export const refsMissingMessage = `reference corpus not found at ${REFS_DIR} (expected shared/refs beside the repository, or SMTP_REFS_DIR)`;

export interface RefReply {
  lines: string[];
  code: string | null;
  enhanced: string | null;
  status: string;
  extra?: boolean;
}

export interface RefStep {
  kind:
    'greeting' | 'line' | 'raw' | 'raw-noreply' | 'read' | 'pipeline' | 'data-block' | 'starttls' | string;
  /** The bytes sent, in driver.py's escaped form; null when the step was not sent (connection closed). */
  sent: string | null;
  replies: RefReply[];
  note?: string;
}

export interface RefTranscript {
  scenario: string;
  server: string;
  steps: RefStep[];
  end: 'closed' | 'open' | 'unsolicited';
}

/** Scenario names (file names without .txt), in the corpus' own order. */
export function listScenarios(): string[] {
  if (!refsAvailable) return [];
  return readdirSync(join(REFS_DIR, 'scenarios'))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -4))
    .sort((a, b) => Number(a.split('_')[0]) - Number(b.split('_')[0]));
}

export function loadRef(scenario: string, server: string): RefTranscript | null {
  const file = join(REFS_DIR, 'transcripts', `${scenario}__${server}.json`);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as RefTranscript;
}

/** driver.py's show() form back to octets (one reader of that form: scripts/refs-compare.ts). */
export const unescapeShown = unescapeBytes;

/** One reply of ours, in the shape the corpus records. */
export interface OurReply {
  lines: string[];
  code: string | null;
  enhanced: string | null;
}

export interface OurStep {
  kind: string;
  replies: OurReply[];
  /** The server had closed the connection when this step ended. */
  closed: boolean;
  /** The step was not sent because the reference server had already closed the connection. */
  skipped: boolean;
}

/** driver.py's own parse of a reply's code and enhanced code (from its last line). */
export function codesOf(lines: string[]): { code: string | null; enhanced: string | null } {
  const m = /^(\d{3})[ -]?(?:(\d\.\d{1,3}\.\d{1,3})\b)?/.exec(lines[lines.length - 1] ?? '');
  return { code: m?.[1] ?? null, enhanced: m?.[2] ?? null };
}

/** Replies that carry text (a timeout or a reset without text is "no reply"). */
export function realReplies(step: RefStep): RefReply[] {
  return step.replies.filter((r) => r.lines.length > 0);
}

/**
 * Send the reference's client bytes, step by step, to a fresh connection. Our core answers synchronously,
 * so replies to a RAW-NOREPLY step belong to the READ step that follows it, as they did on the wire.
 */
export function replayRef(
  ref: RefTranscript,
  options: SessionOptions,
): { steps: OurStep[]; session: Session } {
  const session = new Session(options);
  const steps: OurStep[] = [];
  let carried: string[] = [];
  for (const step of ref.steps) {
    if (step.sent === null) {
      steps.push({ kind: step.kind, replies: [], closed: session.closedByServer, skipped: true });
      continue;
    }
    const closedBefore = session.closedByServer;
    switch (step.kind) {
      case 'greeting':
        session.start();
        break;
      case 'starttls':
        session.connection.startTls();
        break;
      case 'read':
        break;
      case 'line':
      case 'raw':
      case 'raw-noreply':
      case 'pipeline':
      case 'data-block':
        session.send(unescapeShown(step.sent));
        break;
      default:
        throw new Error(`${ref.scenario}: step kind ${step.kind} is not handled by the replayer`);
    }
    const wire = [...carried, ...session.take()];
    carried = [];
    if (step.kind === 'raw-noreply') {
      // The client did not wait: what the server said (and a hang-up) shows at the next READ.
      carried = wire;
      steps.push({ kind: step.kind, replies: [], closed: closedBefore, skipped: false });
      continue;
    }
    steps.push({
      kind: step.kind,
      replies: splitReplies(wire),
      closed: session.closedByServer,
      skipped: false,
    });
  }
  return { steps, session };
}

/** Group wire lines into replies: a reply ends at its "NNN " (or bare "NNN") line. */
export function splitReplies(wire: string[]): OurReply[] {
  const replies: OurReply[] = [];
  let current: string[] = [];
  for (const line of wire) {
    if (line === CLOSED) continue;
    current.push(line);
    if (!/^\d{3}-/.test(line)) {
      replies.push({ lines: current, ...codesOf(current) });
      current = [];
    }
  }
  if (current.length > 0) replies.push({ lines: current, ...codesOf(current) });
  return replies;
}

/** Queue IDs and other per-run values replaced by placeholders, so texts compare exactly otherwise. */
export function maskReplyText(line: string): string {
  return line.replace(/queued as [0-9A-Za-z]+/, 'queued as <QUEUEID>');
}
