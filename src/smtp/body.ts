// The message of a DATA command as it arrives (RFC 5321 section 4.5.2): the dot that ends it, dot-unstuffing,
// the bare-LF rules, overlong lines in pieces, and the size limit, past which nothing more is stored so that
// memory stays bounded however much the client sends.
import type { Ending } from './framing.ts';
import type { Profile } from './profiles/types.ts';

export interface BodyRules {
  messageSize: number;
  /** Longest content line accepted (0 = no limit). */
  dataLine: number;
  bareLf: Profile['leniency']['bareLf'];
  unstuffSingleDot: boolean;
}

export class DataBody {
  /** Octets of content, counting CR LF per line as on the wire (what SIZE and the limit measure). */
  octets = 0;
  tooBig = false;
  lineTooLong = false;
  /** A line ended in a bare LF (refused at the end under smtpd_forbid_bare_newline = reject). */
  bareLfSeen = false;
  private lines: string[] = [];
  /** Pieces of the line being read, when it is too long to wait for whole. */
  private parts: string[] = [];
  private started = false;
  private lineLength = 0;
  private previousEnding: Ending = '\r\n';

  constructor(private readonly rules: BodyRules) {}

  /** A complete line; true when it is the dot that ends the message (and is not content). */
  line(octets: string, ending: Ending): boolean {
    // Postfix 3.9 'normalize' and 'reject' end the message only at CR LF . CR LF.
    const strictEnd = this.rules.bareLf === 'normalize' || this.rules.bareLf === 'reject';
    const ends =
      octets === '.' &&
      !this.started &&
      (!strictEnd || (ending === '\r\n' && this.previousEnding === '\r\n'));
    this.previousEnding = ending;
    if (ends) return true;
    if (ending === '\n' && this.rules.bareLf === 'reject') this.bareLfSeen = true;
    const text = this.started ? octets : unstuff(octets, this.rules.unstuffSingleDot);
    this.lineLength += text.length;
    this.octets += text.length + 2;
    if (this.rules.dataLine > 0 && this.lineLength > this.rules.dataLine) this.lineTooLong = true;
    this.store(() => this.lines.push(this.parts.length > 0 ? this.parts.join('') + text : text));
    this.parts = [];
    this.lineLength = 0;
    this.started = false;
    return false;
  }

  /** A piece of a line whose end has not arrived (Postfix cuts at line_length_limit; delivery rejoins). */
  piece(octets: string): void {
    const text = this.started ? octets : unstuff(octets, this.rules.unstuffSingleDot);
    this.started = true;
    this.lineLength += text.length;
    this.octets += text.length;
    this.store(() => this.parts.push(text));
  }

  /** The content, lines joined with LF (the mailbox form). */
  text(): string {
    return this.lines.join('\n');
  }

  /** Octets held in memory. */
  get held(): number {
    return this.lines.reduce((n, l) => n + l.length, 0) + this.parts.reduce((n, p) => n + p.length, 0);
  }

  private store(keep: () => void): void {
    if (this.octets > this.rules.messageSize && !this.tooBig) {
      // Keep reading to the dot, but store nothing more: the message will be refused.
      this.tooBig = true;
      this.lines = [];
      this.parts = [];
    }
    if (!this.tooBig) keep();
  }
}

/** RFC 5321 section 4.5.2: the client doubled a leading dot; remove one. */
export function unstuff(line: string, singleDotToo: boolean): string {
  return line.startsWith('.') && (singleDotToo || line.startsWith('..')) ? line.slice(1) : line;
}
