// Sentences about the learner's own input, the way regex101 explains a pattern: each recogniser in the table
// below looks at what was just typed (the line, where it was typed, what the server read and answered) and
// names one natural mistake. The words are in the strings file (src/ui/lesson/strings.ts, `notes`), keyed by id.
import type { Phase, SmtpEvent } from '../../smtp/types.ts';
import { looksLikeSmtp } from '../../workstation/smtp-lines.ts';
import { isHeaderField } from '../../smtp/headers.ts';

/** Where a line (or a control key) was entered: the program that read it and the SMTP phase at the time. */
export interface TypedEntry {
  /** The typed line, or for a control key its name. */
  text: string;
  key: 'interrupt' | 'eof' | 'escape' | null;
  /** The program reading the terminal ('shell', 'telnet', 'nc', 'openssl', 'base64'...). */
  program: string;
  /** The prompt shown ('telnet> ' in telnet's command mode, '' inside an SMTP session). */
  prompt: string;
  /** The phase of the latest connection, or null when there is none or it is closed. */
  phase: Phase | null;
}

/** A line of message content the server read, and where in the message it landed. */
export interface DataLine {
  line: string;
  /** A header field, or the continuation of one: in the header block (RFC 5322 §2.1). */
  inHeaders: boolean;
  /**
   * The line that ended the header block without the empty line before it: neither a field nor a continuation.
   * Postfix's cleanup(8) starts the body there and puts the empty line in (live Postfix 3.7).
   */
  bodyWithoutEmptyLine: boolean;
}

export interface DiagnosisInput {
  /** What was entered since the last judgement, oldest first. */
  typed: readonly TypedEntry[];
  /** The network's events since then. */
  events: readonly SmtpEvent[];
  /** The message lines among those events, placed in their message (see DataTracker). */
  data: readonly DataLine[];
  /** The program reading the terminal now. */
  programAfter: string;
  /** How the learner connects in this lesson, e.g. "telnet mail.example.test 25". */
  connect: string;
  /**
   * The mail host (its best MX) of a domain that has MX records and no address of its own, else null: where
   * `telnet example.com 25` should have gone.
   */
  mailHostOf?: (name: string) => string | null;
}

export type NoteId =
  | 'dotWithSpaces'
  | 'unstuffedDot'
  | 'textInHeaders'
  | 'bccHeader'
  | 'spaceAfterColon'
  | 'noAngleBrackets'
  | 'authPlainString'
  | 'paramSpaces'
  | 'notConnected'
  | 'alreadyConnected'
  | 'telnetNoPort'
  | 'connectToDomain'
  | 'interruptInData'
  | 'interruptInTelnet'
  | 'waitingForEof';

export interface Note {
  id: NoteId;
  /** The parts of the learner's input the sentence quotes. */
  vars: Readonly<Record<string, string>>;
}

type Vars = Record<string, string>;

interface Recogniser {
  id: NoteId;
  /** The quoted parts when this mistake is in the input, else null. */
  find(input: DiagnosisInput): Vars | null;
}

const SESSION_PROGRAMS = new Set(['telnet', 'nc', 'openssl']);
/** The laptop's commands a learner types to connect or look up a server: never SMTP verbs. */
const LAPTOP_COMMAND = /^\s*(telnet|nc|netcat|openssl|dig|nslookup|swaks)(\s|$)/i;
/** Programs that read the keyboard as their standard input until Ctrl-D (no file, no pipe). */
const STDIN_READERS = new Set(['base64', 'cat']);

/** Spaces made visible, so that " ." and ". " can be told apart from "." in a sentence. */
const visible = (line: string) => line.replace(/ /g, '␣').replace(/\t/g, '→');

const firstTyped = (input: DiagnosisInput, test: (t: TypedEntry) => boolean): TypedEntry | undefined =>
  input.typed.find(test);

