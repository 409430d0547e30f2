// base64 (GNU coreutils): encode or decode standard input or the terminal's lines until Ctrl-D, with -w/-d/-i.
// Loaded on demand (index.ts): the AUTH lessons pipe printf into it, most lessons never type it.
import type { Command } from '../command.ts';
import { base64Decode, base64Encode } from '../bytes.ts';
import { badOption, readTerminal, usageError } from './builtins.ts';

export const base64: Command = (ctx) => {
  let decode = false;
  let ignoreGarbage = false;
  let wrap = 76;
  const files: string[] = [];
  const args = ctx.argv.slice(1);
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    if (arg === '--decode') decode = true;
    else if (arg === '--ignore-garbage') ignoreGarbage = true;
    else if (arg.startsWith('--wrap=') || arg === '-w' || /^-[di]*w/.test(arg)) {
      const value = arg.startsWith('--wrap=') ? arg.slice(7) : arg.slice(arg.indexOf('w') + 1) || args[++k];
      if (value === undefined || !/^\d+$/.test(value)) {
        if (value === undefined) return usageError(ctx, 'base64', "option requires an argument -- 'w'");
        ctx.stderr.write(`base64: invalid wrap size: '${value}'\n`);
        return 1;
      }
      wrap = Number(value);
      decode ||= arg.includes('d') && !arg.startsWith('--');
      ignoreGarbage ||= arg.includes('i') && !arg.startsWith('--');
    } else if (/^-[di]+$/.test(arg)) {
      decode ||= arg.includes('d');
      ignoreGarbage ||= arg.includes('i');
    } else if (arg.startsWith('-') && arg !== '-') return badOption(ctx, 'base64', arg);
    else files.push(arg);
  }
  if (files.length > 1) return usageError(ctx, 'base64', `extra operand '${files[1]}'`);
  if (files.length === 1 && files[0] !== '-') {
    ctx.stderr.write(`base64: ${files[0]}: No such file or directory\n`);
    return 1;
  }
  const run = (input: Uint8Array): number => {
    if (!decode) {
      const encoded = base64Encode(input);
      if (encoded === '') return 0;
      const lines: string[] = [];
      const width = wrap === 0 ? encoded.length : wrap;
      for (let at = 0; at < encoded.length; at += width) lines.push(encoded.slice(at, at + width));
      ctx.stdout.write(lines.join('\n') + '\n');
      return 0;
    }
    // The input is bytes; base64 text is ASCII, so each byte is looked at as one character.
    let text = '';
    for (let i = 0; i < input.length; i += 8192) text += String.fromCharCode(...input.subarray(i, i + 8192));
    const r = base64Decode(text, ignoreGarbage);
    ctx.stdout.write(r.bytes);
    if (r.valid) return 0;
    ctx.stderr.write('base64: invalid input\n');
    return 1;
  };
  if (ctx.stdin) return run(ctx.stdin);
  return readTerminal(ctx, null, run);
};
