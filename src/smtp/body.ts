// The message as it arrives, by either road: DATA (RFC 5321 section 4.5.2: the dot that ends it,
// dot-unstuffing, the bare-LF rules, overlong lines in pieces, the size limit past which nothing more is
// stored, so that memory stays bounded however much the client sends), or BDAT chunks (RFC 3030).
import type { Ending, InputBuffer } from './framing.ts';
import type { Profile } from './profiles/types.ts';
import type { ReplyId } from './types.ts';

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
  #lines: string[] = [];
  /** Pieces of the line being read, when it is too long to wait for whole. */
  #parts: string[] = [];
  #started = false;
  #lineLength = 0;
  #previousEnding: Ending = '\r\n';

  readonly #rules: BodyRules;
  constructor(rules: BodyRules) {
    this.#rules = rules;
  }

  /** A complete line; true when it is the dot that ends the message (and is not content). */
  line(octets: string, ending: Ending): boolean {
    // Postfix 3.9 'normalize' and 'reject' end the message only at CR LF . CR LF.
    const strictEnd = this.#rules.bareLf === 'normalize' || this.#rules.bareLf === 'reject';
    const ends =
      octets === '.' &&
      !this.#started &&
      (!strictEnd || (ending === '\r\n' && this.#previousEnding === '\r\n'));
    this.#previousEnding = ending;
    if (ends) return true;
    if (ending === '\n' && this.#rules.bareLf === 'reject') this.bareLfSeen = true;
    const text = this.#started ? octets : unstuff(octets, this.#rules.unstuffSingleDot);
    this.#lineLength += text.length;
    this.octets += text.length + 2;
    if (this.#rules.dataLine > 0 && this.#lineLength > this.#rules.dataLine) this.lineTooLong = true;
    this.#store(() => this.#lines.push(this.#parts.length > 0 ? this.#parts.join('') + text : text));
    this.#parts = [];
    this.#lineLength = 0;
    this.#started = false;
    return false;
  }

  /** A piece of a line whose end has not arrived (Postfix cuts at line_length_limit; delivery rejoins). */
  piece(octets: string): void {
    const text = this.#started ? octets : unstuff(octets, this.#rules.unstuffSingleDot);
    this.#started = true;
    this.#lineLength += text.length;
    this.octets += text.length;
    this.#store(() => this.#parts.push(text));
  }

  /** The content, lines joined with LF (the mailbox form). */
  text(): string {
    return this.#lines.join('\n');
  }

  /** Octets held in memory. */
  get held(): number {
    return this.#lines.reduce((n, l) => n + l.length, 0) + this.#parts.reduce((n, p) => n + p.length, 0);
  }

  #store(keep: () => void): void {
    if (this.octets > this.#rules.messageSize && !this.tooBig) {
      // Keep reading to the dot, but store nothing more: the message will be refused.
      this.tooBig = true;
      this.#lines = [];
      this.#parts = [];
    }
    if (!this.tooBig) keep();
  }
}

/** RFC 5321 section 4.5.2: the client doubled a leading dot; remove one. */
function unstuff(line: string, singleDotToo: boolean): string {
  return line.startsWith('.') && (singleDotToo || line.startsWith('..')) ? line.slice(1) : line;
}

/** What the end of a BDAT chunk means for the session. */
export type ChunkEnd =
  | { kind: 'refused'; id: ReplyId; octets: number; last: boolean }
  | { kind: 'chunk'; octets: number }
  | {
      kind: 'message';
      content: string;
      octets: number;
      /** The size Postfix names for it (recordOctets). */ reported: number;
    };

/**
 * The BDAT side of one transaction (RFC 3030), as Postfix's bdat_cmd() keeps it: chunks are read in full
 * before the server answers, even a refused one; a refused chunk that is not the LAST one leaves an error
 * state in which every further chunk is read and discarded, until the LAST one or RSET.
 */
/**
 * The size Postfix reports for a message sent with BDAT ("Ok: N bytes queued"): each line, split at LF and
 * without the CR before it, counts its length plus CR LF, an unterminated last line too (smtpd writes records;
 * live Postfix 3.7: "abc" counts 5, "a\nb\n" 6, "Hello" then "12345" in two chunks 12).
 */
export function recordOctets(octets: string): number {
  if (octets === '') return 0;
  const lines = octets.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.reduce((n, line) => n + (line.endsWith('\r') ? line.length - 1 : line.length) + 2, 0);
}

export class BdatBody {
  /** 'open' once a chunk was accepted; 'error' after a refused chunk, until LAST or RSET. */
  state: 'none' | 'open' | 'error' = 'none';
  /** Octets of the message accepted so far. */
  octets = 0;
  #chunks: string[] = [];
  #size = 0;
  #remaining = 0;
  #last = false;
  /** Why the chunk being read will be refused once read (null: it is accepted). */
  #refusal: ReplyId | null = null;

  /** Octets held in memory. */
  get held(): number {
    return this.#chunks.reduce((n, c) => n + c.length, 0);
  }

  /** BDAT count [LAST] was read: the next `count` octets are the chunk. */
  begin(count: number, last: boolean, refusal: ReplyId | null): void {
    this.#size = count;
    this.#remaining = count;
    this.#last = last;
    this.#refusal = refusal;
    if (!refusal && this.state === 'none') this.state = 'open';
  }

  /** Take what there is of the chunk from the input; true when all of it has been read. */
  read(input: InputBuffer): boolean {
    const octets = input.take(this.#remaining);
    this.#remaining -= octets.length;
    if (!this.#refusal) {
      this.#chunks.push(octets);
      this.octets += octets.length;
    }
    return this.#remaining === 0;
  }

  /** The chunk has been read: refused (Postfix skip_bdat()), accepted, or the whole message after LAST. */
  end(): ChunkEnd {
    const refusal = this.#refusal;
    this.#refusal = null;
    if (refusal) {
      // skip_bdat(): a refused LAST chunk ends the transaction (the session resets); any other one leaves
      // the error state.
      this.#chunks = [];
      if (!this.#last) this.state = 'error';
      return { kind: 'refused', id: refusal, octets: this.#size, last: this.#last };
    }
    if (!this.#last) return { kind: 'chunk', octets: this.octets };
    // Message content as stored: CR LF line ends become the mailbox's LF; the final line end is not a line.
    const raw = this.#chunks.join('');
    const content = raw.replace(/\r\n$/, '').replace(/\r\n/g, '\n');
    return { kind: 'message', content, octets: this.octets, reported: recordOctets(raw) };
  }
}
