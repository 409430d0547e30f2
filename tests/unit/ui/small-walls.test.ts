// Names from outside (embed attributes, links, lesson files, the bridge's command line) looked up as own keys
// only: "constructor", "__proto__" and "toString" are no worlds or profiles, and say so. Text sizes are clamped.
import { describe, expect, it } from 'vitest';
import { parseServeArgs } from '../../../src/bridge/cli.ts';
import { buildWorld } from '../../../src/lessons/engine/world.ts';
import { findProfile, getProfile } from '../../../src/smtp/profiles/index.ts';
import { defaultWorld, findWorld } from '../../../src/smtp/worlds.ts';
import { FONT_SIZES, offeredFontSize } from '../../../src/ui/settings.svelte.ts';

const INHERITED = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

describe('world and profile names', () => {
  it.each(INHERITED)('"%s" is neither a world nor a profile', (name) => {
    expect(findWorld(name)).toBeUndefined();
    expect(findProfile(name)).toBeUndefined();
    expect(() => getProfile(name)).toThrow(/Unknown server profile/);
    // A lesson asking for it gets the default world, not a function.
    expect(buildWorld({ base: name }).hosts).toEqual(defaultWorld.hosts);
  });

  it('known names still work', () => {
    expect(findWorld('default')).toBe(defaultWorld);
    expect(findProfile('postfix')?.id).toBe('postfix');
  });

  it.each(INHERITED)('the bridge refuses --profile %s and --world %s with a message', (name) => {
    expect(parseServeArgs(['--profile', name])).toMatchObject({ kind: 'error', message: /unknown profile/ });
    expect(parseServeArgs(['--world', name])).toMatchObject({ kind: 'error', message: /unknown world/ });
  });
});

describe('text size from an attribute', () => {
  it.each([
    [1e6, 32],
    [Infinity, 32],
    [0.001, 12],
    [-5, 12],
    [17, 16],
    [15, 15],
  ])('%s becomes %s', (asked, size) => {
    expect(offeredFontSize(asked)).toBe(size);
    expect(FONT_SIZES).toContain(size);
  });

  it('no number is no size', () => {
    expect(offeredFontSize(NaN)).toBeUndefined();
  });
});
