// Tabs as a real terminal draws them: HT moves to the next stop, every 8 columns from the start of the row, and
// stops at the last column without wrapping. @xterm/headless is the oracle: what the editor believes about the
// cursor is checked against where xterm put it.
import { Terminal } from '@xterm/headless';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advance, expandTabs, tabStop, textWidth } from '../../../src/terminal/text-width.ts';
import { computeView } from '../../../src/terminal/view.ts';
import { setup } from './harness.ts';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
const SMTP = { prompt: '', program: 'telnet', historyKey: 'smtp' } as const;
const LEFT = '\x1b[D';
const RIGHT = '\x1b[C';

/** Write data into a fresh xterm; its cursor and rows once parsed. */
async function xterm(data: string, cols: number) {
  const term = new Terminal({ cols, rows: 12, allowProposedApi: true });
  await new Promise<void>((resolve) => term.write(data, resolve));
  const buffer = term.buffer.active;
  const rows: string[] = [];
  for (let y = 0; y < term.rows; y++) rows.push(buffer.getLine(y)?.translateToString(true).trimEnd() ?? '');
  while (rows.length && rows.at(-1) === '') rows.pop();
  const cursor = { x: buffer.cursorX, y: buffer.cursorY };
  term.dispose();
  return { rows, cursor };
}

/** The reference, written out plainly: tabs expanded to spaces up to the next multiple of 8 from `col`. */
function expand(text: string, col = 0): string {
  let out = '';
  for (const c of text) out += c === '\t' ? ' '.repeat(8 - ((col + out.length) % 8)) : c;
  return out;
}

describe('tab stops', () => {
  it('HT goes to the next multiple of 8, and on the last columns to the last one', () => {
    expect([0, 1, 7, 8, 15, 16].map((x) => tabStop(x))).toEqual([8, 8, 8, 16, 16, 24]);
    expect([70, 72, 78, 79].map((x) => tabStop(x, 80))).toEqual([72, 79, 79, 79]);
  });

  it('advance() ends where xterm leaves the cursor: wrapped rows, the right edge, a wrap waiting, wide characters', async () => {
    let edge = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('a', 'bc', ' ', '\t', '\t\t', 'defgh', '中'), { maxLength: 40 }),
        fc.integer({ min: 5, max: 40 }),
        async (parts, cols) => {
          const text = parts.join('');
          fc.pre(advance(0, text, cols) < 10 * cols);
          const pos = advance(0, text, cols);
          // A position at a row's end is xterm's cursor past the last column (x = cols), waiting to wrap.
          const waiting = pos > 0 && pos % cols === 0;
          const expected = waiting
            ? { x: cols, y: pos / cols - 1 }
            : { x: pos % cols, y: Math.floor(pos / cols) };
          expect((await xterm(text, cols)).cursor).toEqual(expected);
          if (/\t/.test(text) && text.length > cols - 8) edge++;
        },
      ),
      { numRuns: NUM_RUNS },
    );
    // Tabs reached the right edge and the rows after it, not only the first columns.
    expect(edge).toBeGreaterThan(NUM_RUNS / 10);
  });

  it('a tab near the right edge stops on the last column; the next character wraps (xterm)', async () => {
    const { rows, cursor } = await xterm('x'.repeat(17) + '\tyz', 20);
    expect(rows).toEqual(['x'.repeat(17) + '  y', 'z']);
    expect(cursor).toEqual({ x: 1, y: 1 });
    expect(advance(0, 'x'.repeat(17) + '\tyz', 20)).toBe(21);
    // After a full row, waiting to wrap, HT does nothing: the next character starts the next row.
    expect(advance(0, 'x'.repeat(20) + '\tz', 20)).toBe(21);
  });
});

