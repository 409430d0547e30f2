// The line being edited: text plus a cursor, changed only by pure functions (one per editing key).
import { nextBoundary, prevBoundary } from './text-width.ts';

export interface LineState {
  readonly text: string;
  /** UTF-16 index, always on a grapheme boundary. */
  readonly cursor: number;
}

export const emptyLine: LineState = { text: '', cursor: 0 };

export function lineOf(text: string): LineState {
  return { text, cursor: text.length };
}

export function insert(line: LineState, s: string): LineState {
  if (!s) return line;
  const { text, cursor } = line;
  return { text: text.slice(0, cursor) + s + text.slice(cursor), cursor: cursor + s.length };
}

export function left(line: LineState): LineState {
  return { text: line.text, cursor: prevBoundary(line.text, line.cursor) };
}

export function right(line: LineState): LineState {
  return { text: line.text, cursor: nextBoundary(line.text, line.cursor) };
}

export function home(line: LineState): LineState {
  return { text: line.text, cursor: 0 };
}

export function end(line: LineState): LineState {
  return { text: line.text, cursor: line.text.length };
}

/** Remove text[from, to) and put the cursor at `from`. */
function cut(line: LineState, from: number, to: number): LineState {
  if (from >= to) return line;
  return { text: line.text.slice(0, from) + line.text.slice(to), cursor: from };
}

/** Backspace removes the whole cluster before the cursor: "é" typed as e + U+0301 goes in one press. */
export function backspace(line: LineState): LineState {
  return cut(line, prevBoundary(line.text, line.cursor), line.cursor);
}

export function deleteForward(line: LineState): LineState {
  return cut(line, line.cursor, nextBoundary(line.text, line.cursor));
}

/** Ctrl-U: kill from the start of the line to the cursor. */
export function killToStart(line: LineState): LineState {
  return cut(line, 0, line.cursor);
}

/** Ctrl-K: kill from the cursor to the end of the line. */
export function killToEnd(line: LineState): LineState {
  return cut(line, line.cursor, line.text.length);
}

const SPACE = /\s/u;
const WORD = /[\p{L}\p{N}\p{M}_]/u;

function charBefore(text: string, i: number): string {
  const cp = text.codePointAt(i - 1)!;
  // Step back over a surrogate pair as one character.
  if (cp >= 0xdc00 && cp <= 0xdfff && i >= 2) return String.fromCodePoint(text.codePointAt(i - 2)!);
  return String.fromCodePoint(cp);
}

function charAt(text: string, i: number): string {
  return String.fromCodePoint(text.codePointAt(i)!);
}

/** Ctrl-W (readline's unix-word-rubout): back over spaces, then back to the previous space. */
export function deleteWordBefore(line: LineState): LineState {
  const { text } = line;
  let i = line.cursor;
  while (i > 0 && SPACE.test(charBefore(text, i))) i -= charBefore(text, i).length;
  while (i > 0 && !SPACE.test(charBefore(text, i))) i -= charBefore(text, i).length;
  return cut(line, i, line.cursor);
}

/** Start of the word before the cursor (Alt-B, Ctrl-Left): words are letters and digits. */
function wordStartBefore(text: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && !WORD.test(charBefore(text, i))) i -= charBefore(text, i).length;
  while (i > 0 && WORD.test(charBefore(text, i))) i -= charBefore(text, i).length;
  return i;
}

function wordEndAfter(text: string, cursor: number): number {
  let i = cursor;
  while (i < text.length && !WORD.test(charAt(text, i))) i += charAt(text, i).length;
  while (i < text.length && WORD.test(charAt(text, i))) i += charAt(text, i).length;
  return i;
}

export function wordLeft(line: LineState): LineState {
  return { text: line.text, cursor: wordStartBefore(line.text, line.cursor) };
}

export function wordRight(line: LineState): LineState {
  return { text: line.text, cursor: wordEndAfter(line.text, line.cursor) };
}

/** Alt-D, Ctrl-Delete: kill to the end of the next word. */
export function deleteWordAfter(line: LineState): LineState {
  return cut(line, line.cursor, wordEndAfter(line.text, line.cursor));
}
