// A new learner types the sessions of the source tutorials (seeds 000 and 003) into the sandbox terminal, key by key.
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import {
  expectScreen,
  expectTranscript,
  focusTerminal,
  frames,
  openData,
  openSandbox,
  say,
  screenText,
  terminal,
  expectTranscriptOrder,
  transcriptText,
  typeLine,
} from './helpers.ts';

const screenshot = (name: string) => fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url));

const PROMPT = /learner@laptop:~\$ ?$/m;

test('the shell prompt shows on load and stays after the window is resized', async ({ page }) => {
  await openSandbox(page);
  // A learner must see where to type before typing anything.
  await expect.poll(() => screenText(page)).toMatch(PROMPT);
  await focusTerminal(page);
  await say(page, 'echo one', /^one$/m);
  await expect.poll(async () => (await screenText(page)).split('\n').pop()).toMatch(PROMPT);
  // One pixel wider: the terminal keeps its columns, and the prompt row must not vanish.
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: size.width + 1, height: size.height });
  await frames(page, 5); // the ResizeObserver, the refit and xterm's render each take a frame
  await expect.poll(async () => (await screenText(page)).split('\n').pop()).toMatch(PROMPT);
});

test('seed 000: HELO to the 2001 Yahoo! server with telnet, a message, QUIT', async ({ page }) => {
  await openSandbox(page);
  await focusTerminal(page);

  // The 2001 tutorial used Windows telnet's dialog; on a Linux laptop the same is one command.
  await say(page, 'telnet smtp.mail.yahoo.com 25', /^Connected to smtp\.mail\.yahoo\.com\.$/m);
  await expectScreen(page, /^Escape character is '\^\]'\.$/m);
  // Seed 000: "220 smtp017.mail.yahoo.com ready."
  await expectScreen(page, /^220 smtp017\.mail\.yahoo\.com ready\.$/m);

  await say(page, 'HELO smtp.mail.yahoo.com', /^250 Hello smtp\.mail\.yahoo\.com, pleased to meet you\.?$/m);
  // The seed lost the addresses to its HTML ("MAIL From:" then "250 … OK"); a learner fills one in.
  await say(page, 'MAIL From:<anaplexian@yahoo.com>', /^250 .*OK$/m);
  await say(page, 'RCPT To:<anaplexian@yahoo.com>', /^250 .*Recipient ok$/m);
  await say(page, 'DATA', /^354 /m);
  await say(page, 'From: anaplexian@yahoo.com');
  await say(page, 'To: anaplexian@yahoo.com');
  await say(page, 'Subject: Hi there!');
  await say(page, '');
  await say(page, 'This is a test message!');
  await say(page, '.', /^250 Mail accepted$/m);
  await say(page, 'QUIT', /^221 smtp\.mail\.yahoo\.com delivering mail$/m);
  await expectScreen(page, /^Connection closed by foreign host\.$/m);
  // Back at the laptop's shell: the last row is a fresh prompt.
  await expect.poll(async () => (await screenText(page)).split('\n').pop()).toMatch(PROMPT);

  // The transcript recorded both sides of the conversation.
  await expectTranscript(page, 'HELO smtp.mail.yahoo.com');
  await expectTranscript(page, '220 smtp017.mail.yahoo.com ready.');
  await expectTranscript(page, 'Subject: Hi there!');
  await expectTranscript(page, '250 Mail accepted');
  await expectTranscript(page, '221 smtp.mail.yahoo.com delivering mail');
  // In order: the dot's 250 comes after the message and before the 221.
  await expectTranscriptOrder(page, [
    'This is a test message!',
    '250 Mail accepted',
    '221 smtp.mail.yahoo.com',
  ]);

  await page.screenshot({ path: screenshot('seed-000'), fullPage: true });
});

