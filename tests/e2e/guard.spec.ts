// Issue 9 §2 and §4 in the real Chromium: lines from a share link or a progress file never drive the terminal
// (their escape sequences show, the screen above stays, OSC 8 links only show where they lead), the learner's
// own printf still clears the screen, and hostile embed attributes leave a working widget that says why.
import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { sharedQuery } from '../../src/ui/shared-session.ts';
import { expectScreen, focusTerminal, openSandbox, screenText, terminal } from './helpers.ts';

const ESC = '\x1b';
const screenshot = (name: string) => fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url));

/** What the page does that an attack tries to cause: dialogs (xterm's default link confirm()), popups, moves. */
function watch(page: Page) {
  const seen = { dialogs: [] as string[], popups: 0 };
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('popup', () => seen.popups++);
  return seen;
}

/** Type a line into the terminal as the learner. */
async function type(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** Hover and click the terminal text `text` (the last place it shows), as a learner clicks a link. */
async function clickText(page: Page, text: string): Promise<void> {
  const box = await terminal(page)
    .locator('.xterm-rows')
    .evaluate((rows, wanted) => {
      const walker = document.createTreeWalker(rows, NodeFilter.SHOW_TEXT);
      let found: DOMRect | null = null;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = (node.textContent ?? '').indexOf(wanted);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + wanted.length);
        found = range.getBoundingClientRect();
      }
      return found && { x: found.x + found.width / 2, y: found.y + found.height / 2 };
    }, text);
  expect(box, `"${text}" on the terminal`).not.toBeNull();
  await page.mouse.move(box!.x - 3, box!.y);
  await page.mouse.move(box!.x, box!.y);
  await page.mouse.click(box!.x, box!.y);
}

test('a share link’s escape sequences show in the preview and on the screen, and never run', async ({
  page,
}) => {
  const seen = watch(page);
  const lines = [
    'echo before',
    // A raw ESC in the line itself, and escapes that printf and echo -e make.
    `echo "${ESC}[2J${ESC}[H${ESC}[31mFAKE learner@laptop:~$ "`,
    String.raw`printf '\033[2J\033[H\033[41mRED\033[0m\n'`,
    String.raw`printf '\e]8;;https://evil.test/\e\\click here\e]8;;\e\\\n'`,
    String.raw`echo -e 'C1:\u009b2J'`,
    `${ESC}[2J${ESC}[31mfake`,
  ];
  const url = `/#/sandbox?${sharedQuery({ profile: 'postfix', world: 'default', lines })}`;
  await page.goto(url);
  const replay = page.getByTestId('replay');
  await replay.getByRole('button', { name: 'Type the next line' }).click();
  await expectScreen(page, /^before$/m);
  // Before the click: the line's ESC shows as ^[ in the preview.
  await expect(replay.locator('pre')).toHaveText('echo "^[[2J^[[H^[[31mFAKE learner@laptop:~$ "');
  for (let i = 1; i < lines.length; i++)
    await replay.getByRole('button', { name: 'Type the next line' }).click();
  await expect(replay).toContainText(`all ${lines.length} lines typed`);
  // The last line's answer is drawn a frame after the replay says it was typed: wait for it, then read.
  await expectScreen(page, /command not found/);

  const screen = await screenText(page);
  // Nothing cleared the screen or moved the cursor home: the first line's output is still there.
  expect(screen).toMatch(/^before$/m);
  expect(screen).toContain('^[[2J^[[H^[[31mFAKE learner@laptop:~$');
  expect(screen).toContain('^[[2J^[[H^[[41mRED^[[0m');
  expect(screen).toContain('^[]8;;https://evil.test/^[\\click here^[]8;;^[\\');
  expect(screen).toContain('C1:\\x9b2J');
  // The shell's own message about the last line quotes its name as bash does.
  expect(screen).toContain(String.raw`bash: $'\E[2J\E[31mfake': command not found`);
  // No colour ran: no cell has the red background or foreground the sequences asked for.
  expect(await terminal(page).locator('.xterm-rows .xterm-bg-1, .xterm-rows .xterm-fg-1').count()).toBe(0);
  // The text of the would-be link is no link: clicking it shows nothing and goes nowhere.
  await clickText(page, 'click here');
  await expect(page.getByTestId('terminal-link')).toHaveCount(0);
  expect(seen).toEqual({ dialogs: [], popups: 0 });
  await page.screenshot({ path: screenshot('guard-share-link-escapes'), fullPage: true });
});

