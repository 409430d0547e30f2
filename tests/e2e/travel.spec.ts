// Mail travels in the real browser: in the sandbox, a message submitted on 587 (STARTTLS, AUTH) to a remote
// domain leaves the provider; the queue machinery loads on demand, greylisting keeps a message queued
// (mailq), and `sleep 300` lets the retry through.
import { expect, test } from '@playwright/test';
import { say, screenText, submitOn587 } from './helpers.ts';

test('sandbox: submit to dave@slow.test, see it greylisted in mailq, sleep 300, see the queue empty', async ({
  page,
}) => {
  const chunks: string[] = [];
  page.on('response', (r) => chunks.push(r.url()));
  await submitOn587(page, 'dave@slow.test', 'patience', 'Five minutes, they say.');
  await say(page, 'QUIT', '221 2.0.0 Bye');
  await say(page, 'clear');
  await say(page, 'mailq', '-- 0 Kbytes in 1 Request.');
  const queue = await screenText(page);
  expect(queue).toContain('-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------');
  expect(queue).toContain('Greylisted, see');
  expect(queue).toContain('dave@slow.test');
  // The machinery came as a chunk of its own.
  expect(chunks.some((u) => /\/travel[-.]/.test(u) || /src\/smtp\/travel\//.test(u))).toBe(true);
  await say(page, 'clear');
  await say(page, 'sleep 300');
  await say(page, 'mailq', 'Mail queue is empty');
  await page.screenshot({ path: test.info().outputPath('travel-sandbox.png') });
});
