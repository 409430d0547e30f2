// The lesson runtime beyond single outcomes: what Show solution types from where the learner is (after QUIT it
// reconnects first, never SMTP at the shell), where each step began (Start this step over), and lesson:play.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileLesson } from '../../../src/lessons/compile.ts';
import { loadCourse } from '../../../src/lessons/course.ts';
import type { CompiledLesson } from '../../../src/lessons/engine/types.ts';
import { entryKey, keyEntry } from '../../../src/lessons/progress.ts';
import { LessonRun } from '../../../src/lessons/run.ts';
import { fixedEnvironment } from '../../../src/smtp/environment.ts';

const { lesson: firstMessage, problems } = compileLesson(
  't.md',
  '02-first',
  `---
title: First message
summary: Connect, greet, send.
steps:
  - id: connect
    text: Connect.
    goal: { reply: { id: greeting } }
    hints: ['\`telnet mail.example.test 25\`']
    done: Connected.
    solution: ['telnet mail.example.test 25']
  - id: helo
    text: Greet.
    goal: { reply: { id: helo.ok } }
    hints: ['\`HELO laptop.client.test\`']
    done: Greeted.
    solution: ['HELO laptop.client.test']
  - id: sender
    text: Sender.
    goal: { reply: { id: mail.ok } }
    hints: ['\`MAIL FROM:<learner@client.test>\`']
    done: Sender.
    solution: ['MAIL FROM:<learner@client.test>']
  - id: recipient
    text: Recipient.
    goal: { reply: { id: rcpt.ok } }
    hints: ['\`RCPT TO:<alice@example.test>\`']
    done: Recipient.
    solution: ['RCPT TO:<alice@example.test>']
---
`,
);
if (!firstMessage) throw new Error(JSON.stringify(problems));

function start(lesson: CompiledLesson = firstMessage!) {
  return new LessonRun(lesson, { environment: fixedEnvironment() });
}

const enterAll = (run: LessonRun, entries: readonly string[]) => entries.forEach((e) => run.enter(e));
/** The code of the (first refused, else last) reply an entry got, where the outcome names one. */
const replyCode = (o: ReturnType<LessonRun['enter']>) => (o && 'reply' in o ? o.reply?.code : undefined);