test('the learner’s own printf may clear the screen and colour text', async ({ page }) => {
  await openSandbox(page);
  await focusTerminal(page);
  await type(page, 'echo before');
  await expectScreen(page, /^before$/m);
  await type(page, String.raw`printf '\033[2J\033[H\033[41mRED\033[0m\n'`);
  await expectScreen(page, /^RED$/m);
  expect(await screenText(page)).not.toMatch(/^before$/m);
  await expect(terminal(page).locator('.xterm-rows .xterm-bg-1')).toHaveCount(1);
});

test('a link in the terminal shows its whole target; only http(s) is offered, and nothing opens by itself', async ({
  page,
}) => {
  const seen = watch(page);
  await openSandbox(page);
  const start = page.url();
  await focusTerminal(page);
  const target = 'https://example.test/a/very/long/path?with=query&and=more#fragment';
  await type(page, String.raw`printf '\e]8;;${target}\e\\WEBLINK\e]8;;\e\\\n'`);
  await expectScreen(page, /^WEBLINK$/m);
  await clickText(page, 'WEBLINK');
  const shown = page.getByTestId('terminal-link');
  await expect(shown).toContainText('A link in the terminal leads to:');
  await expect(shown.locator('code')).toHaveText(target);
  const open = shown.getByRole('link', { name: 'Open it in a new tab' });
  await expect(open).toHaveAttribute('href', target);
  await expect(open).toHaveAttribute('rel', 'noopener noreferrer');
  await page.screenshot({ path: screenshot('guard-terminal-link'), fullPage: true });
  await shown.getByRole('button', { name: 'Close' }).click();
  await expect(shown).toHaveCount(0);

  for (const [label, href] of [
    ['JSLINK', 'javascript:alert(document.domain)'],
    ['FILELINK', 'file:///etc/passwd'],
  ]) {
    await focusTerminal(page);
    await type(page, String.raw`printf '\e]8;;${href}\e\\${label}\e]8;;\e\\\n'`);
    await expectScreen(page, new RegExp(`^${label}$`, 'm'));
    await clickText(page, label);
    await expect(shown).toContainText('not a web address');
    await expect(shown.locator('code')).toHaveText(href);
    await expect(shown.getByRole('link')).toHaveCount(0);
  }
  expect(seen).toEqual({ dialogs: [], popups: 0 });
  expect(page.url()).toBe(start);
});

