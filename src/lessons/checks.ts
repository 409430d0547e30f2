// Validation of a lesson beyond its shape: goal conditions one by one, names that must exist in the simulator
// (reply ids, phases, profiles, worlds, hosts), unique step ids, and a last hint that gives the answer.
import type { z } from 'zod';
import { marked, type Token } from 'marked';
import { findProfile, profiles } from '../smtp/profiles/index.ts';
import { findWorld, worlds } from '../smtp/worlds.ts';
import { holds } from './engine/conditions.ts';
import { lessonHost } from './engine/world.ts';
import {
  CONDITION_KINDS,
  LEAF_SCHEMAS,
  LessonSchema,
  PHASES,
  RangeSchema,
  REPLY_IDS,
  type Condition,
  type LeafKind,
  type LessonData,
} from './schema.ts';
import type { LessonSource, Path } from './source.ts';

/** `label` names the place in the message when it differs from the path that gives the line. */
type Report = (path: Path, message: string, label?: Path) => void;

/** Validate the front matter; returns the data when it is usable (problems may still be reported). */
/**
 * @param sent the reply ids the simulated server can send (sent-replies.ts reads them from src/smtp in Node; the
 * browser gets the same list from the build, as `virtual:sent-replies`)
 */
export function checkLesson(source: LessonSource, sent: ReadonlySet<string>): LessonData | undefined {
  const report: Report = (path, message, label = path) =>
    source.problems.push({
      file: source.file,
      line: source.lineOf(path),
      message: where(source.data, label) + message,
    });
  if (source.data === undefined) return undefined;
  if (source.data === null || typeof source.data !== 'object' || Array.isArray(source.data)) {
    report([], 'the front matter must be a map of fields (title, summary, steps, ...)');
    return undefined;
  }
  const parsed = LessonSchema.safeParse(source.data);
  if (!parsed.success) {
    reportZod(parsed.error.issues, [], report, source.data);
    // Conditions are still worth checking when only other fields are wrong.
    checkAllConditions(source.data as Partial<LessonData>, report, sent);
    return undefined;
  }
  const data = parsed.data;
  const before = source.problems.length;
  checkAllConditions(data, report, sent);
  checkSteps(data, report);
  checkWorld(data, report);
  return source.problems.length === before ? data : undefined;
}

function checkAllConditions(data: Partial<LessonData>, report: Report, sent: ReadonlySet<string>): void {
  if (!Array.isArray(data.steps)) return;
  data.steps.forEach((step, i) => {
    if (!step || typeof step !== 'object') return;
    if ('goal' in step && step.goal !== undefined) {
      const goal: unknown = step.goal;
      // A goal true before the learner does anything would skip the step at once.
      if (
        checkCondition(goal, ['steps', i, 'goal'], report, sent) &&
        holds(goal, { log: [], from: 0, state: null })
      ) {
        report(['steps', i, 'goal'], 'this goal is already true before the learner does anything');
      }
    }
    if (Array.isArray(step.teaches)) {
      step.teaches.forEach((t, j) => {
        if (t && typeof t === 'object' && 'when' in t)
          checkCondition(t.when, ['steps', i, 'teaches', j, 'when'], report, sent);
      });
    }
  });
}

