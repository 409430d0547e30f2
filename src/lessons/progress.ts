// The learner's progress (steps done per lesson, the current step, the current lesson's typed lines), saved
// versioned in an injected storage under a per-instance key prefix. Unreadable data is moved aside, never a crash.

/** The part of the Web Storage API used here (localStorage in the page, a Map in tests). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The control keys a saved session records, because they change where the terminal is (Ctrl-C, Ctrl-D, Ctrl-]). */
export type SessionKey = 'interrupt' | 'eof' | 'escape';

/**
 * A saved session is a list of strings: the lines typed and, between them, the control keys pressed. A typed line
 * never holds a line break, so a key is stored as a line break and its caret name ("\n^C"), which no line can be.
 */
const KEY_ENTRIES: Readonly<Record<SessionKey, string>> = { interrupt: '\n^C', eof: '\n^D', escape: '\n^]' };

export function keyEntry(key: SessionKey): string {
  return KEY_ENTRIES[key];
}

/** The control key a saved entry records, or null for a typed line. */
export function entryKey(entry: string): SessionKey | null {
  if (!entry.startsWith('\n')) return null;
  const found = (Object.keys(KEY_ENTRIES) as SessionKey[]).find((k) => KEY_ENTRIES[k] === entry);
  return found ?? null;
}

/** Lines kept for the terminal replay: enough for any lesson, small enough for any storage quota. */
export const MAX_SESSION_LINES = 400;
const MAX_LINE_LENGTH = 2000;

export interface LessonProgress {
  /** Ids of the steps done in the current attempt. */
  completed: string[];
  /** Index of the current step. */
  current: number;
  /** The lesson was finished at least once (kept across Reset). */
  finished: boolean;
}

export interface ProgressData {
  version: 1;
  lessons: Record<string, LessonProgress>;
  /** The terminal session of the lesson being worked on: the lines typed and keys pressed, to replay after a reload. */
  session: { lesson: string; lines: string[] } | null;
}

// Checked by hand, not with zod: even zod/mini cost the widget ~7 kB gzip for these few fields. The rules are
// the ones the zod schema had (unknown keys dropped, copies returned, "__proto__" record keys skipped).
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown, maxItems = Infinity, maxLength = Infinity): string[] | null =>
  Array.isArray(v) && v.length <= maxItems && v.every((s) => typeof s === 'string' && s.length <= maxLength)
    ? [...(v as string[])]
    : null;

function toLesson(v: unknown): LessonProgress | null {
  if (!isObject(v)) return null;
  const completed = strings(v.completed);
  const { current, finished } = v;
  if (
    !completed ||
    !Number.isSafeInteger(current) ||
    (current as number) < 0 ||
    typeof finished !== 'boolean'
  )
    return null;
  return { completed, current: current as number, finished };
}

/** The progress document in a parsed JSON value, or null if it is not one (of this version). */
function toProgress(v: unknown): ProgressData | null {
  if (!isObject(v) || v.version !== 1 || !isObject(v.lessons)) return null;
  const lessons: Record<string, LessonProgress> = {};
  for (const [slug, value] of Object.entries(v.lessons)) {
    if (slug === '__proto__') continue;
    const lesson = toLesson(value);
    if (!lesson) return null;
    lessons[slug] = lesson;
  }
  let session: ProgressData['session'] = null;
  if (v.session !== null) {
    if (!isObject(v.session) || typeof v.session.lesson !== 'string') return null;
    const lines = strings(v.session.lines, MAX_SESSION_LINES, MAX_LINE_LENGTH);
    if (!lines) return null;
    session = { lesson: v.session.lesson, lines };
  }
  return { version: 1, lessons, session };
}

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
    // Own keys only: a slug from the URL such as "__proto__" must not reach Object.prototype.
    const p = Object.hasOwn(this.data.lessons, slug) ? this.data.lessons[slug] : undefined;
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
    if (slug === '__proto__') return;
    this.data.lessons[slug] = next;
    this.save();
  }

  /** Start a lesson over: steps unchecked and the session forgotten, but "finished once" stays. */
  resetLesson(slug: string): void {
    const finished = this.lesson(slug).finished;
    if (slug !== '__proto__') this.data.lessons[slug] = { ...emptyLesson(), finished };
    if (this.data.session?.lesson === slug) this.data.session = null;
    this.save();
  }

  /** The saved entries of this lesson's terminal session ([] for another lesson): lines, and keys (entryKey). */
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
    const parsed = toProgress(value);
    if (!parsed) return { ok: false, reason: 'invalid' };
    this.data = parsed;
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
    return toProgress(JSON.parse(raw));
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
