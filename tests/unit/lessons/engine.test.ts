// The lesson engine through the real workstation: steps advance on world events, and each command gets an
// outcome (advanced, off-path, error reply explained, neutral). Hints are progressive.
import { describe, expect, it } from 'vitest';
import { compileLesson } from '../../../src/lessons/compile.ts';
import { explainReply } from '../../../src/smtp/catalog.ts';
import type { CompiledLesson } from '../../../src/lessons/engine/types.ts';
import { solveLines, solveSteps, startLesson } from '../../../src/lessons/replay.ts';

function lesson(yaml: string): CompiledLesson {
  const { lesson, problems } = compileLesson('test.md', '01-test', `---\n${yaml}\n---\nIntro.\n`);
  if (!lesson) throw new Error(problems.map((p) => `${p.line}: ${p.message}`).join('\n'));
  return lesson;
}

const ehloLesson = lesson(`
title: EHLO
summary: Connect and greet.
steps:
  - id: connect
    text: Connect.
    goal: { reply: { id: greeting } }
    hints: ['Type: \`telnet mail.example.test 25\`']
    done: Connected **now**.
    solution: ['telnet mail.example.test 25']
  - id: ehlo
    text: Greet with EHLO.
    goal: { reply: { id: ehlo.ok } }
    teaches:
      - when: { reply: { id: helo.ok } }
        say: HELO works, but this step is about \`EHLO\`.
    hints:
      - The verb has four letters.
      - It starts with E.
      - 'Type: \`EHLO laptop.client.test\`'
    done: Greeted.
    solution: ['EHLO laptop.client.test']
  - id: sender
    text: Give the sender.
    goal: { state: { phase: mail } }
    hints: ['Type: \`MAIL FROM:<learner@client.test>\`']
    done: Sender noted.
    solution: ['MAIL FROM:<learner@client.test>']
`);

describe('LessonEngine outcomes', () => {
  it('advanced: the step is done and its done text is given', () => {
    const { run } = startLesson(ehloLesson);
    const outcome = run.type('telnet mail.example.test 25');
    expect(outcome).toEqual({
      kind: 'advanced',
      steps: [{ index: 0, id: 'connect', doneHtml: '<p>Connected <strong>now</strong>.</p>' }],
      finished: false,
      notes: [],
    });
    expect(run.engine.current).toBe(1);
    expect(run.engine.status(0)).toBe('done');
    expect(run.engine.status(1)).toBe('current');
    expect(run.engine.status(2)).toBe('todo');
  });

  it('off-path: HELO works but the step teaches EHLO', () => {
    const { run } = startLesson(ehloLesson);
    run.type('telnet mail.example.test 25');
    const outcome = run.type('HELO laptop.client.test');
    expect(outcome).toMatchObject({ kind: 'off-path', stepId: 'ehlo' });
    expect(outcome.kind === 'off-path' && outcome.sayHtml).toContain('<code>EHLO</code>');
    expect(run.engine.current).toBe(1);
  });

  it('error reply: explained with class, enhanced code, phase now, what next, RFC', () => {
    const { run } = startLesson(ehloLesson);
    run.type('telnet mail.example.test 25');
    run.type('EHLO laptop.client.test');
    const outcome = run.type('RCPT TO:<alice@example.test>');
    expect(outcome.kind).toBe('error');
    if (outcome.kind !== 'error') return;
    expect(outcome.reply.code).toBe(503);
    expect(outcome.phase).toBe('ready');
    // What the lesson panel shows for it.
    const explanation = explainReply(outcome.reply, outcome.phase ?? undefined);
    expect(explanation.classMeaning).toMatch(/^5xx/);
    expect(explanation.enhanced).toBe('5.5.1');
    expect(explanation.enhancedMeaning).toMatch(/invalid command/);
    expect(explanation.phase).toMatch(/waits for MAIL FROM/);
    expect(explanation.next).toMatch(/MAIL FROM/);
    expect(explanation.rfc).toMatch(/RFC 5321/);
  });

  it('neutral: a 2xx that is not the goal, with the reply to explain on request', () => {
    const { run } = startLesson(ehloLesson);
    expect(run.type('echo hello')).toEqual({ kind: 'neutral', reply: null, notes: [] });
    run.type('telnet mail.example.test 25');
    const outcome = run.type('NOOP');
    expect(outcome.kind).toBe('neutral');
    expect(outcome.kind === 'neutral' && outcome.reply?.id).toBe('noop.ok');
  });

  it('lower case, extra spaces and another valid address pass the same goals', async () => {
    expect(
      await solveLines(
        ehloLesson,
        ['telnet MAIL.EXAMPLE.TEST 25', 'ehlo    other.name', 'mail from:<me@elsewhere.test>'],
        'x',
      ),
    ).toBeNull();
  });

  it('a pipelined group completes several steps in one command', () => {
    const { run } = startLesson(ehloLesson);
    run.type('telnet mail.example.test 25');
    run.shell.input('EHLO x');
    // nc-style: the rest arrives in one go; the engine sees each reply as an event.
    const outcome = run.type('MAIL FROM:<learner@client.test>');
    expect(outcome.kind).toBe('advanced');
    expect(outcome.kind === 'advanced' && outcome.steps.map((s) => s.id)).toEqual(['ehlo', 'sender']);
    expect(outcome.kind === 'advanced' && outcome.finished).toBe(true);
    expect(run.engine.finished).toBe(true);
  });

  it('events before begin() (the start lines) do not count toward step 1', () => {
    const started = lesson(`
title: Start connected
summary: The greeting came during the start.
start: { at: connected }
steps:
  - id: greet-again
    text: Wait.
    goal: { reply: { id: greeting } }
    hints: ['Type: \`QUIT\` then \`telnet mail.example.test 25\`']
    done: Again.
    solution: ['QUIT', 'telnet mail.example.test 25']
`);
    expect(started.start.lines).toEqual(['telnet mail.example.test 25']);
    const { run } = startLesson(started);
    expect(run.engine.current).toBe(0);
    expect(run.type('QUIT').kind).toBe('neutral');
    expect(run.type('telnet mail.example.test 25').kind).toBe('advanced');
  });
});