/** Whether the condition is well-formed (every problem is reported). */
export function checkCondition(
  value: unknown,
  path: Path,
  report: Report,
  sent: ReadonlySet<string>,
  inCount = false,
): value is Condition {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    report(path, 'a condition must be a map with one key, such as { reply: { code: 250 } }');
    return false;
  }
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    report(
      path,
      keys.length === 0
        ? 'empty condition: write one key, such as { reply: { code: 250 } }'
        : `a condition has exactly one key, found ${keys.join(', ')}: combine several with all: [...]`,
    );
    return false;
  }
  const kind = keys[0];
  const body = (value as Record<string, unknown>)[kind];
  const here = [...path, kind];
  if (!(CONDITION_KINDS as readonly string[]).includes(kind)) {
    report(
      path,
      `unknown condition "${kind}"${suggest(kind, CONDITION_KINDS)}; known: ${CONDITION_KINDS.join(', ')}`,
    );
    return false;
  }
  if (inCount && (kind === 'state' || kind === 'not')) {
    report(path, `count counts events: a "${kind}" condition has no moment and cannot be counted`);
    return false;
  }
  if (kind === 'all' || kind === 'any' || kind === 'sequence') {
    if (!Array.isArray(body) || body.length === 0) {
      report(here, `${kind} takes a list of at least one condition`);
      return false;
    }
    return body.map((c, i) => checkCondition(c, [...here, i], report, sent, inCount)).every(Boolean);
  }
  if (kind === 'not') return checkCondition(body, here, report, sent, inCount);
  if (kind === 'count') {
    if (!body || typeof body !== 'object' || Array.isArray(body) || !('of' in body)) {
      report(here, 'count needs { of: <condition>, min: n }');
      return false;
    }
    const { of, ...bounds } = body as Record<string, unknown>;
    // The bounds are a range, as everywhere else: the same schema checks them.
    const parsed = RangeSchema.safeParse(bounds);
    if (!parsed.success) reportZod(parsed.error.issues, here, report, bounds);
    return checkCondition(of, [...here, 'of'], report, sent, true) && parsed.success;
  }
  const schema: z.ZodType = LEAF_SCHEMAS[kind as LeafKind];
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    reportZod(parsed.error.issues, here, report, body);
    return false;
  }
  return checkNames(kind, parsed.data, here, report, sent);
}

/** Reply ids and phases must exist in the core (a typo would make a goal that never becomes true). */
function checkNames(
  kind: string,
  body: unknown,
  path: Path,
  report: Report,
  sent: ReadonlySet<string>,
): boolean {
  const b = body as Record<string, unknown>;
  const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]) as string[];
  let ok = true;
  if (kind === 'reply') {
    const ids = list(b.id);
    ids.forEach((id, i) => {
      const at = [...path, 'id', ...(Array.isArray(b.id) ? [i] : [])];
      if (!REPLY_IDS.includes(id as never)) {
        report(
          at,
          `unknown reply id "${id}"${suggest(id, REPLY_IDS)} (the list is ReplyId in src/smtp/types.ts)`,
        );
        ok = false;
      } else if (!sent.has(id)) {
        // In the catalog (a profile may give it a text) but no code path of the server sends it: never true.
        report(at, `the simulated server never sends the reply "${id}", so this condition can never be true`);
        ok = false;
      }
    });
  }
  if (kind === 'state') {
    list(b.phase).forEach((p, i) => {
      if (!PHASES.includes(p as never)) {
        report(
          [...path, 'phase', ...(Array.isArray(b.phase) ? [i] : [])],
          `unknown phase "${p}"${suggest(p, PHASES)}; known: ${PHASES.join(', ')}`,
        );
        ok = false;
      }
    });
  }
  return ok;
}

function checkSteps(data: LessonData, report: Report): void {
  const seen = new Map<string, number>();
  data.steps.forEach((step, i) => {
    const first = seen.get(step.id);
    if (first !== undefined)
      report(['steps', i, 'id'], `duplicate step id "${step.id}" (step ${first + 1} has it)`);
    else seen.set(step.id, i);
    const last = step.hints.length - 1;
    if (!hasCodeSpan(step.hints[last])) {
      report(
        ['steps', i, 'hints', last],
        'the last hint must give the answer in a code span, e.g. "Type: `EHLO laptop.client.test`"',
      );
    }
    step.solution.forEach((l, j) => {
      if (/[\r\n]/.test(l)) report(['steps', i, 'solution', j], 'a typed line cannot contain a line break');
    });
    const names = new Set<string>();
    (step.misses ?? []).forEach((miss, j) => {
      if (names.has(miss.name))
        report(['steps', i, 'misses', j, 'name'], `duplicate near miss "${miss.name}"`);
      names.add(miss.name);
      miss.lines.forEach((l, k) => {
        if (/[\r\n]/.test(l))
          report(['steps', i, 'misses', j, 'lines', k], 'a typed line cannot contain a line break');
      });
    });
  });
  (data.variants ?? []).forEach((v, i) =>
    v.lines.forEach((l, j) => {
      if (/[\r\n]/.test(l)) report(['variants', i, 'lines', j], 'a typed line cannot contain a line break');
    }),
  );
}

