// Backslash escapes as bash interprets them in echo -e, printf formats, printf %b and $'...' strings.
// The four differ in small ways (checked against GNU bash 5.2), and the differences are what learners hit.
import { utf8Decode, utf8Encode } from './bytes.ts';

/**
 * - 'echo': echo -e; octal only as \0nnn (\101 stays as typed), \c ends all output.
 * - 'format': a printf format; octal \nnn (three digits at most, the \0 included), \c stays as typed.
 * - 'b': a printf %b argument; \nnn or \0nnn, and \c ends all output.
 * - 'ansi-c': $'...'; octal \nnn, \cX is a control character.
 */
export type EscapeDialect = 'echo' | 'format' | 'b' | 'ansi-c';

export interface Escaped {
  bytes: number[];
  /** \c was met: the command prints nothing more. */
  stopped: boolean;
  /** The same bytes as text, undecodable bytes as U+FFFD (for $'...', whose result becomes an argument). */
  readonly text: string;
}

const SIMPLE: Record<string, number> = {
  a: 7,
  b: 8,
  e: 27,
  E: 27,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
};

const isOctal = (c: string | undefined) => c !== undefined && c >= '0' && c <= '7';
const isHex = (c: string | undefined) => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

export function interpretEscapes(s: string, dialect: EscapeDialect): Escaped {
  const bytes: number[] = [];
  let stopped = false;
  let i = 0;
  while (i < s.length) {
    const backslash = s.indexOf('\\', i);
    const plainEnd = backslash < 0 ? s.length : backslash;
    if (plainEnd > i) pushAll(bytes, utf8Encode(s.slice(i, plainEnd)));
    if (backslash < 0 || backslash + 1 >= s.length) {
      if (backslash >= 0) bytes.push(92);
      break;
    }
    i = backslash + 1;
    const c = String.fromCodePoint(s.codePointAt(i) ?? 0);
    i += c.length;
    if (c in SIMPLE) {
      bytes.push(SIMPLE[c]);
    } else if (c === 'c') {
      if (dialect === 'echo' || dialect === 'b') {
        stopped = true;
        break;
      }
      if (dialect === 'ansi-c' && i < s.length) {
        // \cX: the control character of X, as Ctrl-X would give.
        bytes.push(s.charCodeAt(i) & 0x1f);
        i++;
      } else bytes.push(92, 99);
    } else if (isOctal(c) && (dialect !== 'echo' || c === '0')) {
      let value = Number(c);
      let max = dialect === 'format' || dialect === 'ansi-c' ? 2 : c === '0' ? 3 : 2;
      while (max-- > 0 && isOctal(s[i])) value = value * 8 + Number(s[i++]);
      bytes.push(value & 0xff);
    } else if (c === 'x' && isHex(s[i])) {
      let value = 0;
      for (let k = 0; k < 2 && isHex(s[i]); k++) value = value * 16 + parseInt(s[i++], 16);
      bytes.push(value);
    } else if ((c === 'u' || c === 'U') && isHex(s[i])) {
      let value = 0;
      for (let k = 0; k < (c === 'u' ? 4 : 8) && isHex(s[i]); k++) value = value * 16 + parseInt(s[i++], 16);
      pushAll(bytes, utf8Encode(value <= 0x10ffff ? String.fromCodePoint(value) : '\ufffd'));
    } else if ((c === '"' || c === '?' || c === "'") && (dialect === 'format' || dialect === 'ansi-c')) {
      bytes.push(c.charCodeAt(0));
    } else {
      // Not an escape: bash keeps the backslash and the character.
      bytes.push(92);
      pushAll(bytes, utf8Encode(c));
    }
  }
  return {
    bytes,
    stopped,
    get text() {
      return utf8Decode(Uint8Array.from(bytes));
    },
  };
}

function pushAll(target: number[], source: Uint8Array): void {
  for (const b of source) target.push(b);
}

const QUOTED: Record<string, string> = {
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'E',
  '\\': '\\',
  "'": "'",
};

/**
 * A name as bash's own messages print it: as typed, or, when it holds a control character, $'…'-quoted with the
 * controls written as escapes (`bash: $'\E[2J': command not found`), so a name never drives the terminal.
 * C1 controls are written as their UTF-8 bytes in octal, as bash does in a UTF-8 locale.
 */
export function ansiCQuote(name: string): string {
  if (!/[\u0000-\u001f\u007f-\u009f]/.test(name)) return name;
  const quoted = name.replace(/[\u0000-\u001f\u007f-\u009f\\']/g, (c) =>
    c in QUOTED
      ? '\\' + QUOTED[c]
      : Array.from(utf8Encode(c), (b) => '\\' + b.toString(8).padStart(3, '0')).join(''),
  );
  return `$'${quoted}'`;
}