describe('Show solution types from where the learner is', () => {
  it('connected where the step begins: the step’s own lines', () => {
    const run = start();
    enterAll(run, ['telnet mail.example.test 25', 'HELO laptop.client.test']);
    expect(run.solutionEntries()).toEqual(['MAIL FROM:<learner@client.test>']);
  });

  it('after QUIT: the connection again first, never SMTP at the shell prompt', () => {
    const run = start();
    enterAll(run, ['telnet mail.example.test 25', 'HELO laptop.client.test', 'QUIT']);
    expect(run.shell.mode().program).toBe('shell');
    const plan = run.solutionEntries();
    expect(plan).toEqual([
      'telnet mail.example.test 25',
      'HELO laptop.client.test',
      'MAIL FROM:<learner@client.test>',
    ]);
    const outcomes = plan.map((e) => run.enter(e));
    expect(outcomes.flatMap((o) => o?.notes ?? []).map((n) => n.id)).not.toContain('notConnected');
    expect(run.engine.completedIds()).toContain('sender');
  });

  it('at telnet’s own prompt, or in base64: leave first', () => {
    const run = start();
    run.type('telnet');
    expect(run.solutionEntries()).toEqual(['quit', 'telnet mail.example.test 25']);

    const b = start();
    enterAll(b, ['telnet mail.example.test 25', 'HELO laptop.client.test', 'QUIT', 'base64']);
    const plan = b.solutionEntries();
    expect(plan).toEqual([
      keyEntry('interrupt'),
      'telnet mail.example.test 25',
      'HELO laptop.client.test',
      'MAIL FROM:<learner@client.test>',
    ]);
    enterAll(b, plan);
    expect(b.engine.completedIds()).toContain('sender');
  });

  it('every step of every lesson, after the learner hung up, completes with what Show solution types', async () => {
    const course = loadCourse(resolve('lessons'));
    let tried = 0;
    const failures: string[] = [];
    for (const lesson of course.lessons) {
      for (const [k, step] of lesson.steps.entries()) {
        const run = start(lesson);
        // A lesson where mail travels: its queue is attached before the first line, as on the page.
        await run.ready;
        for (const s of lesson.steps.slice(0, k)) {
          enterAll(run, s.solution);
          await run.network.settled();
        }
        if (run.engine.current !== k || run.shell.mode().program !== 'telnet') {
          run.dispose();
          continue;
        }
        // Hang up as a learner would: QUIT, or Ctrl-] and quit in the middle of a message.
        const phase = run.network.latestConnection?.state.phase;
        if (phase === 'data' || phase === 'bdat' || phase === 'auth')
          enterAll(run, [keyEntry('escape'), 'quit']);
        else run.type('QUIT');
        if (run.engine.current !== k || run.shell.mode().program !== 'shell') {
          run.dispose();
          continue;
        }
        tried++;
        const plan = run.solutionEntries();
        const notes: string[] = [];
        for (const e of plan) {
          notes.push(...(run.enter(e)?.notes ?? []).map((n) => n.id));
          // A signing or checking server answers once Web Crypto has: wait, as the learner does.
          await run.network.settled();
        }
        if (run.engine.current <= k || notes.includes('notConnected'))
          failures.push(`${lesson.slug} step ${k + 1} "${step.id}": ${JSON.stringify(plan)}`);
        run.dispose();
      }
    }
    // The counter proves the check reached many steps, not none.
    expect(tried).toBeGreaterThan(35);
    expect(failures).toEqual([]);
  });
});

const { lesson: twoMessages, problems: twoProblems } = compileLesson(
  't.md',
  '03-two',
  `---
title: Two messages
summary: One session, two messages.
steps:
  - id: connect
    text: Connect and greet.
    goal: { reply: { id: helo.ok } }
    hints: ['\`HELO laptop.client.test\`']
    done: Greeted.
    solution: ['telnet mail.example.test 25', 'HELO laptop.client.test']
  - id: to-alice
    text: A message to Alice.
    goal: { delivered: { to: alice@example.test } }
    hints: ['\`MAIL FROM:<learner@client.test>\`']
    done: Sent.
    solution: ['MAIL FROM:<learner@client.test>', 'RCPT TO:<alice@example.test>', 'DATA', 'Subject: one', '', 'Hi Alice', '.']
  - id: to-bob
    text: A message to Bob.
    goal: { delivered: { to: bob@example.test } }
    hints: ['\`MAIL FROM:<learner@client.test>\`']
    done: Sent.
    solution: ['MAIL FROM:<learner@client.test>', 'RCPT TO:<bob@example.test>', 'DATA', 'Subject: two', '', 'Hi Bob', '.']
---
`,
);

if (!twoMessages) throw new Error(JSON.stringify(twoProblems));

