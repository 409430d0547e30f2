// The shell's own small commands, always here: clear, exit/logout, true, false; and the usage errors the
// coreutils share. The other small tools (cat, base64, history, help, whoami, hostname, pwd, cd, ls), which no
// lesson types, are in tools.ts, and date in date.ts: both loaded on demand (index.ts).
import type { Command, CommandContext } from '../command.ts';
import { strings } from '../strings.ts';

export function usageError(ctx: CommandContext, tool: string, message: string): number {
  ctx.stderr.write(`${tool}: ${message}\nTry '${tool} --help' for more information.\n`);
  return 1;
}

export function badOption(ctx: CommandContext, tool: string, arg: string): number {
  const message = arg.startsWith('--') ? `unrecognized option '${arg}'` : `invalid option -- '${arg[1]}'`;
  return usageError(ctx, tool, message);
}

export const clear: Command = ({ machine }) => {
  machine.screen.clear();
  return 0;
};

export const logout: Command = ({ stdout }) => {
  stdout.write(`logout\n${strings.logoutNote}\n`);
  return 0;
};

export const trueCommand: Command = () => 0;
export const falseCommand: Command = () => 1;
