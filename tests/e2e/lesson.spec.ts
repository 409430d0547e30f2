// A learner works through lesson 2 by typing (one mistake, one hint), reloads half-way and carries on where they were.
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import {
  expectScreen,
  focusTerminal,
  lessonSlug,
  pageResponds,
  paste,
  say,
  screenText,
  terminal,
} from './helpers.ts';

type Status = 'done' | 'current' | 'todo';

/**
 * Each step's id and status as the page states it to assistive technology: aria-current="step" marks the
 * current one, and a done step says "(done)" in its visually hidden status text.
 */
async function steps(page: Page): Promise<{ id: string; status: Status }[]> {
  return page
    .getByTestId('lesson-steps')
    .locator(':scope > li')
    .evaluateAll((items) =>
      items.map((li) => ({
        id: li.getAttribute('data-step') ?? '',
        status: (li.getAttribute('aria-current') === 'step'
          ? 'current'
          : /\(done\)/.test(li.querySelector('.step-head')?.textContent ?? '')
            ? 'done'
            : 'todo') as Status,
      })),
    );
}

async function expectSteps(page: Page, done: string[], current: string | null): Promise<void> {
  await expect
    .poll(async () => {
      const list = await steps(page);
      return {
        done: list.filter((s) => s.status === 'done').map((s) => s.id),
        current: list.find((s) => s.status === 'current')?.id ?? null,
      };
    })
    .toEqual({ done, current });
}

const screenshot = (name: string) => fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url));

const outcome = (page: Page) => page.getByTestId('lesson-outcome');

/** Lesson 2, the one seed 000 is about, with its terminal on screen. */
async function openLesson2(page: Page): Promise<void> {
  const slug = lessonSlug(2);
  expect(slug, 'lessons/02-* exists').not.toBeNull();
  await page.goto(`/#/lessons/${slug}`);
  await expect(terminal(page).locator('.xterm-rows')).toBeVisible();
}

test('lesson 2 typed by a learner: a mistake, a hint, a reload half-way, then to the end', async ({
  page,
}) => {
  test.slow();
  await openLesson2(page);
  await expect(page.getByTestId('lesson-steps')).toBeVisible();
  // The step to do now has its card next to the terminal (layout.spec.ts checks where).
  await expect(page.getByTestId('current-step')).toContainText('Step 1 of');
  // Step ids come from the lesson file; the test only relies on their order.
  const ids = (await steps(page)).map((s) => s.id);
  expect(ids.length).toBeGreaterThanOrEqual(5);
  await expectSteps(page, [], ids[0]);

  await focusTerminal(page);
  await say(page, 'telnet mail.example.test 25', /^220 mail\.example\.test ESMTP Postfix$/m);
  await expectSteps(page, ids.slice(0, 1), ids[1]);

  // Stuck on HELO: one hint, then a mistake (no argument), then the right command.
  const hint = page.getByRole('button', { name: /^Hint\b/ });
  await hint.click();
  await expect(page.getByTestId('hints').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('hints')).not.toBeEmpty();
  await focusTerminal(page);
  // The lesson's telnet does not echo (seed 000), so only the replies show. Real Postfix: refs 30_helo_no_argument.
  await say(page, 'HELO', /^501 Syntax: HELO hostname$/m);
  await expect(outcome(page)).toHaveAttribute('data-kind', 'error');
  await expect(outcome(page)).toContainText('501');
  // The explanation's text comes from the reply catalog, a chunk fetched when the first explanation shows.
  await expect(outcome(page)).toContainText('What now');
  await expect(outcome(page)).toContainText('RFC 5321');
  await expectSteps(page, ids.slice(0, 1), ids[1]);

  await say(page, 'HELO laptop.client.test', /^250 mail\.example\.test$/m);
  await expectSteps(page, ids.slice(0, 2), ids[2]);
  await say(page, 'MAIL FROM:<learner@client.test>', /^250 2\.1\.0 Ok$/m);
  await expectSteps(page, ids.slice(0, 3), ids[3]);

  // Half-way: the page is reloaded (a closed tab, a crash). The steps done stay done, the current step stays.
  await page.reload();
  await expect(terminal(page).locator('.xterm-rows')).toBeVisible();
  await expectSteps(page, ids.slice(0, 3), ids[3]);
  // The terminal session was replayed, so the server is still waiting for RCPT: the next command just works.
  await expectScreen(page, /^250 2\.1\.0 Ok$/m);
  await page.screenshot({ path: screenshot('lesson-2-after-reload'), fullPage: true });
  await focusTerminal(page);
  await say(page, 'RCPT TO:<alice@example.test>', /^250 2\.1\.5 Ok$/m);
  await expectSteps(page, ids.slice(0, 4), ids[4]);

  await say(page, 'DATA', /^354 End data with <CR><LF>\.<CR><LF>$/m);
  await say(page, 'From: learner@client.test');
  await say(page, 'To: alice@example.test');
  await say(page, 'Subject: Hello from telnet');
  await say(page, '');
  await say(page, 'My first message typed by hand.');
  await say(page, '.', /^250 2\.0\.0 Ok: queued as [0-9A-Z]+$/m);
  await say(page, 'QUIT', /^221 2\.0\.0 Bye$/m);
  await expectSteps(page, ids, null);
  await page.screenshot({ path: screenshot('lesson-2-finished'), fullPage: true });

  // Finished is remembered too.
  await page.reload();
  await expect(page.getByTestId('lesson-steps')).toBeVisible();
  await expectSteps(page, ids, null);
});

test('a 5 MB message pasted in a lesson: the page keeps answering, the steps are kept, nothing is replayed at the prompt', async ({
  page,
}) => {
  test.slow();
  await openLesson2(page);
  const ids = (await steps(page)).map((s) => s.id);
  await focusTerminal(page);
  await say(page, 'telnet mail.example.test 25', /^220 /m);
  await say(page, 'HELO laptop.client.test', /^250 mail\.example\.test$/m);
  await say(page, 'MAIL FROM:<learner@client.test>', /^250 2\.1\.0 Ok$/m);
  await say(page, 'RCPT TO:<alice@example.test>', /^250 2\.1\.5 Ok$/m);
  await say(page, 'DATA', /^354 /m);
  // Each of the 2500 lines used to rewrite the whole saved progress: seconds of frozen page.
  await paste(
    page,
    'From: learner@client.test\r\nSubject: big\r\n\r\n',
    ['x'.repeat(1998) + '\r\n', 2500],
    '.\r\n',
  );
  await pageResponds(page);
  await expectScreen(page, /^250 2\.0\.0 Ok: queued as /m, 60_000);
  await expectSteps(page, ids.slice(0, 5), ids[5]);

  // 2500 lines are too many to replay; the steps are kept, and the terminal starts afresh at the prompt.
  await page.reload();
  await expect(page.getByTestId('lesson-steps')).toBeVisible();
  await expectSteps(page, ids.slice(0, 5), ids[5]);
  await expectScreen(page, /^learner@laptop:~\$/m);
  expect(await screenText(page)).not.toContain('command not found');
});
