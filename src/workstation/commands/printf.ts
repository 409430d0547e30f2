// bash's printf builtin: the tool learners use to build AUTH PLAIN strings ("\0alice\0secret") and to pipe a
// whole session into nc. Loaded on first use (commands/index.ts); echo, which every session may use, is echo.ts.
import type { Command } from '../command.ts';
import { ansiCQuote, interpretEscapes } from '../escapes.ts';
import { utf8Encode } from '../bytes.ts';

const MAX_OUTPUT = 1 << 20;

interface Spec {
  flags: string;
  width: number | null;
  precision: number | null;
  conversion: string;
}

export const printf: Command = ({ argv, stdout, stderr }) => {
  let args = argv.slice(1);
  if (args[0] === '--') args = args.slice(1);
  if (args.length === 0) {
    stderr.write('bash: printf: usage: printf [-v var] format [arguments]\n');
    return 2;
  }
  if (args[0] === '-v') {
    stderr.write('bash: printf: -v: variables are not available in this simulation\n');
    return 2;
  }
  const format = args[0];
  const values = args.slice(1);
  const out: number[] = [];
  let status = 0;
  let next = 0;
  const take = () => (next < values.length ? values[next++] : undefined);
  const number = (value: string | undefined): number => {
    if (value === undefined || value === '') return 0;
    const parsed = parseInteger(value);
    if (!parsed.ok) {
      stderr.write(`bash: printf: ${ansiCQuote(value)}: invalid number\n`);
      status = 1;
    }
    return parsed.value;
  };
  // The format is reused while arguments remain, as long as it consumes some (bash manual, "printf").
  for (;;) {
    const before = next;
    const r = runFormat(format, take, number, out);
    if (r === 'invalid') {
      stdout.write(Uint8Array.from(out));
      return 1;
    }
    if (r === 'stopped' || next >= values.length || next === before) break;
  }
  stdout.write(Uint8Array.from(out));
  return status;

  function runFormat(
    fmt: string,
    takeArg: () => string | undefined,
    toNumber: (v: string | undefined) => number,
    bytes: number[],
  ): 'done' | 'stopped' | 'invalid' {
    let i = 0;
    while (i < fmt.length) {
      // bash would print gigabytes for printf '%9999s' repeated; the simulated laptop stops at a megabyte.
      if (bytes.length > MAX_OUTPUT) return 'stopped';
      const percent = fmt.indexOf('%', i);
      const literalEnd = percent < 0 ? fmt.length : percent;
      if (literalEnd > i) pushBytes(bytes, interpretEscapes(fmt.slice(i, literalEnd), 'format').bytes);
      if (percent < 0) break;
      const parsed = parseSpec(fmt, percent + 1, takeArg, toNumber);
      i = parsed.end;
      if (!parsed.spec) {
        const shown = fmt[parsed.end - 1] ?? '%';
        stderr.write(`bash: printf: \`${ansiCQuote(shown)}': invalid format character\n`);
        return 'invalid';
      }
      const spec = parsed.spec;
      if (spec.conversion === '%') {
        bytes.push(37);
        continue;
      }
      const arg = takeArg();
      if (spec.conversion === 'b') {
        const r = interpretEscapes(arg ?? '', 'b');
        pushBytes(bytes, pad(r.bytes, spec));
        if (r.stopped) return 'stopped';
        continue;
      }
      pushBytes(bytes, pad(Array.from(utf8Encode(convert(spec, arg, toNumber))), spec));
    }
    return 'done';
  }
};

function parseSpec(
  fmt: string,
  start: number,
  takeArg: () => string | undefined,
  toNumber: (v: string | undefined) => number,
): { spec: Spec | null; end: number } {
  let i = start;
  let flags = '';
  while (i < fmt.length && '-+ #0'.includes(fmt[i])) flags += fmt[i++];
  let width: number | null = null;
  if (fmt[i] === '*') {
    width = toNumber(takeArg());
    if (width < 0) {
      flags += '-';
      width = -width;
    }
    i++;
  } else {
    const m = /^\d+/.exec(fmt.slice(i, i + 12));
    if (m) {
      width = Math.min(Number(m[0]), 10_000);
      i += m[0].length;
    }
  }
  let precision: number | null = null;
  if (fmt[i] === '.') {
    i++;
    if (fmt[i] === '*') {
      precision = Math.max(0, toNumber(takeArg()));
      i++;
    } else {
      const m = /^\d*/.exec(fmt.slice(i, i + 12));
      precision = Math.min(Number(m?.[0] || 0), 10_000);
      i += m?.[0].length ?? 0;
    }
  }
  while (i < fmt.length && 'hlLjzt'.includes(fmt[i])) i++;
  const conversion = fmt[i];
  if (conversion === undefined || !'sbdiouxXcfFeEgGq%'.includes(conversion))
    return { spec: null, end: i + 1 };
  return { spec: { flags, width, precision, conversion }, end: i + 1 };
}

