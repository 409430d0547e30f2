// Loads every lessons/NN-slug/index.md from disk (Node only: the checker, the Vite plugin and the tests),
// compiles each, and checks the course as a whole (no two lessons with the same number or slug).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CompiledLesson } from './engine/types.ts';
import { compileLesson, FOLDER_PATTERN } from './compile.ts';
import type { Problem } from './source.ts';

export interface Course {
  lessons: CompiledLesson[];
  problems: Problem[];
  /** Every file read, for the dev server to watch. */
  files: string[];
}

/**
 * @param dir the lessons folder
 * @param root paths in messages are relative to this (the project root)
 */
export function loadCourse(dir: string, root = process.cwd()): Course {
  const problems: Problem[] = [];
  const lessons: CompiledLesson[] = [];
  const files: string[] = [];
  if (!existsSync(dir)) {
    return {
      lessons,
      files,
      problems: [{ file: relative(root, dir) || dir, line: 1, message: 'no such folder' }],
    };
  }
  const folders = readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort();
  for (const folder of folders) {
    const path = join(dir, folder, 'index.md');
    const file = relative(root, path) || path;
    if (!existsSync(path)) {
      // Folders that do not look like lessons (assets, drafts) are not an error; lesson folders need index.md.
      if (FOLDER_PATTERN.test(folder))
        problems.push({ file, line: 1, message: 'missing index.md for this lesson' });
      continue;
    }
    files.push(path);
    const result = compileLesson(file, folder, readFileSync(path, 'utf8'));
    problems.push(...result.problems);
    if (result.lesson) lessons.push(result.lesson);
  }
  checkCourse(lessons, problems);
  return { lessons, problems, files };
}

function checkCourse(lessons: CompiledLesson[], problems: Problem[]): void {
  const byOrder = new Map<number, CompiledLesson>();
  const bySlug = new Map<string, CompiledLesson>();
  for (const lesson of lessons) {
    const sameOrder = byOrder.get(lesson.order);
    if (sameOrder)
      problems.push({ file: lesson.file, line: 1, message: `lesson number also used by ${sameOrder.file}` });
    else byOrder.set(lesson.order, lesson);
    const sameSlug = bySlug.get(lesson.slug);
    if (sameSlug)
      problems.push({
        file: lesson.file,
        line: 1,
        message: `slug "${lesson.slug}" also used by ${sameSlug.file}`,
      });
    else bySlug.set(lesson.slug, lesson);
  }
}
