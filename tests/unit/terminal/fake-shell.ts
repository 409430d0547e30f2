// A Shell that records what the line editor sends it, for the terminal tests.
import type { InputMode, Shell, ShellOutput, Signal } from '../../../src/workstation/types.ts';

export class FakeShell implements Shell {
  readonly inputs: string[] = [];
  readonly signals: Signal[] = [];
  private current: InputMode;
  private readonly listeners = new Set<(mode: InputMode) => void>();
  /** Called for each line; tests use it to answer like a server would. */
  respond: ((line: string, output: ShellOutput) => void) | null = null;
  output: ShellOutput | null = null;

  constructor(mode: Partial<InputMode> = {}) {
    this.current = { prompt: '$ ', echo: true, program: 'shell', historyKey: 'shell', ...mode };
  }

  input(line: string): void {
    this.inputs.push(line);
    if (this.respond && this.output) this.respond(line, this.output);
  }
  signal(signal: Signal): void {
    this.signals.push(signal);
    if (signal === 'clear') this.output?.clear();
  }
  mode(): InputMode {
    return this.current;
  }
  setMode(mode: Partial<InputMode>): void {
    this.current = { ...this.current, ...mode };
    for (const l of this.listeners) l(this.current);
  }
  onModeChange(listener: (mode: InputMode) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  history(): readonly string[] {
    return this.inputs;
  }
  dispose(): void {}
}
