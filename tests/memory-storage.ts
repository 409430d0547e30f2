// localStorage for tests: a Map behind the part of the Web Storage API that ProgressStore uses, with a quota
// that can fill up (setItem throws QuotaExceededError, as browsers do) and tabs that see each other's writes
// as `storage` events (as a second tab of the same origin does).
import type { StorageEventLike, StorageEvents, StorageLike } from '../src/lessons/progress.ts';

type Listener = (event: StorageEventLike) => void;

export class MemoryStorage implements StorageLike {
  readonly map: Map<string, string>;
  /** Characters (keys and values) the storage holds at most; Infinity by default. */
  quota = Infinity;
  /** Writes refused for the quota, to prove a test reached the full storage. */
  refused = 0;
  private readonly bus: Set<MemoryStorage>;
  private readonly listeners = new Set<Listener>();

  constructor(shared?: MemoryStorage) {
    this.map = shared?.map ?? new Map();
    this.bus = shared?.bus ?? new Set();
    this.bus.add(this);
    if (shared) this.quota = shared.quota;
  }

  /** Another tab on the same storage: its writes reach this one as events, and the reverse. */
  tab(): MemoryStorage {
    return new MemoryStorage(this);
  }

  /** The `storage` events this tab receives. */
  get events(): StorageEvents & { readonly listenerCount: number } {
    const listeners = this.listeners;
    return {
      addEventListener: (_type, listener) => listeners.add(listener),
      removeEventListener: (_type, listener) => listeners.delete(listener),
      get listenerCount() {
        return listeners.size;
      },
    };
  }

  used(): number {
    let n = 0;
    for (const [k, v] of this.map) n += k.length + v.length;
    return n;
  }

  getItem(key: string) {
    return this.map.get(key) ?? null;
  }

  setItem(key: string, value: string) {
    const before = this.map.get(key);
    const after =
      this.used() - (before === undefined ? 0 : key.length + before.length) + key.length + value.length;
    if (after > this.quota) {
      this.refused++;
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }
    this.map.set(key, value);
    this.notify(key);
  }

  removeItem(key: string) {
    if (this.map.delete(key)) this.notify(key);
  }

  /** Every other tab hears of the change; the writing tab does not (as in browsers). */
  private notify(key: string): void {
    for (const tab of this.bus) {
      if (tab === this) continue;
      for (const listener of [...tab.listeners]) listener({ key, storageArea: tab });
    }
  }
}
