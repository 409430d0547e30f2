// Drives the app as a learner does: open a page, click the terminal, type, and read what the screen and transcript show.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type Locator, type Page } from '@playwright/test';

/** Long enough for a slow CI machine, short enough that a hang fails fast. */
export const SCREEN_TIMEOUT = 10_000;

/** The first terminal on the page (the sandbox has one; a lesson page has one). */
export function terminal(page: Page): Locator {
  return page.locator('.xterm').first();
}

/** The on-page transcript: the one live region with role="log" that records the SMTP conversation. */
export function transcript(page: Page): Locator {
  return page.getByRole('log').first();
}

/**
 * Open the sandbox and wait for its terminal. Whether the first prompt shows is checked by a test of its own
 * (terminal.spec.ts), so that one bug there does not hide everything else: keys typed before it are kept anyway.
 */
export async function openSandbox(page: Page): Promise<void> {
  await page.goto('/#/sandbox');
  await expect(terminal(page).locator('.xterm-rows')).toBeVisible({ timeout: SCREEN_TIMEOUT });
}

/** Click into the terminal so that keys go to it, as a learner would. */
export async function focusTerminal(page: Page): Promise<void> {
  await terminal(page).click();
  await expect(terminal(page).locator('textarea')).toBeFocused();
}

/**
 * The terminal's visible rows as text, one line per row, trailing blanks dropped. The DOM renderer draws a
 * space as U+00A0 in some cells (underlined, overlined), so those are turned back into spaces.
 */
export async function screenText(page: Page): Promise<string> {
  return terminal(page)
    .locator('.xterm-rows')
    .evaluate((rows) =>
      Array.from(rows.children)
        .map((row) => (row.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd())
        .join('\n')
        .trimEnd(),
    );
}

/** Wait until the terminal shows text matching `pattern` (a string is matched literally). */
export async function expectScreen(
  page: Page,
  pattern: string | RegExp,
  timeout = SCREEN_TIMEOUT,
): Promise<void> {
  await expect
    .poll(() => screenText(page), { timeout, message: `terminal shows ${String(pattern)}` })
    .toMatch(typeof pattern === 'string' ? literal(pattern) : pattern);
}

/** Wait until the transcript contains text matching `pattern`. */
export async function expectTranscript(
  page: Page,
  pattern: string | RegExp,
  timeout = SCREEN_TIMEOUT,
): Promise<void> {
  await expect(transcript(page)).toContainText(pattern, { timeout });
}

/** The transcript's text as shown (innerText keeps its line structure). */
export async function transcriptText(page: Page): Promise<string> {
  return transcript(page).innerText();
}

/** Type a line key by key (as a learner does) and press Enter. */
export async function typeLine(page: Page, text: string): Promise<void> {
  if (text) await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/**
 * Type `text` and Enter, then wait until the terminal shows `reply`. Waiting for each reply before the next
 * line keeps the test a conversation: a failure names the line whose answer never came.
 */
export async function say(page: Page, text: string, reply?: string | RegExp): Promise<void> {
  await typeLine(page, text);
  if (reply !== undefined) await expectScreen(page, reply);
}

/** A piece of pasted text: a string, or [unit, times] for a big text built inside the page. */
export type PastePiece = string | readonly [unit: string, times: number];

/**
 * Paste into the terminal the way a browser does: a `paste` ClipboardEvent carrying a DataTransfer,
 * dispatched on xterm's hidden textarea (xterm reads clipboardData, wraps it in bracketed-paste marks).
 * Big texts are built in the page from repeated units, so 10 MB never crosses the DevTools protocol.
 */
export async function paste(page: Page, ...pieces: PastePiece[]): Promise<void> {
  await terminal(page)
    .locator('textarea')
    .evaluate((area, parts) => {
      const text = parts.map((p) => (typeof p === 'string' ? p : p[0].repeat(p[1]))).join('');
      const data = new DataTransfer();
      data.setData('text/plain', text);
      area.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    }, pieces);
}

/** Resolves once the page's main thread runs a task again: proof the page did not freeze. */
export async function pageResponds(page: Page, timeout = SCREEN_TIMEOUT): Promise<void> {
  await Promise.race([
    page.evaluate(() => new Promise<number>((resolve) => setTimeout(() => resolve(performance.now()), 0))),
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`page did not answer in ${timeout} ms`)), timeout),
    ),
  ]);
}

