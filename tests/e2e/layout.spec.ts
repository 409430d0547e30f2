// The lesson page's layouts, checked by where things are on the screen: the current step (text and buttons) and at
// least 16 terminal rows are seen together, without scrolling, on a 1280×720 projector at 24 px, at 1280×800, in a
// 700-px blog column and on a 390×844 phone; the terminal keeps 60 columns; the step comes into view when it changes.
import { fileURLToPath } from 'node:url';
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  expectScreen,
  focusTerminal,
  frames,
  lessonSlug,
  say,
  SCREEN_TIMEOUT,
  screenText,
  terminal,
} from './helpers.ts';

const screenshot = (name: string) => fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url));

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

async function box(locator: Locator): Promise<Box> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
  });
}

async function viewport(page: Page): Promise<{ width: number; height: number }> {
  return page.evaluate(() => ({ width: innerWidth, height: innerHeight }));
}

/** Wholly on screen: nothing of it above, below or beside the window (less than a pixel, from rounding). */
async function expectOnScreen(page: Page, locator: Locator, what: string): Promise<Box> {
  const b = await box(locator);
  const v = await viewport(page);
  const where = `${what}: top ${b.top.toFixed(0)}, bottom ${b.bottom.toFixed(0)} in a ${v.width}×${v.height} window`;
  expect(b.top, where).toBeGreaterThan(-1);
  expect(b.bottom, where).toBeLessThan(v.height + 1);
  expect(b.left, where).toBeGreaterThan(-1);
  expect(b.right, where).toBeLessThan(v.width + 1);
  return b;
}

/** How many terminal rows are wholly on screen (inside the terminal's box and inside the window). */
async function rowsOnScreen(page: Page, scope: Locator = page.locator('body')): Promise<number> {
  return scope
    .locator('.xterm')
    .first()
    .evaluate((xterm) => {
      const screen = xterm.getBoundingClientRect();
      const top = Math.max(0, screen.top);
      const bottom = Math.min(innerHeight, screen.bottom);
      return Array.from(xterm.querySelectorAll('.xterm-rows > div')).filter((row) => {
        const r = row.getBoundingClientRect();
        return r.height > 0 && r.top >= top - 0.5 && r.bottom <= bottom + 0.5;
      }).length;
    });
}

/** The current step's card, its text and its buttons. */
const card = (scope: Page | Locator) => scope.getByTestId('current-step');

/** The text, the buttons, and 16 rows of the terminal, all on screen together. */
async function expectTaskAndTerminal(
  page: Page,
  what: string,
  scope: Page | Locator = page,
): Promise<string> {
  const cardBox = await expectOnScreen(page, card(scope), `${what}: the current step`);
  const actions = card(scope).getByRole('group', { name: 'Lesson actions' });
  await expectOnScreen(page, actions, `${what}: its buttons`);
  const rows = await rowsOnScreen(page, scope === page ? page.locator('body') : (scope as Locator));
  expect(rows, `${what}: terminal rows on screen`).toBeGreaterThanOrEqual(16);
  const term = await box(terminal(page));
  return `${what}: card ${cardBox.top.toFixed(0)}–${cardBox.bottom.toFixed(0)}, terminal ${term.top.toFixed(0)}–${term.bottom.toFixed(0)} × ${term.left.toFixed(0)}–${term.right.toFixed(0)}, ${rows} rows on screen`;
}

async function openLesson(page: Page, order: number): Promise<string> {
  const slug = lessonSlug(order);
  expect(slug, `lessons/${order}-* exists`).not.toBeNull();
  await page.goto(`/#/lessons/${slug}`);
  await expect(terminal(page).locator('.xterm-rows')).toBeVisible();
  await expect(card(page)).toBeVisible();
  return slug ?? '';
}

