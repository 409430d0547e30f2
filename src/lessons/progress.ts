// The learner's progress (steps done per lesson, the current step, the current lesson's typed lines), saved
// versioned in an injected storage under a per-instance key prefix. Nothing is lost on the way: every save merges
// with what another widget or tab stored meanwhile, a damaged lesson is set aside alone (several copies kept),
// and a save the storage refuses is reported, never passed over in silence.

/** The part of the Web Storage API used here (localStorage in the page, a Map in tests). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Where `storage` events arrive (the window in the page, a double in tests). */
export interface StorageEvents {
  addEventListener(type: 'storage', listener: (event: StorageEventLike) => void): void;
  removeEventListener(type: 'storage', listener: (event: StorageEventLike) => void): void;
}

/** The fields of a StorageEvent read here. */
export interface StorageEventLike {
  key: string | null;
  storageArea?: unknown;
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
/** Copies of unreadable data kept aside; a further one replaces the oldest. */
export const SET_ASIDE_SLOTS = 5;

export interface LessonProgress {
  /** Ids of the steps done in the current attempt. */
  completed: string[];
  /** Index of the current step. */
  current: number;
  /** The lesson was finished at least once (kept across Reset). */
  finished: boolean;
}

/** A lesson as stored: its progress and how many times it was started over (a later attempt wins a merge). */
interface StoredLesson extends LessonProgress {
  attempt?: number;
}

export interface ProgressData {
  version: 1;
  lessons: Record<string, StoredLesson>;
  /**
   * The terminal session of the lesson being worked on: the lines typed and keys pressed, to replay after a
   * reload. `imported` marks lines that came from a file: they are shown and typed only on the learner's click.
   */
  session: { lesson: string; lines: string[]; imported?: boolean } | null;
}

// Checked by hand, not with zod: even zod/mini cost the widget ~7 kB gzip for these few fields. Unknown keys are
// dropped, copies returned, "__proto__" record keys skipped.
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown, maxItems = Infinity, maxLength = Infinity): string[] | null =>
  Array.isArray(v) && v.length <= maxItems && v.every((s) => typeof s === 'string' && s.length <= maxLength)
    ? [...(v as string[])]
    : null;
const count = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function toLesson(v: unknown): StoredLesson | null {
  if (!isObject(v)) return null;
  const completed = strings(v.completed);
  const { current, finished, attempt } = v;
  if (!completed || !count(current) || typeof finished !== 'boolean') return null;
  if (attempt !== undefined && !count(attempt)) return null;
  return attempt ? { completed, current, finished, attempt } : { completed, current, finished };
}

function toSession(v: unknown): ProgressData['session'] | undefined {
  if (v === null) return null;
  if (!isObject(v) || typeof v.lesson !== 'string') return undefined;
  const lines = strings(v.lines, MAX_SESSION_LINES, MAX_LINE_LENGTH);
  if (!lines) return undefined;
  return v.imported === true ? { lesson: v.lesson, lines, imported: true } : { lesson: v.lesson, lines };
}

/** A document read lesson by lesson: the readable parts, and the raw text of each part that is not. */
interface Reading {
  data: ProgressData;
  /** Lessons (and the session, under "session") that could not be read, as they were stored. */
  damaged: Record<string, unknown>;
}

/** What is stored now: nothing, a document, or one that is unreadable and could not be copied aside. */
type Stored = { kind: 'none' } | { kind: 'read'; reading: Reading; stuck: boolean } | { kind: 'stuck' };

/** Reads a stored document part by part, or null if it is no progress document (of this version) at all. */
function readDocument(v: unknown): Reading | null {
  if (!isObject(v) || v.version !== 1 || !isObject(v.lessons)) return null;
  const data = emptyProgress();
  const damaged: Record<string, unknown> = {};
  for (const [slug, value] of Object.entries(v.lessons)) {
    if (slug === '__proto__') continue;
    const lesson = toLesson(value);
    if (lesson) data.lessons[slug] = lesson;
    else damaged[slug] = value;
  }
  const session = toSession(v.session ?? null);
  if (session === undefined) damaged.session = v.session;
  else data.session = session;
  return { data, damaged };
}