test.describe('embed attributes', () => {
  for (const name of ['constructor', '__proto__', 'toString']) {
    test(`embed.html?world=${name} and ?profile=${name}: a working widget that says why`, async ({
      page,
    }) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      for (const param of ['world', 'profile']) {
        await page.goto(`/embed.html?${param}=${name}`);
        const alert = page.locator('smtp-lab').getByRole('alert');
        await expect(alert).toContainText(
          `No ${param === 'world' ? 'world' : 'server software'} called “${name}”`,
        );
        await focusTerminal(page);
        await type(page, 'telnet mail.example.test 25');
        // The connection works: the world's own Postfix answers (no "bug in SMTP Lab").
        await expectScreen(page, /^220 mail\.example\.test ESMTP Postfix$/m);
        expect(await screenText(page)).not.toContain('bug in SMTP Lab');
      }
      expect(errors).toEqual([]);
    });
  }

  test('font-size=1e6 is clamped to the largest size the A+ control offers', async ({ page }) => {
    await page.setViewportSize({ width: 800, height: 700 });
    await page.goto('/embed.html?font-size=1e6');
    const term = terminal(page);
    await expect(term.locator('.xterm-rows')).toBeVisible();
    const size = await page
      .locator('smtp-lab')
      .evaluate((el) =>
        getComputedStyle(el.shadowRoot!.querySelector('.smtp-lab')!).getPropertyValue('--lab-font-size'),
      );
    expect(size.trim()).toBe('32px');
    // Usable: the terminal fits the window and takes typing.
    const box = (await term.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(800);
    await focusTerminal(page);
    await type(page, 'echo usable');
    await expectScreen(page, /^usable$/m);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Progress (issue 9 §3) in the browser: an imported session waits for a click, a full storage is said, other tabs
// and a second widget with the same id never take steps away.

/** A progress file as "Download my progress" writes one, with a session that carries escape sequences. */
function progressFile(lines: string[]): string {
  return JSON.stringify({
    version: 1,
    lessons: { connect: { completed: [], current: 0, finished: false } },
    session: { lesson: 'connect', lines },
  });
}

async function loadProgress(page: Page, text: string): Promise<void> {
  await page.goto('/#/lessons');
  await page.getByLabel('Load progress from a file').setInputFiles({
    name: 'smtp-lab-progress.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
}

async function stepStatus(page: Page, id: string, nth = 0): Promise<string> {
  const item = page.getByTestId('lesson-steps').nth(nth).locator(`li[data-step="${id}"]`);
  if ((await item.getAttribute('aria-current')) === 'step') return 'current';
  return /\(done\)/.test((await item.locator('.step-head').textContent()) ?? '') ? 'done' : 'todo';
}

test('an imported progress file’s session is shown first, controls visible, and typed only on a click', async ({
  page,
}) => {
  await loadProgress(
    page,
    progressFile([`echo "${ESC}[2J${ESC}[31mIMPORTED"`, 'telnet mail.example.test 25']),
  );
  await expect(page.getByRole('status').filter({ hasText: 'Progress loaded.' })).toBeVisible();
  await page.goto('/#/lessons/connect');
  const panel = page.getByTestId('imported-session');
  await expect(panel).toContainText('brought 2 lines to type');
  await expect(panel.locator('pre')).toHaveText('echo "^[[2J^[[31mIMPORTED"\ntelnet mail.example.test 25');
  // Nothing was typed meanwhile: the lesson waits.
  await page.waitForTimeout(500);
  expect(await screenText(page)).not.toContain('IMPORTED');
  expect(await stepStatus(page, 'connect')).toBe('current');
  await page.screenshot({ path: screenshot('guard-imported-session'), fullPage: true });

  await panel.getByRole('button', { name: 'Type these lines' }).click();
  await expectScreen(page, /^220 mail\.example\.test ESMTP Postfix$/m);
  const screen = await screenText(page);
  expect(screen).toContain('^[[2J^[[31mIMPORTED');
  await expect(panel).toHaveCount(0);
  await expect.poll(() => stepStatus(page, 'connect')).toBe('done');
  // Typed once, the lines are the learner's session: a reload replays them without asking, controls still shown.
  await page.reload();
  await expectScreen(page, /^220 mail\.example\.test ESMTP Postfix$/m);
  await expect(page.getByTestId('imported-session')).toHaveCount(0);
  expect(await screenText(page)).toContain('^[[2J^[[31mIMPORTED');
});

test('an imported session can be left out: nothing typed, and it is not offered again', async ({ page }) => {
  await loadProgress(page, progressFile(['telnet mail.example.test 25']));
  await page.goto('/#/lessons/connect');
  const panel = page.getByTestId('imported-session');
  await panel.getByRole('button', { name: 'Start without them' }).click();
  await expect(panel).toHaveCount(0);
  await focusTerminal(page);
  await type(page, 'echo mine');
  await expectScreen(page, /^mine$/m);
  expect(await screenText(page)).not.toContain('telnet mail.example.test 25');
  await page.reload();
  await expectScreen(page, /^mine$/m);
  await expect(page.getByTestId('imported-session')).toHaveCount(0);
});

test('a full storage: the import says it was not stored, and a lesson says its progress is not saved', async ({
  page,
}) => {
  await page.goto('/#/lessons');
  // Fill this origin's localStorage to the last character, as a site sharing the origin could.
  const filled = await page.evaluate(() => {
    let n = 0;
    for (let size = 1 << 20; size >= 1; size = Math.floor(size / 2)) {
      for (;;) {
        try {
          localStorage.setItem(`junk-${n}`, 'x'.repeat(size));
          n++;
        } catch {
          break;
        }
      }
    }
    return n;
  });
  expect(filled).toBeGreaterThan(0);
  await loadProgress(page, progressFile(['telnet mail.example.test 25']));
  await expect(
    page.getByRole('status').filter({ hasText: 'Progress loaded for this visit only' }),
  ).toBeVisible();
  await expect(page.getByText('Progress loaded.', { exact: true })).toHaveCount(0);

  await page.goto('/#/lessons/connect');
  await focusTerminal(page);
  await type(page, 'telnet mail.example.test 25');
  await expect.poll(() => stepStatus(page, 'connect')).toBe('done');
  await expect(page.getByRole('alert').filter({ hasText: 'could not be saved' })).toBeVisible();
  await page.screenshot({ path: screenshot('guard-storage-full'), fullPage: true });
  // Room again: the next save goes through and the notice goes away; the step is stored.
  await page.evaluate((n) => {
    for (let i = 0; i < n; i++) localStorage.removeItem(`junk-${i}`);
  }, filled);
  await type(page, 'QUIT');
  await expect(page.getByRole('alert').filter({ hasText: 'could not be saved' })).toHaveCount(0);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('smtp-lab:progress') ?? '{}'));
  expect(stored.lessons.connect.finished).toBe(true);
});

test('another tab’s progress shows at once in the lesson index (the storage event)', async ({ context }) => {
  const index = await context.newPage();
  await index.goto('/#/lessons');
  const connect = index
    .getByTestId('lessons-index')
    .locator('li')
    .filter({ hasText: 'Connecting to port 25' });
  await expect(connect).toContainText('not started');
  const lesson = await context.newPage();
  await lesson.goto('/#/lessons/connect');
  await focusTerminal(lesson);
  await type(lesson, 'telnet mail.example.test 25');
  await expect.poll(() => stepStatus(lesson, 'connect')).toBe('done');
  await expect(connect).toContainText('1 of 2 steps done');
});

test('two widgets with one id on a page: neither takes the other’s steps away', async ({ page }) => {
  await page.goto('/tests/e2e/fixtures/same-id-widgets.html');
  const widgets = page.locator('smtp-lab');
  await expect(widgets.nth(1).locator('.xterm-rows')).toBeVisible();
  // A widget's steps list is folded (compact layout): open it to read the steps.
  const openSteps = async () => {
    for (const i of [0, 1])
      await widgets
        .nth(i)
        .locator('summary', { hasText: /^Steps \(/ })
        .click();
  };
  await openSteps();
  for (const i of [0, 1]) {
    await widgets.nth(i).locator('.xterm').click();
    await type(page, 'telnet mail.example.test 25');
    await expect.poll(() => stepStatus(page, 'connect', i)).toBe('done');
  }
  await page.reload();
  await expect(widgets.nth(1).locator('.xterm-rows')).toBeVisible();
  await openSteps();
  for (const i of [0, 1]) await expect.poll(() => stepStatus(page, 'connect', i)).toBe('done');
  const stored = await page.evaluate(() =>
    JSON.parse(localStorage.getItem('smtp-lab:same:progress') ?? '{}'),
  );
  expect(Object.keys(stored.lessons).sort()).toEqual(['connect', 'first-message']);
});