/**
 * Zero bytes and line ends written out as SMTP's own texts name them (<NUL>, <CR>, <LF>), so a sentence can show
 * what a string holds. (The Control Pictures ␀ and ␊ are missing from common fonts: drawn as empty boxes.)
 */
const shown = (text: string) => text.replace(/\0/g, '<NUL>').replace(/\r/g, '<CR>').replace(/\n/g, '<LF>');

/** What an AUTH PLAIN string holds, and the first thing wrong with it (RFC 4616: identity NUL user NUL password). */
function plainString(line: string, encoded: string): Vars {
  const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(encoded);
  if (!base64) return { line, problem: 'notBase64' };
  const text = atob(encoded);
  const decoded = shown(text);
  // What printf should have been given: no line end at the end, "\0" where a zero byte belongs.
  const printf = `printf '${text.replace(/\r?\n$/, '').replace(/\0/g, '\\0')}' | base64`;
  if (text.includes('\\0')) return { line, decoded, problem: 'echoed', printf };
  if (!text.includes('\0')) return { line, decoded, problem: 'noZeroBytes' };
  if (/\n$/.test(text)) return { line, decoded, problem: 'lineEnd', printf };
  const fields = text.split('\0');
  if (fields.length !== 3 || fields[1] === '') return { line, decoded, problem: 'fields' };
  return { line, decoded, problem: 'credentials', user: fields[1] };
}

/** How a MAIL FROM or RCPT TO line writes its path: white space after the colon, angle brackets. */
interface PathShape {
  spaced: boolean;
  bracketed: boolean;
}

/**
 * The first MAIL FROM or RCPT TO line whose path has this shape: the line, its verb, the line as RFC 5321 writes
 * it (no white space after the colon, the address in angle brackets, parameters kept) and whether the server
 * took it.
 */
function pathSyntax(input: DiagnosisInput, test: (path: PathShape) => boolean): Vars | null {
  const i = input.events.findIndex((e) => {
    if (e.type !== 'command') return false;
    const path = /^(?:MAIL[ \t]+FROM|RCPT[ \t]+TO):([ \t]*)(\S)/i.exec(e.line);
    return path !== null && test({ spaced: path[1] !== '', bracketed: path[2] === '<' });
  });
  if (i < 0) return null;
  const command = input.events[i] as Extract<SmtpEvent, { type: 'command' }>;
  const reply = input.events
    .slice(i + 1)
    .find((e) => e.type === 'reply' && e.connectionId === command.connectionId);
  const code = reply?.type === 'reply' ? reply.reply.code : 0;
  const [, verb, address, rest] = /^(\w+[ \t]+\w+):[ \t]*(<[^>]*>?|\S+)(.*)$/.exec(command.line) ?? [];
  return {
    line: command.line,
    verb: verb.replace(/[ \t]+/, ' ').toUpperCase(),
    fixed: `${verb}:${address.startsWith('<') ? address : `<${address}>`}${rest}`,
    bracketed: address.startsWith('<') ? 'yes' : 'no',
    accepted: code >= 200 && code < 400 ? 'yes' : 'no',
  };
}

