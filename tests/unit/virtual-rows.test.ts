// Which rows of a long list are drawn: those meeting the viewport plus a margin, the rest stood in for by spacers
// whose heights add up to the rows they replace.
import { describe, expect, it } from 'vitest';
import { RowHeights, rowWindow } from '../../src/ui/virtual-rows.ts';

describe('rowWindow', () => {
  const rows = Array.from({ length: 2000 }, (_, i) => (i % 10 === 0 ? 60 : 20));
  const total = rows.reduce((a, b) => a + b, 0);

  it('draws the rows in view and a margin, and the spacers make up the rest exactly', () => {
    const w = rowWindow(rows, 10_000, 400, 200);
    const drawn = rows.slice(w.start, w.end).reduce((a, b) => a + b, 0);
    expect(w.before + drawn + w.after).toBe(total);
    expect(w.before).toBeLessThanOrEqual(10_000 - 200);
    expect(w.before + drawn).toBeGreaterThanOrEqual(10_000 + 400 + 200);
    expect(w.end - w.start).toBeLessThan(60);
  });

  it('at the bottom draws the last rows, at the top the first', () => {
    const bottom = rowWindow(rows, total - 400, 400);
    expect(bottom.end).toBe(rows.length);
    expect(bottom.after).toBe(0);
    const top = rowWindow(rows, 0, 400);
    expect(top.start).toBe(0);
    expect(top.before).toBe(0);
  });

  it('with no viewport (not laid out) draws the last rows only', () => {
    expect(rowWindow(rows, 0, 0, 0, 60)).toEqual({ start: 1940, end: 2000, before: 0, after: 0 });
    expect(rowWindow([20, 20], 0, 0)).toEqual({ start: 0, end: 2, before: 0, after: 0 });
  });
});

describe('RowHeights', () => {
  it('estimates unmeasured rows from the measured one-line rows, and reports changes only', () => {
    const h = new RowHeights();
    expect(h.measure([{ key: 1, height: 24, lines: 1 }])).toBe(true);
    expect(h.measure([{ key: 1, height: 24, lines: 1 }])).toBe(false);
    expect(h.heightOf(1, 1)).toBe(24);
    const estimate = h.heightOf(99, 3);
    expect(estimate).toBeGreaterThan(3 * 20);
    expect(estimate).toBeLessThanOrEqual(3 * 24);
    // A row the list no longer holds is forgotten: it is estimated again like any unmeasured row.
    h.keep(new Set([99]));
    expect(h.heightOf(1, 1)).toBe(h.heightOf(12345, 1));
    expect(h.heightOf(1, 1)).not.toBe(24);
  });
});
