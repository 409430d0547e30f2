// Garbage, huge pastes and impatient typing: the page stays responsive and nothing already typed is lost.
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import {
  connectAndGreet,
  expectScreen,
  expectTranscript,
  focusTerminal,
  insertText,
  openData,
  openSandbox,
  pageResponds,
  paste,
  say,
  screenText,
  expectTranscriptOrder,
} from './helpers.ts';

const screenshot = (name: string) => fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url));

/** Every C0 control, DEL, C1 controls, a lone surrogate, a BOM, U+FFFF, escape sequences that move the cursor. */
const GARBAGE =
  Array.from({ length: 32 }, (_, i) => String.fromCharCode(i))
    .filter((c) => c !== '\r' && c !== '\n')
    .join('') +
  '\x7f\x80\x9b\x9f\ud800\ufeff\uffff' +
  '\x1b[2J\x1b[H\x1b]0;title\x07\x1b[31mred\x1b[0m' +
  '\u00ff\u00fe binary';

test.beforeEach(async ({ page }) => {
  await openSandbox(page);
  await focusTerminal(page);
});

test('binary and control characters pasted at the shell prompt: a message, and the shell still works', async ({
  page,
}) => {
  await paste(page, GARBAGE + '\n');
  await pageResponds(page);
  await say(page, 'echo still-here', /^still-here$/m);
  // The cursor-moving sequences were shown, not obeyed: the screen was not cleared, the first command is still there.
  expect(await screenText(page)).toContain('learner@laptop:~$');
});

test('binary and control characters pasted as SMTP commands get the replies real Postfix gives', async ({
  page,
}) => {
  await connectAndGreet(page);
  // A verb followed by garbage: an unknown command (refs 40_unknown_command).
  await paste(page, 'XYZZY' + GARBAGE + '\r\n');
  await expectScreen(page, /^500 5\.5\.2 Error: command not recognized$/m);
  await say(page, 'NOOP', /^250 2\.0\.0 Ok$/m);
  // A NUL ends a command for Postfix (it reads a C string): a line that starts with one is empty (live 3.7).
  await paste(page, GARBAGE + '\r\n');
  await expectScreen(page, /^500 5\.5\.2 Error: bad syntax$/m);
  // A line that starts with another control character matches Postfix's default smtpd_forbidden_commands
  // (regexp /^[^A-Z]/, refs README): smtpd answers "I can break rules, too" and hangs up (Postfix smtpd.c).
  await paste(page, GARBAGE.slice(1) + '\r\n');
  await expectScreen(page, /^221 2\.7\.0 Error: I can break rules, too\. Goodbye\.$/m);
  await expectScreen(page, /^Connection closed by foreign host\.$/m);
  await pageResponds(page);
  await say(page, 'echo back-at-the-shell', /^back-at-the-shell$/m);
});

test('a 100 000-character command line is answered like real Postfix answers a too-long line', async ({
  page,
}) => {
  await connectAndGreet(page);
  // Postfix keeps line_length_limit (2048) octets of an over-long command and answers it
  // (refs 46_long_line_3000: "NOOP yyy…" of 3000 octets -> 250 2.0.0 Ok).
  await insertText(page, 'NOOP ' + 'y'.repeat(100_000));
  await pageResponds(page);
  await page.keyboard.press('Enter');
  await expectScreen(page, /^250 2\.0\.0 Ok$/m);
  await say(page, 'QUIT', /^221 2\.0\.0 Bye$/m);
  // The transcript shows the line, shortened or not, and the reply.
  await expectTranscript(page, 'NOOP yyyyyyyy');
  await expectTranscript(page, '250 2.0.0 Ok');
});

test('a 100 000-character line typed at the shell prompt gets an answer, and the next command works', async ({
  page,
}) => {
  await insertText(page, 'x'.repeat(100_000));
  await page.keyboard.press('Enter');
  await pageResponds(page);
  // The terminal wraps the 100 000 characters over many rows (and "command not found" with them, anywhere):
  // the transcript has the shell's answer on one line.
  await expectTranscript(page, /: command not found/);
  await say(page, 'echo after-the-long-line', /^after-the-long-line$/m);
});

test('a 10 MB paste during DATA: page responsive, the size limit answered, QUIT typed meanwhile comes after', async ({
  page,
}) => {
  test.slow();
  await openData(page);
  const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n';
  const times = Math.ceil((10 * 1024 * 1024) / line.length);
  await paste(page, 'Subject: ten megabytes\r\n\r\n', [line, times], '.\r\n');
  // Typed while the paste is still being fed: it must wait its turn, not land inside the message.
  await page.keyboard.type('QUIT');
  await page.keyboard.press('Enter');
  // The page answers while it works through the paste.
  await pageResponds(page);
  // 10 MB is more than Postfix's message_size_limit (10240000). After the dot, smtpd reports the
  // cleanup's size error as "552 5.3.4 Error: message file too big" (Postfix smtpd.c, data_cmd).
  await expectScreen(page, /^552 5\.3\.4 Error: message file too big$/m, 60_000);
  await expectScreen(page, /^221 2\.0\.0 Bye$/m, 60_000);
  await expectScreen(page, /^Connection closed by foreign host\.$/m);
  await expectTranscriptOrder(page, ['552 5.3.4', 'QUIT', '221 2.0.0 Bye']);
  // The terminal still echoes what is typed.
  await say(page, 'echo responsive', /^responsive$/m);
  await page.screenshot({ path: screenshot('ten-megabyte-paste'), fullPage: true });
});

test('a message pasted during DATA, then a line typed during the paste, arrives after it', async ({
  page,
}) => {
  await openData(page);
  const line = 'A line of a pasted message that is long enough to take a while to feed.\r\n';
  await paste(page, 'Subject: pasted\r\n\r\n', [line, 5_000], '.\r\n');
  await page.keyboard.type('MAIL FROM:<second@client.test>');
  await page.keyboard.press('Enter');
  await pageResponds(page);
  await expectScreen(page, /^250 2\.0\.0 Ok: queued as [0-9A-Z]+$/m, 30_000);
  // MAIL typed during the paste started a second transaction after the first message was queued.
  await expectTranscriptOrder(page, ['Ok: queued as', 'MAIL FROM:<second@client.test>', '250 2.1.0 Ok']);
});

test('typing while a reply is pending: the lines are kept and answered in order', async ({ page }) => {
  // No waiting between lines: the learner types ahead of the connection and the greeting.
  await page.keyboard.type('telnet mail.example.test 25\n');
  await page.keyboard.type('EHLO laptop.client.test\n');
  await page.keyboard.type('MAIL FROM:<learner@client.test>\n');
  await page.keyboard.type('QUIT\n');
  await expectScreen(page, /^221 2\.0\.0 Bye$/m);
  await expectTranscriptOrder(page, [
    '220 mail.example.test',
    'EHLO laptop.client.test',
    '250-mail.example.test',
    'MAIL FROM:<learner@client.test>',
    '250 2.1.0 Ok',
    'QUIT',
    '221 2.0.0 Bye',
  ]);
});
