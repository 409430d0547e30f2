// `help`: the list of the laptop's commands, a chunk of its own with its text (help-strings.ts), loaded when
// typed: no lesson types it, and the small tools some lessons load (tools.ts) do not need the list.
import type { Command } from '../command.ts';
import { helpStrings } from '../help-strings.ts';

export const help: Command = ({ stdout }) => {
  const s = helpStrings;
  const width = Math.max(...s.helpCommands.map(([usage]) => usage.length));
  const lines = s.helpCommands.map(([usage, what]) =>
    usage.length > 32
      ? `  ${usage}\n  ${' '.repeat(Math.min(width, 32))}  ${what}`
      : `  ${usage.padEnd(32)}  ${what}`,
  );
  stdout.write(`${s.helpHeading}\n${lines.join('\n')}\n${s.helpFooter}\n`);
  return 0;
};
