// The Sources page's data: each old tutorial with the lessons that draw on it, from the lessons' `seeds:` front
// matter, so a new lesson appears under its tutorials without any change here.
import type { LessonSummary } from '../lessons/engine/types.ts';
import type { Strings } from './strings.ts';

export interface Source {
  id: string;
  name: string;
  title: string;
  year: string;
  shows: string;
  wrong: string;
  lessons: LessonSummary[];
}

export function sourcesWithLessons(s: Strings, lessons: readonly LessonSummary[]): Source[] {
  return Object.entries(s.sources.items).map(([id, item]) => ({
    id,
    ...item,
    lessons: lessons.filter((l) => l.seeds.includes(id)),
  }));
}
