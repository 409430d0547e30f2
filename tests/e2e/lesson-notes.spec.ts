// In the real browser, as a learner meets them: a sentence about their own line (a dot with a space in DATA),
// and Show solution after QUIT, which reconnects first instead of typing SMTP at the shell prompt.
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { expectScreen, focusTerminal, lessonSlug, screenText, terminal, typeLine } from './helpers.ts';

const screenshot = (name: string) => fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url));

async function openLesson2(page: Page): Promise<void> {
  const slug = lessonSlug(2);
  expect(slug, 'lessons/02-* exists').not.toBeNull();
  await page.goto(`/#/lessons/${slug}`);
  await expect(terminal(page).locator('.xterm-rows')).toBeVisible();
  await focusTerminal(page);
}

const current = (page: Page) => page.getByTestId('lesson-steps').locator(':scope > li[aria-current="step"]');

test('a space before the dot in DATA: the note says it is text, not the end', async ({ page }) => {
  await openLesson2(page);
  for (const line of [
    'telnet mail.example.test 25',
    'HELO laptop.client.test',
    'MAIL FROM:<learner@client.test>',
    'RCPT TO:<alice@example.test>',
    'DATA',
    'Subject: hi',
    '',
    'Hello',
  ])
    await typeLine(page, line);
  await expectScreen(page, '354 End data');
  await typeLine(page, ' .');
  const notes = page.getByTestId('lesson-notes');
  await expect(notes).toContainText('is message text, not the end');
  await expect(notes.locator('code').first()).toHaveText('␣.');
  await page.getByTestId('lesson-outcome').screenshot({ path: screenshot('note-dot-with-space') });
  // The notes keep axe clean (contrast of the code spans, the list inside the live region).
  const axe = await new AxeBuilder({ page }).include('[data-testid="lesson-outcome"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  // The server is still reading the message: the real end finishes it.
  await typeLine(page, '.');
  await expectScreen(page, /250 2\.0\.0 Ok: queued as/);
  await expect(notes).toHaveCount(0);
});

test("the seed tutorials' MAIL FROM: user@host: the step is done, and the note gives the line with brackets", async ({
  page,
}) => {
  await openLesson2(page);
  for (const line of ['telnet mail.example.test 25', 'HELO laptop.client.test']) await typeLine(page, line);
  await expectScreen(page, /^250 mail\.example\.test$/m);
  await typeLine(page, 'MAIL FROM: learner@client.test');
  await expectScreen(page, /^250 2\.1\.0 Ok$/m);
  const notes = page.getByTestId('lesson-notes');
  await expect(notes).toContainText('a space after the colon and no angle brackets');
  await expect(notes.locator('code').last()).toHaveText('MAIL FROM:<learner@client.test>');
  await page.getByTestId('lesson-outcome').screenshot({ path: screenshot('note-path-syntax') });
});

test("lesson 14: AUTH PLAIN with echo's string: the note shows what it decodes to and the printf line", async ({
  page,
}) => {
  const slug = lessonSlug(14);
  expect(slug, 'lessons/14-* exists').not.toBeNull();
  await page.goto(`/#/lessons/${slug}`);
  await expect(terminal(page).locator('.xterm-rows')).toBeVisible();
  await focusTerminal(page);
  for (const line of [
    'telnet mail.example.test 587',
    'EHLO laptop.client.test',
    'MAIL FROM:<alice@example.test>',
    'QUIT',
    "echo '\\0alice\\0secret' | base64",
    'openssl s_client -connect mail.example.test:587 -starttls smtp -crlf -quiet',
  ])
    await typeLine(page, line);
  await expectScreen(page, /^XDBhbGljZVwwc2VjcmV0Cg==$/m);
  await typeLine(page, 'EHLO laptop.client.test');
  await expectScreen(page, /^250-AUTH PLAIN LOGIN$/m);
  await typeLine(page, 'AUTH PLAIN XDBhbGljZVwwc2VjcmV0Cg==');
  await expectScreen(page, /^535 5\.7\.8 /m);
  const notes = page.getByTestId('lesson-notes');
  await expect(notes).toContainText('a backslash and a zero as two characters, not a zero byte');
  await expect(notes.locator('code').filter({ hasText: 'printf' })).toHaveText(
    "printf '\\0alice\\0secret' | base64",
  );
  await page.getByTestId('lesson-outcome').screenshot({ path: screenshot('note-auth-plain') });
});

test('Show solution after QUIT reconnects first, never SMTP at the shell prompt', async ({ page }) => {
  await openLesson2(page);
  await typeLine(page, 'telnet mail.example.test 25');
  await typeLine(page, 'HELO laptop.client.test');
  await expect(current(page)).toHaveAttribute('data-step', 'sender');
  await typeLine(page, 'QUIT');
  await expectScreen(page, 'Connection closed by foreign host.');
  // The current step's buttons are on its card beside the terminal.
  await page.getByTestId('current-step').getByRole('button', { name: 'Show solution' }).click();
  await expect(current(page)).toHaveAttribute('data-step', 'recipient', { timeout: 20_000 });
  const text = await screenText(page);
  await terminal(page).screenshot({ path: screenshot('show-solution-after-quit') });
  // telnet again, then the greeting and the sender inside the new session (this lesson's telnet does not echo,
  // as on Windows: the replies show it), and nothing typed at the shell prompt.
  const after = text.slice(text.lastIndexOf('Connection closed by foreign host.'));
  expect(after).toMatch(
    /\$ telnet mail\.example\.test 25\n(.*\n)*220 .*\n250 mail\.example\.test\n250 2\.1\.0 Ok/,
  );
  expect(after).not.toMatch(/bash: |not connected/);
  await expect(page.getByRole('log').first()).toContainText('MAIL FROM:<learner@client.test>');
});
