// Turns the text of one lesson file into a CompiledLesson (validated data, Markdown rendered) or a list of
// file:line problems. Pure, with no file system: the build (compile.ts, in Node) and the pages that take lessons
// from outside (outside.ts, in the browser) share it, so a lesson is checked by one implementation everywhere.
import type { CompiledLesson } from './engine/types.ts';
import { startLines } from './engine/world.ts';
import { checkLesson } from './checks.ts';
import { renderInline, renderMarkdown } from './markdown.ts';
import { readLessonSource, type Problem } from './source.ts';

export interface CompileResult {
  lesson?: CompiledLesson;
  problems: Problem[];
}

/** Longest lesson file accepted from outside (the longest built-in lesson is ~15 kB). */
export const MAX_LESSON_CHARS = 200_000;

export interface SourceResult {
  lesson?: CompiledLesson;
  problems: { line: number; message: string }[];
}

/**
 * A lesson from outside the build (a file a teacher opened, a URL, a share link, a widget's inline Markdown):
 * the same parser, schema and checks as `lessons:check`, without the file system. `name` is the file name
 * ("my-lesson.md"): it gives the slug. The text is untrusted: its size is capped before anything parses it.
 */
export function compileLessonSource(text: string, name: string, sent: ReadonlySet<string>): SourceResult {
  if (text.length > MAX_LESSON_CHARS) {
    const message = `the lesson is ${text.length} characters long; at most ${MAX_LESSON_CHARS} are read`;
    return { problems: [{ line: 1, message }] };
  }
  const result = compileText(name, text, { slug: slugOf(name), order: 0 }, sent, []);
  return { lesson: result.lesson, problems: result.problems.map(({ line, message }) => ({ line, message })) };
}

/** "My Lesson (2).md" -> "my-lesson-2"; "lesson" when nothing is left. */
export function slugOf(name: string): string {
  const base = name.replace(/^.*[\\/]/, '').replace(/\.(md|markdown|txt)$/i, '');
  const slug = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'lesson';
}

/**
 * @param name the slug and number, or null when the folder's name gives none (the problem is in `extra`)
 * @param sent the reply ids the simulated server can send (see checks.ts)
 */
export function compileText(
  file: string,
  text: string,
  name: { slug: string; order: number } | null,
  sent: ReadonlySet<string>,
  extra: Problem[],
): CompileResult {
  const source = readLessonSource(file, text);
  source.problems.push(...extra);
  const data = checkLesson(source, sent);
  if (!data || !name) return { problems: source.problems };
  const world = data.world ?? {};
  const lesson: CompiledLesson = {
    slug: name.slug,
    order: name.order,
    file,
    title: data.title,
    summary: data.summary,
    seeds: data.seeds ?? [],
    world,
    start: {
      at: data.start?.at ?? 'shell',
      port: data.start?.port ?? 25,
      lines: startLines(data.start ?? {}, world),
    },
    introHtml: renderMarkdown(source.body),
    steps: data.steps.map((s) => ({
      id: s.id,
      text: s.text,
      textHtml: renderMarkdown(s.text),
      goal: s.goal,
      teaches: (s.teaches ?? []).map((t) => ({
        when: t.when,
        say: t.say,
        sayHtml: renderInline(t.say),
      })),
      hints: s.hints,
      hintsHtml: s.hints.map(renderInline),
      done: s.done,
      doneHtml: renderMarkdown(s.done),
      solution: s.solution,
      misses: s.misses ?? [],
    })),
    variants: data.variants ?? [],
  };
  return { lesson, problems: source.problems };
}
