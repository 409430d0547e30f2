// Input history, one list per history key (the shell and each SMTP session keep their own), last N lines.

export const HISTORY_LIMIT = 500;

export class History {
  readonly #lists = new Map<string, string[]>();

  readonly #limit: number;
  constructor(limit = HISTORY_LIMIT) {
    this.#limit = limit;
  }

  /** Remember a line; blank lines and a repeat of the previous line are not stored (bash's ignoredups). */
  add(key: string, line: string): void {
    if (line.trim() === '') return;
    let list = this.#lists.get(key);
    if (!list) this.#lists.set(key, (list = []));
    if (list[list.length - 1] === line) return;
    list.push(line);
    // Trim in batches so a paste of 200 000 lines costs O(1) per line, not a shift of the whole list.
    if (list.length >= this.#limit * 2) list.splice(0, list.length - this.#limit);
  }

  /** The most recent lines, oldest first, at most `limit` of them. */
  entries(key: string): readonly string[] {
    const list = this.#lists.get(key) ?? [];
    return list.length > this.#limit ? list.slice(list.length - this.#limit) : list;
  }

  clear(key?: string): void {
    if (key === undefined) this.#lists.clear();
    else this.#lists.delete(key);
  }
}

/** Walks one history list with up/down, remembering the line being typed before the first "up". */
export class HistoryBrowser {
  #index: number | null = null;
  #draft = '';
  #key = '';

  readonly #history: History;
  constructor(history: History) {
    this.#history = history;
  }

  /** The older line to show, or null when there is none. */
  up(key: string, current: string): string | null {
    if (this.#index !== null && key !== this.#key) this.reset();
    const list = this.#history.entries(key);
    if (this.#index === null) {
      if (list.length === 0) return null;
      this.#key = key;
      this.#draft = current;
      this.#index = list.length;
    }
    if (this.#index === 0) return null;
    this.#index--;
    return list[this.#index];
  }

  /** The newer line to show (the draft after the newest), or null when not browsing. */
  down(key: string): string | null {
    if (this.#index === null || key !== this.#key) return null;
    const list = this.#history.entries(key);
    this.#index++;
    if (this.#index >= list.length) {
      this.#index = null;
      return this.#draft;
    }
    return list[this.#index];
  }

  reset(): void {
    this.#index = null;
    this.#draft = '';
  }
}