describe('Show solution in the same session, from another phase: back as a person would', () => {
  const atBob = () => {
    const run = start(twoMessages!);
    for (const step of twoMessages!.steps.slice(0, 2)) enterAll(run, step.solution);
    expect(run.engine.currentStep?.id).toBe('to-bob');
    return run;
  };
  const bob = twoMessages!.steps[2].solution;

  it('in the middle of a message: a lone dot ends it first (never MAIL FROM typed as message text)', () => {
    const run = atBob();
    enterAll(run, [
      'MAIL FROM:<learner@client.test>',
      'RCPT TO:<postmaster@example.test>',
      'DATA',
      'Subject: half',
    ]);
    expect(run.network.latestConnection?.state.phase).toBe('data');
    const plan = run.solutionPlan();
    expect(plan.entries).toEqual(['.', ...bob]);
    expect(plan.back).toEqual(['endData']);
    enterAll(run, plan.entries);
    expect(run.engine.completedIds()).toContain('to-bob');
    // Still the same session: no hang-up, no second greeting.
    expect(run.entries.filter((e) => e.startsWith('telnet'))).toHaveLength(1);
  });

  it('with a transaction open: RSET first, so that the step’s MAIL FROM is not a nested MAIL (503)', () => {
    for (const open of [
      ['MAIL FROM:<other@client.test>'],
      ['MAIL FROM:<other@client.test>', 'RCPT TO:<alice@example.test>'],
    ]) {
      const run = atBob();
      enterAll(run, open);
      const plan = run.solutionPlan();
      expect(plan.entries).toEqual(['RSET', ...bob]);
      expect(plan.back).toEqual(['rset']);
      const replies = plan.entries.map((e) => replyCode(run.enter(e)));
      expect(replies).not.toContain(503);
      expect(run.engine.completedIds()).toContain('to-bob');
    }
  });

  it('a step that starts at RCPT TO after the learner said RSET: the envelope again up to there', () => {
    const run = start();
    enterAll(run, [
      'telnet mail.example.test 25',
      'HELO laptop.client.test',
      'MAIL FROM:<learner@client.test>',
      'RSET',
    ]);
    expect(run.engine.currentStep?.id).toBe('recipient');
    const plan = run.solutionPlan();
    expect(plan.entries).toEqual(['MAIL FROM:<learner@client.test>', 'RCPT TO:<alice@example.test>']);
    expect(plan.back).toEqual(['envelope']);
    enterAll(run, plan.entries);
    expect(run.engine.completedIds()).toContain('recipient');
  });

  it('where the step begins: nothing before its lines, and no note', () => {
    const plan = atBob().solutionPlan();
    expect(plan).toEqual({ entries: bob, back: [] });
  });

  it('every step of every lesson, with a stray transaction open or a message half typed, completes', async () => {
    const course = loadCourse(resolve('lessons'));
    let tried = 0;
    const failures: string[] = [];
    const detours = [
      ['RSET', 'MAIL FROM:<stray@client.test>'],
      ['RSET', 'MAIL FROM:<stray@client.test>', 'RCPT TO:<postmaster@example.test>', 'DATA', 'Subject: half'],
    ];
    for (const lesson of course.lessons) {
      for (const [k, step] of lesson.steps.entries()) {
        for (const detour of detours) {
          const run = start(lesson);
          // A lesson where mail travels: its queue is attached before the first line, as on the page.
          await run.ready;
          for (const s of lesson.steps.slice(0, k)) {
            enterAll(run, s.solution);
            await run.network.settled();
          }
          const phase = () => run.network.latestConnection?.state.phase;
          const inSession = run.engine.current === k && run.shell.mode().program === 'telnet';
          if (inSession && phase() === 'ready') enterAll(run, detour);
          if (
            !inSession ||
            phase() === 'ready' ||
            run.engine.current !== k ||
            run.shell.mode().program !== 'telnet'
          ) {
            run.dispose();
            continue;
          }
          tried++;
          const plan = run.solutionEntries();
          const codes: (number | undefined)[] = [];
          for (const e of plan) {
            codes.push(replyCode(run.enter(e)));
            // A signing or checking server answers once Web Crypto has: wait, as the learner does.
            await run.network.settled();
          }
          if (run.engine.current <= k)
            failures.push(
              `${lesson.slug} step ${k + 1} "${step.id}" after ${detour.at(-1)}: ${JSON.stringify(plan)} -> ${codes.join(' ')}`,
            );
          run.dispose();
        }
      }
    }
    // The counter proves the check reached many steps, not none.
    expect(tried).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  });
});

