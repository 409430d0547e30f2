// Connects a LineEditor to an xterm.js terminal, as an xterm addon (activate/dispose). The only file that knows xterm.
import type { IDisposable, ITerminalAddon, Terminal } from '@xterm/xterm';
import type { LineEditor } from './editor.ts';

/** What the binding uses of a terminal; @xterm/headless provides the same, so tests use it. */
export type XtermLike = Pick<Terminal, 'cols' | 'write' | 'onData' | 'onResize'>;

/** DECSET 2004: the terminal wraps pastes in ESC[200~ … ESC[201~, so a paste is never mistaken for typing. */
const BRACKETED_PASTE_ON = '\x1b[?2004h';
const BRACKETED_PASTE_OFF = '\x1b[?2004l';

export class XtermBinding implements ITerminalAddon {
  private terminal: XtermLike | null = null;
  private subscriptions: IDisposable[] = [];

  constructor(private readonly editor: LineEditor) {}

  activate(terminal: XtermLike): void {
    this.dispose();
    this.terminal = terminal;
    terminal.write(BRACKETED_PASTE_ON);
    this.subscriptions = [
      terminal.onData((data) => this.editor.feed(data)),
      terminal.onResize(() => this.editor.resize()),
    ];
    this.editor.attach({
      get cols() {
        return terminal.cols;
      },
      write: (data, done) => terminal.write(data, done),
    });
  }

  /**
   * Resize the terminal (e.g. FitAddon.fit) without leaving half an input row behind: xterm reflows
   * wrapped rows on resize, so the row is taken off the screen first and drawn again afterwards.
   */
  resize(apply: () => void): void {
    if (!this.terminal) return apply();
    this.editor.prepareResize(apply);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.subscriptions = [];
    if (this.terminal) {
      this.editor.detach();
      try {
        this.terminal.write(BRACKETED_PASTE_OFF);
      } catch {
        // The terminal is being disposed itself (it disposes its addons first): nothing left to reset.
      }
      this.terminal = null;
    }
  }
}
