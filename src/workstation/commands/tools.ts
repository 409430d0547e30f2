// The laptop's small tools that lessons do not type, loaded when a learner does (index.ts): cat and base64
// (reading the terminal until Ctrl-D), history, whoami, id, hostname, pwd, cd, ls. (help is help.ts.)
import type { Command, CommandContext, Program } from '../command.ts';
import { base64Decode, base64Encode, concatBytes, utf8Encode } from '../bytes.ts';
import { ansiCQuote } from '../escapes.ts';
import { badOption, usageError } from './builtins.ts';

const HOME = '/home/';

/** Reads the terminal until Ctrl-D, as a command whose standard input is the keyboard does. */
export function readTerminal(
  ctx: CommandContext,
  onLine: ((line: string) => void) | null,
  onEnd: (input: Uint8Array) => number,
): Program {
  const lines: Uint8Array[] = [];
  return {
    mode: () => ({ prompt: '', echo: true, program: ctx.argv[0], historyKey: 'stdin' }),
    input(line) {
      lines.push(utf8Encode(line + '\n'));
      onLine?.(line);
    },
    signal(signal) {
      if (signal === 'interrupt') {
        ctx.stderr.write('^C\n');
        ctx.exit(130);
      } else if (signal === 'eof') ctx.exit(onEnd(concatBytes(lines)));
      else if (signal === 'clear') ctx.machine.screen.clear();
    },
    abort() {},
  };
}

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

export const cat: Command = (ctx) => {
  const files = ctx.argv.slice(1).filter((a) => a !== '-');
  const bad = files.find((f) => f.startsWith('-'));
  if (bad) return badOption(ctx, 'cat', bad);
  if (files.length > 0) {
    for (const f of files) ctx.stderr.write(`cat: ${f}: No such file or directory\n`);
    return 1;
  }
  if (ctx.stdin) {
    ctx.stdout.write(ctx.stdin);
    return 0;
  }
  // Line by line, as cat copies a terminal: each line reappears once it is entered.
  return readTerminal(
    ctx,
    (line) => ctx.stdout.write(line + '\n'),
    () => 0,
  );
};

export const history: Command = ({ argv, machine, stdout, stderr }) => {
  if (argv[1] === '-c') {
    machine.clearHistory();
    return 0;
  }
  const all = machine.history();
  let count = all.length;
  if (argv[1] !== undefined) {
    if (!/^\d+$/.test(argv[1])) {
      stderr.write(`bash: history: ${ansiCQuote(argv[1])}: numeric argument required\n`);
      return 1;
    }
    count = Math.min(Number(argv[1]), all.length);
  }
  const first = all.length - count;
  stdout.write(
    all
      .slice(first)
      .map((line, k) => `${String(first + k + 1).padStart(5)}  ${line}\n`)
      .join(''),
  );
  return 0;
};

export const whoami: Command = ({ machine, stdout }) => {
  stdout.write(machine.network.world.workstation.user + '\n');
  return 0;
};

export const id: Command = ({ machine, stdout }) => {
  const user = machine.network.world.workstation.user;
  stdout.write(`uid=1000(${user}) gid=1000(${user}) groups=1000(${user})\n`);
  return 0;
};

export const hostname: Command = (ctx) => {
  const ws = ctx.machine.network.world.workstation;
  const [short, ...domain] = ws.hostname.split('.');
  const arg = ctx.argv[1];
  const outputs: Record<string, string> = {
    '-f': ws.hostname,
    '--fqdn': ws.hostname,
    '--long': ws.hostname,
    '-s': short,
    '--short': short,
    '-d': domain.join('.'),
    '--domain': domain.join('.'),
    '-i': ws.address,
    '--ip-address': ws.address,
    // hostname -I ends its list with a space.
    '-I': ws.address + ' ',
    '--all-ip-addresses': ws.address + ' ',
  };
  if (arg === undefined) ctx.stdout.write(short + '\n');
  else if (Object.hasOwn(outputs, arg)) ctx.stdout.write(outputs[arg] + '\n');
  else if (arg.startsWith('-')) {
    ctx.stderr.write(`hostname: invalid option -- '${arg.replace(/^-+/, '')[0] ?? ''}'\n`);
    ctx.stderr.write('Usage: hostname [-b] {hostname|-F file}         set host name (from file)\n');
    return 1;
  } else {
    ctx.stderr.write('hostname: you must be root to change the host name\n');
    return 1;
  }
  return 0;
};

export const pwd: Command = ({ machine, stdout }) => {
  stdout.write(HOME + machine.network.world.workstation.user + '\n');
  return 0;
};

export const cd: Command = ({ argv, machine, stderr }) => {
  const home = HOME + machine.network.world.workstation.user;
  const target = argv[1];
  if (argv.length > 2) {
    stderr.write('bash: cd: too many arguments\n');
    return 1;
  }
  if (target === undefined || target === home || target === '.' || target === home + '/') return 0;
  stderr.write(`bash: cd: ${ansiCQuote(target)}: No such file or directory\n`);
  return 1;
};

export const ls: Command = (ctx) => {
  const operands = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
  const home = HOME + ctx.machine.network.world.workstation.user;
  const missing = operands.filter((a) => a !== '.' && a !== home && a !== home + '/');
  for (const m of missing) ctx.stderr.write(`ls: cannot access '${m}': No such file or directory\n`);
  return missing.length > 0 ? 2 : 0;
};
