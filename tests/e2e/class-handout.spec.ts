// Handouts: the print styles keep a lesson's text, steps and transcript, and the sandbox's transcript and
// diagram, and leave the navigation, controls and terminal off paper; the transcript saves as swaks-style text.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import {
  connectAndGreet,
  focusTerminal,
  lessonSlug,
  openSandbox,
  say,
  SCREEN_TIMEOUT,
  terminal,
  transcript,
} from './helpers.ts';

async function converse(page: Page): Promise<void> {
  await focusTerminal(page);
  await connectAndGreet(page);
  await say(page, 'HELO laptop.client.test', '250 mail.example.test');
  await say(page, 'MAIL FROM:<learner@client.test>', '250 2.1.0 Ok');
  await say(page, 'RCPT TO:<nobody@example.test>', '550 5.1.1');
}

test('the sandbox prints its transcript and diagram, without chrome; the transcript saves as swaks text', async ({
  page,
}) => {
  await openSandbox(page);
  await converse(page);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save the transcript as text' }).click();
  const file = await (await download).path();
  const text = readFileSync(file, 'utf8');
  expect(text).toContain('=== Connected to mail.example.test.\n<-  220 mail.example.test ESMTP Postfix\n');
  expect(text).toContain(' -> HELO laptop.client.test\n<-  250 mail.example.test\n');
  expect(text).toMatch(/\n<\*\* 550 5\.1\.1 <nobody@example\.test>/);

  // On screen first: the chrome is there (so hiding it below is the print styles' doing).
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(terminal(page)).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(terminal(page)).toBeHidden();
  await expect(page.getByLabel('Server software (mail.example.test:25)')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Save the transcript as text' })).toBeHidden();
  await expect(page.getByRole('log').first()).toContainText('RCPT TO:<nobody@example.test>');
  // The replies are buttons on screen (to explain them); on paper they must still be there.
  await expect(page.getByRole('log').first()).toContainText('550 5.1.1 <nobody@example.test>');
  await expect(page.getByRole('heading', { name: 'Sequence diagram' })).toBeVisible();
  const pdf = await page.pdf({ path: 'test-results/class-sandbox.pdf', format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
});

test('a lesson prints its text, its steps and the learner transcript on Letter paper', async ({ page }) => {
  const slug = lessonSlug(2);
  test.skip(slug === null, 'no lesson 02');
  await page.goto(`/#/lessons/${slug}`);
  await expect(terminal(page).locator('.xterm-rows')).toBeVisible({ timeout: SCREEN_TIMEOUT });
  await converse(page);
  // The lesson's text folded on screen, and a done step's explanation folded: both are the handout.
  const intro = page.locator('details.intro');
  if (await intro.evaluate((d: HTMLDetailsElement) => d.open)) await intro.locator('summary').click();
  await expect(page.locator('.intro-text')).toBeHidden();
  await expect(page.locator('.done-text').first().locator('> :not(summary)').first()).toBeHidden();
  await expect(page.getByRole('button', { name: 'Start the lesson over' })).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('.intro-text')).toBeVisible();
  await expect(page.locator('.intro-text')).toContainText('telnet');
  await expect(page.locator('.done-text').first().locator('> :not(summary)').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start the lesson over' })).toBeHidden();
  await expect(terminal(page)).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(page.getByRole('log').first()).toContainText('HELO laptop.client.test');
  await expect(page.getByRole('log').first()).toContainText('250 2.1.0 Ok');
  // Look at it: pdftoppm -png test-results/class-lesson.pdf (the first page has the title and the text).
  const pdf = await page.pdf({
    path: 'test-results/class-lesson.pdf',
    format: 'Letter',
    printBackground: true,
  });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
});

test('a learner copies a link to their lesson session; opened in a new page it replays the same transcript and steps', async ({
  page,
  context,
}) => {
  const slug = lessonSlug(2);
  test.skip(slug === null, 'no lesson 02');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`/#/lessons/${slug}`);
  await expect(terminal(page).locator('.xterm-rows')).toBeVisible({ timeout: SCREEN_TIMEOUT });
  await converse(page);
  const steps = page.getByRole('heading', { name: /^Steps \(\d+ of \d+ done\)$/ });
  const stepsDone = await steps.textContent();
  expect(stepsDone).not.toMatch(/\(0 of/);
  const transcriptLines = await transcript(page).innerText();

  await page.getByRole('button', { name: 'Copy a link to my session' }).click();
  const status = page.getByTestId('lesson-share-status');
  await expect(status).toContainText(/Link copied|Copy this link/);
  const link = (await status.textContent())?.includes('Link copied')
    ? await page.evaluate(() => navigator.clipboard.readText())
    : await status.getByRole('textbox').inputValue();
  expect(link).toMatch(new RegExp(`#/lessons/${slug}\\?lines=[A-Za-z0-9_-]+$`));
  const ownProgress = await page.evaluate(() => localStorage.getItem('smtp-lab:progress'));

  // The teacher's page: the lines are shown first, typed on a click, into the same lesson.
  const teacher = await context.newPage();
  await teacher.goto(link);
  const incoming = teacher.getByTestId('imported-session');
  await expect(incoming).toContainText('This link brought 5 lines someone typed in this lesson');
  await expect(incoming).toContainText('RCPT TO:<nobody@example.test>');
  await expect(teacher.getByTestId('linked-session')).toContainText(
    'your own progress in this lesson is untouched',
  );
  await incoming.getByRole('button', { name: 'Type these lines' }).click();
  await expect(teacher.getByRole('heading', { name: stepsDone ?? '' })).toBeVisible({
    timeout: SCREEN_TIMEOUT,
  });
  await expect(transcript(teacher)).toContainText('550 5.1.1 <nobody@example.test>', {
    timeout: SCREEN_TIMEOUT,
  });
  expect(await transcript(teacher).innerText()).toBe(transcriptLines);
  for (const [i, step] of (await page.locator('[data-step]').allTextContents()).entries())
    await expect(teacher.locator('[data-step]').nth(i)).toHaveText(step);
  await teacher.screenshot({ path: 'test-results/class-lesson-link.png', fullPage: true });
  // Played apart: what the learner's browser stored for this lesson is as it was.
  expect(await teacher.evaluate(() => localStorage.getItem('smtp-lab:progress'))).toBe(ownProgress);
  await teacher.getByRole('link', { name: 'Open my own session in this lesson' }).click();
  await expect(teacher).toHaveURL(new RegExp(`#/lessons/${slug}$`));
  await expect(teacher.getByTestId('linked-session')).toHaveCount(0);

  // A link cut short: said, and the lesson opens as the viewer left it.
  await teacher.goto(link.slice(0, -7) + '!!!');
  await expect(teacher.getByRole('alert')).toContainText('cannot be read');
});
