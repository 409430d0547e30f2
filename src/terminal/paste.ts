// Reads pasted text one line at a time without splitting a 10 MB paste into an array up front.

export interface PastedLine {
  text: string;
  /** True when a line end followed (the line is entered); false for a last piece left to edit. */
  complete: boolean;
}

export class PasteReader {
  private pos = 0;
  private readonly newline = /\r\n|\r|\n/g;

  constructor(private readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  /** Characters not read yet (for progress, and to cap a slice by size). */
  get remaining(): number {
    return this.text.length - this.pos;
  }

  next(): PastedLine | null {
    if (this.done) return null;
    this.newline.lastIndex = this.pos;
    const match = this.newline.exec(this.text);
    if (!match) {
      const text = this.text.slice(this.pos);
      this.pos = this.text.length;
      return { text, complete: false };
    }
    const text = this.text.slice(this.pos, match.index);
    this.pos = match.index + match[0].length;
    return { text, complete: true };
  }
}
