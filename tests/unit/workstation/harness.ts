// Drives a simulated laptop like a terminal would: prompts, echoed input and output in one transcript.
import { Network } from '../../../src/smtp/network.ts';
import { defaultWorld } from '../../../src/smtp/worlds.ts';
import { fixedEnvironment } from '../../../src/smtp/environment.ts';
import type { Environment, SmtpEvent } from '../../../src/smtp/types.ts';
import { createWorkstation } from '../../../src/workstation/workstation.ts';
import type { InputMode, Shell, Signal } from '../../../src/workstation/types.ts';

export interface Laptop {
  shell: Shell;
  net: Network;
  /** Everything on the screen since the start (or the last clear), prompts and echoed input included. */
  screen(): string;
  /** Output written since the last call to type/press/take. */
  take(): string;
  /** Type a line: the prompt and (if echo is on) the line appear, then whatever the line caused. */
  type(line: string): string;
  press(signal: Signal): string;
  modes: InputMode[];
  events: SmtpEvent[];
  clears: number;
}

export function boot(options: { env?: Environment; telnetEcho?: boolean } = {}): Laptop {
  const net = new Network(defaultWorld, options.env ?? fixedEnvironment());
  let all = '';
  let fresh = '';
  const events: SmtpEvent[] = [];
  net.on((e) => events.push(e));
  const laptop: Laptop = {
    shell: createWorkstation({
      network: net,
      output: {
        write: (text) => {
          all += text;
          fresh += text;
        },
        clear: () => {
          all = '';
          laptop.clears++;
        },
      },
      telnetEcho: options.telnetEcho,
    }),
    net,
    screen: () => all,
    take: () => {
      const out = fresh;
      fresh = '';
      return out;
    },
    type(line) {
      const mode = laptop.shell.mode();
      all += mode.prompt + (mode.echo ? line : '') + '\n';
      fresh = '';
      laptop.shell.input(line);
      return laptop.take();
    },
    press(signal) {
      fresh = '';
      laptop.shell.signal(signal);
      return laptop.take();
    },
    modes: [],
    events,
    clears: 0,
  };
  laptop.shell.onModeChange((m) => laptop.modes.push(m));
  return laptop;
}

export const SHELL_PROMPT = 'learner@laptop:~$ ';

/** The client lines the server read, with their line ends, for checking CRLF versus bare LF. */
export function commandsSeen(events: SmtpEvent[]): { line: string; ending: string }[] {
  return events.flatMap((e) => (e.type === 'command' ? [{ line: e.line, ending: e.ending }] : []));
}
