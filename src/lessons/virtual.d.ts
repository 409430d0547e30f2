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
}

declare module 'virtual:sent-replies' {
  /** The reply ids the simulated server can send (sent-replies.ts, read at build time). */
  export const sentReplyIds: ReadonlySet<string>;
}
