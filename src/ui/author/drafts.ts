// The lesson editor's drafts, kept in the browser (localStorage) so that a reload, a closed tab or a file opened
// by mistake loses nothing: one entry per draft (its text and file name), and an index of them, newest first.
// Opening a file or a shared lesson starts a new draft beside the others; only "Discard draft" deletes one.
// What comes back from storage is checked like any input (another tab, an old version or a hand may have put it).
import type { StorageLike } from '../../lessons/progress.ts';

export interface Draft {
  id: string;
  name: string;
  text: string;
  /** Milliseconds since the epoch. */
  savedAt: number;
}

export type DraftInfo = Omit<Draft, 'text'>;

/** Older drafts beyond this many are dropped (a lesson may be 200,000 characters; storage holds about 5 MB). */
export const MAX_DRAFTS = 8;
const MAX_NAME = 200;

export class DraftStore {
  constructor(
    private readonly storage: StorageLike | null,
    private readonly prefix = 'smtp-lab:editor',
    private readonly maxChars = 200_000,
  ) {}

  private get indexKey(): string {
    return `${this.prefix}:drafts`;
  }

  private textKey(id: string): string {
    return `${this.prefix}:draft:${id}`;
  }

  /** The drafts, newest first. */
  list(): DraftInfo[] {
    let value: unknown;
    try {
      value = JSON.parse(this.storage?.getItem(this.indexKey) ?? '[]');
    } catch {
      return [];
    }
    if (!Array.isArray(value)) return [];
    return value
      .filter(
        (d): d is DraftInfo =>
          typeof d === 'object' &&
          d !== null &&
          typeof d.id === 'string' &&
          /^[a-z0-9]{1,40}$/.test(d.id) &&
          typeof d.name === 'string' &&
          d.name.length <= MAX_NAME &&
          typeof d.savedAt === 'number' &&
          Number.isFinite(d.savedAt),
      )
      .map(({ id, name, savedAt }) => ({ id, name, savedAt }))
      .slice(0, MAX_DRAFTS);
  }

  /** A draft with its text, or null when it is gone (or its text is not a lesson's size). */
  get(id: string): Draft | null {
    const info = this.list().find((d) => d.id === id);
    const text = info ? this.storage?.getItem(this.textKey(id)) : null;
    if (!info || typeof text !== 'string' || text.length > this.maxChars) return null;
    return { ...info, text };
  }

  /** The newest draft that can still be read. */
  latest(): Draft | null {
    for (const info of this.list()) {
      const draft = this.get(info.id);
      if (draft) return draft;
    }
    return null;
  }

  /** A draft holding exactly this text (the same file or link opened again), so as not to keep it twice. */
  withText(text: string): Draft | null {
    for (const info of this.list()) {
      const draft = this.get(info.id);
      if (draft?.text === text) return draft;
    }
    return null;
  }

  /** A fresh id for a new draft. */
  newId(now = Date.now()): string {
    return now.toString(36) + Math.random().toString(36).slice(2, 8);
  }

  /**
   * Saves a draft (new or not) as the newest; false when storage refused it (full, or off): the page says so.
   * The index is written last, so a failed text write never leaves an entry without its text.
   */
  save(draft: Draft): boolean {
    if (!this.storage) return false;
    const others = this.list().filter((d) => d.id !== draft.id);
    const kept = others.slice(0, MAX_DRAFTS - 1);
    const info: DraftInfo = { id: draft.id, name: draft.name.slice(0, MAX_NAME), savedAt: draft.savedAt };
    try {
      this.storage.setItem(this.textKey(draft.id), draft.text);
      this.storage.setItem(this.indexKey, JSON.stringify([info, ...kept]));
    } catch {
      return false;
    }
    for (const dropped of others.slice(MAX_DRAFTS - 1)) this.removeText(dropped.id);
    return true;
  }

  discard(id: string): void {
    try {
      this.storage?.setItem(this.indexKey, JSON.stringify(this.list().filter((d) => d.id !== id)));
    } catch {
      // A smaller index always fits; if storage is gone, there is nothing to discard.
    }
    this.removeText(id);
  }

  private removeText(id: string): void {
    try {
      this.storage?.removeItem(this.textKey(id));
    } catch {
      // Nothing else to do: the index no longer names it.
    }
  }
}
