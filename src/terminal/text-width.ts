// Grapheme clusters and their width in terminal cells, so the cursor moves by what the eye sees.

/** Intl.Segmenter is stateless, so one per module is fine (it is not a simulator singleton). */
const segmenter: Intl.Segmenter | null =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl
    ? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
    : null;

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
/** Printable ASCII: one cell per character, no clusters. Most of what anyone types or pastes. */
const PLAIN = /^[\x20-\x7e]*$/;
/**
 * Characters that can join a cluster with their neighbour (marks, joiners, selectors, Hangul jamo, astral
 * symbols such as emoji, prepended signs, CR). Text without any is one cluster per UTF-16 unit, so the slow
 * Intl.Segmenter (tens of microseconds a line) is only asked about text that needs it.
 */
const COMPLEX =
  // eslint-disable-next-line no-misleading-character-class -- a list of joining code points, each tested alone
  /[\p{M}\u200c\u200d\ufe00-\ufe0f\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u0d4e\u0e33\u0eb3\r\u{10000}-\u{10ffff}\ud800-\udfff]/u;
const EMOJI = /^\p{Emoji_Presentation}$/u;
// eslint-disable-next-line no-misleading-character-class -- each listed code point joins the one before it, on purpose
const CLUSTER_TAIL = /^[\p{M}\u200d\ufe00-\ufe0f\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]$/u;

/** East Asian Wide and Fullwidth ranges (Markus Kuhn's wcwidth, the table xterm.js also uses). */
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x2329, 0x232a],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

function isWide(cp: number): boolean {
  if (cp < 0x1100) return false;
  for (const [from, to] of WIDE) if (cp >= from && cp <= to) return true;
  return false;
}

function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

/** Tab stops, every 8 columns from the start of the row: xterm's and a tty's default (HT moves to 8, 16, ...). */
export const TAB_STOP = 8;

/** The column HT moves the cursor to from column x: the next stop, but never past the last column (xterm). */
export function tabStop(x: number, cols = Infinity): number {
  const next = (Math.floor(x / TAB_STOP) + 1) * TAB_STOP;
  return next >= cols ? cols - 1 : next;
}

/**
 * How a cluster is drawn: controls in caret notation (^M), so they never move the real cursor, but a tab: HT,
 * which the terminal takes to the next tab stop, as it does with a tty's echo (the widths here follow it).
 */
