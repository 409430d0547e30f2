// localStorage for tests: a Map behind the part of the Web Storage API that ProgressStore uses.
import type { StorageLike } from '../src/lessons/progress.ts';

export class MemoryStorage implements StorageLike {
  readonly map = new Map<string, string>();
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
}
