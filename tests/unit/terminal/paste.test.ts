import { describe, expect, it } from 'vitest';
import { PasteReader } from '../../../src/terminal/paste.ts';

const readAll = (text: string) => {
  const r = new PasteReader(text);
  const out = [];
  for (let p = r.next(); p; p = r.next()) out.push(p);
  return out;
};

describe('paste reader', () => {
  it('splits on CR LF, CR and LF alike', () => {
    expect(readAll('a\r\nb\rc\nd')).toEqual([
      { text: 'a', complete: true },
      { text: 'b', complete: true },
      { text: 'c', complete: true },
      { text: 'd', complete: false },
    ]);
  });

  it('keeps empty lines (the blank line between headers and body matters)', () => {
    expect(readAll('Subject: x\r\r.\r').map((p) => p.text)).toEqual(['Subject: x', '', '.']);
  });

  it('reads a paste of 200 000 lines one line at a time', () => {
    const r = new PasteReader('x\n'.repeat(200_000));
    let n = 0;
    while (r.next()) n++;
    expect(n).toBe(200_000);
  });
});