/** Projector mode at a text size, with the page's own controls. */
async function projector(page: Page, size: number): Promise<void> {
  await page.getByRole('button', { name: 'Projector mode' }).click();
  const output = page.getByRole('group', { name: 'Text size' }).locator('output');
  for (let i = 0; i < 10 && (await output.textContent()) !== `${size}px`; i++) {
    const now = parseInt((await output.textContent()) ?? '0', 10);
    await page.getByRole('button', { name: now < size ? 'Larger text' : 'Smaller text' }).click();
  }
  await expect(output).toHaveText(`${size}px`);
  await frames(page, 3);
}

const figures: string[] = [];
test.afterAll(() => console.log(figures.join('\n')));

test.describe('1280×720 projector at 24 px', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('step, buttons and 16 rows together; 60 columns; the line "Type line" typed is on screen', async ({
    page,
  }) => {
    test.slow();
    await openLesson(page, 5);
    await projector(page, 24);
    figures.push(await expectTaskAndTerminal(page, 'projector 24px, fresh'));

    // A 60-character line stays on one row (the lesson starts connected: telnet echoes it, the server says 500).
    await focusTerminal(page);
    const sixty = `NOOP ${'x'.repeat(55)}`;
    await say(page, sixty, /^250 2\.0\.0 Ok$/m);
    expect((await screenText(page)).split('\n')).toContain(sixty);
    const cols = await terminal(page).evaluate((el) => {
      const row = el.querySelector('.xterm-rows > div') as HTMLElement;
      const span = row.querySelector('span');
      const cell = span ? span.getBoundingClientRect().width / (span.textContent ?? ' ').length : 1;
      return Math.floor(row.getBoundingClientRect().width / cell);
    });
    expect(cols).toBeGreaterThanOrEqual(60);
    figures.push(`projector 24px: ${cols} columns`);

    // Steps 1 to 3 by Show solution, then the teacher types step 4 one line at a time.
    for (let i = 0; i < 3; i++) {
      const before = await card(page).locator('h2').textContent();
      await card(page).getByRole('button', { name: 'Show solution' }).click();
      await expect(card(page).locator('h2')).not.toHaveText(before ?? '', { timeout: SCREEN_TIMEOUT });
    }
    figures.push(await expectTaskAndTerminal(page, 'projector 24px, step 4'));
    const typeLine = card(page).getByTestId('next-line');
    await expect(typeLine).toHaveText(/^Type line 1 of \d+$/);
    await typeLine.click();
    await expect(typeLine).toHaveText(/^Type line 2 of \d+$/);
    // The class sees the line typed: its row is on screen, beside the button pressed.
    const typed = terminal(page).locator('.xterm-rows > div').filter({ hasText: /\S/ }).last();
    await expect(typed).not.toHaveText(/^\s*$/);
    await expectOnScreen(page, typed, 'the row typed by "Type line"');
    await expectOnScreen(page, typeLine, 'the "Type line" button');
    await page.screenshot({ path: screenshot('layout-projector-1280x720-24px') });
  });
});

test.describe('1280×800, normal theme', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('step and 16 rows together; the step comes into view when it changes and after the reload', async ({
    page,
  }) => {
    test.slow();
    await openLesson(page, 2);
    // A fresh lesson opens with its introduction; it folds away once the first step is done.
    const intro = page.locator('details', { has: page.getByRole('heading', { name: 'About this lesson' }) });
    await expect(intro).toHaveAttribute('open');
    figures.push(await expectTaskAndTerminal(page, '1280×800, fresh'));
    await focusTerminal(page);
    await say(page, 'telnet mail.example.test 25', /^220 /m);
    await expect(intro).not.toHaveAttribute('open');
    await say(page, 'HELO laptop.client.test', /^250 mail\.example\.test$/m);
    await expect(card(page)).toContainText('Step 3 of');
    figures.push(await expectTaskAndTerminal(page, '1280×800, step 3'));
    await page.screenshot({ path: screenshot('layout-1280x800-step-3') });

    // The learner scrolls down to read the transcript, then types on: the new step comes into view.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect(card(page)).not.toBeInViewport();
    await page.keyboard.type('MAIL FROM:<learner@client.test>');
    await page.keyboard.press('Enter');
    await expect(card(page)).toContainText('Step 4 of');
    await expect(card(page)).toBeInViewport();
    await expectOnScreen(page, card(page), 'the new step, after typing scrolled down');

    // "Welcome back": after a reload (scrolled down again, which the browser may restore) the step to do is on
    // screen with the terminal.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.reload();
    await expect(page.getByText('Welcome back')).toBeVisible();
    await expect(card(page)).toContainText('Step 4 of');
    await expectScreen(page, /^250 2\.1\.0 Ok$/m);
    figures.push(await expectTaskAndTerminal(page, '1280×800, after the reload'));
  });
});