function checkWorld(data: LessonData, report: Report): void {
  const w = data.world ?? {};
  const base = findWorld(w.base ?? 'default');
  if (!base) {
    report(['world', 'base'], `unknown world "${w.base}"${suggest(w.base!, Object.keys(worlds))}`);
    return;
  }
  if (w.profile !== undefined && !findProfile(w.profile)) {
    const known = Object.keys(profiles);
    report(
      ['world', 'profile'],
      `unknown profile "${w.profile}"${suggest(w.profile, known)}; known: ${known.join(', ')}`,
    );
  }
  (w.stopped ?? []).forEach((name, i) => {
    const known = base.hosts.map((h) => h.name);
    if (!known.some((k) => k.toLowerCase() === name.toLowerCase()))
      report(['world', 'stopped', i], `no host "${name}" in world "${base.id}"${suggest(name, known)}`);
  });
  const hostName = lessonHost(w).toLowerCase();
  const host = base.hosts.find((h) => h.name.toLowerCase() === hostName);
  if (!host) {
    report(['world', 'host'], `no host "${hostName}" in world "${base.id}"`);
    return;
  }
  const at = data.start?.at ?? 'shell';
  const port = data.start?.port ?? 25;
  if (at !== 'shell' && !host.services.some((s) => s.port === port) && !(port === 25 && w.profile)) {
    report(['start', 'port'], `${host.name} has no service on port ${port}`);
  }
}

/** Whether Markdown text holds an inline code span or a code block: the answer, ready to type. */
export function hasCodeSpan(markdown: string): boolean {
  let found = false;
  marked.walkTokens(marked.lexer(markdown), (t: Token) => {
    if (t.type === 'codespan' || t.type === 'code') found = true;
  });
  return found;
}

/** @param parsedValue what the schema was given (the issues' paths are relative to it) */
function reportZod(
  issues: readonly z.core.$ZodIssue[],
  prefix: Path,
  report: Report,
  parsedValue: unknown,
): void {
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as (string | number)[])];
    const field = path.at(-1);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) report([...path, key], `unknown field "${key}"`, path);
    } else if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
      report(path, `missing required field "${String(field)}"`, path.slice(0, -1));
    } else if (issue.code === 'invalid_type' && isMapValue(valueAt(parsedValue, issue.path as Path))) {
      // The classic YAML trap: "Type: `QUIT`" unquoted is a map, not text.
      report(
        path,
        `${issue.message.replace(/^Invalid input: /, '')}: put it in quotes (a ": " inside makes YAML read a map)`,
      );
    } else if (issue.code === 'invalid_value' && 'values' in issue) {
      report(path, `must be one of ${issue.values.map((v) => String(v)).join(', ')}`);
    } else {
      report(path, issue.message.replace(/^Invalid input: /, ''));
    }
  }
}

function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const k of path)
    v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

function isMapValue(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Names the place a path points to, for a message that is clear even without the line number:
 * ['steps', 0, 'hints', 1] in a step with id "connect" reads 'step 1 "connect", hints #2: '.
 */
function where(data: unknown, path: Path): string {
  if (path.length === 0) return '';
  const parts: string[] = [];
  let rest = path;
  if (path[0] === 'steps' && typeof path[1] === 'number') {
    const steps = (data as { steps?: unknown }).steps;
    const step = Array.isArray(steps) ? steps[path[1]] : undefined;
    const id = step && typeof step === 'object' && typeof step.id === 'string' ? ` "${step.id}"` : '';
    parts.push(`step ${path[1] + 1}${id}`);
    rest = path.slice(2);
  }
  const tail = rest.map((k, i) => (typeof k === 'number' ? ` #${k + 1}` : i > 0 ? `.${k}` : k)).join('');
  if (tail) parts.push(tail);
  return parts.join(', ') + ': ';
}

/** ' (did you mean "x"?)' for a near miss, else ''. */
export function suggest(word: string, known: readonly string[]): string {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(word.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(word.length / 4))
    ? ` (did you mean "${best}"?)`
    : '';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
