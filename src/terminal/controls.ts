// Control characters made visible, for text that came from elsewhere than the learner's keyboard (a share link,
// a progress file, a lesson): such text may show an escape sequence, never run one on the learner's terminal.

/** C0 (but line feed and tab), DEL and C1, and a carriage return that does not end a line. */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function visible(c: string, next: string | undefined): string {
  const code = c.charCodeAt(0);
  if (code === 0x0d && next === '\n') return c;
  if (code < 0x20) return '^' + String.fromCharCode(code + 0x40);
  if (code === 0x7f) return '^?';
  // C1 has no caret name; its code, as a C string would write it.
  return '\\x' + code.toString(16);
}

/** The text with every control character that could move the cursor or start a sequence shown as ^[ or \x9b. */
export function visibleControls(text: string): string {
  return text.replace(CONTROLS, (c, offset: number) => visible(c, text[offset + 1]));
}
