// Bytes for the simulated laptop: UTF-8 and base64 without TextEncoder/atob, which the DOM-free core lib lacks.

/** UTF-8 bytes of a string; a lone surrogate becomes U+FFFD, as TextEncoder does. */
export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/**
 * Text from UTF-8 bytes. Each maximal invalid subpart becomes one U+FFFD (the WHATWG decoder's rule), so
 * `base64 -d` of arbitrary bytes prints replacement characters and never throws.
 */
export function utf8Decode(bytes: Uint8Array): string {
  let out = '';
  let chunk: number[] = [];
  const flush = () => {
    out += String.fromCodePoint(...chunk);
    chunk = [];
  };
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need = 0;
    let cp = 0;
    let lower = 0x80;
    let upper = 0xbf;
    if (b < 0x80) {
      chunk.push(b);
      i++;
    } else {
      if (b >= 0xc2 && b <= 0xdf) {
        need = 1;
        cp = b & 0x1f;
      } else if (b >= 0xe0 && b <= 0xef) {
        need = 2;
        cp = b & 0x0f;
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        need = 3;
        cp = b & 0x07;
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
      }
      i++;
      let ok = need > 0;
      for (let k = 0; k < need; k++) {
        const n = bytes[i];
        if (i >= bytes.length || n < lower || n > upper) {
          ok = false;
          break;
        }
        cp = (cp << 6) | (n & 0x3f);
        lower = 0x80;
        upper = 0xbf;
        i++;
      }
      chunk.push(ok ? cp : 0xfffd);
    }
    // String.fromCodePoint takes its arguments on the stack: keep the chunks small.
    if (chunk.length >= 4096) flush();
  }
  flush();
  return out;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 base64 with padding, no line breaks. */
export function base64Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63] : '=';
  }
  return out;
}

export interface Base64Decoded {
  bytes: Uint8Array;
  /** false when the input had a character outside the alphabet or bad padding (GNU: "invalid input"). */
  valid: boolean;
}

/**
 * Decode as GNU coreutils `base64 -d` does: newlines are skipped, anything else outside the alphabet stops
 * decoding (unless ignoreGarbage), and what was decoded before the error is still returned.
 */
export function base64Decode(text: string, ignoreGarbage = false): Base64Decoded {
  const out: number[] = [];
  let quad: number[] = [];
  let padding = 0;
  let ended = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') continue;
    const v = ALPHABET.indexOf(ch);
    if (ch === '=' && quad.length >= 2 && !ended) {
      padding++;
      quad.push(0);
      if (quad.length === 4) {
        emit(quad, 3 - padding, out);
        quad = [];
        ended = true;
      }
      continue;
    }
    if (v < 0 || padding > 0 || ended) {
      if (ignoreGarbage && v < 0 && ch !== '=') continue;
      if (ended && v >= 0) {
        // GNU accepts concatenated base64 blocks ("QQ==QQ==").
        ended = false;
        padding = 0;
        quad = [v];
        continue;
      }
      if (ignoreGarbage && ch === '=') continue;
      return { bytes: Uint8Array.from(out), valid: false };
    }
    quad.push(v);
    if (quad.length === 4) {
      emit(quad, 3, out);
      quad = [];
    }
  }
  if (quad.length > 0) {
    // A truncated final group: decode what it holds, but report it like GNU does.
    if (quad.length >= 2) emit([...quad, 0, 0].slice(0, 4), quad.length - 1, out);
    return { bytes: Uint8Array.from(out), valid: false };
  }
  return { bytes: Uint8Array.from(out), valid: true };
}

function emit(quad: number[], count: number, out: number[]): void {
  const n = (quad[0] << 18) | (quad[1] << 12) | (quad[2] << 6) | quad[3];
  const bytes = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  for (let k = 0; k < count; k++) out.push(bytes[k]);
}
