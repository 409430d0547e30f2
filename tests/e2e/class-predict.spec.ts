// Predict the reply: in projector mode the lab holds each reply back until the class has guessed its class.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import {
  expectScreen,
  focusTerminal,
  lessonSlug,
  openSandbox,
  paste,
  SCREEN_TIMEOUT,
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
  const question = page.getByTestId('predict');
  // A connection refused has no reply to guess: telnet's own lines come through, and no question.
  await typeLine(page, 'telnet mail.example.test 2525');
  await expectScreen(page, /Unable to connect to remote host: Connection refused/);
  await expect(question).toBeHidden();
  // The greeting is the first reply to predict: held, with telnet's own lines, until the class has guessed.
  await typeLine(page, 'telnet mail.example.test 25');
  await expect(question).toContainText('What will the server answer?');
  expect(await screenText(page)).not.toContain('220');
  await page.keyboard.press('2');
  await expect(question).toContainText('Right: the server answered 220.');
  await expectScreen(page, /^220 mail\.example\.test ESMTP Postfix/m);
  await page.keyboard.press('PageDown');
  await expect(question).toBeHidden();
  await typeLine(page, 'EHLO laptop.client.test');
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
  await expect(page.getByTestId('predict-tally')).toHaveText('2 of 2 predicted');
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
  await expect(page.getByTestId('predict-tally')).toHaveText('3 of 4 predicted');
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

test('a lesson on the projector: the exact code from a presenter remote, counted apart from the class', async ({
  page,
}) => {
  const slug = lessonSlug(1);
  test.skip(slug === null, 'no lesson 01');
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`/#/lessons/${slug}`);
  await page.getByRole('button', { name: 'Projector mode' }).click();
  await expect(terminal(page).locator('.xterm-rows')).toBeVisible({ timeout: SCREEN_TIMEOUT });
  // Not offered until Predict is on.
  await expect(page.getByLabel('and the exact code')).toHaveCount(0);
  await page.getByLabel('Predict the reply').check();
  await page.getByLabel('and the exact code').check();
  const question = page.getByTestId('predict');

  // The greeting is asked too: 2, then 2 0 for 220, exactly.
  await focusTerminal(page);
  await typeLine(page, 'telnet mail.example.test 25');
  await expect(question.getByRole('button', { name: '2xx success' })).toBeFocused();
  expect(await screenText(page)).not.toMatch(/^220 /m);
  for (const key of ['2', '2', '0']) await page.keyboard.press(key);
  await expect(question).toContainText('Exactly: the server answered 220.');
  await expectScreen(page, /^220 mail\.example\.test/m);
  await page.keyboard.press('PageDown');
  await expect(question).toBeHidden();

  // A remote: Space on the focused "2xx", then arrows through the codes to 250, Space.
  await typeLine(page, 'EHLO laptop.client.test');
  await expect(question).toContainText('What will the server answer?');
  expect(await screenText(page)).not.toContain('250-');
  await expect(question.getByRole('button', { name: '2xx success' })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(question).toContainText('2xx: which code exactly?');
  await expect(question.getByRole('button', { name: '220' })).toBeFocused();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect(question.getByRole('button', { name: '250' })).toBeFocused();
  const box = await question.boundingBox();
  expect(box && box.y >= 0 && box.y + box.height <= 720).toBe(true);
  await page.screenshot({ path: 'test-results/class-predict-code.png' });
  expect((await new AxeBuilder({ page }).include('[data-testid="predict"]').analyze()).violations).toEqual(
    [],
  );
  await page.keyboard.press('Space');
  await expect(question).toContainText('Exactly: the server answered 250.');
  await expectScreen(page, '250-PIPELINING');
  await expect(page.getByTestId('predict-tally')).toHaveText('2 of 2 predicted · exact code: 2 of 2');
  await page.keyboard.press('PageDown');
  await expect(question).toBeHidden();

  // A keyboard: 2, then 5 1 for 251. The class is right, the code is not.
  await typeLine(page, 'HELO laptop.client.test');
  await expect(question.getByRole('button', { name: '2xx success' })).toBeFocused();
  await page.keyboard.press('2');
  await page.keyboard.press('5');
  await page.keyboard.press('1');
  await expect(question).toContainText('Right class, but not 251: the server answered 250.');
  await expect(page.getByTestId('predict-tally')).toHaveText('3 of 3 predicted · exact code: 2 of 3');
  await page.keyboard.press('PageDown');

  // Backspace goes back to the classes; a wrong class counts against both; "Only the class" counts once.
  await typeLine(page, 'MAIL FROM:<me@laptop>');
  await expect(question.getByRole('button', { name: '2xx success' })).toBeFocused();
  await page.keyboard.press('4');
  await expect(question).toContainText('4xx: which code exactly?');
  await page.keyboard.press('Backspace');
  await expect(question).toContainText('What will the server answer?');
  await expect(question.getByRole('button', { name: '2xx success' })).toBeFocused();
  await page.keyboard.press('5');
  await page.keyboard.press('5');
  await page.keyboard.press('0');
  await expect(question).toContainText('Not 5xx: the server answered 250.');
  await expect(page.getByTestId('predict-tally')).toHaveText('3 of 4 predicted · exact code: 2 of 4');
  await page.keyboard.press('PageDown');
  await typeLine(page, 'RCPT TO:<nobody@example.test>');
  await expect(question.getByRole('button', { name: '2xx success' })).toBeFocused();
  await page.keyboard.press('5');
  await question.getByRole('button', { name: 'Only the class' }).click();
  await expect(question).toContainText('Right: the server answered 550.');
  await expect(page.getByTestId('predict-tally')).toHaveText('4 of 5 predicted · exact code: 2 of 4');
  await page.keyboard.press('PageDown');

  // The lesson's own button leaves the open transaction, connects again and types QUIT: held like typed lines,
  // the new greeting asked first, then QUIT's reply.
  await page.getByRole('button', { name: 'Show solution' }).click();
  await expect(question).toContainText('What will the server answer?');
  await expect(question.getByRole('button', { name: '2xx success' })).toBeFocused();
  for (const key of ['2', '2', '0']) await page.keyboard.press(key);
  await expect(question).toContainText('Exactly: the server answered 220.');
  await page.keyboard.press('PageDown');
  await expect(question.getByRole('button', { name: '2xx success' })).toBeFocused();
  for (const key of ['2', '2', '1']) await page.keyboard.press(key);
  await expect(question).toContainText('Exactly: the server answered 221.');
  await expectScreen(page, '221 2.0.0 Bye');
  await expect(page.getByTestId('predict-tally')).toHaveText('6 of 7 predicted · exact code: 4 of 6');
});