describe('where each step began (Start this step over)', () => {
  it('for any typing in any lesson: the entries to the step’s start bring a fresh run to that very step', () => {
    const course = loadCourse(resolve('lessons'));
    const noise = fc.oneof(
      fc.constantFrom(
        'QUIT',
        'RSET',
        'EHLO x',
        'DATA',
        '.',
        ' .',
        'telnet mail.example.test',
        'base64',
        'quit',
      ),
      fc.constantFrom(keyEntry('interrupt'), keyEntry('eof'), keyEntry('escape')),
      fc.string({ maxLength: 30 }),
    );
    let restarts = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...course.lessons),
        fc.array(fc.tuple(fc.nat(), noise), { maxLength: 8 }),
        (lesson, inserted) => {
          const lines: string[] = lesson.steps.flatMap((s) => s.solution);
          for (const [at, line] of inserted) lines.splice(at % (lines.length + 1), 0, line);
          const run = start(lesson);
          // Stop somewhere in the middle, so that the current step has a start and some input after it.
          lines.slice(0, Math.ceil(lines.length / 2)).forEach((l) => run.enter(l));
          expect(() => run.solutionEntries()).not.toThrow();
          const entries = run.stepStartEntries();
          if (entries === null || run.engine.finished) return run.dispose();
          const again = start(lesson);
          entries.forEach((e) => again.enter(e));
          expect(again.engine.current).toBe(run.engine.current);
          restarts++;
          run.dispose();
          again.dispose();
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 60) },
    );
    expect(restarts).toBeGreaterThan(20);
  });

  it('the entries up to the step’s start bring a fresh run back to that step', () => {
    const run = start();
    enterAll(run, [
      'telnet mail.example.test 25',
      'HELO laptop.client.test',
      'NOOP',
      'MAIL FROM: <x@client.test>',
    ]);
    enterAll(run, ['RSET', keyEntry('interrupt')]);
    expect(run.engine.current).toBe(3);
    const entries = run.stepStartEntries()!;
    expect(entries).toEqual([
      'telnet mail.example.test 25',
      'HELO laptop.client.test',
      'NOOP',
      'MAIL FROM: <x@client.test>',
    ]);
    const again = start();
    enterAll(again, entries);
    expect(again.engine.current).toBe(3);
    expect(again.network.latestConnection?.state.phase).toBe('mail');
    // What came after the step's start is gone: RSET undone, the transaction open.
    expect(run.network.latestConnection?.state.phase).toBe('ready');
  });

  it('keys are entries too, and a restored step starts where the replay stopped', () => {
    const run = start();
    enterAll(run, ['telnet mail.example.test 25', keyEntry('escape'), 'close']);
    expect(run.entries.map((e) => entryKey(e) ?? e)).toEqual([
      'telnet mail.example.test 25',
      'escape',
      'close',
    ]);
    const restored = start();
    restored.restore(['connect', 'helo'], 2);
    expect(restored.stepStartEntries()).toEqual([]);
  });
});

// Each spawns tsx: seconds under load, so a generous timeout (never an assertion on time).
describe('npm run lesson:play', { timeout: 60_000 }, () => {
  const play = (args: string[], input?: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/lesson-play.ts', ...args], {
      input,
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('plays a solution from stdin: every step done, exit 0', () => {
    const lesson = loadCourse(resolve('lessons')).lessons.find((l) => l.slug === 'first-message')!;
    const lines = lesson.steps.flatMap((s) => s.solution);
    const result = play(['first-message'], lines.join('\n') + '\n');
    expect(result.status).toBe(0);
    for (const [i, step] of lesson.steps.entries())
      expect(result.stdout).toContain(`step ${i + 1} "${step.id}"`);
    expect(result.stdout).toMatch(new RegExp(`steps done: ${lesson.steps.length} of ${lesson.steps.length}`));
  });

  it('a near miss from a file: the note about the line, the step not done, exit 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lesson-play-'));
    const file = join(dir, 'lines.txt');
    writeFileSync(file, 'telnet mail.example.test\nEHLO x\n^C\n');
    const result = play(['lessons/02-first-message/index.md', file]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      '> telnet mail.example.test\n  note: Without a port, telnet connects to port 23',
    );
    expect(result.stdout).toContain('note: You are not connected to a mail server');
    expect(result.stdout).toMatch(/steps done: 0 of \d+; now: step 1 "connect"/);
  });

  it('an unknown lesson: exit 1 with the known slugs; no lesson: usage, exit 2', () => {
    const unknown = play(['no-such-lesson'], '');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/no lesson "no-such-lesson"; known: .*first-message/);
    expect(play([]).status).toBe(2);
  });
});

