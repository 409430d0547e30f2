// A phone has no Ctrl key: on a touch screen the terminal offers Ctrl-C, Ctrl-D, Ctrl-] and Tab as buttons. They
// must do exactly what the real keys do, so the same session is played twice, once with each, and compared.
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { expectScreen, openSandbox, screenText, terminal } from './helpers.ts';

const screenshot = (name: string) => fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url));

type Key = 'Ctrl-C' | 'Ctrl-D' | 'Ctrl-]' | 'Tab';

/**
 * The real keys. Tab on the page's keyboard moves the focus (the terminal never traps it), so the key a terminal
 * program gets from it, the TAB character, is entered as a keyboard's input event.
 */
async function pressReal(page: Page, key: Key): Promise<void> {
  if (key === 'Tab') return page.keyboard.insertText('\t');
  await page.keyboard.press({ 'Ctrl-C': 'Control+c', 'Ctrl-D': 'Control+d', 'Ctrl-]': 'Control+]' }[key]);
}

/** Text as a phone's keyboard sends it (an input event), then its Enter key. */
async function enter(page: Page, text: string): Promise<void> {
  if (text) await page.keyboard.insertText(text);
  await page.keyboard.press('Enter');
}

/**
 * Interrupt a half-typed line, leave telnet with its escape, end base64's input, and press Tab in DATA: each key
 * pressed with `press`. Returns the screen after each key.
 */
async function session(page: Page, press: (key: Key) => Promise<void>): Promise<string[]> {
  const screens: string[] = [];
  const after = async (pattern: RegExp) => {
    await expectScreen(page, pattern);
    screens.push(await screenText(page));
  };
  await page.keyboard.insertText('echo never run');
  await press('Ctrl-C');
  await after(/never run\^C\n.*\$$/);
  await enter(page, 'telnet mail.example.test 25');
  await expectScreen(page, /^220 /m);
  await press('Ctrl-]');
  await after(/^telnet> ?$/m);
  await enter(page, 'quit');
  await after(/^Connection closed\.$/m);
  await enter(page, 'base64');
  await enter(page, 'hi');
  await press('Ctrl-D');
  await after(/^aGkK$/m);
  await page.keyboard.insertText('echo a');
  await press('Tab');
  await page.keyboard.insertText('b');
  await enter(page, '');
  await after(/^ab$/m);
  return screens;
}

test.describe('a touch screen', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

  test('on-screen keys on a touch screen do what Ctrl-C, Ctrl-]/quit, Ctrl-D and Tab do', async ({
    page,
  }) => {
    await openSandbox(page);
    const keys = page.getByTestId('terminal-keys');
    await expect(keys).toBeVisible();
    await terminal(page).tap();
    const withKeyboard = await session(page, (key) => pressReal(page, key));

    await page.reload();
    await expect(terminal(page).locator('.xterm-rows')).toBeVisible();
    await terminal(page).tap();
    const textarea = terminal(page).locator('textarea');
    const withButtons = await session(page, async (key) => {
      await keys.getByRole('button', { name: key, exact: true }).tap();
      // The phone's keyboard stays up: the focus never left the terminal.
      await expect(textarea).toBeFocused();
    });
    expect(withButtons).toEqual(withKeyboard);
    await page.screenshot({ path: screenshot('touch-keys-sandbox') });
  });
});

test('no on-screen keys where there is a keyboard and a mouse', async ({ page }) => {
  await openSandbox(page);
  await expect(page.getByText(/^Tab or Shift\+Tab leaves the terminal/)).toBeVisible();
  await expect(page.getByTestId('terminal-keys')).toHaveCount(0);
});