test.describe('a 700-px blog column', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('compact widget: terminal and step first, introduction and steps folded one click away', async ({
    page,
  }) => {
    await page.goto('/tests/e2e/fixtures/blog-column.html');
    const widget = page.locator('smtp-lab#column-widget');
    await expect(widget.locator('.xterm-rows')).toBeVisible();
    await expect(card(widget)).toBeVisible();
    const host = await box(widget);
    expect(host.right - host.left).toBe(700);
    const term = await box(widget.locator('.xterm'));
    const now = await box(card(widget));
    // The card, then the terminal, near the top of the widget.
    expect(now.bottom).toBeLessThanOrEqual(term.top);
    expect(term.top - host.top, 'terminal offset in the widget').toBeLessThan(320);
    figures.push(
      `blog column: widget top ${host.top.toFixed(0)}, card ${now.top.toFixed(0)}–${now.bottom.toFixed(0)}, terminal starts ${(term.top - host.top).toFixed(0)} px into the widget`,
    );
    // Folded: the introduction and the steps list, one click away each.
    const intro = widget.locator('details', {
      has: page.getByRole('heading', { name: 'About this lesson' }),
    });
    const stepsList = widget.locator('details', { has: page.getByRole('heading', { name: /^Steps \(/ }) });
    await expect(intro).not.toHaveAttribute('open');
    await expect(stepsList).not.toHaveAttribute('open');
    await expect(widget.getByTestId('lesson-steps')).toBeHidden();
    // Scrolled to the widget, a reader sees the step and 16 rows together.
    await widget.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    figures.push(await expectTaskAndTerminal(page, 'blog column, scrolled to the widget', widget));
    await intro.getByRole('heading', { name: 'About this lesson' }).click();
    await expect(intro).toHaveAttribute('open');
    await stepsList.locator('summary').click();
    await expect(widget.getByTestId('lesson-steps')).toBeVisible();
    await page.screenshot({ path: screenshot('layout-blog-column-700'), fullPage: true });
  });
});

test.describe('390×844 phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

  test('the card right above the terminal, the on-screen keys right under it', async ({ page }) => {
    await openLesson(page, 2);
    await terminal(page).tap();
    const now = await box(card(page));
    const term = await box(terminal(page));
    expect(now.bottom).toBeLessThanOrEqual(term.top);
    expect(term.top - now.bottom).toBeLessThan(40);
    const keys = await box(page.getByTestId('terminal-keys'));
    expect(keys.top - term.bottom).toBeLessThan(40);
    await card(page).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await expectOnScreen(page, card(page), 'phone: the current step');
    const rows = await rowsOnScreen(page);
    expect(rows).toBeGreaterThanOrEqual(16);
    figures.push(
      `phone: card ${now.top.toFixed(0)}–${now.bottom.toFixed(0)}, terminal ${term.top.toFixed(0)}–${term.bottom.toFixed(0)}, keys at ${keys.top.toFixed(0)}, ${rows} rows on screen with the card`,
    );
    await page.screenshot({ path: screenshot('layout-phone-390x844') });
  });
});

