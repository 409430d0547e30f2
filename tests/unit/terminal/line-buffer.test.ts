import { describe, expect, it } from 'vitest';
import * as edit from '../../../src/terminal/line-buffer.ts';

const at = (text: string, cursor: number): edit.LineState => ({ text, cursor });

describe('line buffer', () => {
  it('inserts at the cursor and moves it past the insertion', () => {
    expect(edit.insert(at('MAIL :<a@b>', 5), 'FROM')).toEqual(at('MAIL FROM:<a@b>', 9));
  });

  it('moves over a base letter and its combining accent as one character', () => {
    const text = 'cafe\u0301!';
    const line = edit.left(edit.left(edit.lineOf(text)));
    expect(line.cursor).toBe(3);
    expect(edit.right(line).cursor).toBe(5);
  });

  it('deletes a whole cluster with Backspace: combining accent, astral symbol, emoji sequence', () => {
    expect(edit.backspace(edit.lineOf('cafe\u0301')).text).toBe('caf');
    expect(edit.backspace(edit.lineOf('a𝄞')).text).toBe('a');
    expect(edit.backspace(edit.lineOf('hi 👩‍💻')).text).toBe('hi ');
  });

  it('deletes forward with Delete, and does nothing at the end', () => {
    expect(edit.deleteForward(at('中文', 0))).toEqual(at('文', 0));
    expect(edit.deleteForward(edit.lineOf('ab'))).toEqual(at('ab', 2));
  });

  it('goes to the start and end with Home and End', () => {
    expect(edit.home(edit.lineOf('abc')).cursor).toBe(0);
    expect(edit.end(at('abc', 1)).cursor).toBe(3);
  });

  it('kills to the start (Ctrl-U) and to the end (Ctrl-K)', () => {
    expect(edit.killToStart(at('RCPT TO:<bob>', 5))).toEqual(at('TO:<bob>', 0));
    expect(edit.killToEnd(at('RCPT TO:<bob>', 5))).toEqual(at('RCPT ', 5));
  });

  it('deletes the previous space-separated word with Ctrl-W, as unix-word-rubout does', () => {
    expect(edit.deleteWordBefore(edit.lineOf('MAIL FROM:<a@b.test>  '))).toEqual(at('MAIL ', 5));
    expect(edit.deleteWordBefore(at('one two', 3))).toEqual(at(' two', 0));
  });

  it('moves by words of letters and digits', () => {
    const line = edit.lineOf('MAIL FROM:<alice@example.test>');
    expect(edit.wordLeft(line).cursor).toBe('MAIL FROM:<alice@example.'.length);
    expect(edit.wordRight(at(line.text, 0)).cursor).toBe(4);
    expect(edit.deleteWordAfter(at(line.text, 4))).toEqual(at('MAIL:<alice@example.test>', 4));
  });

  it('never leaves the text at the edges', () => {
    expect(edit.left(at('a', 0))).toEqual(at('a', 0));
    expect(edit.right(at('a', 1))).toEqual(at('a', 1));
    expect(edit.backspace(at('a', 0))).toEqual(at('a', 0));
  });
});