describe('hints', () => {
  it('are revealed one at a time, up to the last, per step', () => {
    const { run } = startLesson(ehloLesson);
    const { engine } = run;
    expect(engine.hintsShown()).toBe(0);
    // The first step has a single hint: asking again keeps showing it.
    expect(engine.nextHint()).toBe(1);
    expect(engine.nextHint()).toBe(1);
    run.type('telnet mail.example.test 25');
    expect(engine.hintsShown()).toBe(0);
    expect(engine.hintsShown(0)).toBe(1);
    expect([engine.nextHint(), engine.nextHint(), engine.nextHint(), engine.nextHint()]).toEqual([
      1, 2, 3, 3,
    ]);
  });

  it('notifies listeners on hints and on advancing', () => {
    const { run } = startLesson(ehloLesson);
    let changes = 0;
    run.engine.onChange(() => changes++);
    run.engine.nextHint();
    run.type('telnet mail.example.test 25');
    expect(changes).toBe(2);
  });
});

describe('restore', () => {
  it('marks the saved steps done and continues at the saved step', () => {
    const { run } = startLesson(ehloLesson);
    run.engine.restore(['connect', 'ehlo', 'unknown-id'], 2);
    expect(run.engine.current).toBe(2);
    expect(run.engine.completedIds()).toEqual(['connect', 'ehlo']);
  });
});

describe('the replay harness catches broken solutions', () => {
  it('a solution that does not reach the goal', async () => {
    const broken = { ...ehloLesson, steps: ehloLesson.steps.map((s) => ({ ...s })) };
    broken.steps[1].solution = ['HELO laptop.client.test'];
    expect(await solveSteps(broken)).toMatch(/step 2 "ehlo" not completed by its solution/);
  });

  it('a later step whose goal is already true', async () => {
    const early = { ...ehloLesson, steps: ehloLesson.steps.map((s) => ({ ...s })) };
    early.steps[1].solution = ['EHLO laptop.client.test', 'MAIL FROM:<learner@client.test>'];
    early.steps[2].solution = ['NOOP'];
    expect(await solveSteps(early)).toMatch(/step 3 "sender" completed too early, during step 2 "ehlo"/);
  });

  it('a variant that stops short', async () => {
    expect(await solveLines(ehloLesson, ['telnet mail.example.test 25'], 'short')).toMatch(
      /variant "short" stopped at step 2 "ehlo"/,
    );
  });
});