test.describe('a title with no break opportunity', () => {
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ]) {
    test(`${width}×${height}: it wraps inside the lesson column, never over the terminal or past the window`, async ({
      page,
    }) => {
      await page.setViewportSize({ width, height });
      await page.goto('/#/lessons/url?src=/tests/e2e/fixtures/layout/long-title.md');
      const title = page.getByRole('heading', { level: 1, name: /^Supercalifragilistic/ });
      await expect(title).toBeVisible({ timeout: SCREEN_TIMEOUT });
      await expect(terminal(page).locator('.xterm-rows')).toBeVisible();
      await frames(page, 3);
      const t = await box(title);
      const term = await box(terminal(page));
      const v = await viewport(page);
      const where = `title ${t.left.toFixed(0)}–${t.right.toFixed(0)} × ${t.top.toFixed(0)}–${t.bottom.toFixed(0)}, terminal ${term.left.toFixed(0)}–${term.right.toFixed(0)} × ${term.top.toFixed(0)}–${term.bottom.toFixed(0)}, window ${v.width}`;
      // The text itself, not just the box: a heading's box keeps its width while its text overflows it.
      const text = await title.evaluate((h) => {
        const range = document.createRange();
        range.selectNodeContents(h);
        const r = range.getBoundingClientRect();
        return {
          left: r.left,
          right: r.right,
          top: r.top,
          bottom: r.bottom,
          scroll: h.scrollWidth - h.clientWidth,
        };
      });
      expect(text.scroll, where).toBeLessThanOrEqual(0);
      expect(text.right, where).toBeLessThanOrEqual(v.width + 0.5);
      expect(text.left, where).toBeGreaterThanOrEqual(-0.5);
      // Beside the terminal or above it: its text reaches neither into the terminal's column nor over its rows.
      const overlaps =
        text.left < term.right && text.right > term.left && text.top < term.bottom && text.bottom > term.top;
      expect(overlaps, where).toBe(false);
      // Beside it (wide window): the title's column ends before the terminal's.
      if (term.top < t.bottom) expect(text.right, where).toBeLessThanOrEqual(term.left + 0.5);
      figures.push(`long title ${width}×${height}: ${where}`);
      await page.screenshot({ path: screenshot(`layout-long-title-${width}`) });
    });
  }
});

test.describe('the sandbox in projector mode', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  for (const size of [20, 24]) {
    test(`1280×720 at ${size} px: the terminal fills the window's height, controls and panels beside it`, async ({
      page,
    }) => {
      await page.goto('/#/sandbox');
      await expect(terminal(page).locator('.xterm-rows')).toBeVisible();
      await projector(page, size);
      await expect(page.getByText('Predict the reply')).toBeVisible();
      await frames(page, 3);
      const rows = await rowsOnScreen(page);
      const term = await expectOnScreen(page, terminal(page), 'the terminal');
      const v = await viewport(page);
      const where = `terminal ${term.top.toFixed(0)}–${term.bottom.toFixed(0)} × ${term.left.toFixed(0)}–${term.right.toFixed(0)}, ${rows} rows on screen`;
      figures.push(`sandbox projector ${size}px: ${where}`);
      // 14 rows before (the controls above it); now the terminal starts under the navigation and ends at the
      // window's bottom, less the hint under it.
      expect(rows, where).toBeGreaterThanOrEqual(20);
      expect(term.top, where).toBeLessThan(v.height * 0.15);
      expect(v.height - term.bottom, where).toBeLessThan(v.height * 0.12);
      // What the teacher needs stays on screen, beside the terminal, not over it.
      for (const [what, locator] of [
        ['the server menu', page.getByRole('combobox').first()],
        ['Start over', page.getByRole('button', { name: 'Start over' })],
        ['the transcript heading', page.getByRole('heading', { name: 'Transcript' })],
      ] as const) {
        const b = await expectOnScreen(page, locator, `${where}: ${what}`);
        expect(b.left, `${what} beside the terminal`).toBeGreaterThanOrEqual(term.right);
      }
      // A 60-character line still fits on one row: the typed line, and the output under it.
      await focusTerminal(page);
      const sixty = 'x'.repeat(60);
      await say(page, `echo ${sixty}`, new RegExp(`^${sixty}$`, 'm'));
      await page.screenshot({ path: screenshot(`layout-sandbox-projector-${size}px`) });
    });
  }
});