describe('typed tabs in the line editor', () => {
  it('"a\\tb" puts b on column 8, "abcdefgh\\tx" puts x on column 16', async () => {
    const h = setup(SMTP);
    h.editor.feed('a\tb');
    expect(await h.rows()).toEqual(['a       b']);
    expect(await h.cursor()).toEqual({ x: 9, y: 0 });
    h.editor.feed('\x15abcdefgh\tx');
    expect(await h.rows()).toEqual(['abcdefgh        x']);
    expect((await h.cursor()).x).toBe(17);
  });

  it('counts the stops from the start of the row, prompt included', async () => {
    const h = setup({ ...SMTP, prompt: 'C: ' });
    h.editor.feed('a\tb');
    // "C: a" fills columns 0-3: the tab goes to 8.
    expect(await h.rows()).toEqual(['C: a    b']);
    expect((await h.cursor()).x).toBe(9);
  });

  it('left, right, home and end step over a tab as one character', async () => {
    const h = setup(SMTP);
    h.editor.feed('ab\tc');
    const x = async () => (await h.cursor()).x;
    h.editor.feed(LEFT);
    expect(await x()).toBe(8);
    h.editor.feed(LEFT);
    expect([await x(), h.editor.current.cursor]).toEqual([2, 2]);
    h.editor.feed(RIGHT);
    expect(await x()).toBe(8);
    h.editor.feed('\x01');
    expect(await x()).toBe(0);
    h.editor.feed('\x05');
    expect(await x()).toBe(9);
  });

  it('backspace over a tab removes the whole tab and the cursor goes back to where the tab began', async () => {
    const h = setup(SMTP);
    h.editor.feed('ab\t');
    expect((await h.cursor()).x).toBe(8);
    h.editor.feed('\x7f');
    expect(h.editor.current).toEqual({ text: 'ab', cursor: 2 });
    expect((await h.cursor()).x).toBe(2);
    // A tab typed before text moves what follows to the next stop, and back when it goes.
    h.editor.feed(`${LEFT}\t`);
    expect(await h.rows()).toEqual(['a       b']);
    h.editor.feed('\x7f');
    expect(await h.rows()).toEqual(['ab']);
    expect((await h.cursor()).x).toBe(1);
  });

  it('sends the real tab byte, and a pasted tab is one too', () => {
    const h = setup(SMTP);
    h.editor.feed('Subject:\tx\r\x1b[200~a\tb\r\x1b[201~');
    expect(h.shell.inputs).toEqual(['Subject:\tx', 'a\tb']);
  });

  it('the line entered is echoed whole: a tab near the right edge stops on the last column, as xterm draws it', async () => {
    const h = setup(SMTP, {}, 20);
    h.editor.feed('x'.repeat(17) + '\tyz\r');
    expect(await h.rows()).toEqual(['x'.repeat(17) + '  y', 'z']);
    expect(h.shell.inputs).toEqual(['x'.repeat(17) + '\tyz']);
  });

  it('a program that prints a tab without a line end: the prompt follows where xterm left the cursor', async () => {
    const h = setup({ prompt: '$ ' });
    h.shell.respond = (_line, out) => out.write('a\tb');
    h.editor.feed('printf\r');
    expect((await h.rows()).at(-1)).toBe('a       b$');
    expect(await h.cursor()).toEqual({ x: 11, y: 1 });
  });

  it('where the typed line is shown, xterm puts the cursor where the editor says (property)', async () => {
    const key = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('a', 'bc', 'defghij', ' ', 'Subject:') },
      { weight: 3, arbitrary: fc.constant('\t') },
      { weight: 3, arbitrary: fc.constantFrom(LEFT, RIGHT, '\x7f', '\x01', '\x05', '\x1b[3~') },
    );
    let whole = 0;
    let windowed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(key, { maxLength: 30 }),
        fc.constantFrom('', '> ', 'C: ', 'telnet> '),
        // From 17 columns the prompt is shown whole (input-row.ts keeps 8 cells for the line).
        fc.integer({ min: 17, max: 60 }),
        async (keys, prompt, cols) => {
          const h = setup({ ...SMTP, prompt }, {}, cols);
          // Where the editor puts the cursor, by its own widths: the window it draws after each key (view.ts,
          // as input-row.ts keeps it), then the cells before the cursor, counted from the row's start.
          let start = 0;
          for (const k of keys) {
            h.editor.feed(k);
            const { text, cursor } = h.editor.current;
            start = computeView(text, cursor, start, cols - 1 - prompt.length, prompt.length).start;
          }
          const { text, cursor } = h.editor.current;
          const from = prompt.length + (start > 0 ? 1 : 0);
          const at = await h.cursor();
          expect(at).toEqual({ x: from + textWidth(text, Infinity, start, cursor, from), y: 0 });
          expect(at.x).toBeLessThan(cols);
          const drawn = expand(prompt + text);
          if (drawn.length < cols - 1) {
            // The whole line fits: the row is the prompt and the line with its tabs expanded, by the reference.
            whole++;
            expect((await h.rows())[0] ?? '').toBe(drawn.trimEnd());
            expect(at.x).toBe(expand(prompt + text.slice(0, cursor)).length);
          } else windowed++;
          h.editor.dispose();
          h.term.dispose();
        },
      ),
      { numRuns: NUM_RUNS },
    );
    // Both cases were reached: a line shown whole, and one wider than the row shown in a window.
    expect(whole).toBeGreaterThan(NUM_RUNS / 5);
    expect(windowed).toBeGreaterThan(NUM_RUNS / 10);
  });

  it('after output with tabs, the prompt and line sit where xterm would have put them (property)', async () => {
    const piece = fc.constantFrom('a', 'bcd', '\t', '\t\t', ' ', '\n', 'x'.repeat(9));
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 20 }),
        fc.constantFrom('a\tb', 'x', ''),
        fc.integer({ min: 16, max: 50 }),
        async (parts, typed, cols) => {
          const output = parts.join('');
          const h = setup({ ...SMTP, prompt: '> ' }, {}, cols);
          h.shell.respond = (_line, out) => out.write(output);
          h.editor.feed('go\r' + typed);
          // The oracle: the same text written straight after the output, where xterm's cursor was.
          const last = output.slice(output.lastIndexOf('\n') + 1);
          const x = (await xterm(last, cols)).cursor.x;
          // The editor starts a fresh row when little room is left (input-row.ts); compare where it does not.
          fc.pre(x < cols && x + 2 + 8 <= cols - 1 && x + expand('> ' + typed, x).length < cols - 1);
          checked++;
          const oracle = await xterm(('> go\n' + output + '> ' + typed).replace(/\n/g, '\r\n'), cols);
          expect(await h.rows()).toEqual(oracle.rows);
          expect(await h.cursor()).toEqual(oracle.cursor);
          h.editor.dispose();
          h.term.dispose();
        },
      ),
      { numRuns: NUM_RUNS },
    );
    expect(checked).toBeGreaterThan(NUM_RUNS / 4);
  });
});

describe('tabs in the transcript (expandTabs: the line as a terminal shows it from the start of a row)', () => {
  it('counts stops from the start of the text, again after each line end', () => {
    expect(expandTabs('To:\talice')).toBe('To:     alice');
    expect(expandTabs('abcdefgh\tx')).toBe('abcdefgh        x');
    expect(expandTabs('a\tb\nc\td')).toBe('a       b\nc       d');
    expect(expandTabs('\u4e2d\u6587\tx')).toBe('\u4e2d\u6587    x');
    // Near misses: no tab, no change (the same string); a space is not a tab.
    const plain = 'MAIL FROM:<a@b>';
    expect(expandTabs(plain)).toBe(plain);
    expect(expandTabs('a b')).toBe('a b');
  });

  it('matches the row xterm draws for the same text', async () => {
    const char = fc.constantFrom('a', 'b', ' ', '\t', '\u00e9', '\u4e2d');
    await fc.assert(
      fc.asyncProperty(fc.array(char, { maxLength: 40 }), async (chars) => {
        const text = chars.join('');
        const { rows } = await xterm(text, 400);
        expect(rows[0] ?? '').toBe(expandTabs(text).trimEnd());
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
