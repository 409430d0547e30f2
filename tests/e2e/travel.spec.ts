// Mail travels in the real browser: in the sandbox, a message submitted on 587 (STARTTLS, AUTH) to a remote
// domain leaves the provider; the queue machinery loads on demand, greylisting keeps a message queued
// (mailq), and `sleep 300` lets the retry through.
import { expect, test } from '@playwright/test';
import { focusTerminal, openSandbox, say, screenText } from './helpers.ts';

test('sandbox: submit to dave@slow.test, see it greylisted in mailq, sleep 300, see the queue empty', async ({
  page,
}) => {
  const chunks: string[] = [];
  page.on('response', (r) => chunks.push(r.url()));
  await openSandbox(page);
  await focusTerminal(page);
  await say(
    page,
    'openssl s_client -starttls smtp -connect mail.example.test:587 -crlf -quiet',
    /verify return:1/,
  );
  await say(page, 'EHLO laptop.client.test', /AUTH PLAIN LOGIN/);
  await say(page, 'AUTH PLAIN AGFsaWNlAHNlY3JldA==', '235 2.7.0 Authentication successful');
  await say(page, 'MAIL FROM:<alice@example.test>', '250 2.1.0 Ok');
  await say(page, 'RCPT TO:<dave@slow.test>', '250 2.1.5 Ok');
  await say(page, 'DATA', '354 End data');
  await say(page, 'Subject: patience');
  await say(page, '');
  await say(page, 'Five minutes, they say.');
  await say(page, '.', /250 2\.0\.0 Ok: queued as [0-9A-F]+/);
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
