// Rendering only the rows of a long list that are in view (the transcript and the diagram after a long class):
// the list keeps every row's height (measured once drawn, estimated before), and draws the rows that meet the
// viewport plus a margin, with spacers for the rest, so that the scroll bar still spans the whole list.

import { flushSync } from 'svelte';

/** Lists up to this long are drawn whole (a screen reader can read every row of an ordinary lesson). */
export const WINDOW_FROM = 150;

export interface RowWindow {
  /** The rows drawn: start (inclusive) to end (exclusive). */
  start: number;
  end: number;
  /** Heights of the spacers above and below the drawn rows, in px. */
  before: number;
  after: number;
}

/**
 * The rows meeting [scrollTop - margin, scrollTop + viewport + margin], given every row's height. With no
 * viewport (not laid out: a closed panel, or no layout engine) the last `fallback` rows.
 */
export function rowWindow(
  heights: readonly number[],
  scrollTop: number,
  viewport: number,
  margin = viewport,
  fallback = 60,
): RowWindow {
  const n = heights.length;
  if (viewport <= 0) {
    const start = Math.max(0, n - fallback);
    return { start, end: n, before: 0, after: 0 };
  }
  const from = scrollTop - margin;
  const to = scrollTop + viewport + margin;
  let top = 0;
  let i = 0;
  while (i < n && top + heights[i] <= from) top += heights[i++];
  const start = i;
  const before = top;
  while (i < n && top < to) top += heights[i++];
  const end = i;
  let after = 0;
  for (; i < n; i++) after += heights[i];
  return { start, end, before, after };
}

/**
 * Row heights by key: measured ones as drawn, the others estimated as `lines` × the usual line height (the
 * average of the one-line rows measured so far).
 */
export class RowHeights {
  private readonly measured = new Map<number, number>();
  private lineHeight = 20;

  /** Record what is drawn now; true when something changed (the window must be worked out again). */
  measure(rows: Iterable<{ key: number; height: number; lines: number }>): boolean {
    let changed = false;
    for (const { key, height, lines } of rows) {
      if (height <= 0 || this.measured.get(key) === height) continue;
      this.measured.set(key, height);
      if (lines === 1) this.lineHeight = Math.round((this.lineHeight * 3 + height) / 4);
      changed = true;
    }
    return changed;
  }

  heightOf(key: number, lines: number): number {
    return this.measured.get(key) ?? this.lineHeight * lines;
  }

  /** Forget rows no longer in the list (the log drops its oldest entries). */
  keep(keys: ReadonlySet<number>): void {
    for (const key of this.measured.keys()) if (!keys.has(key)) this.measured.delete(key);
  }
}

/**
 * Calls `onchange(true)` while the page is being printed and `false` after, so that a windowed list draws every
 * row on paper. Chromium fires `beforeprint` for Ctrl+P, `window.print()` and DevTools' Page.printToPDF (what
 * Playwright's page.pdf() uses) *before* it lays the page out for print, but the print media query only matches
 * once that layout is under way, too late for a re-render: so the list must be drawn whole, synchronously
 * (`flushSync`), inside `beforeprint`. Print media in effect without the events (emulated print, or a document
 * opened for print) counts too. Listens on the list's own window; returns the function that stops listening.
 */
export function watchPrinting(view: Window, onchange: (printing: boolean) => void): () => void {
  // jsdom has no matchMedia: the events alone.
  const media = typeof view.matchMedia === 'function' ? view.matchMedia('print') : null;
  let event = false;
  const report = () => {
    onchange(event || !!media?.matches);
    flushSync();
  };
  const before = () => {
    event = true;
    report();
  };
  const after = () => {
    event = false;
    report();
  };
  view.addEventListener('beforeprint', before);
  view.addEventListener('afterprint', after);
  media?.addEventListener('change', report);
  if (media?.matches) onchange(true);
  return () => {
    view.removeEventListener('beforeprint', before);
    view.removeEventListener('afterprint', after);
    media?.removeEventListener('change', report);
  };
}
