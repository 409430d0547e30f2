// The lesson editor's drafts in browser storage: each one kept apart, the newest first, a full or broken storage
// never losing the draft already there, and whatever another version or a hand left in storage read with care.
import { describe, expect, it } from 'vitest';
import type { StorageLike } from '../../../src/lessons/progress.ts';
import { DraftStore, MAX_DRAFTS } from '../../../src/ui/author/drafts.ts';

function memory(limit = Infinity): StorageLike & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => {
      const used = [...items].reduce((n, [key, val]) => n + (key === k ? 0 : val.length), 0);
      if (used + v.length > limit) throw new DOMException('full', 'QuotaExceededError');
      items.set(k, v);
    },
    removeItem: (k) => void items.delete(k),
  };
}

describe('DraftStore', () => {
  it('keeps each draft apart and gives back the newest first', () => {
    const storage = memory();
    const drafts = new DraftStore(storage);
    expect(drafts.latest()).toBeNull();
    expect(drafts.save({ id: 'a1', name: 'one.md', text: 'first', savedAt: 1 })).toBe(true);
    expect(drafts.save({ id: 'b2', name: 'two.md', text: 'second', savedAt: 2 })).toBe(true);
    expect(drafts.latest()).toEqual({ id: 'b2', name: 'two.md', text: 'second', savedAt: 2 });
    // Saving an older one again makes it the newest; the other stays.
    drafts.save({ id: 'a1', name: 'one.md', text: 'first, edited', savedAt: 3 });
    expect(drafts.list().map((d) => d.id)).toEqual(['a1', 'b2']);
    expect(drafts.get('b2')?.text).toBe('second');
    expect(new DraftStore(storage).latest()?.text).toBe('first, edited');
  });

  it('finds the draft that already holds a text (a file or a link opened again)', () => {
    const drafts = new DraftStore(memory());
    drafts.save({ id: 'a1', name: 'one.md', text: 'first', savedAt: 1 });
    drafts.save({ id: 'b2', name: 'two.md', text: 'second', savedAt: 2 });
    expect(drafts.withText('first')?.id).toBe('a1');
    expect(drafts.withText('firs')).toBeNull();
  });

  it('discards one draft and only that one', () => {
    const storage = memory();
    const drafts = new DraftStore(storage);
    drafts.save({ id: 'a1', name: 'one.md', text: 'first', savedAt: 1 });
    drafts.save({ id: 'b2', name: 'two.md', text: 'second', savedAt: 2 });
    drafts.discard('b2');
    expect(drafts.list().map((d) => d.id)).toEqual(['a1']);
    expect(storage.items.has('smtp-lab:editor:draft:b2')).toBe(false);
    expect(drafts.latest()?.text).toBe('first');
  });

  it(`keeps the ${MAX_DRAFTS} newest drafts and deletes the text of older ones`, () => {
    const storage = memory();
    const drafts = new DraftStore(storage);
    for (let i = 0; i < MAX_DRAFTS + 3; i++)
      drafts.save({ id: `d${i}`, name: `${i}.md`, text: `${i}`, savedAt: i });
    expect(drafts.list()).toHaveLength(MAX_DRAFTS);
    expect(drafts.list()[0].id).toBe(`d${MAX_DRAFTS + 2}`);
    expect([...storage.items.keys()].filter((k) => k.includes(':draft:'))).toHaveLength(MAX_DRAFTS);
  });

  it('says false when storage is full, and the draft saved before is still whole', () => {
    const storage = memory(1000);
    const drafts = new DraftStore(storage);
    expect(drafts.save({ id: 'a1', name: 'one.md', text: 'x'.repeat(300), savedAt: 1 })).toBe(true);
    expect(drafts.save({ id: 'a1', name: 'one.md', text: 'y'.repeat(5000), savedAt: 2 })).toBe(false);
    expect(drafts.latest()).toMatchObject({ text: 'x'.repeat(300), savedAt: 1 });
    expect(new DraftStore(null).save({ id: 'a1', name: 'a', text: 'a', savedAt: 1 })).toBe(false);
  });

  it('reads broken or hostile storage as no draft, never throwing', () => {
    for (const index of [
      'not json',
      '{"id":"a"}',
      '[null, 1, "x", {"id":"../x","name":"a","savedAt":1}, {"id":"ok","name":5,"savedAt":1}]',
      '[{"id":"a1","name":"a","savedAt":"yesterday"}]',
      '[{"__proto__":{"id":"a1"},"name":"a","savedAt":1}]',
    ]) {
      const storage = memory();
      storage.setItem('smtp-lab:editor:drafts', index);
      storage.setItem('smtp-lab:editor:draft:a1', 'text');
      const drafts = new DraftStore(storage);
      expect(drafts.list()).toEqual([]);
      expect(drafts.latest()).toBeNull();
    }
    // An entry whose text is missing or larger than a lesson is skipped; the next one is given.
    const storage = memory();
    const drafts = new DraftStore(storage, 'smtp-lab:editor', 10);
    drafts.save({ id: 'a1', name: 'ok.md', text: 'short', savedAt: 1 });
    drafts.save({ id: 'b2', name: 'big.md', text: 'far too long for the cap', savedAt: 2 });
    drafts.save({ id: 'c3', name: 'gone.md', text: 'x', savedAt: 3 });
    storage.removeItem('smtp-lab:editor:draft:c3');
    expect(drafts.latest()?.name).toBe('ok.md');
  });
});
