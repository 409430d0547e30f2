// The Compare view: one line typed, two or three servers answering side by side, replies aligned to their lines.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const rows = (page: Page) => page.getByTestId('compare-row');
/** The text of row `r`, column `c` (0 is the line sent), spaces squeezed. */
async function cell(page: Page, r: number, c: number): Promise<string> {
  const text = await rows(page).nth(r).locator('th, td').nth(c).innerText();
  return text.replace(/\s+/g, ' ').trim();
}
async function send(page: Page, line: string): Promise<void> {
  const field = page.getByLabel('Line to send to every server');
  await field.fill(line);
  await field.press('Enter');
}
/** A paste of several lines, as the clipboard hands it to the field: one pipelined group. */
async function paste(page: Page, text: string): Promise<void> {
  const field = page.getByLabel('Line to send to every server');
  await field.focus();
  await field.evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

test('the same lines to three servers, aligned row by row, differences marked, shared by link', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/#/sandbox');
  await page.getByRole('link', { name: 'Compare servers side by side' }).click();
  await expect(page.getByRole('heading', { name: 'Compare servers' })).toBeVisible();
  await page.getByLabel('Server 1', { exact: true }).selectOption('postfix');
  await page.getByLabel('Server 2', { exact: true }).selectOption('sendmail');
  await page.getByLabel('Server 3', { exact: true }).selectOption('smtp-server');

  // Greeting row: each server's 220.
  await expect(rows(page)).toHaveCount(1);
  expect(await cell(page, 0, 1)).toContain('220 mail.example.test ESMTP Postfix');
  expect(await cell(page, 0, 2)).toContain('Sendmail 8.9');

  await send(page, 'EHLO laptop.client.test');
  // A multi-line reply stays whole in its row.
  expect(await cell(page, 1, 1)).toMatch(/^250-mail\.example\.test .*250 [A-Z0-9]+ success$/);
  expect(await cell(page, 1, 1)).toContain('PIPELINING');

  // Pipelined: three commands in one paste, each reply on its own command's row.
  await paste(page, 'MAIL FROM:<learner@client.test>\nRCPT TO:<alice@example.test>\nDATA\n');
  await expect(rows(page)).toHaveCount(5);
  expect(await cell(page, 2, 1)).toBe('250 2.1.0 Ok success');
  expect(await cell(page, 3, 1)).toBe('250 2.1.5 Ok success');
  expect(await cell(page, 4, 1)).toMatch(/^354 /);
  expect(await cell(page, 2, 3)).toBe('250 Accepted success');
  // Postfix sends enhanced codes and smtp-server does not: that row is marked, in words too.
  expect(await cell(page, 2, 0)).toContain('Differs:');
  expect(await cell(page, 2, 0)).toContain('enhanced code');

  // Message content gets no reply; the dot gets the verdict.
  await send(page, 'Subject: compare');
  await send(page, '');
  await send(page, '.');
  expect(await cell(page, 5, 1)).toContain('message content');
  expect(await cell(page, 6, 2)).toContain('message content');
  expect(await cell(page, 7, 1)).toMatch(/^250 2\.0\.0 Ok: queued as /);
  // After QUIT every server hangs up: the next line is read by none of them.
  await send(page, 'QUIT');
  await send(page, 'NOOP');
  expect(await cell(page, 8, 1)).toContain('the server hung up');
  for (const c of [1, 2, 3]) expect(await cell(page, 9, c)).toContain('not read');
  // Rows agree where they must: the content lines have no difference mark.
  expect(await cell(page, 5, 0)).not.toContain('Differs');

  await page.screenshot({ path: 'test-results/class-compare.png', fullPage: true });
  expect(await axeViolations(page)).toEqual([]);

  // The link carries the servers and the lines: opening it shows the same table.
  await page.getByRole('button', { name: 'Copy a link to this comparison' }).click();
  await expect(page.getByText('Link copied')).toBeVisible();
  const url = await page.evaluate(() => navigator.clipboard.readText());
  expect(url).toContain('#/compare?');
  const before = await rows(page).allInnerTexts();
  await page.goto('about:blank');
  await page.goto(url);
  await expect(rows(page)).toHaveCount(10);
  await expect(page.getByLabel('Server 2', { exact: true })).toHaveValue('sendmail');
  const after = await rows(page).allInnerTexts();
  // Queue ids and Sendmail's date differ between runs; the codes of each row are the same.
  const codes = (texts: string[]) => texts.map((t) => t.match(/\b[2-5]\d\d\b/g)?.join(' ') ?? '');
  expect(codes(after)).toEqual(codes(before));
});

test('a link with an unknown server says so and starts empty', async ({ page }) => {
  await page.goto('/#/compare?servers=postfix,evil&lines=WyJIRUxPIGEiXQ&groups=1');
  await expect(page.getByRole('alert')).toContainText('does not hold a comparison');
  await expect(rows(page)).toHaveCount(1);
});

async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} — ${n.target.join(' ')}`));
}

test('one server hangs up early inside a pipelined group: its later lines unread, the others answered on their rows', async ({
  page,
}) => {
  await page.goto('/#/compare');
  await page.getByLabel('Server 1', { exact: true }).selectOption('postfix');
  await page.getByLabel('Server 2', { exact: true }).selectOption('sendmail');
  await page.getByLabel('Server 3', { exact: true }).selectOption('aiosmtpd');
  await send(page, 'EHLO laptop.client.test');
  // A header line on the command channel: Postfix takes it for a confused client and hangs up at once; the
  // others refuse that one line and go on with the rest of the group.
  await paste(page, 'Subject: oops\nMAIL FROM:<learner@client.test>\nRCPT TO:<alice@example.test>\n');
  await expect(rows(page)).toHaveCount(5);
  expect(await cell(page, 2, 1)).toContain('the server hung up');
  expect(await cell(page, 2, 2)).toMatch(/^5\d\d /);
  expect(await cell(page, 2, 3)).toMatch(/^5\d\d /);
  for (const r of [3, 4]) {
    expect(await cell(page, r, 1)).toContain('not read');
    expect(await cell(page, r, 2)).toMatch(/^250 /);
    expect(await cell(page, r, 3)).toMatch(/^250 /);
    expect(await cell(page, r, 0)).toContain('Differs:');
  }
  expect(await cell(page, 3, 0)).toContain('whether it replied');
  // A line later still: Postfix reads nothing, the others answer on this line's row.
  await send(page, 'NOOP');
  expect(await cell(page, 5, 1)).toContain('not read');
  expect(await cell(page, 5, 2)).toMatch(/^250 /);
  await page.screenshot({ path: 'test-results/class-compare-hangup.png', fullPage: true });
});