test('seed 003: dig the MX, then EHLO to mail01.example.com and a message with headers', async ({ page }) => {
  await openSandbox(page);
  await focusTerminal(page);

  await say(
    page,
    'dig example.com MX +noall +answer',
    /^example\.com\.\s+\d+\s+IN\s+MX\s+10 mail01\.example\.com\.$/m,
  );
  await expectScreen(page, /^example\.com\.\s+\d+\s+IN\s+MX\s+20 mail02\.example\.com\.$/m);
  // "+noall +answer": no header, no question section, no statistics.
  expect(await screenText(page)).not.toMatch(/QUESTION SECTION|Query time/);

  await say(page, 'telnet mail01.example.com 25', /^Trying \d+\.\d+\.\d+\.\d+\.\.\.$/m);
  await expectScreen(page, /^Connected to mail01\.example\.com\.$/m);
  await expectScreen(page, /^Escape character is '\^\]'\.$/m);
  await expectScreen(page, /^220 mail01\.example\.com ESMTP Postfix$/m);

  await say(page, 'EHLO mail.alanzanotti.localhost', /^250-mail01\.example\.com$/m);
  // The capability list ends with a "250 " line (space, not hyphen); seed 003 lists these among others.
  await expectScreen(page, /^250-PIPELINING$/m);
  await expectScreen(page, /^250-SIZE \d+$/m);
  await expectScreen(page, /^250-ENHANCEDSTATUSCODES$/m);
  await expectScreen(page, /^250 [A-Z0-9]+$/m);

  await say(page, 'MAIL FROM: <yourName@domain.com>', /^250 2\.1\.0 Ok$/m);
  await say(page, 'RCPT TO: <jdoe@example.com>', /^250 2\.1\.5 Ok$/m);
  await say(page, 'DATA', /^354 End data with <CR><LF>\.<CR><LF>$/m);
  await say(page, 'Date: Tue, 04 Oct 2016 19:38:20 -0400');
  await say(page, 'From: Your Name <yourName@domain.com>');
  await say(page, 'To: John Doe <jdoe@example.com>');
  await say(page, 'Subject: Thought you should know...');
  await say(page, '');
  await say(page, 'Cats are awesome!');
  await say(page, '.', /^250 2\.0\.0 Ok: queued as [0-9A-Z]{6,}$/m);
  const queueId = /^250 2\.0\.0 Ok: queued as ([0-9A-Z]+)$/m.exec(await screenText(page))?.[1];
  await say(page, 'QUIT', /^221 2\.0\.0 Bye$/m);
  await expectScreen(page, /^Connection closed by foreign host\.$/m);
  await expect.poll(async () => (await screenText(page)).split('\n').pop()).toMatch(PROMPT);

  await expectTranscript(page, 'EHLO mail.alanzanotti.localhost');
  await expectTranscript(page, '220 mail01.example.com ESMTP Postfix');
  await expectTranscript(page, 'RCPT TO: <jdoe@example.com>');
  await expectTranscript(page, 'Subject: Thought you should know...');
  await expectTranscript(page, `250 2.0.0 Ok: queued as ${queueId}`);
  await expectTranscript(page, '221 2.0.0 Bye');

  await page.screenshot({ path: screenshot('seed-003'), fullPage: true });
});

test('a typing mistake gets the real server answer, and the session carries on', async ({ page }) => {
  await openSandbox(page);
  await focusTerminal(page);
  await say(page, 'telnet mail.example.test 25', /^220 mail\.example\.test ESMTP Postfix$/m);
  // What real Postfix 3.7 answered (/work/shared/refs/transcripts/40_unknown_command, 28_rcpt_before_helo).
  await say(page, 'HELLO there', /^500 5\.5\.2 Error: command not recognized$/m);
  await say(page, 'RCPT TO:<alice@example.test>', /^503 5\.5\.1 Error: need MAIL command$/m);
  await say(page, 'EHLO laptop.client.test', /^250 /m);
  await say(page, 'QUIT', /^221 2\.0\.0 Bye$/m);
  await expectTranscript(page, '500 5.5.2 Error: command not recognized');
});

