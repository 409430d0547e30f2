import { describe, expect, it } from 'vitest';
import { KeyTokenizer, type Key } from '../../../src/terminal/keys.ts';

const key = (name: string): Key => ({ type: 'key', name }) as Key;
const feed = (...chunks: string[]): Key[] => {
  const t = new KeyTokenizer();
  return chunks.flatMap((c) => t.feed(c));
};

describe('key tokenizer', () => {
  it('groups printable characters, including non-ASCII, into one text run', () => {
    expect(feed('MAIL FROM:<josé@exämple.test>')).toEqual([
      { type: 'text', text: 'MAIL FROM:<josé@exämple.test>' },
    ]);
  });

  it('reads Enter as CR, a CR LF pair as one Enter, and LF alone as Enter', () => {
    expect(feed('a\rb\r\nc\n')).toEqual([
      { type: 'text', text: 'a' },
      key('enter'),
      { type: 'text', text: 'b' },
      key('enter'),
      { type: 'text', text: 'c' },
      key('enter'),
    ]);
  });

  it('maps cursor keys in normal and application mode, and the editing pad', () => {
    expect(
      feed('\x1b[A', '\x1b[B', '\x1bOC', '\x1bOD', '\x1b[H', '\x1bOF', '\x1b[1~', '\x1b[4~', '\x1b[3~'),
    ).toEqual(['up', 'down', 'right', 'left', 'home', 'end', 'home', 'end', 'delete'].map(key));
  });

  it('maps Ctrl and Alt chords to word and kill keys', () => {
    expect(feed('\x1b[1;5D', '\x1b[1;5C', '\x1bb', '\x1bf', '\x1b\x7f', '\x17', '\x15', '\x0b')).toEqual(
      [
        'wordLeft',
        'wordRight',
        'wordLeft',
        'wordRight',
        'deleteWordBefore',
        'deleteWordBefore',
        'killToStart',
        'killToEnd',
      ].map(key),
    );
  });

  it('maps the control keys the shell gets as signals', () => {
    expect(feed('\x03', '\x04', '\x1d', '\x0c')).toEqual(
      ['interrupt', 'eof', 'telnetEscape', 'clear'].map(key),
    );
  });

  it('reads both DEL and Ctrl-H as Backspace', () => {
    expect(feed('\x7f\x08')).toEqual([key('backspace'), key('backspace')]);
  });

  it('reads a lone ESC as the Escape key and skips unknown sequences', () => {
    expect(feed('\x1b')).toEqual([key('escape')]);
    expect(feed('\x1b[15~x')).toEqual([{ type: 'text', text: 'x' }]);
  });

  it('returns a bracketed paste as one paste, never as keys', () => {
    expect(feed('\x1b[200~HELO a\r\x03\x1b[A.\r\x1b[201~')).toEqual([
      { type: 'paste', text: 'HELO a\r\x03\x1b[A.\r' },
    ]);
  });

  it('joins a paste split over several chunks, even inside the end marker', () => {
    expect(feed('x\x1b[200~one\r', 'two', '\r\x1b[20', '1~y')).toEqual([
      { type: 'text', text: 'x' },
      { type: 'paste', text: 'one\rtwo\r' },
      { type: 'text', text: 'y' },
    ]);
  });
});
