// Lesson 7 in the real browser: a forged envelope refused by SPF at RCPT, then a forged From refused by DMARC
// after the dot (the checks' code arrives as a lazy chunk; the replies wait for it, never get lost).
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import {
  expectScreen,
  expectTranscript,
  focusTerminal,
  lessonSlug,
  say,
  sendMessage,
  terminal,
} from './helpers.ts';

const screenshot = (name: string) => fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url));

test('lesson 7: SPF refuses a forged envelope, DMARC a forged From', async ({ page }) => {
  test.slow();
  const slug = lessonSlug(7);
  expect(slug, 'lessons/07-* exists').not.toBeNull();
  await page.goto(`/#/lessons/${slug}`);
  await expect(terminal(page).locator('.xterm-rows')).toBeVisible();
  await expectScreen(page, /^250-mx\.elsewhere\.test$/m);
  await focusTerminal(page);
  await say(page, 'MAIL FROM:<bob@example.test>', /^250 2\.1\.0 Ok$/m);
  await say(page, 'RCPT TO:<carol@elsewhere.test>', /^550 5\.7\.23 <carol@elsewhere/m);
  await say(page, 'RSET', /^250 2\.0\.0 Ok$/m);
  await sendMessage(
    page,
    'learner@client.test',
    'carol@elsewhere.test',
    ['From: Bob <bob@example.test>', '', 'Please pay today.'],
    /^550 5\.7\.1 rejected by DMARC policy for example\.test$/m,
  );
  await page.screenshot({ path: screenshot('lesson-7-dmarc-reject'), fullPage: true });
});

test('lesson 7: honest mail through the provider passes SPF, DKIM and DMARC at the other side', async ({
  page,
}) => {
  test.slow();
  await page.goto(`/#/lessons/${lessonSlug(7)}`);
  await expectScreen(page, /^250-mx\.elsewhere\.test$/m);
  await focusTerminal(page);
  await say(page, 'QUIT', /^221 2\.0\.0 Bye$/m);
  await say(
    page,
    'openssl s_client -starttls smtp -connect mail.example.test:587 -crlf -quiet',
    /verify return:1/,
  );
  await say(page, 'EHLO laptop.client.test', /AUTH PLAIN LOGIN/);
  await say(page, 'AUTH PLAIN AGFsaWNlAHNlY3JldA==', /^235 2\.7\.0 Authentication successful$/m);
  await sendMessage(page, 'alice@example.test', 'carol@elsewhere.test', [
    'From: Alice <alice@example.test>',
    'To: Carol <carol@elsewhere.test>',
    'Subject: Lunch',
    '',
    'See you at noon.',
  ]);

  // Carol's copy, at elsewhere.test: the other side's verdict as badges.
  await page.getByRole('heading', { name: 'Mailboxes', level: 2 }).click();
  const box = page.getByRole('list', { name: /carol@elsewhere\.test/ });
  await box.getByRole('button', { name: /Lunch/ }).click();
  const verdict = page.locator('section.auth');
  await expect(verdict).toContainText('mx.elsewhere.test');
  const badges = verdict.locator('button.badge');
  await expect(badges).toHaveText([/spf\s*pass/i, /dkim\s*pass/i, /dmarc\s*pass/i]);
  // A badge explains itself: which record, which check.
  await badges.nth(1).click();
  await expect(verdict).toContainText('_domainkey.example.test');
  await verdict.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshot('lesson-7-two-hop-pass'), fullPage: true });

  // The same signed mail through a list that adds a footer: the list's copy is refused by DMARC at the MX.
  await focusTerminal(page);
  await sendMessage(page, 'alice@example.test', 'readers@lists.forum.test', [
    'From: Alice <alice@example.test>',
    'Subject: Book club',
    '',
    'Chapter 3 for Friday.',
  ]);
  await expectTranscript(page, /550 5\.7\.1 rejected by DMARC policy for example\.test/);
});

test('lesson 7: a p=quarantine forgery is answered 250 and waits in the hold queue, not in the mailbox', async ({
  page,
}) => {
  test.slow();
  await page.goto(`/#/lessons/${lessonSlug(7)}`);
  await expectScreen(page, /^250-mx\.elsewhere\.test$/m);
  await focusTerminal(page);
  await sendMessage(page, 'learner@client.test', 'carol@elsewhere.test', [
    'From: Billing <billing@shop.test>',
    'Subject: Your order',
    '',
    'Pay the invoice here.',
  ]);
  await expectTranscript(
    page,
    /held in the hold queue of mx\.elsewhere\.test .*quarantined by DMARC policy for shop\.test/,
  );
  await page.getByRole('heading', { name: 'Mailboxes', level: 2 }).click();
  const mailbox = page.locator('section.mailbox');
  // No mailbox got it; the hold queue of the MX lists it, with "!" after its queue ID as postqueue -p shows.
  await expect(mailbox.getByRole('heading', { name: /^carol@elsewhere\.test/ })).toHaveCount(0);
  const queue = page.getByRole('list', { name: /Hold queue of mx\.elsewhere\.test \(1 message\)/ });
  await expect(queue.getByRole('button')).toContainText(/[0-9A-F]+!/);
  await queue.getByRole('button', { name: /Your order/ }).click();
  await expect(mailbox.getByRole('note')).toContainText('quarantined by DMARC policy for shop.test');
  await expect(mailbox.locator('section.auth button.badge')).toHaveText([
    /spf\s*pass/i,
    /dkim\s*none/i,
    /dmarc\s*fail/i,
  ]);
  await mailbox.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshot('lesson-7-quarantine-held'), fullPage: true });
});
