// Types of the modules the lessons Vite plugin (vite-plugin.ts) generates.
declare module 'virtual:lessons' {
  type LessonSummary = import('./engine/types.ts').LessonSummary;
  type CompiledLesson = import('./engine/types.ts').CompiledLesson;
  /** Every lesson, in course order: small enough for the index and navigation. */
  export const lessons: LessonSummary[];
  /** The whole lesson, loaded on demand (its own chunk); undefined for an unknown slug. */
  export function loadLesson(slug: string): Promise<CompiledLesson | undefined>;
}

declare module 'virtual:lessons/*' {
  const lesson: import('./engine/types.ts').CompiledLesson;
  export default lesson;
  /** The summaries of this lesson and of the lessons just before and after it, in course order. */
  export const neighbours: import('./engine/types.ts').LessonSummary[];
}

declare module 'virtual:lesson-loaders' {
  /** The same loader as virtual:lessons has, without the course index: for requesting a lesson early. */
  export function loadLesson(slug: string): Promise<import('./engine/types.ts').CompiledLesson | undefined>;
  /** The summaries of this lesson and of the lessons around it (from the lesson's chunk); [] if unknown. */
  export function loadNeighbours(slug: string): Promise<import('./engine/types.ts').LessonSummary[]>;
}

declare module 'virtual:sent-replies' {
  /** The reply ids the simulated server can send (sent-replies.ts, read at build time). */
  export const sentReplyIds: ReadonlySet<string>;
}