/** A whole document, strictly (an import): every part readable, or nothing. */
function toProgress(v: unknown): ProgressData | null {
  if (!isObject(v) || !('session' in v)) return null;
  const reading = readDocument(v);
  return reading && Object.keys(reading.damaged).length === 0 ? reading.data : null;
}

/**
 * One lesson as the storage has it and as this writer has it. A later stored attempt (a Reset elsewhere, written)
 * wins. Otherwise the steps done by either are kept and the step reached is the further one: a later attempt of
 * ours is a Reset the storage never took (it was full: the learner was told) or a lesson the storage lost (set
 * aside), and neither may drop steps done meanwhile. "Finished once" is never taken back.
 */
function mergeLesson(stored: StoredLesson, ours: StoredLesson): StoredLesson {
  const finished = stored.finished || ours.finished;
  const [attemptS, attemptO] = [stored.attempt ?? 0, ours.attempt ?? 0];
  if (attemptS > attemptO) return { ...copyLesson(stored), finished };
  const completed = [...stored.completed, ...ours.completed.filter((id) => !stored.completed.includes(id))];
  const merged: StoredLesson = { completed, current: Math.max(stored.current, ours.current), finished };
  if (attemptO) merged.attempt = attemptO;
  return merged;
}

const copyLesson = (p: StoredLesson): StoredLesson => ({ ...p, completed: [...p.completed] });

export const emptyProgress = (): ProgressData => ({ version: 1, lessons: {}, session: null });
const emptyLesson = (): LessonProgress => ({ completed: [], current: 0, finished: false });

export type ImportResult = { ok: true; saved: boolean } | { ok: false; reason: 'not-json' | 'invalid' };

/** What the page tells the learner about storage: nothing, or the last save did not happen. */
export type SaveState = 'saved' | 'failed';

export class ProgressStore {
  readonly key: string;
  /** The first key where unreadable data was moved in this visit, if any; the page tells the learner. */
  setAside: string | null = null;
  /** Whether the last write reached the storage (a full quota, a refusing browser: "failed"). */
  saveState: SaveState = 'saved';
  private data: ProgressData;
  private readonly storage: StorageLike | null;
  private readonly listeners = new Set<() => void>();

  /** @param prefix one per simulator instance, so several on one page keep separate progress */
  constructor(storage: StorageLike | null, prefix = 'smtp-lab') {
    this.storage = storage;
    this.key = `${prefix}:progress`;
    this.data = this.load() ?? emptyProgress();
  }

  lesson(slug: string): LessonProgress {
    // Own keys only: a slug from the URL such as "__proto__" must not reach Object.prototype.
    const p = Object.hasOwn(this.data.lessons, slug) ? this.data.lessons[slug] : undefined;
    return p ? { completed: [...p.completed], current: p.current, finished: p.finished } : emptyLesson();
  }

  /** Every lesson with saved progress. */
  all(): Readonly<Record<string, LessonProgress>> {
    const all: Record<string, LessonProgress> = {};
    for (const slug of Object.keys(this.data.lessons)) all[slug] = this.lesson(slug);
    return all;
  }

  saveLesson(slug: string, progress: Partial<LessonProgress>): void {
    if (slug === '__proto__') return;
    const before = Object.hasOwn(this.data.lessons, slug) ? this.data.lessons[slug] : { ...emptyLesson() };
    const next: StoredLesson = { ...copyLesson(before), ...progress };
    next.finished = before.finished || next.finished;
    this.data.lessons[slug] = next;
    // Steps this save adds: kept even when another widget has started the lesson over meanwhile (a later
    // attempt wins the merge, but a step the learner has just done is never dropped with the old attempt).
    const added = next.completed.filter((id) => !before.completed.includes(id));
    this.save((stored) => {
      const there = Object.hasOwn(stored.lessons, slug) ? stored.lessons[slug] : undefined;
      if (!there) stored.lessons[slug] = next;
      else if ((there.attempt ?? 0) > (next.attempt ?? 0)) {
        const completed = [...there.completed, ...added.filter((id) => !there.completed.includes(id))];
        stored.lessons[slug] = { ...there, completed, finished: there.finished || next.finished };
      } else stored.lessons[slug] = mergeLesson(there, next);
    });
  }

