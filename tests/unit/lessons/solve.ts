// The lesson replay harness: builds a lesson's world, types its solution (or a variant) into the real simulated
// workstation line by line, feeds the events to the engine, and reports the first step that did not complete
// where it should (with the end of the screen, to see why).
import { fixedEnvironment } from '../../../src/smtp/environment.ts';
import type { CompiledLesson } from '../../../src/lessons/engine/types.ts';
import { LessonRun } from '../../../src/lessons/run.ts';

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
    return `${lesson.file}: variant "${name}" stopped at step ${engine.current + 1} "${step.id}"; done: [${engine
      .completedIds()
      .join(', ')}]\n--- screen ---\n${tail(replay.screen)}`;
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
    return `${lesson.file}: near miss "${miss.name}" completed step ${index + 1} "${step.id}"; done: [${engine
      .completedIds()
      .join(', ')}]\n--- screen ---\n${tail(replay.screen)}`;
  } finally {
    replay.run.dispose();
  }
}
