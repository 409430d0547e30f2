// Turns one lesson file into a CompiledLesson (validated data, Markdown rendered) or a list of file:line
// problems. Pure: the caller reads the file, so the Vite plugin, the checker and tests share it.
import type { CompiledLesson, LessonSummary } from './engine/types.ts';
import { startLines } from './engine/world.ts';
import { checkLesson } from './checks.ts';
import { renderInline, renderMarkdown } from './markdown.ts';
import { readLessonSource, type Problem } from './source.ts';

export const FOLDER_PATTERN = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

export interface CompileResult {
  lesson?: CompiledLesson;
  problems: Problem[];
}

/**
 * @param file the path shown in messages, e.g. "lessons/02-first-message/index.md"
 * @param folder the lesson folder's name, "02-first-message" (gives order and slug)
 */
export function compileLesson(file: string, folder: string, text: string): CompileResult {
  const source = readLessonSource(file, text);
  const name = FOLDER_PATTERN.exec(folder);
  if (!name) {
    source.problems.push({
      file,
      line: 1,
      message: `the folder "${folder}" must be named NN-slug (two digits, a dash, then a-z, 0-9 and dashes)`,
    });
  }
  const data = checkLesson(source);
  if (!data || !name) return { problems: source.problems };
  const world = data.world ?? {};
  const lesson: CompiledLesson = {
    slug: name[2],
    order: Number(name[1]),
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

export function summarize(lesson: CompiledLesson): LessonSummary {
  return {
    slug: lesson.slug,
    order: lesson.order,
    title: lesson.title,
    summary: lesson.summary,
    seeds: lesson.seeds,
    steps: lesson.steps.map((s) => ({ id: s.id })),
  };
}
