// The line editor between the terminal and the Shell: keys in; lines and signals to the Shell; screen text out.
// It knows nothing of xterm.js: it draws through a Screen, so tests drive it with a fake screen or @xterm/headless.
import type { InputMode, Shell, Signal } from '../workstation/types.ts';
import { type Key, KeyTokenizer } from './keys.ts';
import * as edit from './line-buffer.ts';
import { History, HistoryBrowser, HISTORY_LIMIT } from './history.ts';
import { PasteReader } from './paste.ts';
import { InputRow } from './input-row.ts';
import { visibleControls } from './controls.ts';

/** Where the editor draws: a terminal that understands VT100 sequences. */
export interface Screen {
  readonly cols: number;
  /** `done` runs once the terminal has processed the data (xterm.js parses writes asynchronously). */
  write(data: string, done?: () => void): void;
}

export interface EditorMessages {
  /** After a line too long to echo in full. */
  moreCharacters(count: number): string;
  /** The shell threw: a bug, shown instead of freezing the terminal. */
  internalError(message: string): string;
  /** In place of the lines of a big paste that were entered without being drawn. */
  pastedLinesHidden(count: number): string;
  /** A part of the world input waited for could not load (holdUntil rejected): said before input runs. */
  holdFailed(message: string): string;
}

export interface EditorOptions {
  /** Runs the next slice of a big paste; a macrotask by default so the page paints between slices. */
  schedule?: (task: () => void) => void;
  /** Lines and characters fed to the Shell per slice of a paste. */
  linesPerSlice?: number;
  charsPerSlice?: number;
  historyLimit?: number;
  /** Lines of one paste drawn on screen; the rest are entered all the same, and summed up in one line. */
  pasteEchoLines?: number;
  messages?: Partial<EditorMessages>;
}

export interface EnteredLine {
  line: string;
  /** The mode the line was entered in (its prompt and program). */
  mode: InputMode;
  pasted: boolean;
}

/** Output kept while no terminal is attached (it is shown when one attaches). */
const MAX_PENDING = 1 << 20;

const defaultMessages: EditorMessages = {
  moreCharacters: (n) => `… (${n} more characters)`,
  internalError: (m) => `internal error: ${m}`,
  pastedLinesHidden: (n) => `… ${n} pasted lines entered, not drawn`,
  holdFailed: (m) => `part of the simulation could not be loaded (${m})`,
};

type QueueItem =
  | Key
  | { type: 'notify'; resolve: () => void }
  // Lines typed for someone else (a share link, a progress file, a lesson) start and end "from elsewhere".
  | { type: 'origin'; foreign: boolean };

/** Input modes (by history key) whose lines are data for a program, where Tab inserts a tab. */
const TAB_IS_TEXT = new Set(['smtp', 'stdin']);

const DEFAULT_MODE: InputMode = { prompt: '', echo: true, program: 'shell', historyKey: 'shell' };

export class LineEditor {
  #shell: Shell | null = null;
  /** The line being entered came from elsewhere (see typeLine): its output is shown, not obeyed. */
  #foreign = false;
  #unsubscribeMode: (() => void) | null = null;
  #mode: InputMode = DEFAULT_MODE;
  #screen: Screen | null = null;
  #pending: string[] = [];
  #pendingSize = 0;

  #line: edit.LineState = edit.emptyLine;
  readonly #tokenizer = new KeyTokenizer();
  readonly #history: History;
  readonly #browser: HistoryBrowser;

  #queue: QueueItem[] = [];
  #head = 0;
  #paste: PasteReader | null = null;
  #sliceScheduled = false;
  #running = false;
  /** Set while input waits for the Shell's world (holdUntil). */
  #hold: object | null = null;
  /** Inside a call to the Shell: its output goes straight to the screen, the prompt comes after. */
  #busy = false;
  #inSignal = false;
  /** What the terminal echoes for the signal key (^C), and whether the Shell printed anything for it. */
  #signalEcho: string | null = null;
  #signalOutput = false;

