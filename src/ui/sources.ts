// The Sources page's data: each old tutorial with the lessons that draw on it, from the lessons' `seeds:` front
// matter, so a new lesson appears under its tutorials without any change here.
import type { LessonSummary } from '../lessons/engine/types.ts';
import { sourceNamesEn } from './source-names.ts';
import { sourcesPageEn } from './sources-page.ts';

export interface Source {
  id: string;
  name: string;
  title: string;
  year: string;
  shows: string;
  wrong: string;
  lessons: LessonSummary[];
}

export function sourcesWithLessons(
  lessons: readonly LessonSummary[],
  texts = sourcesPageEn,
  names = sourceNamesEn,
): Source[] {
  return Object.entries(texts.items).map(([id, item]) => ({
    id,
    name: names[id] ?? id,
    ...item,
    lessons: lessons.filter((l) => l.seeds.includes(id)),
  }));
}
