// The octets the client has sent and the server has not read yet, cut into lines or counted chunks.
// Scanning resumes where it stopped, so a long line arriving in many small writes costs linear time.

export type Ending = '\r\n' | '\n' | '';

export interface Line {
  /** The line without its ending. */
  octets: string;
  ending: '\r\n' | '\n';
}

/** How a line ends: at any LF (Postfix 3.7, RFC 5321 read leniently), or only at CR LF (the libraries). */
export type LineEnd = 'lf' | 'crlf';

export class InputBuffer {
  #buf = '';
  #pos = 0;
  /** Where the next search for a line end starts, and for which kind of line end it was made. */
  #scanFrom = 0;
  #scanMode: LineEnd = 'lf';

  append(octets: string): void {
    if (octets.length === 0) return;
    this.#compact();
    this.#buf += octets;
  }

  /** Octets not read yet. */
  get length(): number {
    return this.#buf.length - this.#pos;
  }

  clear(): void {
    this.#buf = '';
    this.#pos = 0;
    this.#scanFrom = 0;
  }

  /** The next complete line, or null when its end has not arrived yet. */
  takeLine(mode: LineEnd): Line | null {
    if (this.#scanMode !== mode || this.#scanFrom < this.#pos) {
      this.#scanMode = mode;
      this.#scanFrom = this.#pos;
    }
    for (;;) {
      const lf = this.#buf.indexOf('\n', this.#scanFrom);
      if (lf < 0) {
        this.#scanFrom = this.#buf.length;
        return null;
      }
      const crlf = lf > this.#pos && this.#buf.charCodeAt(lf - 1) === 13;
      if (crlf || mode === 'lf') {
        const octets = this.#buf.slice(this.#pos, crlf ? lf - 1 : lf);
        this.#pos = lf + 1;
        this.#scanFrom = this.#pos;
        return { octets, ending: crlf ? '\r\n' : '\n' };
      }
      this.#scanFrom = lf + 1;
    }
  }

  /**
   * Up to `max` octets of a line whose end has not arrived (a piece of an overlong line). A CR at the end is
   * left behind, because it may be the first half of the line's CR LF.
   */
  takePiece(max: number): string {
    let end = Math.min(this.#buf.length, this.#pos + max);
    if (end === this.#buf.length && end > this.#pos && this.#buf.charCodeAt(end - 1) === 13) end--;
    const piece = this.#buf.slice(this.#pos, end);
    this.#pos = end;
    return piece;
  }

  /** Exactly min(n, available) octets (BDAT chunks). */
  take(n: number): string {
    const end = Math.min(this.#buf.length, this.#pos + n);
    const out = this.#buf.slice(this.#pos, end);
    this.#pos = end;
    return out;
  }

  /** Drop the rest of the current line when its end has not arrived: bounded memory for junk. */
  discardPending(): void {
    // Keep a trailing CR: together with the next LF it ends the line being discarded.
    const keepCr = this.length > 0 && this.#buf.charCodeAt(this.#buf.length - 1) === 13;
    this.clear();
    if (keepCr) this.#buf = '\r';
  }

  #compact(): void {
    if (this.#pos > 0 && (this.#pos >= this.#buf.length || this.#pos > 65536)) {
      this.#buf = this.#buf.slice(this.#pos);
      this.#scanFrom = Math.max(0, this.#scanFrom - this.#pos);
      this.#pos = 0;
    }
  }
}
