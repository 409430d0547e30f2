// Properties of what a learner can throw at a lesson: any stored or imported progress file, and any lines typed
// into any lesson. Nothing throws, progress never goes backwards, and whatever is accepted round-trips.
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../../src/lessons/course.ts';
import { ProgressStore } from '../../../src/lessons/progress.ts';
import { startLesson } from '../../../src/lessons/replay.ts';
import { MemoryStorage } from '../../memory-storage.ts';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 100);

const slug = fc.oneof(
  fc.constantFrom('connect', 'ehlo', '__proto__', 'constructor', 'toString', ''),
  fc.string(),
);
const lessonProgress = fc.record({
  completed: fc.array(fc.string({ maxLength: 10 }), { maxLength: 5 }),
  current: fc.nat({ max: 20 }),
  finished: fc.boolean(),
});
const validDocument = fc.record({
  version: fc.constant(1),
  lessons: fc.dictionary(slug, lessonProgress, { maxKeys: 4 }),
  session: fc.option(fc.record({ lesson: slug, lines: fc.array(fc.string(), { maxLength: 5 }) })),
});
/** A valid document with one value somewhere replaced by any JSON value. */
const damagedDocument = fc
  .tuple(
    validDocument,
    fc.constantFrom('version', 'lessons', 'session', 'lesson', 'completed'),
    fc.jsonValue(),
  )
  .map(([doc, where, value]) => {
    const copy = structuredClone(doc) as Record<string, unknown>;
    const firstLesson = Object.values(copy.lessons as object)[0] as Record<string, unknown> | undefined;
    if (where === 'lesson' && firstLesson) firstLesson.current = value;
    else if (where === 'completed' && firstLesson) firstLesson.completed = value;
    else copy[where] = value;
    return copy;
  });
const storedText = fc.oneof(
  validDocument.map((d) => JSON.stringify(d)),
  damagedDocument.map((d) => JSON.stringify(d)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string(),
);

function wellShaped(store: ProgressStore): void {
  for (const [key, p] of Object.entries(store.all())) {
    expect(key).not.toBe('__proto__');
    expect(p.completed.every((id) => typeof id === 'string')).toBe(true);
    expect(Number.isSafeInteger(p.current) && p.current >= 0).toBe(true);
    expect(typeof p.finished).toBe('boolean');
  }
  // A "__proto__" key must not have reached Object.prototype.
  expect(({} as Record<string, unknown>).completed).toBeUndefined();
}

describe('progress under any stored or imported data', () => {
  it('loads anything without throwing; what it cannot read is set aside, not lost', () => {
    fc.assert(
      fc.property(storedText, (raw) => {
        const storage = new MemoryStorage();
        storage.setItem('t:progress', raw);
        const store = new ProgressStore(storage, 't');
        wellShaped(store);
        // Whatever was set aside is there as it was stored; what is in use came from it.
        if (store.setAside) expect(storage.getItem(store.setAside)).toBe(raw);
        else if (Object.keys(store.all()).length > 0) expect(storage.getItem('t:progress')).toBe(raw);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('imports anything without throwing; an accepted file exports back to the same progress', () => {
    fc.assert(
      fc.property(storedText, slug, (text, lessonSlug) => {
        const store = new ProgressStore(new MemoryStorage(), 'i');
        store.saveLesson('kept', { current: 1 });
        const before = store.exportJson();
        const result = store.importJson(text);
        wellShaped(store);
        if (!result.ok) {
          expect(store.exportJson()).toBe(before);
          return;
        }
        const again = new ProgressStore(new MemoryStorage(), 'j');
        expect(again.importJson(store.exportJson())).toEqual({ ok: true, saved: true });
        expect(again.exportJson()).toBe(store.exportJson());
        expect(again.sessionLines(lessonSlug)).toEqual(store.sessionLines(lessonSlug));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

const course = loadCourse(resolve('lessons'));

/** Lines a learner might type at any point of any lesson: right, wrong, or pasted rubbish. */
const typedLine = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(...course.lessons.flatMap((l) => l.steps.flatMap((s) => s.solution))),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'telnet mail.example.test 25',
      'EHLO x',
      'MAIL FROM:<>',
      'RCPT TO:<nobody@example.test>',
      'DATA',
      '.',
      'QUIT',
      'RSET',
      '\x1d',
      'quit',
      'dig mx example.test',
      'exit',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
);

describe('lessons under any typing', () => {
  it('never throw, never move backwards, and say something of a known kind', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...course.lessons).chain((lesson) =>
          // The lesson's own solution with other lines slipped in: deep progress, under noise.
          fc.array(fc.tuple(fc.nat(), typedLine), { maxLength: 15 }).map((noise) => {
            const lines = lesson.steps.flatMap((s) => s.solution);
            for (const [at, line] of noise) lines.splice(at % (lines.length + 1), 0, line);
            return [lesson, lines] as const;
          }),
        ),
        ([lesson, lines]) => {
          const { run } = startLesson(lesson);
          let current = run.engine.current;
          let done = run.engine.completedIds();
          for (const line of lines) {
            const outcome = run.type(line);
            expect(['advanced', 'off-path', 'error', 'neutral']).toContain(outcome.kind);
            expect(run.engine.current).toBeGreaterThanOrEqual(current);
            expect(run.engine.current).toBeLessThanOrEqual(lesson.steps.length);
            const now = run.engine.completedIds();
            expect(now).toEqual(expect.arrayContaining(done));
            if (outcome.kind === 'advanced') expect(now.length).toBeGreaterThan(done.length);
            current = run.engine.current;
            done = now;
          }
          run.dispose();
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});