/** Escape a string for use inside a RegExp. */
export function literal(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/**
 * Enter text as one input event (an IME or dictation does this): xterm passes it on as typed data, not as a
 * paste. The only way to "type" 100 000 characters without 100 000 key events.
 */
export async function insertText(page: Page, text: string): Promise<void> {
  await page.keyboard.insertText(text);
}

/** Connect to the default world's Postfix and get to the point where a command is expected. */
export async function connectAndGreet(page: Page, host = 'mail.example.test'): Promise<void> {
  await say(page, `telnet ${host} 25`, new RegExp(`^220 ${host.replace(/\./g, '\\.')} ESMTP Postfix$`, 'm'));
  await say(page, 'EHLO laptop.client.test', /^250 CHUNKING$|^250 [A-Z0-9]+$/m);
}

/** ... and past MAIL, RCPT and DATA: the server now reads message content. */
export async function openData(page: Page, to = 'alice@example.test'): Promise<void> {
  await connectAndGreet(page);
  await say(page, 'MAIL FROM:<learner@client.test>', /^250 2\.1\.0 Ok$/m);
  await say(page, `RCPT TO:<${to}>`, /^250 2\.1\.5 Ok$/m);
  await say(page, 'DATA', /^354 End data with <CR><LF>\.<CR><LF>$/m);
}

/** Let the page render `count` animation frames (observers, refits and xterm's renderer each run on one). */
export async function frames(page: Page, count: number): Promise<void> {
  await page.evaluate(async (n) => {
    for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(r));
  }, count);
}

/**
 * Wait until the transcript shows every one of `texts`, in this order. The transcript is updated in batches
 * after the terminal, so it is polled rather than read once.
 */
export async function expectTranscriptOrder(
  page: Page,
  texts: string[],
  timeout = SCREEN_TIMEOUT,
): Promise<void> {
  await expect
    .poll(
      async () => {
        const log = await transcriptText(page);
        let from = 0;
        const missing: string[] = [];
        for (const text of texts) {
          const at = log.indexOf(text, from);
          if (at < 0) missing.push(text);
          else from = at + text.length;
        }
        return missing;
      },
      { timeout, message: `transcript shows, in order: ${texts.join(' … ')}` },
    )
    .toEqual([]);
}

/** The address of lesson NN (lessons/NN-slug/ is served at #/lessons/slug), or null if there is no such folder. */
export function lessonSlug(number: number): string | null {
  const prefix = `${String(number).padStart(2, '0')}-`;
  try {
    const dir = fileURLToPath(new URL('../../lessons/', import.meta.url));
    const folder = readdirSync(dir).find((name) => name.startsWith(prefix));
    return folder ? folder.slice(prefix.length) : null;
  } catch {
    return null;
  }
}

/** In the sandbox: log in on the submission port (openssl, STARTTLS, AUTH PLAIN as alice) and submit one message. */
export async function submitOn587(page: Page, to: string, subject: string, body: string): Promise<void> {
  await openSandbox(page);
  await focusTerminal(page);
  await say(
    page,
    'openssl s_client -starttls smtp -connect mail.example.test:587 -crlf -quiet',
    /verify return:1/,
  );
  await say(page, 'EHLO laptop.client.test', /AUTH PLAIN LOGIN/);
  await say(page, 'AUTH PLAIN AGFsaWNlAHNlY3JldA==', '235 2.7.0 Authentication successful');
  await sendMessage(page, 'alice@example.test', to, [`Subject: ${subject}`, '', body]);
}

/**
 * One transaction in an open session: MAIL FROM and RCPT TO (each answered 250), DATA, the message's lines, then
 * the dot, whose reply must match `end` (by default Postfix's "queued as").
 */
export async function sendMessage(
  page: Page,
  from: string,
  to: string,
  lines: readonly string[],
  end: RegExp = /^250 2\.0\.0 Ok: queued as [0-9A-F]+$/m,
): Promise<void> {
  await say(page, `MAIL FROM:<${from}>`, /^250 2\.1\.0 Ok$/m);
  await say(page, `RCPT TO:<${to}>`, /^250 2\.1\.5 Ok$/m);
  await say(page, 'DATA', /^354 /m);
  for (const line of lines) await say(page, line);
  await say(page, '.', end);
}
