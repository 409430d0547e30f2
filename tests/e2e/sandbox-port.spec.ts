// The sandbox's server choice says where that server answers: the submission Postfix is on port 587 (TLS first),
// and port 25 keeps the ordinary Postfix, as on a real mail host.
import { expect, test } from '@playwright/test';
import { expectScreen, focusTerminal, openSandbox, say } from './helpers.ts';

test('"Postfix 3.7 (submission, port 587)" answers on 587, and the page says so', async ({ page }) => {
  await openSandbox(page);
  const choice = page.getByLabel(/^Server/);
  await expect(page.getByText('(mail.example.test:25)')).toBeVisible();
  await choice.selectOption({ label: 'Postfix 3.7 (submission, port 587)' });
  await expect(page.getByText('(mail.example.test:587)')).toBeVisible();
  await expect(page.getByTestId('hint')).toContainText('telnet mail.example.test 587');

  await focusTerminal(page);
  await say(page, 'telnet mail.example.test 587', /^220 mail\.example\.test ESMTP Postfix$/m);
  await say(page, 'EHLO laptop.client.test', /^250 CHUNKING$/m);
  await say(page, 'MAIL FROM:<learner@client.test>', /^530 5\.7\.0 Must issue a STARTTLS command first$/m);
  await say(page, 'QUIT', /^221 2\.0\.0 Bye$/m);
  // Port 25 is still the MX's own Postfix: no TLS asked for.
  await say(page, 'telnet mail.example.test 25', /^Connected to mail\.example\.test\.$/m);
  await say(page, 'EHLO laptop.client.test');
  await say(page, 'MAIL FROM:<learner@client.test>', /^250 2\.1\.0 Ok$/m);
  await expectScreen(page, /^250 2\.1\.0 Ok$/m);
});
