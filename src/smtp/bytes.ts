// Octets on the wire are kept as "binary strings" (one char per octet, 0-255) so that BDAT counts, SIZE and
// line limits are exact; text for people is decoded from UTF-8 only when shown.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/** Client input to octets: strings are sent as UTF-8. */
export function toOctets(data: string | Uint8Array): string {
  // ASCII text is already one char per octet; most SMTP input is ASCII.
  if (typeof data === 'string' && !/[^\x00-\x7f]/.test(data)) return data;
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  const parts: string[] = [];
  // Chunked to stay clear of argument-count limits on huge pastes.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]));
  }
  return parts.join('');
}

/** Octets to text, invalid UTF-8 becoming U+FFFD. */
export function decodeOctets(octets: string): string {
  // Pure ASCII needs no decoding; most SMTP lines are ASCII.
  if (!/[^\x00-\x7f]/.test(octets)) return octets;
  const bytes = new Uint8Array(octets.length);
  for (let i = 0; i < octets.length; i++) bytes[i] = octets.charCodeAt(i) & 0xff;
  return decoder.decode(bytes);
}

/** Text to the octets it takes in UTF-8 (for replies that echo what the client sent). */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** Well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates), as Postfix's valid_utf8_string() requires. */
export function isValidUtf8(octets: string): boolean {
  if (!/[^\x00-\x7f]/.test(octets)) return true;
  const bytes = new Uint8Array(octets.length);
  for (let i = 0; i < octets.length; i++) bytes[i] = octets.charCodeAt(i) & 0xff;
  try {
    strictDecoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
