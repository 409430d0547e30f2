// Saved progress: versioned, validated on load, damaged data set aside, per-instance keys, export and import.
import { describe, expect, it } from 'vitest';
import {
  entryKey,
  keyEntry,
  MAX_SESSION_LINES,
  ProgressStore,
  type StorageLike,
} from '../../../src/lessons/progress.ts';
import { MemoryStorage } from '../../memory-storage.ts';

describe('ProgressStore', () => {
  it('starts empty and saves versioned data under its prefix', () => {
    const storage = new MemoryStorage();
    const store = new ProgressStore(storage, 'lab-a');
    expect(store.lesson('connect')).toEqual({ completed: [], current: 0, finished: false });
    store.saveLesson('connect', { completed: ['connect'], current: 1 });
    const saved = JSON.parse(storage.getItem('lab-a:progress')!);
    expect(saved.version).toBe(1);
    expect(saved.lessons.connect).toEqual({ completed: ['connect'], current: 1, finished: false });
    expect(new ProgressStore(storage, 'lab-a').lesson('connect').current).toBe(1);
  });

  it('keeps two instances on one page apart', () => {
    const storage = new MemoryStorage();
    new ProgressStore(storage, 'one').saveLesson('connect', { current: 2 });
    expect(new ProgressStore(storage, 'two').lesson('connect').current).toBe(0);
  });

  it.each([
    ['not JSON', '{oops'],
    ['an old version', JSON.stringify({ version: 0, lessons: {} })],
  ])('sets %s aside under another key and starts afresh', (_, raw) => {
    const storage = new MemoryStorage();
    storage.setItem('p:progress', raw);
    const store = new ProgressStore(storage, 'p');
    expect(store.setAside).toBe('p:progress:unreadable');
    expect(storage.getItem('p:progress:unreadable')).toBe(raw);
    expect(storage.getItem('p:progress')).toBeNull();
    expect(store.lesson('x')).toEqual({ completed: [], current: 0, finished: false });
  });

  it.each([
    ['a wrong shape', JSON.stringify({ version: 1, lessons: { x: { current: -1 } }, session: null })],
    ['a fractional step', JSON.stringify({ version: 1, lessons: { x: { current: 1.5 } }, session: null })],
    [
      'an overlong session line',
      JSON.stringify({ version: 1, lessons: {}, session: { lesson: 'x', lines: ['a'.repeat(2001)] } }),
    ],
    [
      'too many session lines',
      JSON.stringify({ version: 1, lessons: {}, session: { lesson: 'x', lines: Array(401).fill('NOOP') } }),
    ],
  ])('sets a document with %s aside, and keeps reading the rest', (_, raw) => {
    const storage = new MemoryStorage();
    storage.setItem('p:progress', raw);
    const store = new ProgressStore(storage, 'p');
    expect(store.setAside).toBe('p:progress:unreadable');
    expect(storage.getItem('p:progress:unreadable')).toBe(raw);
    expect(JSON.parse(storage.getItem('p:progress')!)).toEqual({ version: 1, lessons: {}, session: null });
    expect(store.lesson('x')).toEqual({ completed: [], current: 0, finished: false });
  });

  it('reads a document without a session field (nothing to set aside)', () => {
    const storage = new MemoryStorage();
    storage.setItem(
      'p:progress',
      JSON.stringify({ version: 1, lessons: { a: { completed: [], current: 2, finished: false } } }),
    );
    const store = new ProgressStore(storage, 'p');
    expect(store.setAside).toBeNull();
    expect(store.lesson('a').current).toBe(2);
  });

  it('skips a "__proto__" lesson key instead of polluting objects', () => {
    const storage = new MemoryStorage();
    storage.setItem(
      'p:progress',
      '{"version":1,"lessons":{"__proto__":{"completed":["a"],"current":1,"finished":true}},"session":null}',
    );
    const store = new ProgressStore(storage, 'p');
    expect(store.lesson('__proto__')).toEqual({ completed: [], current: 0, finished: false });
    expect(({} as Record<string, unknown>).finished).toBeUndefined();
    store.saveLesson('__proto__', { current: 1 });
    store.resetLesson('__proto__');
    expect(({} as Record<string, unknown>).current).toBeUndefined();
  });

  it('works in memory when the storage throws', () => {
    const hostile: StorageLike = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('nope');
      },
    };
    const store = new ProgressStore(hostile);
    store.saveLesson('a', { current: 1 });
    expect(store.lesson('a').current).toBe(1);
    expect(new ProgressStore(null).lesson('a').current).toBe(0);
  });

  it('keeps "finished" across a reset, clears the steps and the session', () => {
    const store = new ProgressStore(new MemoryStorage());
    store.saveLesson('a', { completed: ['s1', 's2'], current: 2, finished: true });
    store.saveSession('a', ['telnet mail.example.test 25']);
    store.resetLesson('a');
    expect(store.lesson('a')).toEqual({ completed: [], current: 0, finished: true });
    expect(store.sessionLines('a')).toEqual([]);
  });

  it('keeps only the current lesson session, capped', () => {
    const store = new ProgressStore(new MemoryStorage());
    store.saveSession('a', ['x']);
    store.saveSession(
      'b',
      Array.from({ length: MAX_SESSION_LINES + 5 }, (_, i) => `line ${i}`),
    );
    expect(store.sessionLines('a')).toEqual([]);
    const lines = store.sessionLines('b');
    expect(lines).toHaveLength(MAX_SESSION_LINES);
    expect(lines.at(-1)).toBe(`line ${MAX_SESSION_LINES + 4}`);
  });

  it('exports JSON that imports back; refuses other files', () => {
    const a = new ProgressStore(new MemoryStorage());
    a.saveLesson('connect', { completed: ['connect', 'quit'], current: 2, finished: true });
    const file = a.exportJson();
    const b = new ProgressStore(new MemoryStorage());
    expect(b.importJson(file)).toEqual({ ok: true, saved: true });
    expect(b.lesson('connect')).toEqual({ completed: ['connect', 'quit'], current: 2, finished: true });
    expect(b.importJson('not json')).toEqual({ ok: false, reason: 'not-json' });
    expect(b.importJson('{"version":2}')).toEqual({ ok: false, reason: 'invalid' });
    expect(b.lesson('connect').finished).toBe(true);
  });

  it('keeps control keys among the session lines, never confused with a typed line', () => {
    const store = new ProgressStore(new MemoryStorage());
    const typed = ['telnet mail.example.test 25', '^]', '\\n^C', 'close', ''];
    const keys = (['escape', 'interrupt', 'eof'] as const).map(keyEntry);
    store.saveSession('connect', [...typed, ...keys]);
    const saved = new ProgressStore(new MemoryStorage());
    expect(saved.importJson(store.exportJson())).toEqual({ ok: true, saved: true });
    const entries = saved.sessionLines('connect');
    expect(entries.map(entryKey)).toEqual([null, null, null, null, null, 'escape', 'interrupt', 'eof']);
    expect(entries.slice(0, typed.length)).toEqual(typed);
    // Typed lines never hold a line break, so nothing typed can read as a key.
    expect(entryKey('\n^X')).toBeNull();
  });
});
