// What a command of the simulated laptop receives and returns: arguments, standard streams, and the machine.
import type { Network } from '../smtp/network.ts';
import type { InputMode, ShellOutput, Signal } from './types.ts';
import { concatBytes, utf8Decode, utf8Encode } from './bytes.ts';

/** Where a command writes: the screen, or the next command of a pipeline. Text is written as UTF-8. */
export interface Stream {
  write(data: string | Uint8Array): void;
}

/** The laptop a command runs on. */
export interface Machine {
  readonly network: Network;
  readonly screen: ShellOutput;
  /** Whether telnet echoes what is typed (false imitates Windows telnet, seed 000). */
  readonly telnetEcho: boolean;
  /** The shell prompt's history, oldest first. */
  history(): readonly string[];
  clearHistory(): void;
}

export interface CommandContext {
  /** argv[0] is the command name as typed. */
  readonly argv: readonly string[];
  /** Piped input, or null when standard input is the terminal (the learner types it). */
  readonly stdin: Uint8Array | null;
  readonly stdout: Stream;
  readonly stderr: Stream;
  readonly machine: Machine;
  /**
   * For a command that returned a Program: it has ended with this exit status. May be called during the
   * command's own run (the server hung up at once), then the shell carries on as if it returned the status.
   */
  exit(status: number): void;
}

/** A command that keeps reading the terminal (telnet, nc, openssl s_client, a read of stdin). */
export interface Program {
  mode(): InputMode;
  input(line: string): void;
  signal(signal: Signal): void;
  /** The shell is going away (or cannot keep it running): end quietly, hang up without output. */
  abort(): void;
}

export type CommandResult = number | Program;

export type Command = (ctx: CommandContext) => CommandResult;

/** Collects a pipeline stage's output as bytes. */
export class PipeBuffer implements Stream {
  private readonly parts: Uint8Array[] = [];
  write(data: string | Uint8Array): void {
    this.parts.push(typeof data === 'string' ? utf8Encode(data) : data);
  }
  bytes(): Uint8Array {
    return concatBytes(this.parts);
  }
}

/** Writes to the screen; bytes that are not UTF-8 show as U+FFFD, as a UTF-8 terminal shows them. */
export function screenStream(screen: ShellOutput): Stream {
  return {
    write(data) {
      const text = typeof data === 'string' ? data : utf8Decode(data);
      if (text !== '') screen.write(text);
    },
  };
}

/** The standard input's text, for commands that read lines. */
export function stdinText(ctx: CommandContext): string {
  return ctx.stdin ? utf8Decode(ctx.stdin) : '';
}

/** Input mode of a program in the middle of an SMTP conversation. */
export function sessionMode(program: string, echo = true): InputMode {
  return { prompt: '', echo, program, historyKey: 'smtp' };
}
