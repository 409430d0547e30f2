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
  const head = /^(>*From [^\n]*(\n|$))+/.exec(content)?.[0];
  if (!head) return content;
  const rest = content.slice(head.length);
  return head.replace(/^(?=[^\n])/gm, 'X-Mailbox-Line: ') + (/^[ \t]/.test(rest) ? '\n' : '') + rest;
}

/** A field name followed by white space before its colon. */
const SPACED_NAME = /^([\x21-\x39\x3b-\x7e]+)[ \t]+:/;
/** mime_nesting_limit, Postfix's default. */
const NESTING_LIMIT = 20;

interface Boundary {
  text: string;
  /** multipart/digest: a part without a Content-Type is a message/rfc822. */
  digest: boolean;
}

/**
 * A header block's Content-Type: whether what follows its empty line is a message/rfc822's header block
 * (`nested` as it was for any other field); a multipart's boundaries go on the stack (innermost last).
 */
function contentType(field: string, stack: Boundary[], nested: boolean): boolean {
  const type = /^content-type[ \t]*:([^;(]*)/i.exec(field)?.[1].toLowerCase().replace(/\s/g, '');
  if (type === undefined) return nested;
  if (type.startsWith('multipart/'))
    for (const b of field.matchAll(/;\s*boundary\s*=\s*(?:"([^"]*)"|([^\s;"]+))/gi))
      if (stack.length <= NESTING_LIMIT)
        stack.push({ text: b[1] ?? b[2], digest: type === 'multipart/digest' });
  return type === 'message/rfc822';
}

/**
 * cleanup(8): "Subject : x" and "Subject\t: x" are stored as "Subject: x" in every header block the MIME
 * processor reads, whatever the field's name. The same string comes back when nothing changes; a body that
 * cannot hold another header block (no multipart boundary, no message/rfc822) is not read at all.
 */
export function joinHeaderColons(content: string): string {
  let out = '';
  let copied = 0;
  const stack: Boundary[] = [];
  let inHeaders = true;
  let nested = false;
  /** The header field being read (continuation lines included), once its line is done. */
  let field = '';
  for (let pos = 0; pos < content.length && (inHeaders || stack.length > 0);) {
    const newline = content.indexOf('\n', pos);
    const end = newline < 0 ? content.length : newline;
    const line = content.slice(pos, end);
    const at = pos;
    pos = end + 1;
    if (inHeaders) {
      if (field && /^[ \t]/.test(line)) {
        field += line;
        continue;
      }
      nested = contentType(field, stack, nested);
      field = '';
      if (isHeaderField(line)) {
        const spaced = SPACED_NAME.exec(line);
        if (spaced) {
          out += content.slice(copied, at) + spaced[1];
          copied = at + spaced[0].length - 1;
        }
        field = line;
        continue;
      }
      // The header block ends: after its empty line, a message/rfc822 body is a header block again.
      inHeaders = line === '' && nested;
      nested = false;
      if (line === '') continue;
    }
    if (line.length > 2 && line.startsWith('--')) {
      let i = stack.length - 1;
      while (i >= 0 && !line.startsWith(stack[i].text, 2)) i--;
      if (i < 0) continue;
      stack.length = i + 1;
      // "--boundary--" closes the multipart; "--boundary" starts a part with its header block.
      if (line.startsWith('--', 2 + stack[i].text.length)) stack.pop();
      else [inHeaders, nested] = [true, stack[i].digest];
    }
  }
  return copied ? out + content.slice(copied) : content;
}
