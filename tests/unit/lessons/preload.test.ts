// What a course lesson loads of the code split off for lessons that do not need it (src/lessons/preload.ts): the
// delivery report writer and the lesson engine's message checks load at start for the lessons that use them,
// and a lesson that does not must never fetch them, not even while its whole solution is played. Each lesson gets fresh modules, with what
// the page loads ahead (its commands and server profiles) and nothing else.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { compileLesson, FOLDER_PATTERN } from '../../../src/lessons/compile.ts';
import { lessonMessageChecks, lessonReports } from '../../../src/lessons/preload.ts';

const lessonsDir = resolve('lessons');
const course = readdirSync(lessonsDir)
  .sort()
  .flatMap((folder) => {
    const file = join(lessonsDir, folder, 'index.md');
    if (!FOLDER_PATTERN.test(folder) || !existsSync(file)) return [];
    const { lesson } = compileLesson(file, folder, readFileSync(file, 'utf8'));
    return lesson ? [lesson] : [];
  });

describe('what a course lesson loads on demand', () => {
  it.each(course.map((lesson) => [lesson.slug, lesson] as const))(
    '%s: its solution loads the report writer and the message checks only where preload.ts says so',
    async (_slug, lesson) => {
      vi.resetModules();
      const delivery = await import('../../../src/smtp/delivery.ts');
      const conditions = await import('../../../src/lessons/engine/conditions.ts');
      const preload = await import('../../../src/lessons/preload.ts');
      const { buildWorld } = await import('../../../src/lessons/engine/world.ts');
      await (
        await import('../../../src/workstation/commands/index.ts')
      ).loadCommands(preload.lessonCommands(lesson));
      await (
        await import('../../../src/smtp/profiles/registry.ts')
      ).loadProfiles(preload.lessonProfiles(lesson, buildWorld(lesson.world)));
      const { solveSteps } = await import('../../../src/lessons/replay.ts');
      expect(await solveSteps(lesson)).toBeNull();
      // Loaded (with travel, or at start) where the lesson uses it; never fetched where it does not.
      expect(delivery.reportWriterLoaded()).toBe(lessonReports(lesson));
      expect(conditions.messageChecksLoaded()).toBe(lessonMessageChecks(lesson));
    },
    30_000,
  );

  it('most lessons do without it; the lessons about reports load it', () => {
    const slugs = course.filter(lessonReports).map((l) => l.slug);
    expect(course.length - slugs.length).toBeGreaterThan(course.length / 2);
    expect(slugs).toEqual(expect.arrayContaining(['bounce', 'esmtp-parameters']));
    // NOTIFY= in a line asks for a report; a near miss does not.
    const lines = (solution: string[]) => ({ start: { lines: [] }, steps: [{ solution }] }) as never;
    expect(lessonReports(lines(['RCPT TO:<bob@example.test> notify=success']))).toBe(true);
    expect(lessonReports(lines(['RCPT TO:<bob@example.test>', 'Subject: NOTIFY me']))).toBe(false);
  });

  it('the message checks: the lessons whose goals read header syntax, the MIME tree or the edges of a body', async () => {
    expect(course.filter(lessonMessageChecks).map((l) => l.slug)).toEqual([
      'proper-message',
      'mime',
      'open-relay',
    ]);
    // Before the checks are here a goal that needs them is not met, and asks for them; once here it is.
    vi.resetModules();
    const conditions = await import('../../../src/lessons/engine/conditions.ts');
    const message = { content: 'From: a@b.test\nSubject: x\n\nhi', envelope: { mailFrom: 'a@b.test' } };
    const log = [{ type: 'delivered', connectionId: 1, message }] as never;
    const goal = { delivered: { bodyBlankEdges: false } } as never;
    expect(conditions.usesMessageChecks(goal)).toBe(true);
    expect(conditions.usesMessageChecks({ delivered: { headers: ['From'] } })).toBe(false);
    expect(conditions.holds(goal, { log, from: 0, state: null })).toBe(false);
    await vi.waitFor(() => expect(conditions.messageChecksLoaded()).toBe(true));
    expect(conditions.holds(goal, { log, from: 0, state: null })).toBe(true);
  });
});
