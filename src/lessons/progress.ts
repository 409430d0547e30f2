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
/** Own keys only: a slug such as "__proto__" or "constructor" must not reach Object.prototype. */
const own = <T>(record: Record<string, T>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

function toLesson(v: unknown): StoredLesson | null {
  if (!isObject(v)) return null;
  const completed = strings(v.completed);
  const { current, finished, attempt } = v;
  if (!completed || !count(current) || typeof finished !== 'boolean') return null;
  if (attempt !== undefined && !count(attempt)) return null;
  return attempt ? { completed, current, finished, attempt } : { completed, current, finished };
}

/**
 * A stored document read lesson by lesson: the readable parts, and whether any part (a lesson, the session) was
 * not; null if it is no progress document (of this version) at all.
 */
function readDocument(v: unknown): { data: ProgressData; damaged: boolean } | null {
  if (!isObject(v) || v.version !== 1 || !isObject(v.lessons)) return null;
  const data = emptyProgress();
  let damaged = false;
  for (const [slug, value] of Object.entries(v.lessons)) {
    if (slug === '__proto__') continue;
    const lesson = toLesson(value);
    if (lesson) data.lessons[slug] = lesson;
    else damaged = true;
  }
  const s = v.session ?? null;
  const lines =
    isObject(s) && typeof s.lesson === 'string' && strings(s.lines, MAX_SESSION_LINES, MAX_LINE_LENGTH);
  if (lines)
    data.session =
      s.imported === true
        ? { lesson: s.lesson as string, lines, imported: true }
        : { lesson: s.lesson as string, lines };
  else if (s !== null) damaged = true;
  return { data, damaged };
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
  #data: ProgressData;
  readonly #storage: StorageLike | null;
  readonly #listeners = new Set<() => void>();

  /** @param prefix one per simulator instance, so several on one page keep separate progress */
  constructor(storage: StorageLike | null, prefix = 'smtp-lab') {
    this.#storage = storage;
    this.key = `${prefix}:progress`;
    this.#data = this.#readStored().data;
  }

  lesson(slug: string): LessonProgress {
    const p = own(this.#data.lessons, slug);
    return p ? { completed: [...p.completed], current: p.current, finished: p.finished } : emptyLesson();
  }

  /** Every lesson with saved progress. */
  all(): Readonly<Record<string, LessonProgress>> {
    return { ...this.#data.lessons };
  }

  saveLesson(slug: string, progress: Partial<LessonProgress>): void {
    if (slug === '__proto__') return;
    const before = own(this.#data.lessons, slug) ?? emptyLesson();
    const next: StoredLesson = {
      ...copyLesson(before),
      ...progress,
      finished: before.finished || !!progress.finished,
    };
    this.#data.lessons[slug] = next;
    // Steps this save adds are kept even when another widget has started the lesson over meanwhile (its later
    // attempt wins the merge, but a step the learner has just done is never dropped with the old attempt).
    const added = next.completed.filter((id) => !before.completed.includes(id));
    this.#save((stored) => {
      const there = own(stored.lessons, slug);
      if (there && (there.attempt ?? 0) > (next.attempt ?? 0))
        there.completed.push(...added.filter((id) => !there.completed.includes(id)));
    });
  }

  /** Start a lesson over: steps unchecked and the session forgotten, but "finished once" stays. */
  resetLesson(slug: string): void {
    if (slug === '__proto__') return;
    // A later attempt than the one stored, so that no stale copy of the old attempt brings its steps back.
    const reset = (data: ProgressData) => {
      const old = own(data.lessons, slug);
      data.lessons[slug] = { ...emptyLesson(), finished: !!old?.finished, attempt: (old?.attempt ?? 0) + 1 };
      if (data.session?.lesson === slug) data.session = null;
    };
    reset(this.#data);
    this.#save(reset);
  }

  /** The saved entries of this lesson's terminal session ([] for another lesson): lines, and keys (entryKey). */
  sessionLines(slug: string): string[] {
    return this.#data.session?.lesson === slug ? [...this.#data.session.lines] : [];
  }

  /** Whether this lesson's saved session came from an imported file (typed only once the learner has seen it). */
  sessionImported(slug: string): boolean {
    return this.#data.session?.lesson === slug && !!this.#data.session.imported;
  }

  /** Replace the session with this lesson's lines (only the current lesson's session is kept). */
  saveSession(slug: string, lines: readonly string[]): void {
    const kept = lines.slice(-MAX_SESSION_LINES).map((l) => l.slice(0, MAX_LINE_LENGTH));
    this.#data.session = { lesson: slug, lines: kept };
    this.#save((data) => (data.session = { lesson: slug, lines: [...kept] }));
  }

  /** The whole progress as a JSON document for a file download. */
  exportJson(): string {
    return JSON.stringify(this.#data, null, 2) + '\n';
  }

  /**
   * Load an exported file (every part readable, or nothing): its lessons merge into the ones here like any other
   * writer's (an older copy never takes steps away), its session is kept to be shown before it is typed. `saved`
   * says whether the storage took it (else it lasts until the page closes).
   */
  importJson(text: string): ImportResult {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, reason: 'not-json' };
    }
    const file = isObject(value) && 'session' in value ? readDocument(value) : null;
    if (!file || file.damaged) return { ok: false, reason: 'invalid' };
    const { lessons, session } = file.data;
    for (const [slug, lesson] of Object.entries(lessons)) {
      const here = own(this.#data.lessons, slug);
      this.#data.lessons[slug] = here ? mergeLesson(here, lesson) : lesson;
    }
    if (session) this.#data.session = { ...session, imported: true };
    const fromFile = this.#data.session;
    return { ok: true, saved: this.#save((data) => (data.session = fromFile ?? data.session)) };
  }

  /** Called after the progress changed: another tab saved, or a save failed or succeeded again. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Follow other tabs' saves (the `storage` event): their lessons merge into this one's. Returns the function
   * that stops listening; each view registers on mount and calls it on teardown.
   */
  listen(events: StorageEvents | null): () => void {
    const listener = (event: StorageEventLike) => {
      if ((event.key ?? this.key) !== this.key || (event.storageArea ?? this.#storage) !== this.#storage)
        return;
      this.#data = this.#merged(this.#readStored().data, this.#data);
      this.#emit();
    };
    events?.addEventListener('storage', listener);
    return () => events?.removeEventListener('storage', listener);
  }

  /**
   * What is stored now. A document with a damaged part is copied aside whole (someone may want it back) and its
   * readable lessons kept; one that cannot be read at all is copied aside and removed. `stuck`: the copy could
   * not be written (a full storage), so nothing may be written over the original.
   */
  #readStored(): { data: ProgressData; stuck: boolean } {
    const raw = this.#read(this.key);
    if (raw === null) return { data: emptyProgress(), stuck: false };
    let reading = null;
    try {
      reading = readDocument(JSON.parse(raw));
    } catch {
      // Not JSON: set aside below.
    }
    if (reading && !reading.damaged) return { data: reading.data, stuck: false };
    const data = reading?.data ?? emptyProgress();
    if (!this.#putAside(raw)) return { data, stuck: true };
    if (reading) this.#write(this.key, JSON.stringify(data));
    else this.#remove(this.key);
    return { data, stuck: false };
  }

  /**
   * Keeps a copy under the first free set-aside key; when all are taken, over the oldest (taken in turn, the turn
   * kept under ":unreadable:next"). A copy that cannot be written leaves every earlier one as it was.
   */
  #putAside(text: string): boolean {
    const slot = (i: number) => `${this.key}:unreadable${i ? `:${i + 1}` : ''}`;
    const turnKey = `${this.key}:unreadable:next`;
    let index = 0;
    while (index < SET_ASIDE_SLOTS && this.#read(slot(index)) !== null) index++;
    const rotating = index === SET_ASIDE_SLOTS;
    if (rotating) index = (Number(this.#read(turnKey)) || 0) % SET_ASIDE_SLOTS;
    if (!this.#write(slot(index), text)) return false;
    if (rotating) this.#write(turnKey, String(index + 1));
    this.setAside ??= slot(index);
    return true;
  }

  /** Every lesson of both; a lesson in both merged. The session is the stored one unless there is none. */
  #merged(stored: ProgressData, ours: ProgressData): ProgressData {
    const lessons = { ...stored.lessons };
    for (const [slug, p] of Object.entries(ours.lessons)) {
      const there = own(lessons, slug);
      lessons[slug] = there ? mergeLesson(there, p) : p;
    }
    return { version: 1, lessons, session: stored.session ?? ours.session };
  }

  /**
   * Writes one change over what is stored now (another widget or tab may have saved since this one read), so
   * that a save never overwrites lessons it did not touch; what this store holds that the storage lost (a save
   * that failed before) goes in too. Returns whether the storage took it; a change of answer is announced.
   */
  #save(change: (stored: ProgressData) => void): boolean {
    const { data: stored, stuck } = this.#readStored();
    change(stored);
    this.#data = this.#merged(stored, this.#data);
    // Stuck: writing would overwrite data that exists nowhere else. Keep it, and say the save failed.
    const ok = !stuck && this.#write(this.key, JSON.stringify(this.#data));
    const state: SaveState = ok ? 'saved' : 'failed';
    if (state !== this.saveState) {
      this.saveState = state;
      this.#emit();
    }
    return ok;
  }

  #emit(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  // Storage may be missing or refuse (private mode, quota, a sandboxed iframe): progress then lives in memory.
  #read(key: string): string | null {
    try {
      return this.#storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }

  /** false when the storage refused (full, forbidden) or there is none. */
  #write(key: string, value: string): boolean {
    try {
      this.#storage!.setItem(key, value);
      return true;
    } catch {
      return false;
    }
  }

  #remove(key: string): void {
    try {
      this.#storage?.removeItem(key);
    } catch {
      // Nothing to do.
    }
  }
}

/** Storage that lasts as long as the page: for a session that must not touch the learner's own (a try in the
 * editor, someone else's session opened from a link). */
export function memoryStorage(): StorageLike {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
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
