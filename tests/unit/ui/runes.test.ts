// Every component compiles in runes mode: one without a rune falls back to legacy mode, and that alone brought
// ~0.4 kB gzip of legacy runtime into the Svelte chunk every page loads (DisplayControls did).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';

const components = (readdirSync('src', { recursive: true }) as string[])
  .filter((f) => f.endsWith('.svelte'))
  .map((f) => join('src', f));

const runes = (source: string, filename: string) => compile(source, { filename }).metadata.runes;

describe('Svelte components', () => {
  it('the check tells a legacy component from a runes one', () => {
    expect(runes('<p>{1 + 1}</p>', 'Plain.svelte')).toBe(false);
    expect(runes('<svelte:options runes /><p>{1 + 1}</p>', 'Marked.svelte')).toBe(true);
  });

  it('all of ours compile in runes mode', () => {
    expect(components.length).toBeGreaterThan(40);
    expect(components.filter((f) => !runes(readFileSync(f, 'utf8'), f))).toEqual([]);
    // Compiling some sixty components takes seconds on a busy machine.
  }, 60_000);
});
