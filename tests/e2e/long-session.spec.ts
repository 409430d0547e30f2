// After a long class (2,000 commands in the sandbox) the transcript and the diagram draw only the rows in view:
// the page holds a bounded number of rows, the scroll bar still spans everything kept, and scrolling back
// draws the older rows. (How fast a keystroke then echoes is measured by `npm run bench`, not asserted here.)
import { expect, test, type Locator } from '@playwright/test';
import {
  connectAndGreet,
  expectScreen,
  focusTerminal,
  openSandbox,
  paste,
  say,
  transcript,
} from './helpers.ts';

/** One mail transaction, five lines; 400 of them make 2,000 lines typed (repeated HELOs would end in "too many
 * errors", as Postfix's junk-command limit has it). */
const TRANSACTION =
  'MAIL FROM:<learner@client.test>\rRCPT TO:<alice@example.test>\rDATA\rSubject: again\r.\r';
const TRANSACTIONS = 400;

const rowsIn = (scope: Locator, selector: string) => scope.locator(selector).count();

test('2,000 commands: the transcript and the diagram keep few rows in the page, and scroll back', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openSandbox(page);
  await focusTerminal(page);
  await connectAndGreet(page);
  await paste(page, [TRANSACTION, TRANSACTIONS]);
  await say(page, 'QUIT', /^221 2\.0\.0 Bye$/m);
  await expectScreen(page, /\$ ?$/m);

  const log = transcript(page);
  const diagram = page.getByTestId('diagram').locator('ol');
  await expect(log).toContainText('221 2.0.0 Bye');
  // Thousands of entries are kept (the log's own limits), a few dozen are in the page.
  const transcriptRows = await rowsIn(log, '[data-id]');
  const diagramRows = await rowsIn(diagram, '[data-id]');
  expect(transcriptRows).toBeGreaterThan(5);
  expect(transcriptRows).toBeLessThan(150);
  expect(diagramRows).toBeGreaterThan(5);
  expect(diagramRows).toBeLessThan(150);
  // The scroll bar spans the whole list: far more than the rows drawn.
  const { scrollHeight, clientHeight } = await log.evaluate((el) => ({
    scrollHeight: el.scrollHeight,
    clientHeight: el.clientHeight,
  }));
  expect(scrollHeight).toBeGreaterThan(clientHeight * 20);

  // Back to the top: the oldest rows kept are drawn, the newest are not.
  const firstIdBefore = await log.locator('[data-id]').first().getAttribute('data-id');
  await log.evaluate((el) => {
    el.scrollTop = 0;
    el.dispatchEvent(new Event('scroll'));
  });
  await expect.poll(() => log.locator('[data-id]').first().getAttribute('data-id')).not.toBe(firstIdBefore);
  await expect(log).toContainText('earlier lines not shown');
  await expect(log).not.toContainText('221 2.0.0 Bye');
  expect(await rowsIn(log, '[data-id]')).toBeLessThan(150);
  // And down again: the newest line is back.
  await log.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
    el.dispatchEvent(new Event('scroll'));
  });
  await expect(log).toContainText('221 2.0.0 Bye');
});
