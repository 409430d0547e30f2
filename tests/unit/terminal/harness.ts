// A line editor wired to a fake Shell and an @xterm/headless terminal, with a hand-cranked paste scheduler.
import { Terminal } from '@xterm/headless';
import { LineEditor, type EditorOptions } from '../../../src/terminal/editor.ts';
import { XtermBinding } from '../../../src/terminal/binding.ts';
import type { InputMode } from '../../../src/workstation/types.ts';
import { FakeShell } from './fake-shell.ts';

export interface Harness {
  term: Terminal;
  shell: FakeShell;
  editor: LineEditor;
  /** Run the paste slices scheduled so far (one macrotask each); returns how many ran. */
  runSlice(): boolean;
  runAllSlices(): number;
  /** The visible rows, right-trimmed, once xterm has parsed everything written. */
  rows(): Promise<string[]>;
  cursor(): Promise<{ x: number; y: number }>;
}

export function setup(mode: Partial<InputMode> = {}, options: EditorOptions = {}, cols = 40): Harness {
  const term = new Terminal({ cols, rows: 12, allowProposedApi: true });
  const shell = new FakeShell(mode);
  const tasks: Array<() => void> = [];
  const editor = new LineEditor({ schedule: (t) => tasks.push(t), ...options });
  shell.output = editor.output;
  editor.setShell(shell);
  term.loadAddon(new XtermBinding(editor));
  const settled = () => new Promise<void>((resolve) => term.write('', resolve));
  return {
    term,
    shell,
    editor,
    runSlice() {
      const task = tasks.shift();
      task?.();
      return task !== undefined;
    },
    runAllSlices() {
      let n = 0;
      while (tasks.length) {
        tasks.shift()!();
        n++;
      }
      return n;
    },
    async rows() {
      await settled();
      const buffer = term.buffer.active;
      const out: string[] = [];
      for (let y = 0; y < term.rows; y++)
        out.push((buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '').trimEnd());
      while (out.length && out[out.length - 1] === '') out.pop();
      return out;
    },
    async cursor() {
      await settled();
      return { x: term.buffer.active.cursorX, y: term.buffer.active.cursorY };
    },
  };
}
