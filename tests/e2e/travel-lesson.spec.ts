// The two-hop lesson (lessons/18-*) in the real browser: a learner who types at once after the page loads,
// while the travel machinery (its own chunk, loaded on demand) is still on its way, gets every line run once it
// is there (the terminal holds them), and sees the same second hop as one who waits; the recipient's copy
// shows its two Received lines.
import { expect, test, type Page } from '@playwright/test';
import { expectScreen, focusTerminal, lessonSlug, screenText, terminal, transcriptText } from './helpers.ts';

const LINES = [
  'openssl s_client -connect mail.example.test:587 -starttls smtp -crlf -quiet',
  'EHLO laptop.client.test',
  'AUTH PLAIN AGFsaWNlAHNlY3JldA==',
  'MAIL FROM:<alice@example.test>',
  'RCPT TO:<alice@elsewhere.test>',
  'DATA',
  'From: Alice <alice@example.test>',
  'To: alice@elsewhere.test',
  'Subject: Two hops',
  '',
  'Hello from the laptop.',
  '.',
];

/** Step ids with their state, as the step list tells assistive technology. */
async function doneSteps(page: Page): Promise<string[]> {
  return page
    .getByTestId('lesson-steps')
    .locator(':scope > li')
    .evaluateAll((items) =>
      items
        .filter((li) => /\(done\)/.test(li.querySelector('.step-head')?.textContent ?? ''))
        .map((li) => li.getAttribute('data-step') ?? ''),
    );
}

test('lesson 18 typed at once after load, the travel chunk held back: the message still takes its second hop', async ({
  page,
}) => {
  test.slow();
  const slug = lessonSlug(18);
  expect(slug, 'lessons/18-* exists').not.toBeNull();
  // Hold the travel machinery back, so that every line below is typed before it has arrived.
  let travelRequested = false;
  let releaseTravel: () => void = () => {};
  const travelArrives = new Promise<void>((resolve) => (releaseTravel = resolve));
  await page.route('**/src/smtp/travel/**', async (route) => {
    travelRequested = true;
    await travelArrives;
    await route.continue();
  });
  await page.goto(`/#/lessons/${slug}`);
  await expect(terminal(page).locator('.xterm-rows')).toBeVisible();
  await focusTerminal(page);
  for (const line of LINES) {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  }
  expect(travelRequested, 'the lesson asked for the travel chunk').toBe(true);
  // Nothing ran yet: the terminal holds the lines until the world is complete.
  await page.waitForTimeout(300);
  expect(await screenText(page)).not.toContain('Authentication successful');
  expect(await doneSteps(page)).toEqual([]);
  releaseTravel();
  await expectScreen(page, /^250 2\.0\.0 Ok: queued as [0-9A-F]+$/m);
  // Every line counted, and the second hop happened: the send step waits for the remote's 250, not the first.
  await expect.poll(() => doneSteps(page)).toEqual(['login', 'send']);

  // The learner-side note says what the 250 meant, and the relay's conversation has its own block.
  const log = await transcriptText(page);
  expect(log).toContain('queued for relay to alice@elsewhere.test');
  expect(log).toMatch(/mail\.example\.test\s*→\s*mx\.elsewhere\.test/);

  // The recipient's copy at elsewhere.test: the remote's Received line on top, the provider's below.
  await page.locator('summary', { hasText: 'Mailboxes' }).click();
  const box = page.locator('.mailbox');
  await box.getByRole('button', { name: /Two hops/ }).click();
  await box.getByRole('tab', { name: 'As stored' }).click();
  const stored = box.getByRole('tabpanel');
  await expect(stored).toContainText('Received: from mail.example.test (mail.example.test [192.0.2.25])');
  const text = (await stored.innerText()).split('\n');
  const received = text.filter((l) => l.startsWith('Received:'));
  expect(received).toEqual([
    'Received: from mail.example.test (mail.example.test [192.0.2.25])',
    'Received: from laptop.client.test (unknown [203.0.113.7])',
  ]);
  expect(text.join('\n')).toMatch(/by mx\.elsewhere\.test \(Postfix\) with ESMTPS id/);
  expect(text.join('\n')).toMatch(/by mail\.example\.test \(Postfix\) with ESMTPSA id/);
  await stored.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('lesson-18-two-received.png'), fullPage: true });
});

test('lesson 20, backup MX: the best MX is stopped, the provider is refused there and hands the mail to mx2', async ({
  page,
}) => {
  test.slow();
  const slug = lessonSlug(20);
  expect(slug, 'lessons/20-* exists').not.toBeNull();
  await page.goto(`/#/lessons/${slug}`);
  await expect(terminal(page).locator('.xterm-rows')).toBeVisible();
  await focusTerminal(page);
  const type = async (line: string, reply?: RegExp) => {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    if (reply) await expectScreen(page, reply);
  };
  await type('dig mx elsewhere.test', /20 mx2\.elsewhere\.test\./);
  await expect.poll(() => doneSteps(page)).toEqual(['mx']);
  // Near miss first: the stopped server refuses the learner too, and nothing is done.
  await type('telnet mx.elsewhere.test 25', /Unable to connect to remote host: Connection refused/);
  await type('clear');
  for (const line of LINES.slice(0, 4)) await type(line);
  await type('RCPT TO:<carol@elsewhere.test>', /250 2\.1\.5 Ok/);
  await type('DATA', /354 /);
  for (const line of ['Subject: Backup', '', 'Hello Carol.']) await type(line);
  await type('.', /^250 2\.0\.0 Ok: queued as [0-9A-F]+$/m);
  // Relayed, but the step also asks for QUIT.
  expect(await doneSteps(page)).toEqual(['mx']);
  await type('QUIT', /221 2\.0\.0 Bye/);
  await expect.poll(() => doneSteps(page)).toEqual(['mx', 'backup']);

  const log = await transcriptText(page);
  expect(log).toMatch(/mx\.elsewhere\.test.*Connection refused/s);
  expect(log).toMatch(/mail\.example\.test\s*→\s*mx2\.elsewhere\.test/);
  await page.locator('summary', { hasText: 'Mailboxes' }).click();
  const box = page.locator('.mailbox');
  await box.getByRole('button', { name: /Backup/ }).click();
  await box.getByRole('tab', { name: 'As stored' }).click();
  await expect(box.getByRole('tabpanel')).toContainText(/by mx2\.elsewhere\.test \(Postfix\) with ESMTPS id/);
  await page.screenshot({ path: test.info().outputPath('lesson-20-backup-mx.png'), fullPage: true });
});
