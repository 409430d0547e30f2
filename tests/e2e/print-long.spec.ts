// Printing a long session (issue 13 §3, handouts): past 150 rows the transcript and the diagram draw only the
// rows in view (virtual-rows.ts). Paper has no scrolling, so printing must draw every row, and the lists must be
// windowed again afterwards. The bug this guards: the PDF of ~90 NOOPs was one page that stopped after EHLO.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { connectAndGreet, focusTerminal, openSandbox, paste, transcript } from './helpers.ts';

const NOOPS = 90;
/** Well under the rows of the whole session (90 commands + 90 replies + the greeting): only a window is drawn. */
const WINDOWED = 150;

const rows = (list: Locator) => list.locator('[data-id]').count();
const diagram = (page: Page) => page.getByTestId('diagram').locator('ol');

async function longSession(page: Page): Promise<void> {
  await openSandbox(page);
  await focusTerminal(page);
  await connectAndGreet(page);
  // Numbered, so that the last one is told apart (a NOOP's argument is ignored: RFC 5321 4.1.1.9).
  await paste(page, Array.from({ length: NOOPS }, (_, i) => `NOOP ${i + 1}\r`).join(''));
  await expect(transcript(page)).toContainText(`C: NOOP ${NOOPS}S: 250 2.0.0 Ok`);
  await expect(diagram(page)).toContainText(`NOOP ${NOOPS}`);
  // Windowed on screen: the first NOOPs are not in the page.
  expect(await rows(transcript(page))).toBeLessThan(WINDOWED);
  expect(await rows(diagram(page))).toBeLessThan(WINDOWED);
  await expect(transcript(page)).not.toContainText('NOOP 1S:');
}

async function recordPrintEvents(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { printEvents: string[] }).printEvents = seen;
    addEventListener('beforeprint', () => seen.push('beforeprint'));
    addEventListener('afterprint', () => seen.push('afterprint'));
  });
}

const printEvents = (page: Page) =>
  page.evaluate(() => (window as unknown as { printEvents: string[] }).printEvents);

async function expectWindowedAgain(page: Page): Promise<void> {
  await expect.poll(() => rows(transcript(page))).toBeLessThan(WINDOWED);
  await expect.poll(() => rows(diagram(page))).toBeLessThan(WINDOWED);
}

test('a long sandbox session prints whole: every NOOP on paper, several pages; windowed again after', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await longSession(page);

  await recordPrintEvents(page);
  // page.pdf() is DevTools' Page.printToPDF: like Ctrl+P and window.print(), it fires beforeprint before it lays
  // the page out for print (and afterprint after). That event, not the print media query (which only matches
  // once the print layout is under way), is what draws every row in time.
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  expect(await printEvents(page)).toEqual(['beforeprint', 'afterprint']);
  const file = test.info().outputPath('long-session.pdf');
  writeFileSync(file, pdf);

  const pages = Number(/^Pages:\s+(\d+)$/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
  expect(pages).toBeGreaterThan(1);
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  // The transcript: the first and the last NOOP, the last with its reply; and the diagram's last arrow.
  expect(text).toMatch(/C: NOOP 1\n\s*S: 250 2\.0\.0 Ok/);
  expect(text).toMatch(new RegExp(`C: NOOP ${NOOPS}\\n\\s*S: 250 2\\.0\\.0 Ok`));
  const transcriptAt = text.indexOf(`C: NOOP ${NOOPS}`);
  const diagramAt = text.indexOf('Sequence diagram');
  expect(diagramAt).toBeGreaterThan(transcriptAt);
  expect(text.slice(diagramAt)).toContain(`NOOP ${NOOPS}\n`);
  expect(text.match(/NOOP \d+/g)).toHaveLength(2 * NOOPS);
  // Look at it: the first page and the last.
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, test.info().outputPath('page')]);
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '60',
    '-f',
    String(pages),
    '-l',
    String(pages),
    file,
    test.info().outputPath('last'),
  ]);

  // Printed, the lists are windowed again.
  await expectWindowedAgain(page);
});

test('the Print button (window.print(), as Ctrl+P) draws every row at once; afterprint windows again', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await longSession(page);
  await recordPrintEvents(page);
  await page.getByRole('button', { name: 'Print a handout' }).click();
  await expect.poll(() => printEvents(page)).toEqual(['beforeprint']);
  expect(await rows(transcript(page))).toBeGreaterThan(2 * NOOPS);
  expect(await rows(diagram(page))).toBeGreaterThan(2 * NOOPS);
  await expect(transcript(page)).toContainText('C: NOOP 1S: 250 2.0.0 Ok');
  // Headless Chromium shows no print dialog and so never closes it: it fires no afterprint (and the page stays
  // "being printed", so no page.pdf() here). The event a browser fires once its dialog closes, by hand:
  await page.evaluate(() => dispatchEvent(new Event('afterprint')));
  await expectWindowedAgain(page);
});

// Print media alone (emulated: no print events) was never the bug: the print styles lift the lists' height and
// the rows are measured again. This guards that it stays whole on paper, and that leaving print media (the media
// query's change, which the lists also listen to) windows the lists again.
test('print media in effect (emulated, no print events) draws every row; screen media windows again', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await longSession(page);
  await page.emulateMedia({ media: 'print' });
  await expect.poll(() => rows(transcript(page))).toBeGreaterThan(2 * NOOPS);
  await expect.poll(() => rows(diagram(page))).toBeGreaterThan(2 * NOOPS);
  await expect(transcript(page)).toContainText('C: NOOP 1S: 250 2.0.0 Ok');
  await page.emulateMedia({ media: 'screen' });
  await expectWindowedAgain(page);
});