/** The table: one row per mistake, in the order the notes are shown. */
export const RECOGNISERS: readonly Recogniser[] = [
  {
    // RFC 5321 §4.1.1.4: only CRLF "." CRLF ends the data; " ." and ". " are message text.
    id: 'dotWithSpaces',
    find: (input) => {
      const hit = input.data.find((d) => d.line !== '.' && d.line.trim() === '.');
      return hit ? { line: visible(hit.line) } : null;
    },
  },
  {
    // ".hidden": RFC 5321 §4.5.2 has the server take a leading dot off every line (the client doubles it), so
    // Postfix stores "hidden". A line of only a dot (and spaces) is the note above.
    id: 'unstuffedDot',
    find: (input) => {
      const hit = input.data.find((d) => /^\.[^.]/.test(d.line) && d.line.trim() !== '.');
      return hit ? { line: hit.line, stored: hit.line.slice(1), fixed: `.${hit.line}` } : null;
    },
  },
  {
    id: 'textInHeaders',
    find: (input) => {
      const hit = input.data.find((d) => d.bodyWithoutEmptyLine);
      return hit ? { line: hit.line } : null;
    },
  },
  {
    id: 'bccHeader',
    find: (input) => {
      const hit = input.data.find((d) => d.inHeaders && /^bcc[ \t]*:/i.test(d.line));
      return hit ? { line: hit.line } : null;
    },
  },
  {
    // "MAIL FROM: <a@b>": Postfix takes it, the RFC 5321 grammar ("MAIL FROM:" Reverse-path) has no space there.
    id: 'spaceAfterColon',
    find: (input) => pathSyntax(input, (path) => path.spaced),
  },
  {
    // "MAIL FROM:a@b" (as two of the seed tutorials write it, with a space too): Postfix takes a path without
    // angle brackets (strict_rfc821_envelopes = no, its default); RFC 5321's Path has them.
    id: 'noAngleBrackets',
    find: (input) => pathSyntax(input, (path) => !path.spaced && !path.bracketed),
  },
  {
    // "MAIL FROM:<a@b> SIZE = 100": an esmtp-param is one word, keyword=value (RFC 5321 §4.1.2); Postfix reads
    // "SIZE" alone and answers 555 Unsupported option.
    id: 'paramSpaces',
    find: (input) => {
      for (const e of input.events) {
        if (e.type !== 'command') continue;
        const params = /^(?:MAIL[ \t]+FROM|RCPT[ \t]+TO):[ \t]*(?:<[^>]*>|\S+)(.*)$/i.exec(e.line)?.[1] ?? '';
        const spaced = /([A-Za-z0-9][A-Za-z0-9-]*)(?:[ \t]+=[ \t]*|=[ \t]+)\S/.exec(params);
        if (spaced)
          return {
            line: e.line,
            keyword: spaced[1].toUpperCase(),
            fixed: e.line.replace(/[ \t]*=[ \t]*/g, '='),
          };
      }
      return null;
    },
  },
  {
    // AUTH PLAIN refused: what the string decodes to says why (echo's "\0" as text and its line end, a colon
    // instead of zero bytes, or a right shape and a wrong password).
    id: 'authPlainString',
    find: (input) => {
      const i = input.events.findIndex(
        (e) => e.type === 'command' && /^AUTH[ \t]+PLAIN[ \t]+\S/i.test(e.line),
      );
      if (i < 0) return null;
      const command = input.events[i] as Extract<SmtpEvent, { type: 'command' }>;
      const reply = input.events
        .slice(i + 1)
        .find((e) => e.type === 'reply' && e.connectionId === command.connectionId);
      if (reply?.type !== 'reply' || reply.reply.code < 400) return null;
      return plainString(command.line.trim(), command.line.trim().split(/[ \t]+/)[2]);
    },
  },
  {
    id: 'notConnected',
    find: (input) => {
      const hit = firstTyped(input, (t) => t.key === null && t.program === 'shell' && looksLikeSmtp(t.text));
      return hit ? { line: hit.text.trim(), connect: input.connect } : null;
    },
  },
  {
    // The other way round: a laptop command typed inside the SMTP session (the connection a lesson opened, or one
    // forgotten): the server reads `telnet mail.example.test 25` as a command and answers 500.
    id: 'alreadyConnected',
    find: (input) => {
      const hit = firstTyped(
        input,
        (t) =>
          t.key === null &&
          SESSION_PROGRAMS.has(t.program) &&
          t.prompt === '' &&
          t.phase !== null &&
          t.phase !== 'data' &&
          LAPTOP_COMMAND.test(t.text),
      );
      return hit ? { line: hit.text.trim(), program: hit.program } : null;
    },
  },
  {
    // Without a port telnet connects to port 23, the telnet service, where no mail server listens.
    id: 'telnetNoPort',
    find: (input) => {
      const hit = firstTyped(
        input,
        (t) => t.key === null && t.program === 'shell' && /^\s*telnet\s+[^\s-]\S*\s*$/.test(t.text),
      );
      if (!hit) return null;
      const host = hit.text.trim().split(/\s+/)[1];
      return { line: hit.text.trim(), host, fixed: `telnet ${host} 25` };
    },
  },
  {
    // `telnet example.com 25`: the domain has MX records but no address, and telnet does not read MX records.
    id: 'connectToDomain',
    find: (input) => {
      for (const t of input.typed) {
        const parts =
          t.key === null && t.program === 'shell'
            ? /^\s*(telnet|nc|netcat)\s+([^\s-]\S*)\s+(\S+)\s*$/.exec(t.text)
            : null;
        const exchange = parts ? input.mailHostOf?.(parts[2]) : null;
        if (parts && exchange)
          return {
            line: t.text.trim(),
            domain: parts[2],
            exchange,
            fixed: `${parts[1]} ${exchange} ${parts[3]}`,
          };
      }
      return null;
    },
  },
  {
    // telnet in line mode sends nothing for Ctrl-C: the server still reads the message.
    id: 'interruptInData',
    find: (input) =>
      firstTyped(input, (t) => t.key === 'interrupt' && SESSION_PROGRAMS.has(t.program) && t.phase === 'data')
        ? {}
        : null,
  },
  {
    id: 'interruptInTelnet',
    find: (input) =>
      firstTyped(
        input,
        (t) => t.key === 'interrupt' && t.program === 'telnet' && t.prompt === '' && t.phase !== 'data',
      )
        ? {}
        : null,
  },
  {
    // `base64` with no file and no pipe reads the keyboard until Ctrl-D.
    id: 'waitingForEof',
    find: (input) => {
      if (!STDIN_READERS.has(input.programAfter)) return null;
      const hit = firstTyped(input, (t) => t.key === null && t.program === 'shell');
      return hit ? { line: hit.text.trim(), program: input.programAfter } : null;
    },
  },
];