test("seed 000's Windows telnet: with echo off the typed command is not shown, the reply is", async ({
  page,
}) => {
  await openSandbox(page);
  // "[Note that you will not be able to see what you type.]" (seed 000). The setting applies from a start over.
  await page.getByRole('checkbox', { name: /telnet shows what you type/i }).uncheck();
  await page.getByRole('button', { name: /start over/i }).click();
  await focusTerminal(page);
  await say(page, 'telnet smtp.mail.yahoo.com 25', /^220 smtp017\.mail\.yahoo\.com ready\.$/m);
  await say(page, 'HELO smtp.mail.yahoo.com', /^250 Hello smtp\.mail\.yahoo\.com, pleased to meet you\.?$/m);
  expect(await screenText(page)).not.toMatch(/^HELO /m);
  // The transcript is not a terminal: it shows what the server read.
  await expectTranscript(page, 'HELO smtp.mail.yahoo.com');
  await say(page, 'QUIT', /^221 smtp\.mail\.yahoo\.com delivering mail$/m);
});

test('Tab in DATA is a tab: drawn up to the next tab stop, sent as HT (a folded header, a TSV line); Esc Tab still leaves', async ({
  page,
}) => {
  await openSandbox(page);
  await focusTerminal(page);
  await openData(page);
  await page.keyboard.type('Subject: a');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await typeLine(page, 'folded');
  await typeLine(page, '');
  await page.keyboard.type('name');
  await page.keyboard.press('Tab');
  await typeLine(page, 'value');
  await say(page, '.', /^250 2\.0\.0 Ok: queued as /m);
  const rows = (await screenText(page)).split('\n');
  // Tab stops every 8 columns from the start of the row, as xterm and a tty's echo put them.
  expect(rows).toContain('        folded');
  expect(rows).toContain('name    value');
  // The transcript shows each line as the terminal did, its tab stops counted from the line's own start (not
  // from the "C: " before it); what went on the wire, the tab itself, is what Copy gives (component test).
  await expect.poll(() => transcriptText(page)).toMatch(/C: {9}folded/);
  expect(await transcriptText(page)).toMatch(/C: name {4}value/);
  await page.screenshot({ path: screenshot('tab-in-data') });

  // Still no keyboard trap: in a session Esc then Tab leaves the terminal, and so does Shift+Tab.
  const textarea = terminal(page).locator('textarea');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(textarea).not.toBeFocused();
  await focusTerminal(page);
  await page.keyboard.press('Shift+Tab');
  await expect(textarea).not.toBeFocused();
  await focusTerminal(page);
  await say(page, 'NOOP', /^250 2\.0\.0 Ok$/m);
});
test('a tab moves to the next 8-column stop as in a real terminal; Backspace takes the whole tab back', async ({
  page,
}) => {
  await openSandbox(page);
  await focusTerminal(page);
  await openData(page);
  const lastRow = async () => (await screenText(page)).split('\n').pop() ?? '';
  const column = async (text: string) => (await lastRow()).indexOf(text);
  await page.keyboard.type('a');
  await page.keyboard.press('Tab');
  await page.keyboard.type('b');
  // "a" on column 0, the tab to column 8: b on column 8.
  await expect.poll(() => column('b')).toBe(8);
  await page.keyboard.press('Control+U');
  await page.keyboard.type('abcdefgh');
  await page.keyboard.press('Tab');
  await page.keyboard.type('x');
  await expect.poll(() => column('x')).toBe(16);
  // Backspace over x and the tab: the cursor is back after "h"; what is typed next follows it.
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('Y');
  await expect.poll(lastRow).toBe('abcdefghY');
  // Left over the tab and a tab before it: the text after moves on to the next stop, and back.
  await page.keyboard.press('Control+U');
  await page.keyboard.type('To:');
  await page.keyboard.press('Tab');
  await page.keyboard.type('alice');
  await expect.poll(() => column('alice')).toBe(8);
  await page.keyboard.press('Home');
  await page.keyboard.press('Tab');
  await expect.poll(() => column('To:')).toBe(8);
  await expect.poll(() => column('alice')).toBe(16);
  await page.screenshot({ path: screenshot('tab-stops') });
  await page.keyboard.press('Enter');
  await say(page, '', undefined);
  await say(page, '.', /^250 2\.0\.0 Ok: queued as /m);
  // In the transcript as on the screen: "To:" at column 8 of the line, "alice" at 16.
  await expect.poll(() => transcriptText(page)).toMatch(/C: {9}To: {5}alice/);
});