export function displayCluster(cluster: string): string {
  const cp = cluster.codePointAt(0) ?? 0;
  if (cp === 0x09) return '\t';
  if (cp < 0x20) return '^' + String.fromCharCode(cp + 0x40);
  if (cp === 0x7f) return '^?';
  // C1 controls would be read by the terminal as escape sequences; lone surrogates cannot be drawn.
  if ((cp >= 0x80 && cp < 0xa0) || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
  return cluster;
}

/**
 * Cells a cluster takes on screen, as displayCluster draws it, at column `col` of the row (a tab reaches the next
 * stop; at an unknown column, the most it can take). Errs on the wide side for emoji.
 */
export function clusterWidth(cluster: string, col = 0): number {
  const cp = cluster.codePointAt(0) ?? 0;
  // Latin, Latin-1 and Latin Extended: one cell, no lookups (combining marks start at U+0300).
  if ((cp >= 0x20 && cp < 0x7f) || (cp >= 0xa0 && cp < 0x300 && cluster.length === 1)) return 1;
  if (cp === 0x09) return tabStop(col) - col;
  if (isControl(cp)) return cp < 0x20 || cp === 0x7f ? 2 : 1;
  const first = String.fromCodePoint(cp);
  if (ZERO_WIDTH.test(first)) return cp === 0xad ? 1 : 0;
  if (isWide(cp) || EMOJI.test(first) || cluster.includes('\ufe0f')) return 2;
  return 1;
}

/** Fallback cluster rule when Intl.Segmenter is missing: a code point plus marks, joiners and selectors. */
function fallbackNext(text: string, i: number): number {
  let j = i + (text.codePointAt(i)! > 0xffff ? 2 : 1);
  while (j < text.length) {
    const cp = text.codePointAt(j)!;
    const ch = String.fromCodePoint(cp);
    if (!CLUSTER_TAIL.test(ch)) break;
    j += ch.length;
    // A zero-width joiner glues the next code point to the cluster (emoji sequences).
    if (cp === 0x200d && j < text.length) j += text.codePointAt(j)! > 0xffff ? 2 : 1;
  }
  return j;
}

/** Index of the grapheme boundary after i (text.length at the end). */
export function nextBoundary(text: string, i: number): number {
  if (i >= text.length) return text.length;
  // Neither this unit nor the next can join a cluster: the boundary is the next unit.
  if (!COMPLEX.test(text.slice(i, i + 2))) return i + 1;
  if (!segmenter) return Math.min(text.length, fallbackNext(text, i));
  for (let window = 32; ; window *= 4) {
    const slice = text.slice(i, i + window);
    const first = segmenter.segment(slice)[Symbol.iterator]().next().value;
    const length = first ? first.segment.length : 1;
    // A cluster reaching the window's end may go on past it: look again with a wider window.
    if (length < slice.length || i + window >= text.length) return i + length;
  }
}

/** Index of the grapheme boundary before i (0 at the start). */
export function prevBoundary(text: string, i: number): number {
  if (i <= 0) return 0;
  if (!COMPLEX.test(text.slice(Math.max(0, i - 2), i))) return i - 1;
  for (let window = 32; ; window *= 4) {
    const start = Math.max(0, i - window);
    const slice = text.slice(start, i);
    let last = 0;
    if (segmenter) {
      for (const s of segmenter.segment(slice)) last = s.index;
    } else {
      for (let j = 0; j < slice.length; j = fallbackNext(slice, j)) last = j;
    }
    if (last > 0 || start === 0) return start + last;
  }
}

/** The clusters of text[from, to), lazily, without segmenting the whole (possibly huge) string. */
export function* clusters(text: string, from: number, to = text.length): Generator<string> {
  let i = from;
  while (i < to) {
    // Segment a bounded window at a time; a cluster cut by the window edge is re-read from its start.
    const end = Math.min(to, i + 256);
    const slice = text.slice(i, end);
    if (!COMPLEX.test(slice)) {
      for (let k = 0; k < slice.length; k++) yield slice[k];
      i = end;
      continue;
    }
    const parts = segmenter ? Array.from(segmenter.segment(slice), (s) => s.segment) : splitFallback(slice);
    const usable = end < to && parts.length > 1 ? parts.length - 1 : parts.length;
    for (let k = 0; k < usable; k++) {
      yield parts[k];
      i += parts[k].length;
    }
  }
}

function splitFallback(text: string): string[] {
  const out: string[] = [];
  for (let j = 0; j < text.length;) {
    const next = fallbackNext(text, j);
    out.push(text.slice(j, next));
    j = next;
  }
  return out;
}

/**
 * Width of text in cells on a row without end, drawn from column `col` (where its tabs stop), stopping early
 * once it passes `limit` (so huge strings cost little).
 */
export function textWidth(text: string, limit = Infinity, from = 0, to = text.length, col = 0): number {
  // Printable ASCII is one cell a character: no need to walk it (a 100 000-character line stays cheap).
  const probe = Math.min(to, from + (Number.isFinite(limit) ? limit + 1 : to - from));
  if (PLAIN.test(text.slice(from, probe))) return probe - from;
  let width = 0;
  for (const c of clusters(text, from, to)) {
    width += clusterWidth(c, col + width);
    if (width > limit) break;
  }
  return width;
}

/**
 * The text with each HT turned into the spaces up to its next stop, columns counted from the text's start (line
 * ends start again): how a terminal shows a line that begins its row. The transcript draws lines after a "C: "
 * label that is not on the screen; left to the browser, their tabs would stop by the label.
 */
export function expandTabs(text: string): string {
  if (!text.includes('\t')) return text;
  let out = '';
  let col = 0;
  for (const part of text.split(/([\t\n])/)) {
    if (part === '\t') {
      out += ' '.repeat(tabStop(col) - col);
      col = tabStop(col);
    } else if (part === '\n') {
      out += part;
      col = 0;
    } else {
      out += part;
      col += textWidth(part, Infinity, 0, part.length, col);
    }
  }
  return out;
}

/**
 * Where the cursor is after text (no line ends, as drawn: no escape sequences) is written from `at` on a
 * terminal `cols` wide that wraps, as xterm moves it. Positions count cells from the start of the line, rows
 * included: column at % cols; a position at a row's end (a multiple of cols, not 0) is a cursor past the last
 * column, waiting to wrap. HT goes to the next stop on its row, or to the last column: it never wraps; a wide
 * character that would start on the last column starts the next row.
 */
export function advance(at: number, text: string, cols: number): number {
  if (PLAIN.test(text)) return at + text.length;
  let pos = at;
  for (const c of clusters(text, 0)) {
    if (c !== '\t') {
      const width = clusterWidth(c);
      // A wide character does not fit on the last column: xterm leaves it empty and wraps first.
      if (width === 2 && pos % cols === cols - 1) pos++;
      pos += width;
      continue;
    }
    const x = pos % cols;
    // Past the last column, waiting to wrap: xterm ignores HT there (the next character wraps).
    if (pos > 0 && x === 0) continue;
    pos += tabStop(x, cols) - x;
  }
  return pos;
}

/** Whether text[from, to) is printable ASCII (drawn exactly as it is). */
export function isPlain(text: string, from = 0, to = text.length): boolean {
  return PLAIN.test(text.slice(from, to));
}

/** Strip ANSI escape sequences (CSI, OSC, two-byte ESC) to measure or log what the screen shows. */
export function stripAnsi(text: string): string {
  return text.replace(/\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_78=>c])/g, '');
}
