// Turns the strings xterm.js emits (onData) into editing keys, runs of typed text and bracketed pastes.

export type KeyName =
  | 'enter'
  | 'backspace'
  | 'delete'
  | 'left'
  | 'right'
  | 'up'
  | 'down'
  | 'home'
  | 'end'
  | 'wordLeft'
  | 'wordRight'
  | 'deleteWordBefore'
  | 'deleteWordAfter'
  | 'killToStart'
  | 'killToEnd'
  | 'interrupt' // Ctrl-C
  | 'eof' // Ctrl-D
  | 'telnetEscape' // Ctrl-]
  | 'clear' // Ctrl-L
  | 'tab'
  | 'escape';

export type Key =
  | { type: 'key'; name: KeyName }
  | { type: 'text'; text: string }
  /** Text between ESC[200~ and ESC[201~: the user pasted it, it is data, never editing keys. */
  | { type: 'paste'; text: string };

export const PASTE_START = '\x1b[200~';
export const PASTE_END = '\x1b[201~';

const CONTROL_KEYS: Record<number, KeyName> = {
  0x01: 'home', // Ctrl-A
  0x02: 'left', // Ctrl-B
  0x03: 'interrupt', // Ctrl-C
  0x04: 'eof', // Ctrl-D
  0x05: 'end', // Ctrl-E
  0x06: 'right', // Ctrl-F
  0x08: 'backspace', // Ctrl-H
  0x09: 'tab',
  0x0a: 'enter', // Ctrl-J
  0x0b: 'killToEnd', // Ctrl-K
  0x0c: 'clear', // Ctrl-L
  0x0d: 'enter',
  0x0e: 'down', // Ctrl-N
  0x10: 'up', // Ctrl-P
  0x15: 'killToStart', // Ctrl-U
  0x17: 'deleteWordBefore', // Ctrl-W
  0x1d: 'telnetEscape', // Ctrl-]
  0x7f: 'backspace',
};

/** Final byte of a CSI or SS3 sequence -> key; `modified` when a Ctrl/Alt modifier was given (ESC[1;5D). */
function cursorKey(final: string, modified: boolean): KeyName | null {
  switch (final) {
    case 'A':
      return 'up';
    case 'B':
      return 'down';
    case 'C':
      return modified ? 'wordRight' : 'right';
    case 'D':
      return modified ? 'wordLeft' : 'left';
    case 'H':
      return 'home';
    case 'F':
      return 'end';
    default:
      return null;
  }
}

/** ESC[n~ keys of the VT220 editing pad. */
function tildeKey(param: string): KeyName | null {
  const [n, mod] = param.split(';');
  if (n === '1' || n === '7') return 'home';
  if (n === '4' || n === '8') return 'end';
  if (n === '3') return mod && mod !== '1' ? 'deleteWordAfter' : 'delete';
  return null;
}

export class KeyTokenizer {
  /** Chunks of a bracketed paste still open (its end marker has not arrived yet). */
  private paste: string[] | null = null;
  /** A tail that may be the start of the paste end marker, split across two onData calls. */
  private carry = '';

  get pasting(): boolean {
    return this.paste !== null;
  }

  feed(input: string): Key[] {
    const data = this.carry + input;
    this.carry = '';
    const keys: Key[] = [];
    const push = (key: Key) => {
      const last = keys[keys.length - 1];
      if (key.type === 'text' && last?.type === 'text') last.text += key.text;
      else keys.push(key);
    };
    let i = 0;
    while (i < data.length) {
      if (this.paste) {
        const end = data.indexOf(PASTE_END, i);
        if (end < 0) {
          const keep = partialSuffix(data, PASTE_END);
          this.paste.push(data.slice(i, data.length - keep));
          this.carry = data.slice(data.length - keep);
          return keys;
        }
        this.paste.push(data.slice(i, end));
        keys.push({ type: 'paste', text: this.paste.join('') });
        this.paste = null;
        i = end + PASTE_END.length;
        continue;
      }
      const code = data.charCodeAt(i);
      if (code === 0x1b) {
        if (data.startsWith(PASTE_START, i)) {
          this.paste = [];
          i += PASTE_START.length;
          continue;
        }
        const { key, length } = readEscape(data, i);
        if (key) push({ type: 'key', name: key });
        i += length;
      } else if (code < 0x20 || code === 0x7f) {
        const name = CONTROL_KEYS[code];
        if (name) push({ type: 'key', name });
        // A CR LF pair (text pasted without bracketing) is one Enter, not two.
        i += code === 0x0d && data.charCodeAt(i + 1) === 0x0a ? 2 : 1;
      } else {
        let j = i + 1;
        while (j < data.length) {
          const c = data.charCodeAt(j);
          if (c < 0x20 || c === 0x7f) break;
          j++;
        }
        push({ type: 'text', text: data.slice(i, j) });
        i = j;
      }
    }
    return keys;
  }
}

/** Length of the longest suffix of data that is a proper prefix of marker. */
function partialSuffix(data: string, marker: string): number {
  for (let n = Math.min(marker.length - 1, data.length); n > 0; n--) {
    if (data.endsWith(marker.slice(0, n))) return n;
  }
  return 0;
}

/** Read one escape sequence at data[i] (an ESC). Unknown sequences are consumed and ignored. */
function readEscape(data: string, i: number): { key: KeyName | null; length: number } {
  const next = data[i + 1];
  if (next === undefined || next === '\x1b') return { key: 'escape', length: 1 };
  if (next === '[') {
    let j = i + 2;
    while (j < data.length && /[0-?]/.test(data[j])) j++;
    while (j < data.length && /[ -/]/.test(data[j])) j++;
    if (j >= data.length) return { key: null, length: data.length - i };
    const params = data.slice(i + 2, j);
    const final = data[j];
    const key = final === '~' ? tildeKey(params) : cursorKey(final, /;[2-9]/.test(params));
    return { key, length: j + 1 - i };
  }
  if (next === 'O') {
    const final = data[i + 2];
    return { key: final ? cursorKey(final, false) : null, length: final ? 3 : 2 };
  }
  // Alt (Meta) sends ESC before the key, as readline expects.
  if (next === 'b' || next === 'B') return { key: 'wordLeft', length: 2 };
  if (next === 'f' || next === 'F') return { key: 'wordRight', length: 2 };
  if (next === 'd' || next === 'D') return { key: 'deleteWordAfter', length: 2 };
  if (next === '\x7f' || next === '\b') return { key: 'deleteWordBefore', length: 2 };
  return { key: null, length: 1 + (data.codePointAt(i + 1)! > 0xffff ? 2 : 1) };
}
