// `npm run lessons:check [dir]`: validates every lesson and prints one file:line line per problem (exit 1);
// then plays each valid lesson as the course tests do (its solutions step by step, every variant, every near
// miss) and prints what did not go as written (exit 1), or a one-line summary (exit 0).
import { resolve } from 'node:path';
import { loadCourse } from '../src/lessons/course.ts';
import { loadEverything, playLesson } from '../src/lessons/replay.ts';
import { formatProblem } from '../src/lessons/source.ts';

const dir = resolve(process.argv[2] ?? 'lessons');
const course = loadCourse(dir);

if (course.problems.length > 0) {
  for (const problem of course.problems) console.error(formatProblem(problem));
  const n = course.problems.length;
  console.error(`${n} problem${n === 1 ? '' : 's'} in ${dir}`);
  process.exit(1);
}
await loadEverything();
const played: string[] = [];
for (const lesson of course.lessons) played.push(...(await playLesson(lesson)));
if (played.length > 0) {
  for (const problem of played) console.error(`${problem}\n`);
  console.error(
    `${played.length} played line${played.length === 1 ? '' : 's'} did not go as written in ${dir}`,
  );
  process.exit(1);
}
const steps = course.lessons.flatMap((l) => l.steps);
const misses = steps.reduce((sum, s) => sum + s.misses.length, 0);
const variants = course.lessons.reduce((sum, l) => sum + l.variants.length, 0);
console.log(
  `lessons ok (played): ${course.lessons.length} lessons, ${steps.length} steps, ${misses} near misses, ${variants} variants`,
);
