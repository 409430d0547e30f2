// Text from clients on the way to a log: control characters shown as escapes, never obeyed by the terminal.

/** C0, DEL and C1 (U+009B is a one-character CSI) as \xNN; everything else unchanged. */
export function visible(line: string): string {
  return line.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
