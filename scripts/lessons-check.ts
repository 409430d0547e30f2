// `npm run lessons:check [dir]`: validates every lesson and prints one file:line line per problem (exit 1),
// or a one-line summary (exit 0).
import { resolve } from 'node:path';
import { loadCourse } from '../src/lessons/course.ts';
import { formatProblem } from '../src/lessons/source.ts';

const dir = resolve(process.argv[2] ?? 'lessons');
const course = loadCourse(dir);

if (course.problems.length > 0) {
  for (const problem of course.problems) console.error(formatProblem(problem));
  const n = course.problems.length;
  console.error(`${n} problem${n === 1 ? '' : 's'} in ${dir}`);
  process.exit(1);
}
const steps = course.lessons.flatMap((l) => l.steps);
const misses = steps.reduce((sum, s) => sum + s.misses.length, 0);
const variants = course.lessons.reduce((sum, l) => sum + l.variants.length, 0);
console.log(
  `lessons ok: ${course.lessons.length} lessons, ${steps.length} steps, ${misses} near misses, ${variants} variants`,
);
