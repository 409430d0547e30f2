// Header fields and tag lists, shared by DKIM and DMARC (and small, so the receiver's synchronous path
// does not pull in the crypto code).

export interface Field {
  name: string;
  /** The whole field as it stands, folding included, lines joined with CRLF, no final CRLF. */
  raw: string;
}

/** Header fields (unfolded into one entry each) and the body, with CRLF line ends. */
export function splitMessage(message: string): { fields: Field[]; body: string } {
  const lines = message.replace(/\r?\n/g, '\r\n').split('\r\n');
  const fields: Field[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') break;
    if (/^[ \t]/.test(line) && fields.length > 0) fields[fields.length - 1].raw += '\r\n' + line;
    else if (line.includes(':')) fields.push({ name: line.slice(0, line.indexOf(':')).trim(), raw: line });
    else break;
  }
  const rest = lines.slice(i + 1);
  return { fields, body: i < lines.length ? rest.join('\r\n') : '' };
}

/** A tag=value list (section 3.2), or null when it is not one (a tag given twice included). */
export function parseTags(text: string): Map<string, string> | null {
  const tags = new Map<string, string>();
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) return null;
    const name = part.slice(0, eq).trim();
    if (!/^[a-z][a-z0-9_]*$/i.test(name) || tags.has(name)) return null;
    tags.set(name, part.slice(eq + 1).trim());
  }
  return tags;
}
