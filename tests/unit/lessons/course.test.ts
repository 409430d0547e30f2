// Every lesson in lessons/ is valid and its solution and variants complete every step in order: a new lesson
// is tested as soon as its folder exists (Learn Git Branching's levels.spec.js, for SMTP).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../../src/lessons/course.ts';
import { formatProblem } from '../../../src/lessons/source.ts';
import { missStep, solveLines, solveSteps } from '../../../src/lessons/replay.ts';

const course = loadCourse(resolve('lessons'));

describe('the course', () => {
  it('has no problems (npm run lessons:check)', () => {
    expect(course.problems.map(formatProblem)).toEqual([]);
  });

  it('has at least one lesson', () => {
    expect(course.lessons.length).toBeGreaterThan(0);
  });
});

for (const lesson of course.lessons) {
  describe(`lesson ${lesson.order} ${lesson.slug}`, () => {
    it('the solution completes every step, each with its own lines', async () => {
      expect(await solveSteps(lesson)).toBeNull();
    });
    for (const variant of lesson.variants) {
      it(`variant: ${variant.name}`, async () => {
        expect(await solveLines(lesson, variant.lines, variant.name)).toBeNull();
      });
    }
    lesson.steps.forEach((step, index) => {
      // Test what must fail: every step names at least one wrong answer that must leave it undone.
      it(`step ${index + 1} "${step.id}" has near misses`, () => {
        expect(step.misses.length).toBeGreaterThan(0);
      });
      for (const miss of step.misses) {
        it(`step ${index + 1} "${step.id}" near miss: ${miss.name}`, async () => {
          expect(await missStep(lesson, index, miss)).toBeNull();
        });
      }
    });
    it('has at least one variant (another valid way through)', () => {
      expect(lesson.variants.length).toBeGreaterThan(0);
    });
  });
}