function convert(spec: Spec, arg: string | undefined, toNumber: (v: string | undefined) => number): string {
  const { conversion, precision, flags } = spec;
  switch (conversion) {
    case 's':
      return precision === null ? (arg ?? '') : (arg ?? '').slice(0, precision);
    case 'q':
      return shellQuote(arg ?? '');
    case 'c':
      return arg ? String.fromCodePoint(arg.codePointAt(0) ?? 0) : '';
    case 'd':
    case 'i':
    case 'u': {
      const n = Math.trunc(toNumber(arg));
      let digits = String(Math.abs(n));
      if (precision !== null) digits = digits.padStart(precision, '0');
      return sign(n, flags) + digits;
    }
    case 'o':
    case 'x':
    case 'X': {
      const n = Math.trunc(toNumber(arg));
      const unsigned = n < 0 ? BigInt.asUintN(64, BigInt(n)) : BigInt(n);
      let digits = unsigned.toString(conversion === 'o' ? 8 : 16);
      if (conversion === 'X') digits = digits.toUpperCase();
      if (precision !== null) digits = digits.padStart(precision, '0');
      if (flags.includes('#') && n !== 0)
        digits = (conversion === 'o' ? '0' : conversion === 'x' ? '0x' : '0X') + digits;
      return digits;
    }
    default: {
      const n = parseFloat(arg ?? '0') || 0;
      const p = precision ?? 6;
      const lower = conversion.toLowerCase();
      let body =
        lower === 'f'
          ? Math.abs(n).toFixed(Math.min(p, 100))
          : lower === 'e'
            ? Math.abs(n)
                .toExponential(Math.min(p, 100))
                .replace(/e([+-])(\d)$/, 'e$10$2')
            : String(Number(Math.abs(n).toPrecision(Math.max(1, Math.min(p, 100)))));
      if (conversion !== lower) body = body.toUpperCase();
      return sign(n, flags) + body;
    }
  }
}

function sign(n: number, flags: string): string {
  if (n < 0) return '-';
  return flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
}

function pad(bytes: number[], spec: Spec): number[] {
  if (spec.width === null || bytes.length >= spec.width) return bytes;
  const fill = spec.width - bytes.length;
  if (spec.flags.includes('-')) return [...bytes, ...new Array<number>(fill).fill(32)];
  const zero = spec.flags.includes('0') && 'diouxXfFeEgG'.includes(spec.conversion);
  if (zero) {
    // Zeros go after the sign: printf '%05d' -42 gives -0042.
    const signed = bytes[0] === 45 || bytes[0] === 43 || bytes[0] === 32 ? 1 : 0;
    return [...bytes.slice(0, signed), ...new Array<number>(fill).fill(48), ...bytes.slice(signed)];
  }
  return [...new Array<number>(fill).fill(32), ...bytes];
}

function pushBytes(target: number[], source: readonly number[]): void {
  for (const b of source) target.push(b);
}

/** bash's numeric arguments: decimal, 0x hex, 0 octal, or 'c (the character's code). */
function parseInteger(value: string): { ok: boolean; value: number } {
  if (value[0] === "'" || value[0] === '"') return { ok: true, value: value.codePointAt(1) ?? 0 };
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)/.exec(value);
  if (!m) return { ok: false, value: 0 };
  const body = m[2];
  const magnitude = /^0[xX]/.test(body)
    ? parseInt(body, 16)
    : body.startsWith('0')
      ? parseInt(body, 8) || 0
      : Number(body);
  const n = m[1] === '-' ? -magnitude : magnitude;
  return { ok: m[0].length === value.length, value: n };
}

/** printf %q: quote so that bash would read the same word back. */
function shellQuote(s: string): string {
  if (s === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  if (/[\x00-\x1f\x7f-\x9f]/.test(s)) return ansiCQuote(s);
  return s.replace(/[^A-Za-z0-9_@%+=:,./-]/g, (c) => '\\' + c);
}