  /** Start a lesson over: steps unchecked and the session forgotten, but "finished once" stays. */
  resetLesson(slug: string): void {
    if (slug === '__proto__') return;
    const stored = (data: ProgressData) =>
      Object.hasOwn(data.lessons, slug) ? data.lessons[slug] : undefined;
    const fresh = (data: ProgressData): StoredLesson => ({
      ...emptyLesson(),
      finished: stored(data)?.finished ?? false,
      attempt: (stored(data)?.attempt ?? 0) + 1,
    });
    this.data.lessons[slug] = fresh(this.data);
    if (this.data.session?.lesson === slug) this.data.session = null;
    this.save((data) => {
      // A later attempt than any writer has seen, so no stale copy of the old one can bring its steps back.
      const next = fresh(data);
      next.attempt = Math.max(next.attempt ?? 0, this.data.lessons[slug].attempt ?? 0);
      next.finished ||= this.data.lessons[slug].finished;
      data.lessons[slug] = next;
      if (data.session?.lesson === slug) data.session = null;
    });
  }

  /** The saved entries of this lesson's terminal session ([] for another lesson): lines, and keys (entryKey). */
  sessionLines(slug: string): string[] {
    return this.data.session?.lesson === slug ? [...this.data.session.lines] : [];
  }

  /** Whether this lesson's saved session came from an imported file (typed only once the learner has seen it). */
  sessionImported(slug: string): boolean {
    return this.data.session?.lesson === slug && this.data.session.imported === true;
  }

  /** Replace the session with this lesson's lines (only the current lesson's session is kept). */
  saveSession(slug: string, lines: readonly string[]): void {
    const kept = lines.slice(-MAX_SESSION_LINES).map((l) => l.slice(0, MAX_LINE_LENGTH));
    const session = { lesson: slug, lines: kept };
    this.data.session = session;
    this.save((data) => {
      data.session = { ...session, lines: [...kept] };
    });
  }

  /** The whole progress as a JSON document for a file download. */
  exportJson(): string {
    return JSON.stringify(this.data, null, 2) + '\n';
  }

