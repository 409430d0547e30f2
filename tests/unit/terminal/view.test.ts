import { describe, expect, it } from 'vitest';
import { computeView, displayText } from '../../../src/terminal/view.ts';
import { clusterWidth, textWidth } from '../../../src/terminal/text-width.ts';

describe('cell widths', () => {
  it('counts ASCII as one cell, CJK and emoji as two, a combining accent as none', () => {
    expect(clusterWidth('a')).toBe(1);
    expect(clusterWidth('é')).toBe(1);
    expect(clusterWidth('e\u0301')).toBe(1);
    expect(clusterWidth('例')).toBe(2);
    expect(clusterWidth('😀')).toBe(2);
    expect(textWidth('用户@例子.广告')).toBe(2 * 2 + 1 + 2 * 2 + 1 + 2 * 2);
  });

  it('draws controls in caret notation, two cells, so they cannot move the cursor', () => {
    expect(displayText('a\x1bb\x7f')).toBe('a^[b^?');
    expect(textWidth('\x01')).toBe(2);
  });

  it('stops measuring once past the limit', () => {
    expect(textWidth('x'.repeat(100_000), 80)).toBeLessThanOrEqual(81);
  });
});

describe('horizontal view of a long line', () => {
  it('shows a line that fits whole', () => {
    expect(computeView('EHLO laptop', 11, 0, 40)).toEqual({
      start: 0,
      end: 11,
      clippedLeft: false,
      clippedRight: false,
    });
  });

  it('keeps the cursor inside a window no wider than the row, with the end of the line at the end', () => {
    const text = 'a'.repeat(100_000);
    const v = computeView(text, text.length, 0, 30);
    expect(v.end).toBe(text.length);
    expect(v.clippedLeft).toBe(true);
    expect(textWidth(text, Infinity, v.start, v.end)).toBeLessThanOrEqual(28);
  });

  it('keeps the window still while the cursor moves inside it', () => {
    const text = 'b'.repeat(200);
    const v = computeView(text, 150, 140, 30);
    expect(v.start).toBe(140);
    expect(v.end).toBeGreaterThanOrEqual(150);
  });

  it('never cuts a wide character in half at the right edge', () => {
    const text = '例'.repeat(50);
    const v = computeView(text, 0, 0, 21);
    expect(textWidth(text, Infinity, v.start, v.end)).toBeLessThanOrEqual(19);
    expect(v.end % 1).toBe(0);
  });
});
