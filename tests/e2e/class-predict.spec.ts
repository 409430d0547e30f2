// Predict the reply: in projector mode the lab holds each reply back until the class has guessed its class.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import {
  expectScreen,
  focusTerminal,
  openSandbox,
  paste,
  screenText,
  terminal,
  transcript,
  typeLine,
} from './helpers.ts';

test('replies wait for a guess, keys from a presenter remote answer, and the tally counts', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openSandbox(page);
  // Not offered outside projector mode.
  await expect(page.getByLabel('Predict the reply')).toHaveCount(0);
  await page.getByRole('button', { name: 'Projector mode' }).click();
  await page.getByLabel('Predict the reply').check();

  await focusTerminal(page);
  await typeLine(page, 'telnet mail.example.test 25');
  await expectScreen(page, /^220 /m);
  await typeLine(page, 'EHLO laptop.client.test');
  const question = page.getByTestId('predict');
  await expect(question).toContainText('What will the server answer?');
  // Held in the lab: neither the terminal nor the transcript shows the reply yet.
  expect(await screenText(page)).not.toContain('250-');
  await expect(transcript(page)).not.toContainText('PIPELINING');
  // The question has the focus: a remote's keys go to it, not into the terminal.
  await expect(question.getByRole('button', { name: '2xx success' })).toBeFocused();
  await page.screenshot({ path: 'test-results/class-predict.png' });
  expect((await new AxeBuilder({ page }).include('[data-testid="predict"]').analyze()).violations).toEqual(
    [],
  );

  await page.keyboard.press('2');
  await expect(question).toContainText('Right: the server answered 250.');
  await expectScreen(page, '250-PIPELINING');
  await expect(page.getByTestId('predict-tally')).toHaveText('1 of 1 predicted');
  await page.screenshot({ path: 'test-results/class-predict-answer.png' });
  // Page Down goes on, and the terminal has the keys again.
  await page.keyboard.press('PageDown');
  await expect(question).toBeHidden();
  await expect(terminal(page).locator('textarea')).toBeFocused();

  // RCPT before MAIL: 503. Page Down three times to "5xx", Space to choose.
  await typeLine(page, 'RCPT TO:<alice@example.test>');
  await expect(question).toContainText('What will the server answer?');
  expect(await screenText(page)).not.toContain('503');
  for (let i = 0; i < 3; i++) await page.keyboard.press('PageDown');
  await expect(question.getByRole('button', { name: '5xx refused' })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(question).toContainText('Right: the server answered 503.');
  await page.keyboard.press('PageDown');

  // A wrong guess counts as asked, not as right.
  await typeLine(page, 'MAIL FROM:<learner@client.test>');
  await expect(question.getByRole('button', { name: '2xx success' })).toBeFocused();
  await page.keyboard.press('4');
  await expect(question).toContainText('Not 4xx: the server answered 250.');
  await expect(page.getByTestId('predict-tally')).toHaveText('2 of 3 predicted');
  await page.keyboard.press('PageDown');

  // A pipelined group is held and let through whole: both replies appear together after one guess.
  await paste(page, 'RSET\r\nNOOP\r\n');
  await expect(question.getByRole('button', { name: '2xx success' })).toBeFocused();
  expect(await screenText(page)).not.toContain('2.0.0 Ok');
  await page.keyboard.press('2');
  await expect(question).toContainText('2 replies');
  await expectScreen(page, /250 2\.0\.0 Ok\n250 2\.0\.0 Ok/);

  // Off: replies come at once again.
  await page.keyboard.press('PageDown');
  await page.getByLabel('Predict the reply').uncheck();
  await focusTerminal(page);
  await typeLine(page, 'QUIT');
  await expectScreen(page, '221 2.0.0 Bye');
  await expect(question).toBeHidden();
});
