// `npm run lesson:play -- SLUG [FILE]`: plays a lesson without a browser, in the same runtime as the page
// (src/lessons/run.ts). Reads the lines to type from FILE, or from standard input; prints what each line did for
// the lesson (step done, not this step, refused, the sentences about the line) and which steps are done. A line
// that is only ^C, ^D or ^] presses that key. SLUG may also be a lesson's folder or its index.md. --screen also
// prints what the terminal shows. Exit 0 once played; 1 when the lesson has problems; 2 on a usage error.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { compileLessonFile, FOLDER_PATTERN } from '../src/lessons/compile.ts';
import type { Outcome } from '../src/lessons/engine/engine.ts';
import type { CompiledLesson } from '../src/lessons/engine/types.ts';
import { keyEntry, type SessionKey } from '../src/lessons/progress.ts';
import { LessonRun } from '../src/lessons/run.ts';
import { loadEverything } from '../src/lessons/replay.ts';
import { formatProblem, type Problem } from '../src/lessons/source.ts';
import { REPLY_CATALOG } from '../src/smtp/catalog.ts';
import { fixedEnvironment } from '../src/smtp/environment.ts';
import type { Reply } from '../src/smtp/types.ts';
import { lessonEn } from '../src/ui/lesson/strings.ts';

const USAGE =
  'usage: npm run lesson:play -- [--screen] SLUG|LESSON-FILE [LINES-FILE]   (lines from stdin without a file)';
const LESSONS = resolve('lessons');
const KEYS: Record<string, SessionKey> = { '^C': 'interrupt', '^D': 'eof', '^]': 'escape' };

async function main(argv: string[]): Promise<number> {
  const screen = argv.includes('--screen');
  const args = argv.filter((a) => a !== '--screen');
  if (args.length < 1 || args.length > 2 || args[0].startsWith('-')) {
    console.error(USAGE);
    return 2;
  }
  const found = findLesson(args[0]);
  if ('problems' in found) {
    for (const p of found.problems) console.error(formatProblem(p));
    return 1;
  }
  const lesson = found.lesson;
  let input: string;
  try {
    input = readFileSync(args[1] ?? 0, 'utf8');
  } catch (error) {
    console.error(`lesson:play: cannot read ${args[1] ?? 'standard input'}: ${(error as Error).message}`);
    return 2;
  }
  const lines = input.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  if (input === '') lines.length = 0;

  let shown = '';
  const run = new LessonRun(lesson, {
    environment: fixedEnvironment(),
    output: { write: (t) => (shown += t), clear: () => {} },
  });
  // A lesson where mail travels loads that machinery first, as the page does.
  await run.ready;
  const out: string[] = [
    `lesson ${lesson.order} ${lesson.slug}: ${lesson.title} (${lesson.steps.length} steps)`,
  ];
  // Steps already reported as done when the answer came late (the next line's outcome names them again).
  const reported = new Set<string>();
  for (const line of lines) {
    shown = '';
    const key = KEYS[line.trim()];
    const before = run.engine.completedIds().length;
    const outcome = run.enter(key ? keyEntry(key) : line);
    // A checking or signing server answers when Web Crypto has: wait for it, as a learner waits.
    await run.network.settled();
    out.push(`> ${line}`);
    if (screen && shown !== '')
      out.push(
        ...shown
          .replace(/\n$/, '')
          .split('\n')
          .map((l) => `  | ${l}`),
      );
    out.push(...describe(outcome, reported).map((l) => `  ${l}`));
    const late = run.engine.completedIds().slice(before);
    if (outcome?.kind !== 'advanced')
      for (const id of late) {
        reported.add(id);
        const n = lesson.steps.findIndex((st) => st.id === id) + 1;
        out.push(`  ✓ ${lessonEn.outcome.advanced}: step ${n} "${id}" (after the answer came)`);
      }
  }
  const done = run.engine.completedIds();
  const current = run.engine.currentStep;
  out.push(
    `steps done: ${done.length} of ${lesson.steps.length}${done.length ? ` (${done.join(', ')})` : ''}` +
      (current ? `; now: step ${run.engine.current + 1} "${current.id}"` : '; lesson complete'),
  );
  run.dispose();
  console.log(out.join('\n'));
  return 0;
}

/** An outcome in words, from the page's strings. */
function describe(outcome: Outcome | null, reported: ReadonlySet<string> = new Set()): string[] {
  const s = lessonEn.outcome;
  if (!outcome) return ['(nothing happened)'];
  const lines: string[] = [];
  if (outcome.kind === 'advanced') {
    for (const step of outcome.steps)
      if (!reported.has(step.id)) lines.push(`✓ ${s.advanced}: step ${step.index + 1} "${step.id}"`);
    if (outcome.finished) lines.push(s.finished);
  } else if (outcome.kind === 'off-path') {
    lines.push(outcome.refused ? s.offPathRefused(outcome.refused.code) : s.offPath, `  ${outcome.say}`);
  } else if (outcome.kind === 'error') {
    lines.push(`${s.error(outcome.reply.code)} ${replyText(outcome.reply)}`);
    lines.push(`  ${REPLY_CATALOG[outcome.reply.id].meaning}`);
  } else if (outcome.notes.length === 0) {
    lines.push(
      `${s.neutral.split('.')[0]}.${outcome.reply ? ` (last reply: ${replyText(outcome.reply)})` : ''}`,
    );
  }
  for (const note of outcome.notes) lines.push(`note: ${lessonEn.notes[note.id](note.vars)}`);
  return lines;
}

function replyText(reply: Reply): string {
  return [reply.code, reply.enhanced, reply.lines[0]].filter((x) => x !== undefined && x !== '').join(' ');
}

/** A slug of lessons/ ("first-message" or "02-first-message"), or a lesson's folder or file anywhere. */
function findLesson(arg: string): { lesson: CompiledLesson } | { problems: Problem[] } {
  const path = resolve(arg);
  const folders = existsSync(LESSONS) ? readdirSync(LESSONS).filter((f) => FOLDER_PATTERN.test(f)) : [];
  const folder = folders.find((f) => f === arg || FOLDER_PATTERN.exec(f)?.[2] === arg);
  const file = folder
    ? join(LESSONS, folder, 'index.md')
    : existsSync(path) && statSync(path).isDirectory()
      ? join(path, 'index.md')
      : path;
  if (!existsSync(file)) {
    const known = folders.map((f) => FOLDER_PATTERN.exec(f)?.[2]).join(', ');
    return { problems: [{ file: arg, line: 1, message: `no lesson "${arg}"; known: ${known}` }] };
  }
  const { lesson, problems } = compileLessonFile(
    relative(process.cwd(), file) || file,
    readFileSync(file, 'utf8'),
  );
  return lesson ? { lesson } : { problems };
}

// The forgery checks and the laptop's bigger commands load on demand: loaded first, a checking server and dig
// answer as each line is typed.
await loadEverything();
process.exitCode = await main(process.argv.slice(2));
