import { describe, expect, it } from 'vitest';
import { History, HistoryBrowser } from '../../../src/terminal/history.ts';

describe('history', () => {
  it('keeps one list per key', () => {
    const h = new History();
    h.add('shell', 'telnet mail.example.test 25');
    h.add('smtp', 'EHLO laptop');
    expect(h.entries('shell')).toEqual(['telnet mail.example.test 25']);
    expect(h.entries('smtp')).toEqual(['EHLO laptop']);
  });

  it('skips blank lines and an immediate repeat', () => {
    const h = new History();
    for (const line of ['NOOP', 'NOOP', '   ', '', 'RSET', 'NOOP']) h.add('smtp', line);
    expect(h.entries('smtp')).toEqual(['NOOP', 'RSET', 'NOOP']);
  });

  it('keeps recording once full: the last 500 lines, newest last', () => {
    const h = new History(500);
    for (let i = 1; i <= 1234; i++) h.add('k', `line ${i}`);
    const list = h.entries('k');
    expect(list.length).toBe(500);
    expect(list[0]).toBe('line 735');
    expect(list[499]).toBe('line 1234');
    h.add('k', 'newest');
    expect(h.entries('k').at(-1)).toBe('newest');
  });
});

describe('history browser', () => {
  const history = () => {
    const h = new History();
    ['one', 'two', 'three'].forEach((l) => h.add('k', l));
    return h;
  };

  it('walks back with up and forward with down, restoring the line being typed', () => {
    const b = new HistoryBrowser(history());
    expect(b.up('k', 'draft')).toBe('three');
    expect(b.up('k', 'three')).toBe('two');
    expect(b.up('k', 'two')).toBe('one');
    expect(b.up('k', 'one')).toBeNull();
    expect(b.down('k')).toBe('two');
    expect(b.down('k')).toBe('three');
    expect(b.down('k')).toBe('draft');
    expect(b.down('k')).toBeNull();
  });

  it('shows nothing for a key without history', () => {
    const b = new HistoryBrowser(history());
    expect(b.up('other', 'x')).toBeNull();
    expect(b.down('other')).toBeNull();
  });
});
