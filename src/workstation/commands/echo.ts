// bash's echo builtin (with -n, -e, -E), always loaded: printf, its bigger sibling, loads on demand.
import type { Command } from '../command.ts';
import { interpretEscapes } from '../escapes.ts';

export const echo: Command = ({ argv, stdout }) => {
  let newline = true;
  let escapes = false;
  let k = 1;
  // bash takes -n, -e, -E (and combinations like -ne) as options; anything else is text.
  for (; k < argv.length && /^-[neE]+$/.test(argv[k]); k++) {
    for (const flag of argv[k].slice(1)) {
      if (flag === 'n') newline = false;
      else escapes = flag === 'e';
    }
  }
  const text = argv.slice(k).join(' ');
  if (!escapes) {
    stdout.write(newline ? text + '\n' : text);
    return 0;
  }
  const r = interpretEscapes(text, 'echo');
  if (newline && !r.stopped) r.bytes.push(10);
  stdout.write(Uint8Array.from(r.bytes));
  return 0;
};