  readonly #row: InputRow;
  /** The input row must be drawn again (the line, the mode or the screen changed). */
  #dirty = false;
  #disposed = false;

  readonly #schedule: (task: () => void) => void;
  readonly #linesPerSlice: number;
  readonly #charsPerSlice: number;
  readonly #pasteEchoLines: number;
  /** Lines of the current paste drawn, and entered without drawing (a 10 MB paste would keep the terminal busy for minutes). */
  #pasteShown = 0;
  #pasteHidden = 0;
  readonly #messages: EditorMessages;
  readonly #lineListeners = new Set<(entry: EnteredLine) => void>();
  readonly #signalListeners = new Set<(signal: Signal) => void>();

  constructor(options: EditorOptions = {}) {
    this.#schedule = options.schedule ?? ((task) => setTimeout(task, 0));
    this.#linesPerSlice = options.linesPerSlice ?? 300;
    this.#charsPerSlice = options.charsPerSlice ?? 256 * 1024;
    this.#pasteEchoLines = options.pasteEchoLines ?? 1000;
    this.#history = new History(options.historyLimit ?? HISTORY_LIMIT);
    this.#browser = new HistoryBrowser(this.#history);
    this.#messages = { ...defaultMessages, ...options.messages };
    this.#row = new InputRow(this.#messages.moreCharacters);
  }

