// Which part of a (possibly 100 000-character) line fits on the input row: a horizontal window around the cursor.
import { clusterWidth, clusters, displayCluster, isPlain, prevBoundary, textWidth } from './text-width.ts';

export interface LineView {
  /** UTF-16 range of the text that is drawn. */
  start: number;
  end: number;
  /** Text before the window / after it is hidden (drawn as < and > marks). */
  clippedLeft: boolean;
  clippedRight: boolean;
}

/**
 * The window of text to draw in `cells` columns from column `col` of the row (where its tabs stop) with the
 * cursor visible. `previousStart` keeps the window still while the cursor moves inside it, as readline's
 * horizontal-scroll mode does. Costs O(cells), whatever the length of the text.
 */
export function computeView(
  text: string,
  cursor: number,
  previousStart: number,
  cells: number,
  col = 0,
): LineView {
  if (textWidth(text, cells, 0, text.length, col) <= cells) {
    return { start: 0, end: text.length, clippedLeft: false, clippedRight: false };
  }
  // Two cells for the < and > marks; the cursor needs a cell of its own at the end.
  const inner = Math.max(1, cells - 2);
  // Where text[start] is drawn: after the < mark when there is text before it.
  const at = (start: number) => col + (start > 0 ? 1 : 0);
  let start = Math.min(previousStart, cursor);
  if (start !== previousStart) start = backOff(text, cursor, Math.floor(inner / 3));
  if (textWidth(text, inner - 1, start, cursor, at(start)) > inner - 1) {
    start = backOff(text, cursor, Math.floor((inner * 2) / 3));
  }
  let end = start;
  let width = 0;
  for (const c of clusters(text, start)) {
    width += clusterWidth(c, at(start) + width);
    if (width > inner) break;
    end += c.length;
  }
  return { start, end, clippedLeft: start > 0, clippedRight: end < text.length };
}

/** The boundary about `cellsBack` cells before `from` (a tab counted at its widest: where it stops moves). */
function backOff(text: string, from: number, cellsBack: number): number {
  let i = from;
  let width = 0;
  while (i > 0) {
    const p = prevBoundary(text, i);
    width += clusterWidth(text.slice(p, i));
    if (width > cellsBack) break;
    i = p;
  }
  return i;
}

/** Text as drawn: controls in caret notation, so nothing typed can move the terminal's cursor but a tab (HT). */
export function displayText(text: string, from = 0, to = text.length): string {
  if (isPlain(text, from, to)) return text.slice(from, to);
  let out = '';
  for (const c of clusters(text, from, to)) out += displayCluster(c);
  return out;
}
