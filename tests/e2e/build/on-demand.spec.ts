// The built widget loads dig, host, nslookup, openssl and printf only when a lesson types them (or when the
// learner does): in the "connect" lesson, which never uses dig, its chunk is not fetched, and `dig mx
// example.test` typed there still answers as dig does, with what was typed while it loaded run after it. The
// delivery report writer likewise: connect never fetches it, and a report asked for there holds the 250 for it;
// the message checks come with the lessons whose goals read them.
import { test, type Locator, type Page } from '@playwright/test';
import { SCREEN_TIMEOUT } from '../helpers.ts';
import { builtDist, expect, rowsOf, SITE, watchProblems } from './built.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

let server: StaticServer;

/** The blog post's connect lesson widget, once its lab is built (its prompt shows): its terminal. */
async function openPostLesson(page: Page): Promise<Locator> {
  await page.goto(`${server.url}/post.html`);
  const terminal = page.locator('smtp-lab#post-connect .xterm');
  await expect(terminal.locator('.xterm-rows')).toBeVisible({ timeout: SCREEN_TIMEOUT });
  await expect.poll(() => rowsOf(terminal), { timeout: SCREEN_TIMEOUT }).toMatch(/learner@laptop:~\$/);
  return terminal;
}
test.beforeAll(async () => {
  server = await serveStatic({ '/': SITE, '/smtp-lab/': builtDist() });
});
test.afterAll(() => server.close());

const DIG_CHUNK = /\/smtp-lab\/assets\/dig-[\w-]+\.js$/;

test('dig typed in a lesson that does not use it: fetched then, answered as dig, typed-ahead keys kept', async ({
  page,
}) => {
  const problems = watchProblems(page);
  // Hold the dig chunk until the keys after it are typed, as a slow network would.
  let release = (): void => undefined;
  const held = new Promise<void>((done) => (release = done));
  const digRequests: string[] = [];
  await page.route(DIG_CHUNK, async (route) => {
    digRequests.push(route.request().url());
    await held;
    await route.continue();
  });
  const terminal = await openPostLesson(page);
  // The lesson is up, its lab built: nothing asked for dig (the lesson's own lines never type it).
  expect(digRequests).toEqual([]);

  await terminal.click();
  await page.keyboard.type('dig mx example.test');
  await page.keyboard.press('Enter');
  await expect.poll(() => digRequests.length, { timeout: SCREEN_TIMEOUT }).toBe(1);
  // Typed while dig's code is on its way: runs after dig, in order.
  await page.keyboard.type('echo typed-ahead');
  await page.keyboard.press('Enter');
  expect(await rowsOf(terminal)).not.toMatch(/ANSWER SECTION/);
  release();

  await expect.poll(() => rowsOf(terminal), { timeout: SCREEN_TIMEOUT }).toMatch(/^typed-ahead$/m);
  const rows = await rowsOf(terminal);
  expect(rows).toMatch(/^;; ANSWER SECTION:$/m);
  expect(rows).toMatch(/^example\.test\.\s+\d+\s+IN\s+MX\s+10 mail\.example\.test\.$/m);
  expect(rows.indexOf('ANSWER SECTION')).toBeLessThan(rows.lastIndexOf('typed-ahead'));
  // A near miss is not loaded, it is not found at once.
  await page.keyboard.type('digg mx example.test');
  await page.keyboard.press('Enter');
  await expect
    .poll(() => rowsOf(terminal), { timeout: SCREEN_TIMEOUT })
    .toMatch(/^bash: digg: command not found$/m);
  expect(digRequests).toHaveLength(1);
  expect(problems).toEqual([]);
});

test('a lesson that types dig fetches it ahead, in parallel with the terminal', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${server.url}/smtp-lab/embed.html?lesson=mx-records`);
  await expect(page.locator('.xterm-rows')).toBeVisible({ timeout: SCREEN_TIMEOUT });
  await expect.poll(() => requests.some((u) => DIG_CHUNK.test(u)), { timeout: SCREEN_TIMEOUT }).toBe(true);
  expect(requests.some((u) => /\/assets\/openssl-/.test(u))).toBe(false);
});

const WRITER_CHUNK = /\/smtp-lab\/assets\/dsn-[\w-]+\.js$/;
const MOVED_CHUNKS = /\/assets\/(nc|date|tools|clock|dsn|message-checks)-[\w-]+\.js$/;

test('the report writer: connect never fetches it; a report asked for there holds the 250 until it is here', async ({
  page,
}) => {
  const problems = watchProblems(page);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  let release = (): void => undefined;
  const held = new Promise<void>((done) => (release = done));
  await page.route(WRITER_CHUNK, async (route) => {
    await held;
    await route.continue();
  });
  const terminal = await openPostLesson(page);
  await terminal.click();
  const lines = [
    'telnet mail.example.test 25',
    'EHLO laptop.client.test',
    'MAIL FROM:<bob@example.test>',
    'RCPT TO:<alice@example.test> NOTIFY=SUCCESS',
    'DATA',
  ];
  for (const line of lines) {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  }
  await expect.poll(() => rowsOf(terminal), { timeout: SCREEN_TIMEOUT }).toMatch(/^354 /m);
  // The lesson, its lab and a whole conversation so far: none of the chunks moved out of the lab.
  expect(requests.filter((u) => MOVED_CHUNKS.test(u))).toEqual([]);

  for (const line of ['Subject: report please', '', 'hello', '.', 'NOOP']) {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  }
  await expect.poll(() => requests.filter((u) => WRITER_CHUNK.test(u)).length).toBe(1);
  // The success report is owed: the 250 (and the NOOP typed after the dot) wait for the writer.
  expect(await rowsOf(terminal)).not.toMatch(/queued as/);
  release();
  await expect
    .poll(() => rowsOf(terminal), { timeout: SCREEN_TIMEOUT })
    .toMatch(/^250 2\.0\.0 Ok: queued as \w+\n250 2\.0\.0 Ok$/m);
  expect(requests.filter((u) => MOVED_CHUNKS.test(u))).toEqual([expect.stringMatching(WRITER_CHUNK)]);
  expect(problems).toEqual([]);
});

test('a lesson whose goals read header syntax fetches the message checks ahead; its steps complete', async ({
  page,
}) => {
  const problems = watchProblems(page);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${server.url}/smtp-lab/embed.html?lesson=proper-message`);
  await expect(page.locator('.xterm-rows')).toBeVisible({ timeout: SCREEN_TIMEOUT });
  await expect
    .poll(() => requests.filter((u) => /\/assets\/(message-checks|date)-/.test(u)).length, {
      timeout: SCREEN_TIMEOUT,
    })
    .toBe(2);
  // Step 1 (EHLO), then step 2, whose goal checks the syntax of six headers, by their solutions.
  const card = page.getByTestId('current-step');
  for (const next of [/Step 2 of 3$/, /Step 3 of 3$/]) {
    await card.getByRole('button', { name: 'Show solution' }).click();
    await expect(card.locator('h2')).toHaveText(next, { timeout: SCREEN_TIMEOUT });
  }
  expect(problems).toEqual([]);
});
