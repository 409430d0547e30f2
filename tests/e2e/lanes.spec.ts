// Mail travels, seen in the views: a submission on 587 (STARTTLS, AUTH) to alice@elsewhere.test draws three
// lanes in the sequence diagram (laptop -> mail.example.test -> mx.elsewhere.test), and the transcript labels
// the relay's conversation with its hop instead of showing it as the learner's own C: lines.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { focusTerminal, say, submitOn587 } from './helpers.ts';

test('sandbox: a submission to another domain shows the relay hop on a third lane and labelled in the transcript', async ({
  page,
}) => {
  await submitOn587(page, 'alice@elsewhere.test', 'across', 'To the other side.');

  const diagram = page.getByTestId('diagram');
  await expect(diagram.locator('.lanes .lane small')).toHaveText([
    'laptop.client.test',
    'mail.example.test:587',
    'mx.elsewhere.test',
  ]);
  const relayEhlo = diagram.locator('li[data-kind="command"][data-hop="2"]', {
    hasText: 'EHLO mail.example.test',
  });
  // Twice: before and after the relay's STARTTLS, as Postfix's smtp(8) does.
  await expect(relayEhlo).toHaveCount(2);
  // Drawn between the second and third lanes: it starts at the middle of the diagram, the learner's end there.
  const list = await diagram.locator('ol.arrows').boundingBox();
  const relayBox = await relayEhlo.first().boundingBox();
  const learnerBox = await diagram
    .locator('li[data-kind="command"][data-hop="1"]', { hasText: 'RCPT TO:<alice@elsewhere.test>' })
    .boundingBox();
  expect(list && relayBox && learnerBox).toBeTruthy();
  const middle = list!.x + list!.width / 2;
  expect(relayBox!.x).toBeGreaterThanOrEqual(middle - 2);
  expect(learnerBox!.x + learnerBox!.width).toBeLessThanOrEqual(middle + 2);

  const transcript = page.getByTestId('transcript');
  await expect(
    transcript.getByRole('heading', { name: 'mail.example.test → mx.elsewhere.test (relay)' }),
  ).toBeVisible();
  const relayLine = transcript.locator('[data-kind="client"][data-lane="relay"]', {
    hasText: 'EHLO mail.example.test',
  });
  await expect(relayLine).toHaveCount(2);
  await expect(
    transcript.locator('[data-kind="client"][data-lane="learner"]', { hasText: 'EHLO mail.example.test' }),
  ).toHaveCount(0);
  // A relay reply is explainable by a click, as every reply is.
  await transcript.locator('button[data-lane="relay"]', { hasText: '220 mx.elsewhere.test' }).click();
  await expect(transcript.locator('button[data-lane="relay"][aria-pressed="true"]')).toHaveCount(1);

  await focusTerminal(page);
  await say(page, 'QUIT', '221 2.0.0 Bye');
  await expect(transcript.getByRole('heading', { name: 'your connection' })).toBeVisible();
  // The lane headers and the marked relay lines keep the page clean for axe.
  const violations = (await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.help}`);
  expect(violations).toEqual([]);
  await relayEhlo.first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('lanes-sandbox.png'), fullPage: true });
});
