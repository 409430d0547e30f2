// Compiles a lesson of the course (lessons/NN-slug/index.md): the folder gives its number and slug. Node only:
// the list of replies the server can send is read from src/smtp (sent-replies.ts). The work itself is
// compile-source.ts, which the browser uses for lessons from outside.
import type { LessonSummary, CompiledLesson } from './engine/types.ts';
import { compileText, slugOf, type CompileResult } from './compile-source.ts';
import { sentReplyIds } from './sent-replies.ts';
import { isReservedSlug, RESERVED_SLUGS } from './slugs.ts';
import type { Problem } from './source.ts';

export type { CompileResult } from './compile-source.ts';

export const FOLDER_PATTERN = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/**
 * @param file the path shown in messages, e.g. "lessons/02-first-message/index.md"
 * @param folder the lesson folder's name, "02-first-message" (gives order and slug)
 */
export function compileLesson(file: string, folder: string, text: string): CompileResult {
  const match = FOLDER_PATTERN.exec(folder);
  const name = match && !isReservedSlug(match[2]) ? match : null;
  const folderProblem: Problem[] = name
    ? []
    : [
        {
          file,
          line: 1,
          message: match
            ? `the slug "${match[2]}" is a route of the app (#/lessons/${match[2]}): no lesson can be reached there; reserved: ${RESERVED_SLUGS.join(', ')}`
            : `the folder "${folder}" must be named NN-slug (two digits, a dash, then a-z, 0-9 and dashes)`,
        },
      ];
  return compileText(
    file,
    text,
    name ? { slug: name[2], order: Number(name[1]) } : null,
    sentReplyIds(),
    folderProblem,
  );
}

/**
 * A lesson file anywhere: a course lesson (NN-slug/index.md) as the build compiles it, any other file (one a
 * teacher saved from the editor, "my-lesson.md") as the browser compiles a lesson from outside.
 */
export function compileLessonFile(file: string, text: string): CompileResult {
  const parts = file.split(/[\\/]/);
  const folder = parts.at(-2) ?? '';
  if (parts.at(-1) === 'index.md' && FOLDER_PATTERN.test(folder)) return compileLesson(file, folder, text);
  return compileText(file, text, { slug: slugOf(file), order: 0 }, sentReplyIds(), []);
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
