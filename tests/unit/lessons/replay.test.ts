// lessons:check plays a lesson the way the course tests do: a solution that does not complete its step, a
// variant that stops early and a near miss that completes the step are each reported; a lesson written right
// plays clean.
import { beforeAll, describe, expect, it } from 'vitest';
import { compileLesson } from '../../../src/lessons/compile.ts';
import { loadEverything, playLesson } from '../../../src/lessons/replay.ts';

const lesson = (solution: string, miss: string, variant: string) => `---
title: Greet
summary: EHLO after connecting.
start: { at: connected }
steps:
  - id: ehlo
    text: Greet with EHLO.
    goal: { state: { greeting: EHLO } }
    hints: ['Type: \`EHLO laptop.client.test\`']
    done: Greeted.
    solution: ['${solution}']
    misses:
      - name: HELO, the old greeting
        lines: ['${miss}']
variants:
  - name: lower case
    lines: ['${variant}']
---
Intro.
`;

function compiled(text: string) {
  const { lesson: l, problems } = compileLesson('x/01-greet/index.md', '01-greet', text);
  expect(problems).toEqual([]);
  return l!;
}

describe('playLesson', () => {
  beforeAll(loadEverything);

  it('a lesson written right plays clean', async () => {
    expect(await playLesson(compiled(lesson('EHLO laptop.client.test', 'HELO laptop', 'ehlo x')))).toEqual(
      [],
    );
  });

  it('reports a wrong solution, a near miss that completes the step and a variant that stops early', async () => {
    const problems = await playLesson(compiled(lesson('HELO laptop.client.test', 'EHLO laptop', 'NOOP')));
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^x\/01-greet\/index\.md: step 1 "ehlo" not completed by its solution/);
    expect(problems[1]).toMatch(/variant "lower case" stopped at step 1 "ehlo"/);
    expect(problems[2]).toMatch(/near miss "HELO, the old greeting" completed step 1 "ehlo"/);
  });
});
