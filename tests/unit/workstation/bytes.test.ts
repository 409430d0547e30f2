// UTF-8 and base64 of the laptop's tools, checked against the platform's own encoders as the reference.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64Decode, base64Encode, utf8Decode, utf8Encode } from '../../../src/workstation/bytes.ts';

/** Any UTF-16 text, lone surrogates included (built from code units: fc's 'binary' unit is slow). */
const anyText = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0xd800, max: 0xdfff })), {
    maxLength: 200,
  })
  .map((units) => String.fromCharCode(...units));

describe('bytes', () => {
  it('encodes UTF-8 as TextEncoder does, lone surrogates included', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(Array.from(utf8Encode(text))).toEqual(Array.from(new TextEncoder().encode(text)));
      }),
    );
  });

  it('decodes any bytes as TextDecoder does, one U+FFFD per maximal invalid subpart', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(utf8Decode(bytes)).toBe(new TextDecoder().decode(bytes));
      }),
    );
  });

  it('encodes base64 as Buffer does, and decodes its own output back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const encoded = base64Encode(bytes);
        expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
        const decoded = base64Decode(encoded);
        expect(decoded.valid).toBe(true);
        expect(Array.from(decoded.bytes)).toEqual(Array.from(bytes));
      }),
    );
  });

  it('skips newlines but stops at other characters outside the alphabet, like GNU base64 -d', () => {
    expect(base64Decode('QUJD\nREVG\n')).toEqual({
      bytes: Uint8Array.from([65, 66, 67, 68, 69, 70]),
      valid: true,
    });
    expect(base64Decode('QUJD\r\n').valid).toBe(false);
    expect(base64Decode('QUJD!', true).valid).toBe(true);
    expect(base64Decode('abc')).toEqual({ bytes: Uint8Array.from([0x69, 0xb7]), valid: false });
  });
});
