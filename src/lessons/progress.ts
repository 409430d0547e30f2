// The learner's progress (steps done per lesson, the current step, the current lesson's typed lines), saved
// versioned in an injected storage under a per-instance key prefix. Unreadable data is moved aside, never a crash.
import { z } from 'zod';

/** The part of the Web Storage API used here (localStorage in the page, a Map in tests). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Lines kept for the terminal replay: enough for any lesson, small enough for any storage quota. */
export const MAX_SESSION_LINES = 400;
const MAX_LINE_LENGTH = 2000;

const LessonProgressSchema = z.object({
  /** Ids of the steps done in the current attempt. */
  completed: z.array(z.string()),
  /** Index of the current step. */
  current: z.number().int().min(0),
  /** The lesson was finished at least once (kept across Reset). */
  finished: z.boolean(),
});

const ProgressSchema = z.object({
  version: z.literal(1),
  lessons: z.record(z.string(), LessonProgressSchema),
  /** The terminal session of the lesson being worked on: the lines typed, to replay after a reload. */
  session: z
    .object({ lesson: z.string(), lines: z.array(z.string().max(MAX_LINE_LENGTH)).max(MAX_SESSION_LINES) })
    .nullable(),
});

export type LessonProgress = z.infer<typeof LessonProgressSchema>;
export type ProgressData = z.infer<typeof ProgressSchema>;

export const emptyProgress = (): ProgressData => ({ version: 1, lessons: {}, session: null });
const emptyLesson = (): LessonProgress => ({ completed: [], current: 0, finished: false });

export type ImportResult = { ok: true } | { ok: false; reason: 'not-json' | 'invalid' };

export class ProgressStore {
  readonly key: string;
  /** Where unreadable data was moved, when it was; the page tells the learner. */
  readonly setAside: string | null = null;
  private data: ProgressData;
  private readonly storage: StorageLike | null;

  /** @param prefix one per simulator instance, so several on one page keep separate progress */
  constructor(storage: StorageLike | null, prefix = 'smtp-lab') {
    this.storage = storage;
    this.key = `${prefix}:progress`;
    const raw = this.read(this.key);
    if (raw === null) {
      this.data = emptyProgress();
      return;
    }
    const parsed = parseProgress(raw);
    if (parsed) {
      this.data = parsed;
      return;
    }
    // Damaged or from another version: keep it under another key (someone may want it back), start afresh.
    this.data = emptyProgress();
    const aside = `${this.key}:unreadable`;
    this.write(aside, raw);
    this.remove(this.key);
    this.setAside = aside;
  }

  lesson(slug: string): LessonProgress {
    const p = this.data.lessons[slug];
    return p ? { ...p, completed: [...p.completed] } : emptyLesson();
  }

  /** Every lesson with saved progress. */
  all(): Readonly<Record<string, LessonProgress>> {
    return this.data.lessons;
  }

  saveLesson(slug: string, progress: Partial<LessonProgress>): void {
    const before = this.lesson(slug);
    const next = { ...before, ...progress };
    next.finished = before.finished || next.finished;
    this.data.lessons[slug] = next;
    this.save();
  }

  /** Start a lesson over: steps unchecked and the session forgotten, but "finished once" stays. */
  resetLesson(slug: string): void {
    const finished = this.lesson(slug).finished;
    this.data.lessons[slug] = { ...emptyLesson(), finished };
    if (this.data.session?.lesson === slug) this.data.session = null;
    this.save();
  }

  /** The saved lines of this lesson's terminal session ([] for another lesson). */
  sessionLines(slug: string): string[] {
    return this.data.session?.lesson === slug ? [...this.data.session.lines] : [];
  }

  /** Replace the session with this lesson's lines (only the current lesson's session is kept). */
  saveSession(slug: string, lines: readonly string[]): void {
    const kept = lines.slice(-MAX_SESSION_LINES).map((l) => l.slice(0, MAX_LINE_LENGTH));
    this.data.session = { lesson: slug, lines: kept };
    this.save();
  }

  /** The whole progress as a JSON document for a file download. */
  exportJson(): string {
    return JSON.stringify(this.data, null, 2) + '\n';
  }

  /** Replace the progress with an exported file's content, if it is valid. */
  importJson(text: string): ImportResult {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, reason: 'not-json' };
    }
    const parsed = ProgressSchema.safeParse(value);
    if (!parsed.success) return { ok: false, reason: 'invalid' };
    this.data = parsed.data;
    this.save();
    return { ok: true };
  }

  private save(): void {
    this.write(this.key, JSON.stringify(this.data));
  }

  // Storage may be missing or refuse (private mode, quota, a sandboxed iframe): progress then lives in memory.
  private read(key: string): string | null {
    try {
      return this.storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }

  private write(key: string, value: string): void {
    try {
      this.storage?.setItem(key, value);
    } catch {
      // Full or forbidden: keep going without saving.
    }
  }

  private remove(key: string): void {
    try {
      this.storage?.removeItem(key);
    } catch {
      // Nothing to do.
    }
  }
}

function parseProgress(raw: string): ProgressData | null {
  try {
    const parsed = ProgressSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The page's localStorage, or null where reading it throws (some embeds, privacy settings). */
export function browserStorage(): StorageLike | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
