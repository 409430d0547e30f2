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
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(terminal(page)).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(page.getByRole('log').first()).toContainText('HELO laptop.client.test');
  await expect(page.getByRole('log').first()).toContainText('250 2.1.0 Ok');
  const pdf = await page.pdf({
    path: 'test-results/class-lesson.pdf',
    format: 'Letter',
    printBackground: true,
  });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
});