  /**
   * Load an exported file: its lessons merge into the ones here (others stay), its session is kept to be
   * shown before it is typed. `saved` says whether the storage took it (else it lasts until the page closes).
   */
  importJson(text: string): ImportResult {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, reason: 'not-json' };
    }
    const file = toProgress(value);
    if (!file) return { ok: false, reason: 'invalid' };
    const apply = (data: ProgressData) => {
      // Merged like any other writer's save: a file (an older copy, say) never takes steps away.
      for (const [slug, lesson] of Object.entries(file.lessons))
        data.lessons[slug] = Object.hasOwn(data.lessons, slug)
          ? mergeLesson(data.lessons[slug], lesson)
          : copyLesson(lesson);
      if (file.session) data.session = { ...file.session, lines: [...file.session.lines], imported: true };
    };
    apply(this.data);
    const saved = this.save(apply);
    return { ok: true, saved };
  }

  /** Called after the progress changed: another tab saved, or a save failed or succeeded again. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Follow other tabs' saves (the `storage` event): their lessons merge into this one's. Returns the function
   * that stops listening; each view registers on mount and calls it on teardown.
   */
  listen(events: StorageEvents | null): () => void {
    if (!events) return () => {};
    const listener = (event: StorageEventLike) => {
      if (event.key !== null && event.key !== this.key) return;
      if (event.storageArea !== undefined && event.storageArea !== this.storage) return;
      const stored = this.readStored();
      if (stored.kind !== 'read') return;
      this.data = this.merged(stored.reading.data, this.data);
      this.emit();
    };
    events.addEventListener('storage', listener);
    return () => events.removeEventListener('storage', listener);
  }

  /** The stored document, its damaged parts set aside; null when there is none or it is unreadable. */
  private load(): ProgressData | null {
    const stored = this.readStored();
    return stored.kind === 'read' ? stored.reading.data : null;
  }

  /**
   * Read what is stored now. A damaged lesson is set aside alone and the rest kept; a document that cannot be
   * read at all is set aside whole. Data is only dropped from the main key once its copy is written.
   */
  private readStored(): Stored {
    const raw = this.read(this.key);
    if (raw === null) return { kind: 'none' };
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = undefined;
    }
    const reading = readDocument(value);
    if (!reading) {
      if (!this.putAside(raw)) return { kind: 'stuck' };
      this.remove(this.key);
      return { kind: 'none' };
    }
    if (Object.keys(reading.damaged).length > 0) {
      // The whole document is copied (someone may want it back); the readable lessons stay in use. Not copied
      // (a full storage): the damaged parts stay in the document, as they were, and nothing is written over them.
      if (!this.putAside(raw)) return { kind: 'read', reading, stuck: true };
      reading.damaged = {};
      this.write(this.key, JSON.stringify(reading.data));
    }
    return { kind: 'read', reading, stuck: false };
  }

  /**
   * Keeps a copy under the first free set-aside key; when all are taken, over the oldest (taken in turn, the turn
   * kept under ":unreadable:next"). A copy that cannot be written leaves every earlier one as it was.
   */
  private putAside(text: string): boolean {
    const slot = (i: number) => (i === 0 ? `${this.key}:unreadable` : `${this.key}:unreadable:${i + 1}`);
    const turnKey = `${this.key}:unreadable:next`;
    let index = -1;
    for (let i = 0; i < SET_ASIDE_SLOTS && index < 0; i++) if (this.read(slot(i)) === null) index = i;
    const rotating = index < 0;
    if (rotating) {
      const turn = Number(this.read(turnKey));
      index = Number.isSafeInteger(turn) && turn >= 0 ? turn % SET_ASIDE_SLOTS : 0;
    }
    if (!this.write(slot(index), text)) return false;
    if (rotating) this.write(turnKey, String((index + 1) % SET_ASIDE_SLOTS));
    this.setAside ??= slot(index);
    return true;
  }

  /** Every lesson of both; a lesson in both merged. The session is `ours` unless we have none. */
  private merged(stored: ProgressData, ours: ProgressData): ProgressData {
    const lessons: Record<string, StoredLesson> = {};
    for (const [slug, p] of Object.entries(stored.lessons)) lessons[slug] = copyLesson(p);
    for (const [slug, p] of Object.entries(ours.lessons))
      lessons[slug] = Object.hasOwn(lessons, slug) ? mergeLesson(lessons[slug], p) : copyLesson(p);
    return { version: 1, lessons, session: stored.session ?? ours.session };
  }

  /**
   * Writes one change over what is stored now (another widget or tab may have saved since this one read), so
   * that a save never overwrites lessons it did not touch. Returns whether the storage took it.
   */
  private save(change: (stored: ProgressData) => void): boolean {
    const now = this.readStored();
    // Writing now would overwrite data that exists nowhere else: keep it, say the save failed.
    let ok = now.kind === 'none' || (now.kind === 'read' && !now.stuck);
    const stored = now.kind === 'read' ? now.reading.data : emptyProgress();
    change(stored);
    // What this store holds but the storage lost (a save that failed before) goes in too.
    const next = this.merged(stored, this.data);
    this.data = next;
    ok &&= this.write(this.key, JSON.stringify(next));
    const state: SaveState = ok ? 'saved' : 'failed';
    if (state !== this.saveState) {
      this.saveState = state;
      this.emit();
    }
    return ok;
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }

  // Storage may be missing or refuse (private mode, quota, a sandboxed iframe): progress then lives in memory.
  private read(key: string): string | null {
    try {
      return this.storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }

  /** false when the storage refused (full, forbidden) or there is none. */
  private write(key: string, value: string): boolean {
    if (!this.storage) return false;
    try {
      this.storage.setItem(key, value);
      return true;
    } catch {
      return false;
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

/** The page's localStorage, or null where reading it throws (some embeds, privacy settings). */
export function browserStorage(): StorageLike | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The window's `storage` events, where there is a window. */
export function browserStorageEvents(): StorageEvents | null {
  return typeof window === 'undefined' ? null : (window as unknown as StorageEvents);
}
