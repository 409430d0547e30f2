// Properties of the line editor under anything a learner can type or paste: keys, escape sequences, control
// characters, lone surrogates, wide characters and pastes, split into any chunks. It never throws, the shell only
// ever receives single lines, the cursor stays inside the line, and a paste arrives as exactly its lines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayText } from '../../../src/terminal/view.ts';
import { setup } from './harness.ts';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
const PASTE = (text: string) => `\x1b[200~${text}\x1b[201~`;

/** Any UTF-16 code units, lone surrogates included. */
const anyText = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0xffff })), { maxLength: 30 })
  .map((units) => String.fromCharCode(...units));

/** What a terminal sends for keys, plus broken and unknown escape sequences. */
const keyData = fc.constantFrom(
  '\r',
  '\x7f',
  '\x08',
  '\x03',
  '\x04',
  '\x0c',
  '\x15',
  '\x0b',
  '\x17',
  '\x1d',
  '\x01',
  '\x05',
  '\t',
  '\x1b',
  '\x1b[',
  '\x1b[A',
  '\x1b[B',
  '\x1b[C',
  '\x1b[D',
  '\x1b[H',
  '\x1b[F',
  '\x1b[3~',
  '\x1b[1;5D',
  '\x1b[99;99Z',
  '\x1bOA',
  '\x1b[200~',
  '\x1b[201~',
  'é',
  '中文',
  '👍🏽',
  'e\u0301',
  '\ud83d',
);
const chunk = fc.oneof(
  { weight: 4, arbitrary: keyData },
  { weight: 3, arbitrary: anyText },
  { weight: 1, arbitrary: anyText.map(PASTE) },
);

/** Often, after the random keys: erase the line, type plain text and move the cursor (a state the screen check reads). */
const finalEdit = fc.oneof(
  { weight: 1, arbitrary: fc.constant([] as string[]) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.string({
          unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
          maxLength: 30,
        }),
        fc.nat({ max: 8 }),
      )
      .map(([text, left]) => ['\x15', '\x0b', text, ...Array<string>(left).fill('\x1b[D')]),
  },
);

function checkLine(h: ReturnType<typeof setup>): void {
  const { text, cursor } = h.editor.current;
  expect(cursor).toBeGreaterThanOrEqual(0);
  expect(cursor).toBeLessThanOrEqual(text.length);
}

describe('line editor properties', () => {
  it('takes any keys and text in any chunks: no throw, one line per input, the screen shows the line', async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(chunk, { maxLength: 25 }),
        fc.boolean(),
        fc.integer({ min: 10, max: 80 }),
        finalEdit,
        async (random, echo, cols, tail) => {
          const h = setup({ echo }, { linesPerSlice: 3 }, cols);
          for (const data of [...random, ...tail]) {
            h.editor.feed(data);
            checkLine(h);
            if (data.length % 3 === 0) h.runSlice();
          }
          h.runAllSlices();
          checkLine(h);
          for (const line of h.shell.inputs) expect(line).not.toMatch(/[\r\n]/);
          // What xterm shows is what the editor holds: when the whole prompt and the line are plain text that
          // fits the row (no window, no shortened prompt), the cursor's row is the prompt and the line as
          // drawn, and the cursor sits after the part before it.
          const { text, cursor } = h.editor.current;
          const drawn = displayText(text);
          if (echo && /^[\x20-\x7e]*$/.test(drawn) && cols >= 12 && 2 + drawn.length < cols - 1) {
            checked++;
            const rows = await h.rows();
            const at = await h.cursor();
            expect(rows[at.y] ?? '').toBe(`$ ${drawn}`.trimEnd());
            expect(at.x).toBe(2 + displayText(text.slice(0, cursor)).length);
          }
          h.editor.dispose();
          h.term.dispose();
        },
      ),
      { numRuns: NUM_RUNS },
    );
    // The screen check above must not be vacuous: about 40 % of runs end on a short plain line that is shown.
    expect(checked / NUM_RUNS).toBeGreaterThan(0.2);
  });

  it('a paste arrives as exactly its lines, in order, with the last piece left to edit', () => {
    const pasteText = fc
      .array(fc.oneof(anyText, fc.constantFrom('\r', '\n', '\r\n', '.', '..', 'QUIT')), { maxLength: 30 })
      .map((parts) => parts.join(''))
      .filter((text) => !text.includes('\x1b[201~'));
    fc.assert(
      fc.property(pasteText, fc.integer({ min: 1, max: 5 }), (text, linesPerSlice) => {
        const h = setup({ prompt: '' }, { linesPerSlice });
        h.editor.feed(PASTE(text));
        h.runAllSlices();
        const pieces = text.split(/\r\n|\r|\n/);
        expect(h.shell.inputs).toEqual(pieces.slice(0, -1));
        expect(h.editor.current.text).toBe(pieces.at(-1));
        h.editor.dispose();
        h.term.dispose();
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('the same keys give the same lines however they are split into chunks', () => {
    // xterm hands over each key's sequence whole, so chunks split between keys; a paste may split anywhere
    // after its start marker.
    const noEsc = anyText.map((t) => t.replace(/\x1b/g, ''));
    const piece = fc.oneof(
      keyData.filter((k) => k !== '\x1b' && k !== '\x1b['),
      noEsc,
      fc.tuple(noEsc, fc.nat()).map(([text, at]) => {
        const cut = at % (text.length + 1);
        return [`\x1b[200~${text.slice(0, cut)}`, `${text.slice(cut)}\x1b[201~`];
      }),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 20 }),
        fc.array(fc.boolean(), { maxLength: 40 }),
        (pieces, cuts) => {
          const parts = pieces.flat();
          const whole = setup();
          whole.editor.feed(parts.join(''));
          whole.runAllSlices();
          const split = setup();
          let chunk = '';
          parts.forEach((part, i) => {
            chunk += part;
            // CR then LF in two chunks are Enter and Ctrl-J, two keys; in one chunk, one line end.
            const crlf = part.endsWith('\r') && parts[i + 1]?.startsWith('\n');
            if ((cuts[i] ?? true) && !crlf) {
              split.editor.feed(chunk);
              chunk = '';
            }
          });
          split.editor.feed(chunk);
          split.runAllSlices();
          expect(split.shell.inputs).toEqual(whole.shell.inputs);
          expect(split.shell.signals).toEqual(whole.shell.signals);
          expect(split.editor.current.text).toBe(whole.editor.current.text);
          for (const h of [whole, split]) {
            h.editor.dispose();
            h.term.dispose();
          }
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});