/** Every mistake the table finds in the input, in table order. */
export function diagnose(input: DiagnosisInput): Note[] {
  const notes: Note[] = [];
  for (const r of RECOGNISERS) {
    const vars = r.find(input);
    if (vars) notes.push({ id: r.id, vars });
  }
  return notes;
}

/**
 * Follows each connection's DATA: which message lines are header fields, and the line that started the body
 * without an empty line before it (the learner forgot it).
 */
export class DataTracker {
  private readonly open = new Map<number, { inHeaders: boolean; fields: number; cut: boolean }>();
  private lines: DataLine[] = [];

  observe(event: SmtpEvent): void {
    if (event.type === 'reply' && event.reply.code === 354) {
      this.open.set(event.connectionId, { inHeaders: true, fields: 0, cut: false });
    } else if (event.type === 'data-line') {
      const message = this.open.get(event.connectionId);
      // The lone dot ends the data; a line cut at the length limit ('' ending) is judged by its first piece.
      if (!message || event.line === '.' || message.cut) {
        if (message) message.cut = event.ending === '';
        return;
      }
      message.cut = event.ending === '';
      const line = event.line;
      // As cleanup(8) reads it: white space first continues a field, when there is one above.
      const field = isHeaderField(line) || (message.fields > 0 && /^[ \t]/.test(line));
      const inHeaders = message.inHeaders && field;
      // A dot with spaces has a sentence of its own (dotWithSpaces).
      const bodyWithoutEmptyLine = message.inHeaders && !field && line !== '' && line.trim() !== '.';
      if (inHeaders) message.fields++;
      else message.inHeaders = false;
      this.lines.push({ line, inHeaders, bodyWithoutEmptyLine });
    } else if (event.type === 'message' || event.type === 'closed') {
      this.open.delete(event.connectionId);
    }
  }

  /** The message lines read since the last call. */
  take(): DataLine[] {
    const lines = this.lines;
    this.lines = [];
    return lines;
  }
}
