// What Postfix changes in a message's text on its way into the queue, before delivery writes its own fields
// (live 3.7: tests/refs-header-space). smtpd(8) turns the leading "From " lines of DATA into X-Mailbox-Line:
// fields; cleanup(8)'s MIME processor (mime_state.c) rewrites the obsolete "name space colon" syntax
// (RFC 5322 section 4.5: "Subject : x") to "name colon" in every header block it reads: the message's own,
// each multipart part's and each message/rfc822 body's. Everything else (body text, a part's body, the text
// after the colon, the name's case) stays as sent. Content is lines joined with "\n".
import { isHeaderField } from './headers.ts';

/**
 * smtpd(8): leading lines of DATA that start with "From " (or ">From ", mbox separators) become
 * "X-Mailbox-Line: From ..." fields; a first line after them that starts with white space then starts the
 * body (smtpd writes the empty line before it). BDAT content is passed as it is (live 3.7).
 */
export function mailboxLines(content: string): string {
  if (!/^>*From /.test(content)) return content;
  const lines = content.split('\n');
  let i = 0;
  while (i < lines.length && /^>*From /.test(lines[i])) lines[i] = `X-Mailbox-Line: ${lines[i++]}`;
  if (i < lines.length && /^[ \t]/.test(lines[i])) lines.splice(i, 0, '');
  return lines.join('\n');
}

/** What a header block's Content-Type makes of what follows its empty line (mime_state.c's content types). */
type Kind = 'text' | 'rfc822' | 'multipart' | 'other';

/** mime_nesting_limit and mime_boundary_length_limit, Postfix's defaults. */
const NESTING_LIMIT = 20;
const BOUNDARY_LIMIT = 2048;

const TOKEN = String.raw`[^\s()<>@,;:\\"/\[\]?=]+`;
const TYPE = new RegExp(String.raw`^\s*(${TOKEN})\s*(?:/\s*(${TOKEN}))?`);
const BOUNDARY = new RegExp(String.raw`;\s*boundary\s*=\s*(?:"((?:[^"\\]|\\.)*)"|(${TOKEN}))`, 'gi');
/** A field name followed by white space before its colon. */
const SPACED_NAME = /^([\x21-\x39\x3b-\x7e]+)[ \t]+:/;

interface Boundary {
  text: string;
  /** What a part's header block makes of its body when it has no Content-Type (multipart/digest: rfc822). */
  partKind: Kind;
}

/** A Content-Type field's kind, and the boundaries of a multipart one pushed onto the stack (innermost last). */
function contentType(field: string, stack: Boundary[]): Kind {
  const value = field.slice(field.indexOf(':') + 1);
  const [, type = '', subtype = ''] = TYPE.exec(value) ?? [];
  switch (type.toLowerCase()) {
    case 'text':
      return 'text';
    case 'message':
      return subtype.toLowerCase() === 'rfc822' ? 'rfc822' : 'other';
    case 'multipart': {
      const partKind = subtype.toLowerCase() === 'digest' ? 'rfc822' : 'text';
      for (const m of value.matchAll(BOUNDARY))
        if (stack.length <= NESTING_LIMIT)
          stack.push({ text: (m[1]?.replace(/\\(.)/g, '$1') ?? m[2]).slice(0, BOUNDARY_LIMIT), partKind });
      return 'multipart';
    }
    default:
      return 'other';
  }
}

/**
 * cleanup(8): "Subject : x" and "Subject\t: x" are stored as "Subject: x" in every header block the MIME
 * processor reads, whatever the field's name. The same string comes back when nothing changes; a body that
 * cannot hold another header block (no multipart boundary, no message/rfc822) is not read at all.
 */
export function joinHeaderColons(content: string): string {
  const out: string[] = [];
  let copied = 0;
  const stack: Boundary[] = [];
  let inHeaders = true;
  let kind: Kind = 'text';
  /** The header field being read (continuation lines included), once its line is done. */
  let field = '';
  for (let pos = 0; pos < content.length;) {
    if (!inHeaders && stack.length === 0) break;
    const newline = content.indexOf('\n', pos);
    const end = newline < 0 ? content.length : newline;
    const line = content.slice(pos, end);
    const next = end + 1;
    if (inHeaders) {
      if (field !== '' && /^[ \t]/.test(line)) {
        field += line;
        pos = next;
        continue;
      }
      if (/^content-type:/i.test(field)) kind = contentType(field, stack);
      field = '';
      if (isHeaderField(line)) {
        const spaced = SPACED_NAME.exec(line);
        if (spaced) {
          out.push(content.slice(copied, pos), spaced[1]);
          copied = pos + spaced[0].length - 1;
        }
        field = spaced ? spaced[1] + line.slice(spaced[0].length - 1) : line;
        pos = next;
        continue;
      }
      // The header block ends: an empty line leads to a message/rfc822 body's own header block.
      inHeaders = line === '' && kind === 'rfc822';
      kind = 'text';
      if (line === '') {
        pos = next;
        continue;
      }
    }
    if (line.startsWith('--') && line.length > 2) {
      let at = stack.length - 1;
      while (at >= 0 && !line.startsWith(stack[at].text, 2)) at--;
      if (at >= 0) {
        stack.length = at + 1;
        if (line.startsWith('--', 2 + stack[at].text.length)) {
          stack.pop();
        } else {
          inHeaders = true;
          kind = stack[at].partKind;
        }
      }
    }
    pos = next;
  }
  if (copied === 0) return content;
  out.push(content.slice(copied));
  return out.join('');
}
