// The lesson replay harness (the course tests and `npm run lessons:check`): builds a lesson's world, types its
// solution (or a variant, or a near miss) into the real simulated workstation line by line, feeds the events to
// the engine, and reports the first step that did not complete where it should (with the end of the screen).
import { loadReceiverChecks } from '../smtp/auth-loader.ts';
import { fixedEnvironment } from '../smtp/environment.ts';
import type { SmtpEvent } from '../smtp/types.ts';
import { loadProfiles } from '../smtp/profiles/registry.ts';
import { loadReportWriter } from '../smtp/delivery.ts';
import { loadCommands } from '../workstation/commands/index.ts';
import { loadMessageChecks } from './engine/conditions.ts';
import type { CompiledLesson } from './engine/types.ts';
import { LessonRun } from './run.ts';

/**
 * Load every on-demand part before replaying (the checks of receiving servers, the DKIM signers, the laptop's
 * commands, the profiles other than Postfix, the delivery report writer, the lesson engine's message checks): a replay types a line and reads its answer at once, where the page
 * would wait for a chunk. tests/unit/setup.ts calls it before every test file.
 */
export async function loadEverything(): Promise<void> {
  await Promise.all([
    loadReceiverChecks(),
    loadCommands(),
    loadProfiles(),
    loadReportWriter(),
    loadMessageChecks(),
  ]);
  await import('../smtp/auth/world.ts');
}

export interface Replay {
  run: LessonRun;
  /** Everything the shell wrote. */
  screen: string;
}

export function startLesson(lesson: CompiledLesson): Replay {
  const replay: Replay = { run: undefined as unknown as LessonRun, screen: '' };
  replay.run = new LessonRun(lesson, {
    environment: fixedEnvironment(),
    output: { write: (t) => (replay.screen += t), clear: () => {} },
  });
  return replay;
}

/**
 * Type a line, then wait as a learner waits for the answer: until no server of the world is still checking or
 * signing (Web Crypto answers asynchronously), and the queue has had its turn.
 */
export async function typeAndWait(replay: Replay, line: string): Promise<void> {
  replay.run.type(line);
  await replay.run.network.settled();
}

function tail(screen: string, lines = 25): string {
  return screen.split('\n').slice(-lines).join('\n');
}

/** What went wrong, with the steps done and the end of the screen, for a teacher to see where it went. */
function failure(replay: Replay, what: string): string {
  const done = replay.run.engine.completedIds().join(', ');
  return `${what}; done: [${done}]\n--- screen ---\n${tail(replay.screen)}`;
}

/**
 * Types each step's solution; after step k's lines, exactly steps 1..k must be done (not fewer: the
 * solution fails; not more: a later goal is true too early). Returns null on success, else what went wrong.
 */
export async function solveSteps(lesson: CompiledLesson): Promise<string | null> {
  const replay = startLesson(lesson);
  await replay.run.ready;
  const { engine } = replay.run;
  try {
    for (let k = 0; k < lesson.steps.length; k++) {
      const step = lesson.steps[k];
      for (const line of step.solution) await typeAndWait(replay, line);
      if (engine.current !== k + 1) {
        const done = engine.completedIds();
        const problem =
          engine.current <= k
            ? `step ${k + 1} "${step.id}" not completed by its solution ${JSON.stringify(step.solution)}`
            : `step ${engine.current} "${lesson.steps[engine.current - 1].id}" completed too early, during step ${k + 1} "${step.id}"`;
        return `${lesson.file}: ${problem}; done: [${done.join(', ')}]\n--- screen ---\n${tail(replay.screen)}`;
      }
    }
    return null;
  } finally {
    replay.run.dispose();
  }
}

/** Types all the lines of a variant; every step must be completed, in order, by the end. */
export async function solveLines(
  lesson: CompiledLesson,
  lines: readonly string[],
  name: string,
): Promise<string | null> {
  const replay = startLesson(lesson);
  await replay.run.ready;
  try {
    for (const line of lines) await typeAndWait(replay, line);
    const { engine } = replay.run;
    if (engine.finished) return null;
    const step = lesson.steps[engine.current];
    return failure(
      replay,
      `${lesson.file}: variant "${name}" stopped at step ${engine.current + 1} "${step.id}"`,
    );
  } finally {
    replay.run.dispose();
  }
}

/**
 * Types the solutions of the steps before `index`, then a near miss's lines: the step must still be the
 * current one (the miss did not complete it). Returns null when it held, else what went wrong.
 */
export async function missStep(
  lesson: CompiledLesson,
  index: number,
  miss: { name: string; lines: readonly string[] },
): Promise<string | null> {
  const replay = startLesson(lesson);
  await replay.run.ready;
  const { engine } = replay.run;
  const step = lesson.steps[index];
  try {
    for (let k = 0; k < index; k++)
      for (const line of lesson.steps[k].solution) await typeAndWait(replay, line);
    if (engine.current !== index)
      return `${lesson.file}: the solutions before step ${index + 1} did not lead to it`;
    for (const line of miss.lines) await typeAndWait(replay, line);
    if (engine.current === index) return null;
    return failure(
      replay,
      `${lesson.file}: near miss "${miss.name}" completed step ${index + 1} "${step.id}"`,
    );
  } finally {
    replay.run.dispose();
  }
}

/**
 * Types every step's solution, in order, waiting after each line as a learner waits; returns the run (disposed)
 * and every event its network saw, relays included (what the size report asks of a lesson).
 */
export async function playSolutions(
  lesson: CompiledLesson,
): Promise<{ run: LessonRun; events: SmtpEvent[] }> {
  const replay = startLesson(lesson);
  const events: SmtpEvent[] = [];
  const off = replay.run.network.on((e) => void events.push(e));
  await replay.run.ready;
  for (const step of lesson.steps) for (const line of step.solution) await typeAndWait(replay, line);
  off();
  replay.run.dispose();
  return { run: replay.run, events };
}

/** Every way a lesson is played: its solutions step by step, each variant, each near miss. The problems found. */
export async function playLesson(lesson: CompiledLesson): Promise<string[]> {
  // One after another, as the course tests run them: each replay awaits its own world's settling.
  const plays: (() => Promise<string | null>)[] = [() => solveSteps(lesson)];
  for (const v of lesson.variants) plays.push(() => solveLines(lesson, v.lines, v.name));
  lesson.steps.forEach((step, index) => {
    for (const miss of step.misses) plays.push(() => missStep(lesson, index, miss));
  });
  const problems: string[] = [];
  for (const play of plays) {
    const problem = await play();
    if (problem !== null) problems.push(problem);
  }
  return problems;
}
