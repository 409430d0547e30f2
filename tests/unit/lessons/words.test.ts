// Learner-facing words: the old tutorials are named as a reader would ("the 2001 magazine tutorial"), never by
// their file numbers ("seed 000"). Lesson text, UI strings, the reply catalog and server labels are checked;
// code identifiers and the lessons' `seeds:` front-matter field may keep the word.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../../src/lessons/course.ts';
import * as catalog from '../../../src/smtp/catalog.ts';
import { profiles } from '../../../src/smtp/profiles/index.ts';
import { en } from '../../../src/ui/strings.ts';
import { sandboxEn } from '../../../src/ui/sandbox-strings.ts';
import { siteEn } from '../../../src/ui/site-strings.ts';
import { courseEn } from '../../../src/ui/lesson/index-strings.ts';
import { notesEn } from '../../../src/ui/lesson/note-strings.ts';
import { stepsListEn } from '../../../src/ui/lesson/steps-strings.ts';
import { lessonEn } from '../../../src/ui/lesson/strings.ts';
import { mailboxEn } from '../../../src/ui/mailbox/strings.ts';
import { sourceNamesEn, sourcesLineEn } from '../../../src/ui/source-names.ts';
import { sourcesPageEn } from '../../../src/ui/sources-page.ts';

const SEED = /\bseeds?\b/i;

/** Every string in a value, with its path; a function contributes its source (template texts included). */
function texts(value: unknown, path: string, out: [string, string][] = []): [string, string][] {
  if (typeof value === 'string') out.push([path, value]);
  else if (typeof value === 'function') out.push([path, value.toString()]);
  else if (Array.isArray(value)) value.forEach((v, i) => texts(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) texts(v, `${path}.${k}`, out);
  return out;
}

const withSeed = (all: [string, string][]) =>
  all.filter(([, t]) => SEED.test(t)).map(([p, t]) => `${p}: ${t}`);

describe('no "seed" in what a learner reads', () => {
  const course = loadCourse(resolve('lessons'));

  it('the check finds the word where it is (so it can fail)', () => {
    expect(withSeed(texts({ a: ['as seed 000 says'], b: () => 'Seeds' }, 'x'))).toHaveLength(2);
    expect(withSeed(texts({ a: 'seedless? no: reseeded' }, 'x'))).toHaveLength(0);
  });

  it('lesson titles, summaries, introductions, steps, hints, teaches and done texts', () => {
    expect(course.lessons.length).toBeGreaterThan(0);
    const all = course.lessons.flatMap((l) =>
      texts(
        {
          title: l.title,
          summary: l.summary,
          intro: l.introHtml,
          steps: l.steps.map((s) => ({
            text: s.text,
            hints: s.hints,
            done: s.done,
            say: s.teaches.map((t) => t.say),
          })),
        },
        l.file,
      ),
    );
    expect(withSeed(all)).toEqual([]);
  });

  it('the interface strings (app, lessons, mailboxes)', () => {
    expect(
      withSeed(
        texts(
          {
            en,
            siteEn,
            sandboxEn,
            lessonEn,
            courseEn,
            notesEn,
            stepsListEn,
            mailboxEn,
            sourceNamesEn,
            sourcesLineEn,
            sourcesPageEn,
          },
          'strings',
        ),
      ),
    ).toEqual([]);
  });

  it('the reply catalog and the server profiles shown in the sandbox', () => {
    const shown = Object.values(profiles).map((p) => ({ label: p.label, description: p.description }));
    expect(withSeed(texts({ catalog, shown }, 'core'))).toEqual([]);
  });

  it('the Sources page names every tutorial a lesson draws on', () => {
    const ids = new Set(course.lessons.flatMap((l) => l.seeds));
    expect([...ids].filter((id) => !(id in sourcesPageEn.items) || !(id in sourceNamesEn))).toEqual([]);
  });
});
