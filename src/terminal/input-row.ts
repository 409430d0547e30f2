// The screen side of the line editor: the input row (prompt + a window of the line) and the text around it, as
// VT100 sequences. The row is redrawn whole (CHA, erase, prompt, window), one row, never wrapped, so a resize or
// a 100 000-character line cannot leave stale rows behind.
import type { InputMode } from '../workstation/types.ts';
import type { LineState } from './line-buffer.ts';
import { advance, nextBoundary, stripAnsi, textWidth } from './text-width.ts';
import { computeView, displayText } from './view.ts';

const CSI = '\x1b[';
const SGR_RESET = '\x1b[0m';
const DIM = '\x1b[2m';
const SAVE_CURSOR = '\x1b7';
const RESTORE_CURSOR = '\x1b8';
const CLEAR_SCREEN = '\x1b[H\x1b[2J\x1b[3J';
const ERASE_TO_END = '\x1b[K';
/** Keep at least this many cells for input after the prompt, or start the prompt on a fresh row. */
const MIN_INPUT_CELLS = 8;
/** Longest line echoed in full once entered; the Shell still gets all of it. */
const MAX_ECHO = 4096;

export class InputRow {
  /** Screen data not yet handed to the terminal. */
  #out: string[] = [];
  /** Cells of output after the last line end: where the prompt starts (the terminal wraps at cols). */
  #tailWidth = 0;
  /** The input row is on screen, starting at rowCol. */
  #shown = false;
  #rowCol = 0;
  /** Start of the horizontal window on a line wider than the row. */
  #viewStart = 0;

  readonly #moreCharacters: (count: number) => string;
  constructor(moreCharacters: (count: number) => string) {
    this.#moreCharacters = moreCharacters;
  }

  get onScreen(): boolean {
    return this.#shown;
  }

  get empty(): boolean {
    return this.#out.length === 0;
  }

  /** Everything drawn since the last take, as one string for the terminal. */
  take(): string {
    const data = this.#out.join('');
    this.#out = [];
    return data;
  }

  /** A new line is being edited (history recall, a cleared line): show it from its start. */
  resetView(): void {
    this.#viewStart = 0;
  }

  /** The terminal was replaced or cleared by someone else: nothing of ours is on it. */
  forget(): void {
    this.#shown = false;
  }

  draw(mode: InputMode, line: LineState, cols: number): void {
    const { prefix, col, prompt, cells } = this.#layout(mode, cols);
    this.#rowCol = col;
    let row = prefix + CSI + (col + 1) + 'G' + ERASE_TO_END + prompt + SGR_RESET;
    if (mode.echo) {
      const { text, cursor } = line;
      // The window's tabs stop where the terminal puts them: counted from the start of the row.
      const view = computeView(text, cursor, this.#viewStart, cells, col + textWidth(stripAnsi(prompt)));
      this.#viewStart = view.start;
      const after = displayText(text, cursor, view.end);
      if (view.clippedLeft) row += DIM + '<' + SGR_RESET;
      row += displayText(text, view.start, cursor);
      // Save and restore the cursor around the rest: the terminal, not our width table, places it.
      if (after || view.clippedRight) {
        row += SAVE_CURSOR + after + (view.clippedRight ? DIM + '>' + SGR_RESET : '') + RESTORE_CURSOR;
      }
    }
    this.#out.push(row);
    this.#shown = true;
  }

  /** Take the row off the screen (output replaces it, or the terminal is about to reflow). */
  erase(): void {
    if (this.#shown) this.#out.push(CSI + (this.#rowCol + 1) + 'G' + ERASE_TO_END);
    this.#shown = false;
  }

  /** Enter: leave the row for good with the whole line (up to MAX_ECHO), and go to the next row. */
  commit(mode: InputMode, line: LineState, cols: number): void {
    // Windows telnet without local echo: nothing typed shows, and Enter does not move the cursor either.
    if (!mode.echo && mode.prompt === '') {
      this.#shown = false;
      return;
    }
    this.finish(mode, line, cols);
    this.#newline();
  }

  /** Leave the row for good with the whole line and the cursor after it; what comes next follows on the row. */
  finish(mode: InputMode, line: LineState, cols: number): void {
    const { prefix, col, prompt } = this.#layout(mode, cols);
    const text = mode.echo ? this.#echoText(line.text) : '';
    this.#out.push(prefix + CSI + (col + 1) + 'G' + ERASE_TO_END + prompt + SGR_RESET + text);
    this.#tailWidth = advance(col, stripAnsi(prompt + text), cols);
    this.#shown = false;
  }

  /** Text after the row or in place of it: `text` as is (e.g. "^C") then a line end. */
  line(text: string): void {
    this.#out.push(text);
    this.#newline();
  }

  /** A dim note on a row of its own (e.g. how many pasted lines were not drawn). */
  note(text: string, mode: InputMode, cols: number): void {
    this.erase();
    const { prefix, col } = this.#layout(mode, cols);
    this.#out.push(prefix + CSI + (col + 1) + 'G' + DIM + text + SGR_RESET);
    this.#newline();
  }

  /** Program output: lines end with "\n" (turned into CR LF); the prompt will follow where it stops. */
  output(text: string, cols: number): void {
    this.#out.push(text.replace(/\r?\n/g, '\r\n'));
    const nl = text.lastIndexOf('\n');
    let tail = nl >= 0 ? text.slice(nl + 1) : text;
    const cr = tail.lastIndexOf('\r');
    if (cr >= 0) tail = tail.slice(cr + 1);
    this.#tailWidth = advance(nl >= 0 || cr >= 0 ? 0 : this.#tailWidth, stripAnsi(tail), cols);
  }

  clearScreen(): void {
    this.#out.push(CLEAR_SCREEN);
    this.#tailWidth = 0;
    this.#shown = false;
  }

  #newline(): void {
    this.#out.push('\r\n');
    this.#tailWidth = 0;
    this.#shown = false;
  }

  /** Where the row starts, the prompt as shown, and the cells left for the line; may start a fresh row. */
  #layout(mode: InputMode, cols: number): { prefix: string; col: number; prompt: string; cells: number } {
    let col = this.#tailWidth % cols;
    const promptWidth = textWidth(stripAnsi(mode.prompt));
    let prefix = '';
    // After output that filled its last row exactly the cursor waits to wrap; a CHA would overwrite that row.
    const pendingWrap = this.#tailWidth > 0 && col === 0;
    if (pendingWrap || (col > 0 && col + promptWidth + MIN_INPUT_CELLS > cols - 1)) {
      prefix = '\r\n';
      col = 0;
      this.#tailWidth = 0;
    }
    let prompt = mode.prompt;
    if (promptWidth + MIN_INPUT_CELLS > cols - 1)
      prompt = fitTail(stripAnsi(prompt), cols - 1 - MIN_INPUT_CELLS);
    const cells = Math.max(1, cols - 1 - col - textWidth(stripAnsi(prompt)));
    return { prefix, col, prompt, cells };
  }

  #echoText(text: string): string {
    if (text.length <= MAX_ECHO) return displayText(text);
    const cut = nextBoundary(text, MAX_ECHO - 1);
    return displayText(text, 0, cut) + DIM + ' ' + this.#moreCharacters(text.length - cut) + SGR_RESET;
  }
}

/** The last `cells` cells of a prompt too wide for the terminal. */
function fitTail(prompt: string, cells: number): string {
  if (cells <= 0) return '';
  let start = prompt.length;
  while (start > 0 && textWidth(prompt, cells, start - 1) <= cells) start--;
  return prompt.slice(start);
}
