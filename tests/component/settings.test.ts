// Display settings: projector mode raises the text to a classroom size and gives the learner's size back after.
import { describe, expect, it } from 'vitest';
import { PROJECTOR_FONT_SIZE, Settings } from '../../src/ui/settings.svelte.ts';

describe('Settings', () => {
  it('projector mode raises a small size to 20 px, and turning it off gives the size back', () => {
    const settings = new Settings();
    expect(settings.fontSize).toBe(15);
    settings.toggleTheme();
    expect(settings.theme).toBe('projector');
    expect(settings.fontSize).toBe(PROJECTOR_FONT_SIZE);
    settings.toggleTheme();
    expect(settings.fontSize).toBe(15);
  });

  it('a size chosen in projector mode, or larger already, is kept', () => {
    const settings = new Settings({ fontSize: 24 });
    settings.toggleTheme();
    expect(settings.fontSize).toBe(24);
    settings.toggleTheme();
    expect(settings.fontSize).toBe(24);

    const other = new Settings();
    other.toggleTheme();
    other.larger();
    expect(other.fontSize).toBe(24);
    other.toggleTheme();
    expect(other.fontSize).toBe(24);
  });

  it('a widget in projector mode starts at 20 px unless it asks for a size', () => {
    expect(new Settings({ theme: 'projector' }).fontSize).toBe(PROJECTOR_FONT_SIZE);
    expect(new Settings({ theme: 'projector', fontSize: 18 }).fontSize).toBe(18);
  });
});
