import { describe, expect, it } from 'vitest';
import { OnDemand } from '../../../src/smtp/on-demand.ts';

describe('a module loaded on first need', () => {
  it('is fetched once however many ask, and is there to read once it has come', async () => {
    let fetched = 0;
    const seen: string[] = [];
    const lazy = new OnDemand(
      async () => {
        fetched++;
        return { name: 'dsn' };
      },
      (m) => seen.push(`loaded ${m.name}`),
    );
    expect(lazy.module).toBeNull();
    const [a, b] = await Promise.all([lazy.load(), lazy.load().then((m) => (seen.push('waiter'), m))]);
    expect(a).toBe(b);
    expect(fetched).toBe(1);
    expect(lazy.module).toBe(a);
    // onLoad ran once, before those waiting went on.
    expect(seen).toEqual(['loaded dsn', 'waiter']);
    await lazy.load();
    expect(fetched).toBe(1);
  });

  it('a chunk that cannot be fetched rejects, leaves nothing loaded, and a later call tries again', async () => {
    let attempts = 0;
    const lazy = new OnDemand(async () => {
      attempts++;
      if (attempts === 1) throw new Error('offline');
      return 'writer';
    });
    await expect(lazy.load()).rejects.toThrow('offline');
    expect(lazy.module).toBeNull();
    await expect(lazy.load()).resolves.toBe('writer');
    expect(attempts).toBe(2);
  });
});