  /** Use this Shell from now on (a new one after a reset); the line being typed is kept. */
  setShell(shell: Shell | null): void {
    this.#unsubscribeMode?.();
    this.#unsubscribeMode = null;
    this.#shell = shell;
    this.#paste = null;
    this.#browser.reset();
    if (shell) {
      this.#mode = shell.mode();
      this.#unsubscribeMode = shell.onModeChange((mode) => {
        this.#mode = mode;
        this.#browser.reset();
        this.#dirty = true;
        this.#flushIfIdle();
      });
    }
    this.#dirty = true;
    this.#flushIfIdle();
  }

  /** The output side for the Shell (ShellOutput): text and clear-screen, routed through the editor. */
  readonly output = {
    // What a line from elsewhere makes the Shell print shows its control characters, never runs them.
    write: (text: string): void => this.#writeOutput(this.#foreign ? visibleControls(text) : text),
    clear: (): void => this.#clearScreen(),
  };

  attach(screen: Screen): void {
    this.#screen = screen;
    this.#row.forget();
    const backlog = this.#pending.join('');
    this.#pending = [];
    this.#pendingSize = 0;
    if (backlog) screen.write(backlog);
    this.#dirty = true;
    this.#flushIfIdle();
  }

  detach(): void {
    this.#screen = null;
    this.#row.forget();
  }

  /** Before the terminal reflows on a resize: take the input row off the screen, then call `resize`. */
  prepareResize(resize: () => void): void {
    if (!this.#row.onScreen || !this.#screen || this.#running) return resize();
    this.#row.erase();
    this.#dirty = false;
    this.#flush(() => {
      resize();
      // The size may not have changed at all (no resize event follows): draw the row again either way.
      this.resize();
    });
  }

  /** The terminal's size changed: draw the input row again for the new width. */
  resize(): void {
    this.#dirty = true;
    this.#flushIfIdle();
  }

  /** Data from the terminal (xterm's onData): keys, typed text, bracketed pastes. */
  feed(data: string): void {
    if (this.#disposed) return;
    for (const key of this.#tokenizer.feed(data)) {
      // Ctrl-C stops a paste still being fed (a mistaken 10 MB paste); the keys typed meanwhile still follow.
      if (key.type === 'key' && key.name === 'interrupt' && this.#paste) {
        this.#paste = null;
        this.#noteHiddenLines();
      }
      this.#queue.push(key);
    }
    this.#pump();
  }

  /**
   * Type a line as if the learner did (lessons, "show me"): drawn, entered, in order after pending input.
   * `foreign`: the line came from elsewhere than the learner's keyboard, so what it prints cannot drive the terminal.
   */
  typeLine(text: string, options: { foreign?: boolean } = {}): Promise<void> {
    return new Promise((resolve) => {
      const foreign = options.foreign === true;
      if (foreign) this.#queue.push({ type: 'origin', foreign: true });
      if (/[\r\n]/.test(text)) this.#queue.push({ type: 'paste', text: text + '\n' });
      else this.#queue.push({ type: 'text', text }, { type: 'key', name: 'enter' });
      if (foreign) this.#queue.push({ type: 'origin', foreign: false });
      this.#queue.push({ type: 'notify', resolve });
      this.#pump();
    });
  }

  /** Press a control key as if the learner did (replaying a saved session), in order after pending input. */
  typeSignal(signal: 'interrupt' | 'eof' | 'escape'): Promise<void> {
    return new Promise((resolve) => {
      const name = signal === 'escape' ? 'telnetEscape' : signal;
      this.#queue.push({ type: 'key', name }, { type: 'notify', resolve });
      this.#pump();
    });
  }

  /** Control keys passed to the Shell (Ctrl-C, Ctrl-D, Ctrl-], Ctrl-L), after the Shell has handled them. */
  onSignal(listener: (signal: Signal) => void): () => void {
    this.#signalListeners.add(listener);
    return () => this.#signalListeners.delete(listener);
  }

  /** Lines as they are entered, with the mode they were typed in (for the transcript's shell commands). */
  onLine(listener: (entry: EnteredLine) => void): () => void {
    this.#lineListeners.add(listener);
    return () => this.#lineListeners.delete(listener);
  }

  /** What is being typed (for tests and views). */
  get current(): { text: string; cursor: number } {
    return this.#line;
  }

  /** Tab types a tab now (see TAB_IS_TEXT); elsewhere the page lets Tab move the focus on. */
  get tabIsText(): boolean {
    return TAB_IS_TEXT.has(this.#mode.historyKey);
  }

  /** True while input is waiting (a paste being fed in slices). */
  get busyFeeding(): boolean {
    return this.#sliceScheduled || this.#paste !== null;
  }

  dispose(): void {
    this.#disposed = true;
    this.setShell(null);
    this.detach();
    this.#lineListeners.clear();
    this.#signalListeners.clear();
    // Settle typeLine promises so awaiting callers do not hang.
    for (let i = this.#head; i < this.#queue.length; i++) {
      const item = this.#queue[i];
      if (item.type === 'notify') item.resolve();
    }
    this.#queue = [];
    this.#head = 0;
  }

  // ---------------------------------------------------------------------------------------------
  // The work loop: one item at a time, big pastes in slices.

  /**
   * Keys and typed lines wait, in order, until `until` settles: the Shell's world is still loading a part on
   * demand (a lesson where mail travels). A later hold replaces an earlier one.
   */
  holdUntil(until: Promise<unknown>): void {
    const hold = {};
    this.#hold = hold;
    const release = () => {
      if (this.#hold !== hold) return;
      this.#hold = null;
      this.#pump();
    };
    // The terminal never stays dead: a failed load is said, then what was typed runs with what did load.
    const failed = (error: unknown) => {
      if (this.#hold !== hold || this.#disposed) return;
      const message = error instanceof Error ? error.message : String(error);
      this.#writeOutput(`\x1b[31m${this.#messages.holdFailed(message)}\x1b[0m\n`);
      release();
    };
    until.then(release, failed);
  }

  #pump(): void {
    if (this.#running || this.#sliceScheduled || this.#disposed || this.#hold) return;
    this.#running = true;
    let lines = this.#linesPerSlice;
    let chars = this.#charsPerSlice;
    try {
      for (;;) {
        if (this.#paste) {
          const reader = this.#paste;
          while (lines > 0 && chars > 0 && this.#paste === reader) {
            const piece = reader.next();
            if (!piece) break;
            chars -= piece.text.length + 1;
            this.#line = edit.insert(this.#line, piece.text);
            this.#dirty = true;
            if (piece.complete) {
              lines--;
              this.#enter(true);
            }
          }
          if (this.#paste === reader && reader.done) this.#paste = null;
          if (this.#paste !== reader) this.#noteHiddenLines();
          if (this.#paste) break;
          continue;
        }
        if (this.#head >= this.#queue.length) break;
        if (lines <= 0 || chars <= 0) break;
        const item = this.#queue[this.#head++];
        if (item.type === 'key' && item.name === 'enter') lines--;
        if (item.type === 'text') chars -= item.text.length;
        this.#process(item);
      }
    } finally {
      this.#running = false;
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      if (this.#head >= this.#queue.length) {
        this.#queue = [];
        this.#head = 0;
      }
      const more = this.#paste !== null || this.#head < this.#queue.length;
      this.#flush();
      if (more && !this.#disposed) {
        this.#sliceScheduled = true;
        this.#schedule(() => {
          this.#sliceScheduled = false;
          this.#pump();
        });
      }
    }
  }

  #process(item: QueueItem): void {
    switch (item.type) {
      case 'notify':
        item.resolve();
        return;
      case 'origin':
        this.#foreign = item.foreign;
        return;
      case 'text':
        this.#line = edit.insert(this.#line, item.text);
        break;
      case 'paste':
        this.#paste = new PasteReader(item.text);
        this.#pasteShown = 0;
        this.#pasteHidden = 0;
        break;
      case 'key':
        this.#key(item.name);
        break;
    }
    this.#dirty = true;
  }

  #key(name: Extract<Key, { type: 'key' }>['name']): void {
    const line = this.#line;
    switch (name) {
      case 'enter':
        return this.#enter(false);
      case 'backspace':
        return this.#setLine(edit.backspace(line));
      case 'delete':
        return this.#setLine(edit.deleteForward(line));
      case 'left':
        return this.#setLine(edit.left(line));
      case 'right':
        return this.#setLine(edit.right(line));
      case 'home':
        return this.#setLine(edit.home(line));
      case 'end':
        return this.#setLine(edit.end(line));
      case 'wordLeft':
        return this.#setLine(edit.wordLeft(line));
      case 'wordRight':
        return this.#setLine(edit.wordRight(line));
      case 'deleteWordBefore':
        return this.#setLine(edit.deleteWordBefore(line));
      case 'deleteWordAfter':
        return this.#setLine(edit.deleteWordAfter(line));
      case 'killToStart':
        return this.#setLine(edit.killToStart(line));
      case 'killToEnd':
        return this.#setLine(edit.killToEnd(line));
      case 'up': {
        const older = this.#browser.up(this.#mode.historyKey, line.text);
        if (older !== null) this.#recall(older);
        return;
      }
      case 'down': {
        const newer = this.#browser.down(this.#mode.historyKey);
        if (newer !== null) this.#recall(newer);
        return;
      }
      case 'interrupt':
        // Like a tty with echoctl: the line stays visible with ^C after it, and is dropped.
        return this.#signal('interrupt', '^C', true);
      case 'telnetEscape':
        return this.#signal('escape', null, true);
      case 'eof':
        // Ctrl-D deletes forward on a non-empty line (readline); only on an empty one is it end-of-file.
        if (line.text !== '') return this.#setLine(edit.deleteForward(line));
        return this.#signal('eof', null, false);
      case 'clear':
        return this.#signal('clear', null, false);
      case 'tab':
        // Where a program reads the line as data (an SMTP session, cat) Tab is a character: a TSV paste, a
        // folded header's continuation. At a prompt it would be completion, which is not simulated.
        if (this.tabIsText) this.#setLine(edit.insert(line, '\t'));
        return;
      case 'escape':
        return;
    }
  }

  #setLine(line: edit.LineState): void {
    this.#line = line;
  }

  #recall(text: string): void {
    this.#line = edit.lineOf(text);
    this.#row.resetView();
  }

  #clearLine(): void {
    this.#line = edit.emptyLine;
    this.#row.resetView();
    this.#browser.reset();
  }

  #enter(pasted: boolean): void {
    const text = this.#line.text;
    const mode = this.#mode;
    if (pasted && this.#pasteShown >= this.#pasteEchoLines) {
      // Past the drawn part of a big paste: entered all the same, counted, summed up later in one line.
      this.#row.erase();
      this.#pasteHidden++;
    } else {
      if (pasted) this.#pasteShown++;
      this.#row.commit(this.#mode, this.#line, this.#cols);
    }
    this.#clearLine();
    this.#history.add(mode.historyKey, text);
    for (const listener of this.#lineListeners) listener({ line: text, mode, pasted });
    this.#callShell((shell) => shell.input(text));
  }

  /** Say how many pasted lines went in without being drawn (before anything else is printed). */
  #noteHiddenLines(): void {
    if (this.#pasteHidden === 0) return;
    const count = this.#pasteHidden;
    this.#pasteHidden = 0;
    this.#row.note(this.#messages.pastedLinesHidden(count), this.#mode, this.#cols);
    this.#dirty = true;
  }

  /**
   * Pass a control key to the Shell. The row stays on screen and what the Shell prints follows the typed text
   * on the same row (telnet prints "^]" there, bash "exit"). `echo` is what the terminal itself shows for the
   * key (^C) unless the Shell printed it already. `dropLine`: the typed line is discarded if the Shell reacted.
   */
  #signal(signal: Signal, echo: string | null, dropLine: boolean): void {
    this.#signalEcho = echo;
    this.#signalOutput = false;
    this.#inSignal = true;
    const modeBefore = this.#mode;
    try {
      this.#callShell((shell) => shell.signal(signal));
    } finally {
      this.#inSignal = false;
    }
    if (echo !== null && !this.#signalOutput) {
      this.#row.finish(this.#mode, this.#line, this.#cols);
      this.#row.line(echo);
    }
    if (dropLine && (this.#signalOutput || echo !== null || this.#mode !== modeBefore)) this.#clearLine();
    for (const listener of this.#signalListeners) listener(signal);
  }

  #callShell(call: (shell: Shell) => void): void {
    const shell = this.#shell;
    this.#dirty = true;
    if (!shell) return;
    this.#busy = true;
    try {
      call(shell);
    } catch (error) {
      // A bug in a command must not take the terminal down with it: say so, and carry on.
      const message = error instanceof Error ? error.message : String(error);
      this.#writeOutput(`\x1b[31m${this.#messages.internalError(message)}\x1b[0m\n`);
    } finally {
      this.#busy = false;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Output and drawing (the row itself: input-row.ts).

  #writeOutput(text: string): void {
    if (!text || this.#disposed) return;
    this.#noteHiddenLines();
    if (this.#inSignal && !this.#signalOutput) {
      this.#signalOutput = true;
      if (this.#signalEcho !== null && !text.startsWith(this.#signalEcho)) {
        text = this.#signalEcho + (text.startsWith('\n') ? '' : '\n') + text;
      }
    }
    // During a signal the row stays and the output follows it; otherwise output replaces the row.
    if (this.#row.onScreen) {
      if (this.#inSignal) this.#row.finish(this.#mode, this.#line, this.#cols);
      else this.#row.erase();
    }
    this.#row.output(text, this.#cols);
    this.#dirty = true;
    this.#flushIfIdle();
  }

  #clearScreen(): void {
    if (this.#disposed) return;
    this.#row.clearScreen();
    this.#dirty = true;
    this.#flushIfIdle();
  }

  get #cols(): number {
    return Math.max(1, this.#screen?.cols ?? 80);
  }

  #flushIfIdle(): void {
    if (!this.#running && !this.#busy) this.#flush();
  }

  #flush(done?: () => void): void {
    if (this.#dirty && !this.#busy && this.#screen && !this.#disposed) {
      this.#row.draw(this.#mode, this.#line, this.#cols);
      this.#dirty = false;
    }
    if (this.#row.empty) {
      done?.();
      return;
    }
    const data = this.#row.take();
    if (this.#screen) {
      this.#screen.write(data, done);
      return;
    }
    this.#pending.push(data);
    this.#pendingSize += data.length;
    while (this.#pendingSize > MAX_PENDING && this.#pending.length > 1) {
      this.#pendingSize -= this.#pending.shift()!.length;
    }
    done?.();
  }
}