describe('a relay’s connections are not the learner’s', () => {
  const { lesson: anyOk } = compileLesson(
    't.md',
    '02-ok',
    `---
title: Any OK
summary: Get a 250.
steps:
  - id: ok
    text: Get a 250.
    goal: { reply: { code: 250 } }
    hints: ['\`HELO laptop.client.test\`']
    done: Done.
    solution: ['telnet mail.example.test 25', 'HELO laptop.client.test']
---
`,
  );

  /** A conversation on another connection of the run's network, opened as a relay would (or not). */
  function remoteSays250(run: LessonRun, asRelay: boolean) {
    const opened = run.network.connect('mail.example.test', 25, {
      clientName: 'mail.example.test',
      ...(asRelay
        ? { origin: { kind: 'relay' as const, host: 'mail.example.test', queueId: 'ABC123' } }
        : {}),
    });
    if (!opened.ok) throw new Error('connect');
    const replies: number[] = [];
    opened.connection.on((e) => e.type === 'reply' && replies.push(e.reply.code));
    opened.connection.start();
    opened.connection.send('EHLO mail.example.test\r\n');
    expect(replies).toEqual([220, 250]);
  }

  it('a relay’s 250 does not satisfy a { reply: { code: 250 } } goal', () => {
    const run = new LessonRun(anyOk!, { environment: fixedEnvironment() });
    remoteSays250(run, true);
    run.engine.settle();
    expect(run.engine.completedIds()).toEqual([]);
    // The learner's own 250 still does.
    enterAll(run, ['telnet mail.example.test 25', 'HELO laptop.client.test']);
    expect(run.engine.completedIds()).toEqual(['ok']);
  });

  it('the same 250 on a connection the learner opened does (the filter is by origin, not by chance)', () => {
    const run = new LessonRun(anyOk!, { environment: fixedEnvironment() });
    remoteSays250(run, false);
    run.engine.settle();
    expect(run.engine.completedIds()).toEqual(['ok']);
  });
});

describe('world.travel', () => {
  const lessonWith = (travel: string) =>
    compileLesson(
      't.md',
      '02-travel',
      `---
title: Travel
summary: Mail leaves.
world: { ${travel} }
steps:
  - id: connect
    text: Connect.
    goal: { reply: { id: greeting } }
    hints: ['\`telnet mail.example.test 25\`']
    done: Connected.
    solution: ['telnet mail.example.test 25']
---
`,
    ).lesson!;

  it('travel: true attaches the queue and relay client to the lesson’s network; without it mail stays put', async () => {
    const on = new LessonRun(lessonWith('travel: true'), { environment: fixedEnvironment() });
    await on.ready;
    expect(on.network.outbound).not.toBeNull();
    const off = new LessonRun(lessonWith('telnetEcho: true'), { environment: fixedEnvironment() });
    await off.ready;
    expect(off.network.outbound).toBeNull();
  });

  it('travel must be true or false', () => {
    const { lesson, problems } = compileLesson(
      't.md',
      '02-travel',
      `---\ntitle: T\nsummary: S.\nworld: { travel: yes please }\nsteps:\n  - id: a\n    text: A.\n    goal: { reply: { id: greeting } }\n    hints: [h]\n    done: D.\n    solution: ['telnet mail.example.test 25']\n---\n`,
    );
    expect(lesson).toBeFalsy();
    expect(JSON.stringify(problems)).toMatch(/travel/);
  });
});
