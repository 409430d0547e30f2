// What a lesson's lab fetches ahead of use among the code split off for lessons that do not need it: the
// on-demand commands (dig, openssl, printf...) that its start and solution lines type. Anything else a learner
// types still works, loaded when typed (src/workstation/commands/index.ts). scripts/bundle-size.ts counts the same.
import { onDemandIn } from '../workstation/commands/index.ts';
import type { CompiledLesson } from './engine/types.ts';

export function lessonCommands(lesson: Pick<CompiledLesson, 'start' | 'steps'>): string[] {
  return onDemandIn([...lesson.start.lines, ...lesson.steps.flatMap((step) => step.solution)]);
}
