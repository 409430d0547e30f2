// The shapes of a compiled lesson and of its goal conditions: plain data shared by the build-time compiler,
// the engine, the page and the tests (lessons/README.md documents the authoring side).
// The goal-condition vocabulary and the world of a lesson are defined once, as zod schemas in schema.ts; their
// types are inferred from there (a type-only import: the page and the widget never load zod).
import type { Condition, LessonWorldData } from '../schema.ts';

export type { Condition, DeliveredSpec, LeafCondition, Range } from '../schema.ts';
export type LessonWorld = LessonWorldData;
export type DnsRecordSpec = NonNullable<LessonWorld['dns']>[number];

export interface LessonStart {
  at: 'shell' | 'connected' | 'data';
  port: number;
  /** Every line typed for the learner before step 1, the telnet command included. */
  lines: string[];
}

export interface TeachEntry {
  when: Condition;
  /** Markdown source (the checker, tests and the CLI read it; a built lesson's chunk leaves it out). */
  say?: string;
  /** `say` rendered to inline HTML. */
  sayHtml: string;
}

/**
 * A step. `text`, `hints` and `done` are the Markdown the author wrote: the checker, the tests and the CLI read
 * them; the page renders only the HTML, so a built lesson's chunk (src/lessons/vite-plugin.ts) leaves them out.
 */
export interface CompiledStep {
  id: string;
  text?: string;
  textHtml: string;
  goal: Condition;
  teaches: TeachEntry[];
  hints?: string[];
  hintsHtml: string[];
  done?: string;
  doneHtml: string;
  solution: string[];
  /** Near misses: typed after the earlier steps' solutions, these lines must not complete the step. */
  misses: Variant[];
}

export interface Variant {
  name: string;
  lines: string[];
}

/** A lesson as the build compiles it: everything validated, Markdown already HTML. */
export interface CompiledLesson {
  /** URL id (folder name without the NN- prefix). */
  slug: string;
  /** The NN of the folder. */
  order: number;
  /** Path of the source file relative to the project, for messages. */
  file: string;
  title: string;
  summary: string;
  seeds: string[];
  world: LessonWorld;
  start: LessonStart;
  introHtml: string;
  steps: CompiledStep[];
  variants: Variant[];
}

/** What `virtual:lessons` exports per lesson: small, for the index and navigation. */
export interface LessonSummary {
  slug: string;
  order: number;
  title: string;
  summary: string;
  /** The old tutorials it draws on (ids of the Sources page). */
  seeds: string[];
  steps: { id: string }[];
}
