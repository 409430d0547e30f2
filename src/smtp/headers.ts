// The header section of a message (RFC 5322 section 2.2), read one way for the whole product: delivery adds
// missing fields, the mailbox view lists them, lessons check them.

/**
 * A header field's first line: a name of printable US-ASCII without a colon, then the colon (RFC 5322 §2.2);
 * Postfix's is_header() also takes white space before the colon ("Subject : x").
 */
export function isHeaderField(line: string): boolean {
  return /^[\x21-\x39\x3b-\x7e]+[ \t]*:/.test(line);
}

/**
 * Split content (lines joined with LF) into its header lines and body at the first line that is not a header
 * field or a continuation of one; `hadSeparator`: the body began after an empty line.
 */
export function splitHeaders(content: string): { headers: string[]; body: string[]; hadSeparator: boolean } {
  const lines = content === '' ? [] : content.split('\n');
  const headers: string[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (isHeaderField(line)) headers.push(line);
    else if (/^[ \t]/.test(line) && headers.length > 0) headers.push(line);
    else break;
  }
  const hadSeparator = i < lines.length && lines[i] === '';
  return { headers, body: lines.slice(hadSeparator ? i + 1 : i), hadSeparator };
}

/** One header field with its folded continuation lines, as written. */
export interface HeaderField {
  /** Name as written, e.g. "Message-Id". */
  name: string;
  /** Lower-cased name, for lookups. */
  key: string;
  /** Value unfolded (line end + WSP joined as one space), without the leading space. */
  value: string;
  /** The field exactly as stored, continuation lines included. */
  raw: string;
}

/** The header fields of a message (LF or CRLF line ends), in order. */
export function headerFields(text: string): HeaderField[] {
  const fields: HeaderField[] = [];
  // The header section ends at the first empty line at the latest: cut there so that a 10 MB body is not
  // split into lines.
  const lf = text.replace(/\r\n/g, '\n');
  const end = lf.indexOf('\n\n');
  for (const line of splitHeaders(end < 0 ? lf : lf.slice(0, end)).headers) {
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.raw += `\n${line}`;
      last.value += line.replace(/^[ \t]+/, ' ');
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trimEnd();
    fields.push({ name, key: name.toLowerCase(), value: line.slice(colon + 1).trim(), raw: line });
  }
  return fields;
}

/** The header lines contain a field of this name (case-insensitive). */
export function hasField(headers: string[], name: string): boolean {
  const wanted = name.toLowerCase();
  return headers.some(
    (h) => /^[^:]*:/.test(h) && h.slice(0, h.indexOf(':')).trimEnd().toLowerCase() === wanted,
  );
}
