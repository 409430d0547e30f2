// Accessibility: axe finds no violations on each page, and the sandbox works with the keyboard alone.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import {
  expectScreen,
  focusTerminal,
  frames,
  lessonSlug,
  openSandbox,
  say,
  screenText,
  terminal,
  transcript,
} from './helpers.ts';

/** Violations as short readable lines, so a failure says what to fix and where. */
async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map(
      (n) => `${v.id} (${v.impact}): ${v.help} — ${n.target.join(' ')} — ${n.failureSummary ?? ''}`,
    ),
  );
}

/** Where the focus is, in words: enough to tell the terminal, the transcript and a named control apart. */
async function focused(
  page: Page,
): Promise<{ where: 'terminal' | 'transcript' | 'other' | 'none'; name: string }> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { where: 'none' as const, name: '' };
    const name = (
      el.getAttribute('aria-label') ??
      (el as HTMLInputElement).labels?.[0]?.textContent ??
      el.textContent ??
      ''
    )
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 60);
    if (el.closest('.xterm')) return { where: 'terminal' as const, name };
    if (el.closest('[role="log"]')) return { where: 'transcript' as const, name };
    return { where: 'other' as const, name: `${el.tagName.toLowerCase()} "${name}"` };
  });
}

/** Press Tab (or Shift+Tab) until `until` holds; returns what was passed on the way. Fails after `max` presses. */
async function tabUntil(
  page: Page,
  until: (f: Awaited<ReturnType<typeof focused>>) => boolean,
  max = 60,
  key = 'Tab',
): Promise<string[]> {
  const passed: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    passed.push(f.where === 'other' ? f.name : f.where);
    if (until(f)) return passed;
  }
  throw new Error(`${key} never reached the target; focus went through:\n${passed.join('\n')}`);
}

test.describe('axe', () => {
  test('home page and lesson index', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    await page.goto('/#/lessons');
    await expect(page.getByRole('link', { name: /first message/i })).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });

  test('sandbox page after a short session', async ({ page }) => {
    await openSandbox(page);
    await focusTerminal(page);
    // While the transcript is short every line is in view (axe skips what is scrolled out of sight).
    await say(page, 'echo hello', /^hello$/m);
    await say(page, 'telnet mail.example.test 25', /^220 /m);
    expect(await axeViolations(page)).toEqual([]);
    await say(page, 'EHLO laptop.client.test', /^250 /m);
    await say(page, 'MAIL FROM:<learner@client.test>', /^250 2\.1\.0 Ok$/m);
    await say(page, 'RCPT TO:<nobody@example.test>', /^550 /m);
    expect(await axeViolations(page)).toEqual([]);
    // The classroom theme: another palette, checked the same way.
    await page.getByRole('button', { name: /projector/i }).click();
    await expect(page.getByRole('button', { name: /projector/i })).toHaveAttribute('aria-pressed', 'true');
    expect(await axeViolations(page)).toEqual([]);
  });

  test('lesson page, fresh and after a hint, a step done and a refusal', async ({ page }) => {
    const slug = lessonSlug(2);
    test.skip(slug === null, 'no lessons/02-* yet');
    await page.goto(`/#/lessons/${slug}`);
    await expect(terminal(page).locator('.xterm-rows')).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);

    await focusTerminal(page);
    await say(page, 'telnet mail.example.test 25', /^220 /m);
    await page.getByRole('button', { name: /^Hint\b/ }).click();
    await focusTerminal(page);
    await say(page, 'HELO', /^501 /m);
    await expect(page.getByTestId('lesson-outcome')).toContainText('501');
    // Scan the explanation too, once the catalog's chunk has filled it in.
    await expect(page.getByTestId('lesson-outcome')).toContainText('RFC 5321');
    expect(await axeViolations(page)).toEqual([]);
  });
});

test.describe('axe on the lesson layouts', () => {
  test('projector at 1280×720 and 24 px, with the reset dialog open', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`/#/lessons/${lessonSlug(2)}`);
    await expect(terminal(page).locator('.xterm-rows')).toBeVisible();
    await page.getByRole('button', { name: 'Projector mode' }).click();
    await page.getByRole('button', { name: 'Larger text' }).click();
    await expect(page.getByRole('group', { name: 'Text size' }).locator('output')).toHaveText('24px');
    await focusTerminal(page);
    await say(page, 'telnet mail.example.test 25', /^220 /m);
    expect(await axeViolations(page)).toEqual([]);
    // The confirmation is a modal dialog, named and described, with the focus on the safe choice.
    await page.getByRole('button', { name: 'Start the lesson over' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start the lesson over?' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Keep my progress' })).toBeFocused();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('current-step')).toContainText('Step 2 of');
  });

  test('the compact widget in a 700-px blog column, folded and opened', async ({ page }) => {
    await page.goto('/tests/e2e/fixtures/blog-column.html');
    const widget = page.locator('smtp-lab');
    await expect(widget.locator('.xterm-rows')).toBeVisible();
    const scan = async () =>
      (await new AxeBuilder({ page }).include('smtp-lab').analyze()).violations.map(
        (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
    expect(await scan()).toEqual([]);
    for (const name of ['About this lesson', /^Steps \(/, 'Sequence diagram']) {
      await widget.locator('summary', { has: page.getByRole('heading', { name }) }).click();
    }
    await expect(widget.getByTestId('lesson-steps')).toBeVisible();
    expect(await scan()).toEqual([]);
  });

  test.describe('phone', () => {
    test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    test('lesson with the on-screen keys', async ({ page }) => {
      await page.goto(`/#/lessons/${lessonSlug(2)}`);
      await expect(page.getByTestId('terminal-keys')).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });
  });
});

test('keyboard only: Tab reaches the terminal and the controls, Tab leaves the terminal, the transcript is reachable', async ({
  page,
}) => {
  await page.goto('/#/sandbox');
  await expect(terminal(page).locator('.xterm-rows')).toBeVisible();

  // From page load, Tab alone reaches the terminal.
  const toTerminal = await tabUntil(page, (f) => f.where === 'terminal');
  await page.keyboard.type('echo typed-with-the-keyboard');
  await page.keyboard.press('Enter');
  await expectScreen(page, /^typed-with-the-keyboard$/m);

  // The documented way out of the terminal: Tab (Shift+Tab goes back). Inside xterm a Tab would
  // otherwise be sent to the shell as a character and trap keyboard users.
  await page.keyboard.press('Tab');
  expect((await focused(page)).where).not.toBe('terminal');
  await page.keyboard.press('Shift+Tab');
  expect((await focused(page)).where).toBe('terminal');
  await page.keyboard.press('Shift+Tab');
  expect((await focused(page)).where).not.toBe('terminal');
  // Those Tabs typed nothing: the input row is still a bare prompt.
  await frames(page, 3);
  expect((await screenText(page)).split('\n').pop()).toMatch(/\$$/);

  // Forward again, through the terminal and on to the transcript.
  await tabUntil(page, (f) => f.where === 'terminal');
  const toTranscript = await tabUntil(page, (f) => f.where === 'transcript');
  await expect(transcript(page)).toContainText('echo typed-with-the-keyboard');

  // The main controls were on the way: a full round of Tab visits the sandbox's buttons and fields.
  const controls = [...toTerminal, ...toTranscript].filter((n) => n !== 'terminal' && n !== 'transcript');
  expect(controls.length, `controls reached by Tab: ${controls.join(', ')}`).toBeGreaterThan(2);
  expect(controls.join('\n')).toMatch(/start over/i);
});
