// The contract between the terminal (src/terminal, src/ui) and the simulated workstation (src/workstation).
// The workstation is plain TypeScript: it reads lines and control keys, and writes text. It never imports xterm.

/** Control keys the line editor passes on instead of editing the line. */
export type Signal =
  | 'interrupt' // Ctrl-C
  | 'eof' // Ctrl-D on an empty line
  | 'escape' // Ctrl-] (telnet's escape character)
  | 'clear'; // Ctrl-L

export interface ShellOutput {
  /**
   * Text for the screen. Lines end with "\n"; the terminal binding turns them into CR LF.
   * ANSI colour sequences are allowed (the workstation uses few: prompts and errors).
   */
  write(text: string): void;
  /** Clear the screen (Ctrl-L, `clear`). */
  clear(): void;
}

/** What the line editor needs to know to draw the next input line. */
export interface InputMode {
  /** The prompt before the input, e.g. "learner@laptop:~$ ", "telnet> ", or "" inside an SMTP session. */
  prompt: string;
  /** false while a program reads without echo (Windows telnet, as seed 000 warns). */
  echo: boolean;
  /** Name of the running program ('shell', 'telnet', 'nc', 'openssl'); views show it. */
  program: string;
  /** Whether up/down history applies (the shell keeps its own history; SMTP sessions keep another). */
  historyKey: string;
}

export interface Shell {
  /** A line the user entered, without its line end. May contain any Unicode. */
  input(line: string): void;
  signal(signal: Signal): void;
  mode(): InputMode;
  /** Called whenever the mode changes (a program starts or ends, echo toggles). Returns an unsubscribe. */
  onModeChange(listener: (mode: InputMode) => void): () => void;
  /** Lines entered so far at the shell prompt, oldest first (for `history` and the up arrow). */
  history(): readonly string[];
  dispose(): void;
}
