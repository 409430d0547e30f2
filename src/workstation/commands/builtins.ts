// The small commands of the laptop: cat, history, help, clear, whoami, hostname and friends (date and base64,
// which few lessons type, are in date.ts and base64.ts, loaded on demand).
import type { Command, CommandContext, Program } from '../command.ts';
import { concatBytes, utf8Encode } from '../bytes.ts';
import { strings } from '../strings.ts';
import { ansiCQuote } from '../escapes.ts';

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

export function usageError(ctx: CommandContext, tool: string, message: string): number {
  ctx.stderr.write(`${tool}: ${message}\nTry '${tool} --help' for more information.\n`);
  return 1;
}

export function badOption(ctx: CommandContext, tool: string, arg: string): number {
  const message = arg.startsWith('--') ? `unrecognized option '${arg}'` : `invalid option -- '${arg[1]}'`;
  return usageError(ctx, tool, message);
}

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

export const help: Command = ({ stdout }) => {
  const s = strings;
  const width = Math.max(...s.helpCommands.map(([usage]) => usage.length));
  const lines = s.helpCommands.map(([usage, what]) =>
    usage.length > 32
      ? `  ${usage}\n  ${' '.repeat(Math.min(width, 32))}  ${what}`
      : `  ${usage.padEnd(32)}  ${what}`,
  );
  stdout.write(`${s.helpHeading}\n${lines.join('\n')}\n${s.helpFooter}\n`);
  return 0;
};

export const clear: Command = ({ machine }) => {
  machine.screen.clear();
  return 0;
};

export const logout: Command = ({ stdout }) => {
  stdout.write(`logout\n${strings.logoutNote}\n`);
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

export const trueCommand: Command = () => 0;
export const falseCommand: Command = () => 1;
