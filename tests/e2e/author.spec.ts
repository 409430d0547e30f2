// Teachers' own lessons without a build: the editor (type, see the problem at its line, fix, Try it, complete a
// step, share), a lesson by URL (and a URL that fails), the widget with an inline lesson and with lesson-src,
// and hostile lesson files that must run no script anywhere they are shown.
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectScreen, SCREEN_TIMEOUT, terminal } from './helpers.ts';

const screenshot = (name: string) => fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url));
const FIXTURES = '/tests/e2e/fixtures/authoring';

async function typeLine(page: Page, xterm: Locator, line: string): Promise<void> {
  await xterm.click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** Every script a hostile lesson could run sets window.__pwned; dialogs would be script too. */
async function watchForScript(page: Page): Promise<() => Promise<void>> {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return async () => {
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
  };
}

test('editor: a problem shows with its line as you type, the fix clears it, Try it plays the lesson', async ({
  page,
}) => {
  await page.goto('/#/editor');
  const source = page.getByLabel('Lesson file (Markdown with YAML front matter)');
  const problems = page.getByTestId('editor-problems');
  await expect(problems).toContainText('No problems', { timeout: SCREEN_TIMEOUT });
  const example = await source.inputValue();

  // A typo in a reply id, on line 20 of the example: the same message lessons:check prints.
  const broken = example.replace('reply: { id: ehlo.ok }', 'reply: { id: ehlo.okk }');
  const line = broken.split('\n').findIndex((l) => l.includes('ehlo.okk')) + 1;
  await source.fill(broken);
  await expect(problems).toContainText(
    `my-lesson.md:${line}: step 2 "greet", goal.reply.id: unknown reply id "ehlo.okk" (did you mean "ehlo.ok"?)`,
  );
  await expect(page.getByRole('button', { name: 'Try it' })).toBeDisabled();
  // The preview keeps nothing of a broken lesson; clicking the problem selects its line.
  await problems.getByRole('button').first().click();
  expect(
    await source.evaluate((t: HTMLTextAreaElement) => t.value.slice(t.selectionStart, t.selectionEnd)),
  ).toContain('ehlo.okk');
  await page.screenshot({ path: screenshot('author-editor-problem'), fullPage: true });

  // Fixed by typing over the selected line (not by fill): the check runs again when typing pauses.
  await page.keyboard.type('      reply: { id: ehlo.ok }');
  await expect(problems).toContainText('No problems');
  await expect(page.getByRole('heading', { name: 'Say hello to a mail server' })).toBeVisible();

  await page.getByRole('button', { name: 'Try it' }).click();
  await expect(terminal(page).locator('.xterm-rows')).toBeVisible({ timeout: SCREEN_TIMEOUT });
  await typeLine(page, terminal(page), 'telnet mail.example.test');
  await expectScreen(page, /Connection refused|Trying/);
  await expect(page.locator('[data-step]').first()).not.toContainText('(done)');
  await typeLine(page, terminal(page), 'telnet mail.example.test 25');
  await expectScreen(page, /^220 mail\.example\.test/m);
  await expect(page.locator('[data-step]').first()).toContainText('(done)');
  // A try keeps its progress in memory: no warning that it could not be saved.
  await expect(page.getByText('could not be saved')).toHaveCount(0);
  await page.screenshot({ path: screenshot('author-editor-try'), fullPage: true });

  // Back in the editor the text is still there.
  await page.getByRole('button', { name: 'Back to the editor' }).click();
  await expect(source).toHaveValue(broken.replace('ehlo.okk', 'ehlo.ok'));
});

test('editor: opens a file by the picker, shares it as a link that plays the lesson', async ({ page }) => {
  await page.goto('/#/editor');
  const problems = page.getByTestId('editor-problems');
  await expect(problems).toContainText('No problems', { timeout: SCREEN_TIMEOUT });
  await page
    .locator('input[type=file]')
    .setInputFiles(fileURLToPath(new URL('./fixtures/authoring/greeting.md', import.meta.url)));
  await expect(page.getByLabel('File name')).toHaveValue('greeting.md');
  await expect(page.getByRole('heading', { name: "A greeting from a teacher's site" })).toBeVisible();
  await expect(problems).toContainText('No problems');

  // Dropping a file on the page opens it too.
  const dropped = await page.evaluateHandle(() => {
    const data = new DataTransfer();
    data.items.add(new File(['---\ntitle: only a title\n---\n'], 'dropped.md', { type: 'text/markdown' }));
    return data;
  });
  await page.getByRole('region', { name: 'Lesson editor' }).dispatchEvent('drop', { dataTransfer: dropped });
  await expect(page.getByLabel('File name')).toHaveValue('dropped.md');
  await expect(problems).toContainText('dropped.md:2: missing required field "summary"');
  await page
    .locator('input[type=file]')
    .setInputFiles(fileURLToPath(new URL('./fixtures/authoring/greeting.md', import.meta.url)));
  await expect(problems).toContainText('No problems');

  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.getByLabel('Link to this lesson').inputValue();
  expect(link).toMatch(/#\/lessons\/shared\?lesson=[A-Za-z0-9_-]+$/);
  await page.goto(link);
  await expect(page.getByRole('heading', { name: "A greeting from a teacher's site" })).toBeVisible();
  await typeLine(page, terminal(page), 'telnet mail.example.test 25');
  await expect(page.locator('[data-step]').first()).toContainText('(done)', { timeout: SCREEN_TIMEOUT });

  // A link cut short holds no lesson.
  await page.goto(link.slice(0, -20));
  await expect(page.getByTestId('outside-failed')).toContainText('does not hold a lesson');
});

test('a lesson by URL plays; a URL that cannot be read names CORS', async ({ page }) => {
  await page.goto(`/#/lessons/url?src=${FIXTURES}/greeting.md`);
  await expect(page.getByRole('heading', { name: "A greeting from a teacher's site" })).toBeVisible({
    timeout: SCREEN_TIMEOUT,
  });
  await expect(page.getByText(/not one of this site's/)).toBeVisible();
  await typeLine(page, terminal(page), 'telnet mail.example.test 25');
  await expect(page.locator('[data-step]').first()).toContainText('(done)', { timeout: SCREEN_TIMEOUT });

  // Nothing listens on port 1: the fetch fails as a cross-origin refusal would.
  await page.goto('/#/lessons/url?src=http://127.0.0.1:1/lesson.md');
  await expect(page.getByTestId('outside-failed')).toContainText('CORS', { timeout: SCREEN_TIMEOUT });
  await page.goto(`/#/lessons/url?src=${FIXTURES}/missing.md`);
  await expect(page.getByRole('alert')).toContainText(/answered 404|problem/);
  await page.goto('/#/lessons/url?src=javascript:alert(1)');
  await expect(page.getByTestId('outside-failed')).toContainText('is not an http(s) address');
});

test('a hostile lesson by URL runs no script: its text is shown as text, its links go nowhere', async ({
  page,
}) => {
  const check = await watchForScript(page);
  await page.goto(`/#/lessons/url?src=${FIXTURES}/hostile.md`);
  await expect(page.locator('[data-step]').first()).toBeVisible({ timeout: SCREEN_TIMEOUT });
  await expect(page.getByRole('heading', { level: 1 })).toContainText('<img src=x onerror=');
  await expect(page.getByText("<script>window.__pwned = 'intro'</script>")).toBeVisible();
  expect(await page.locator('main a[href^="javascript:"], main iframe, main svg[onload]').count()).toBe(0);
  // Every hint and the done text (with its iframe) are rendered too.
  for (let i = 0; i < 2; i++)
    await page
      .getByRole('button', { name: /^(Hint\b|Next hint)/ })
      .first()
      .click();
  await typeLine(page, terminal(page), 'telnet mail.example.test 25');
  await expect(page.locator('[data-step]').first()).toContainText('(done)', { timeout: SCREEN_TIMEOUT });
  await expect(page.getByText('<iframe src=').first()).toBeVisible();
  await page.screenshot({ path: screenshot('author-hostile-url'), fullPage: true });
  await check();
});

test('widget: a lesson inline in the element and one from lesson-src; a hostile one runs no script', async ({
  page,
}) => {
  const check = await watchForScript(page);
  await page.goto(`${FIXTURES}/widgets.html`);
  const inline = page.locator('smtp-lab#inline-lesson');
  const file = page.locator('smtp-lab#file-lesson');
  const hostile = page.locator('smtp-lab#hostile-lesson');
  await expect(inline.getByText('An exercise written in this post')).toBeVisible({ timeout: SCREEN_TIMEOUT });
  await expect(file.getByText("A greeting from a teacher's site")).toBeVisible({ timeout: SCREEN_TIMEOUT });
  await expect(hostile.getByText('<img src=x onerror=').first()).toBeVisible({ timeout: SCREEN_TIMEOUT });

  // The inline lesson starts connected: EHLO completes its step.
  await expect(inline.locator('.xterm-rows')).toContainText('220 mail.example.test', {
    timeout: SCREEN_TIMEOUT,
  });
  await typeLine(page, inline.locator('.xterm'), 'EHLO laptop.client.test');
  await expect(inline.locator('[data-step]').first()).toContainText('(done)', { timeout: SCREEN_TIMEOUT });
  await typeLine(page, file.locator('.xterm'), 'telnet mail.example.test 25');
  await expect(file.locator('[data-step]').first()).toContainText('(done)', { timeout: SCREEN_TIMEOUT });
  // A widget's lesson never links to the site's lesson index: the page is the blog's.
  await expect(inline.getByRole('link', { name: 'All lessons' })).toHaveCount(0);
  await inline.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshot('author-widgets'), fullPage: true });
  await check();
});

test('embed.html passes lesson-src to the widget: relative to embed.html, checked as the widget checks it', async ({
  page,
}) => {
  const check = await watchForScript(page);
  await page.goto(`${FIXTURES}/iframes.html`);
  const framed = page.frameLocator('iframe[title="SMTP Lab: my lesson"]');
  const hostile = page.frameLocator('iframe[title="SMTP Lab: a hostile lesson"]');
  const notAnAddress = page.frameLocator('iframe[title="SMTP Lab: not an address"]');
  await expect(framed.getByText("A greeting from a teacher's site").first()).toBeVisible({
    timeout: SCREEN_TIMEOUT,
  });
  await typeLine(page, framed.locator('.xterm'), 'telnet mail.example.test 25');
  await expect(framed.locator('[data-step]').first()).toContainText('(done)', { timeout: SCREEN_TIMEOUT });
  // id= keeps this frame's progress apart, as for a built-in lesson.
  expect(await page.evaluate(() => Object.keys(localStorage).join(' '))).toContain('smtp-lab:framed');

  await expect(hostile.getByText('<img src=x onerror=').first()).toBeVisible({ timeout: SCREEN_TIMEOUT });
  await expect(notAnAddress.getByTestId('outside-failed')).toContainText('is not an http(s) address');
  await page.screenshot({ path: screenshot('author-iframes'), fullPage: true });
  // No script ran in any frame.
  for (const frame of page.frames())
    expect(await frame.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  await check();
});

test('a lesson on another https site that allows CORS plays by URL (the page policy lets https reads out)', async ({
  page,
}) => {
  const text = readFileSync(
    fileURLToPath(new URL('./fixtures/authoring/greeting.md', import.meta.url)),
    'utf8',
  );
  const asked: string[] = [];
  // Playwright sees a request only after the page's Content-Security-Policy let it leave (it answers CORS itself,
  // so a refusal by CORS is tried above with an address nothing listens on).
  await page.route('https://lessons.teacher.test/**', (route) => {
    asked.push(route.request().url());
    void route.fulfill({
      status: 200,
      contentType: 'text/markdown',
      headers: { 'access-control-allow-origin': '*' },
      body: text,
    });
  });
  await page.goto('/#/lessons/url?src=https://lessons.teacher.test/week-1/greeting.md');
  await expect(page.getByRole('heading', { name: "A greeting from a teacher's site" })).toBeVisible({
    timeout: SCREEN_TIMEOUT,
  });
  await expect(page.getByText('A lesson from lessons.teacher.test')).toBeVisible();
  expect(asked).toEqual(['https://lessons.teacher.test/week-1/greeting.md']);
});

test('editor: the draft is saved as you type, back after a reload, kept when a bad file is opened; discard; axe', async ({
  page,
}) => {
  await page.goto('/#/editor');
  const source = page.getByLabel('Lesson file (Markdown with YAML front matter)');
  const problems = page.getByTestId('editor-problems');
  const note = page.getByTestId('draft-note');
  await expect(problems).toContainText('No problems', { timeout: SCREEN_TIMEOUT });
  // The untouched example is not a draft: nothing to discard.
  await expect(page.getByRole('button', { name: 'Discard draft' })).toHaveCount(0);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('editor')))).toEqual(
    [],
  );

  const mine = (await source.inputValue()).replace('Say hello to a mail server', 'My first lesson');
  await source.fill(mine);
  await page.getByLabel('File name').fill('week-1.md');
  await expect(note).toContainText('Draft saved in this browser');
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

  // A reload brings it back, with its name.
  await page.reload();
  await expect(source).toHaveValue(mine);
  await expect(page.getByLabel('File name')).toHaveValue('week-1.md');
  await expect(note).toContainText('Your draft week-1.md');

  // A file too large is not opened, and the draft stays.
  await page.locator('input[type=file]').setInputFiles({
    name: 'huge.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from('x'.repeat(200_001)),
  });
  await expect(page.getByRole('alert')).toContainText('huge.md is larger than');
  await expect(source).toHaveValue(mine);
  // A broken lesson file opens as a draft of its own: the first is one choice away, whole.
  await page.locator('input[type=file]').setInputFiles({
    name: 'broken.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from('---\ntitle: [unclosed\n---\n'),
  });
  await expect(source).toHaveValue('---\ntitle: [unclosed\n---\n');
  await expect(problems).toContainText('broken.md:2:');
  const drafts = page.getByLabel('Drafts in this browser');
  await expect(drafts.locator('option')).toHaveCount(2);
  await page.screenshot({ path: screenshot('author-editor-drafts'), fullPage: true });
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
  await page.reload();
  // The newest draft comes back; the other is still listed.
  await expect(page.getByLabel('File name')).toHaveValue('broken.md');
  await drafts.selectOption(
    (await drafts.locator('option', { hasText: 'week-1.md' }).getAttribute('value')) ?? '',
  );
  await expect(source).toHaveValue(mine);

  // Discard deletes this draft only (the broken one is shown next), and Undo brings it back.
  await page.getByRole('button', { name: 'Discard draft' }).click();
  await expect(note).toContainText('Draft week-1.md discarded.');
  await expect(page.getByLabel('File name')).toHaveValue('broken.md');
  await expect(drafts).toHaveCount(0);
  await note.getByRole('button', { name: 'Undo' }).click();
  await expect(source).toHaveValue(mine);
  await page.getByRole('button', { name: 'Discard draft' }).click();
  await page.getByRole('button', { name: 'Discard draft' }).click();
  // Both gone: the example again, and nothing left in storage.
  await expect(page.getByRole('heading', { name: 'Say hello to a mail server' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('File name')).toHaveValue('my-lesson.md');
  expect(
    await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith('smtp-lab:editor:draft:')),
    ),
  ).toEqual([]);

  // A shared lesson opened in the editor is a draft; opened again, it is the same draft, not a second one.
  await source.fill(mine);
  await page.getByRole('button', { name: 'Share link' }).click();
  const packed = (await page.getByLabel('Link to this lesson').inputValue()).split('lesson=')[1];
  await page.getByRole('button', { name: 'Discard draft' }).click();
  const draftCount = () =>
    page.evaluate(
      () => Object.keys(localStorage).filter((k) => k.startsWith('smtp-lab:editor:draft:')).length,
    );
  await page.goto(`/#/editor?lesson=${packed}`);
  await page.reload();
  await expect(source).toHaveValue(mine);
  await expect.poll(draftCount).toBe(1);
  // Opened again (a reload, then the link once more): the same draft. Leaving saves what is pending.
  await page.reload();
  await expect(source).toHaveValue(mine);
  await page.goto('/#/lessons');
  await page.goto(`/#/editor?lesson=${packed}`);
  await expect(source).toHaveValue(mine);
  await page.goto('/#/lessons');
  expect(await draftCount()).toBe(1);
});

test('a lesson by URL: the learner’s session link keeps the lesson’s address and replays into it', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`/#/lessons/url?src=${FIXTURES}/greeting.md`);
  await typeLine(page, terminal(page), 'telnet mail.example.test 25');
  await expect(page.locator('[data-step]').first()).toContainText('(done)', { timeout: SCREEN_TIMEOUT });
  await page.getByRole('button', { name: 'Copy a link to my session' }).click();
  await expect(page.getByTestId('lesson-share-status')).toContainText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain(`#/lessons/url?src=${encodeURIComponent(`${FIXTURES}/greeting.md`)}&lines=`);

  const teacher = await context.newPage();
  await teacher.goto(link);
  await teacher.getByRole('button', { name: 'Type these lines' }).click();
  await expect(teacher.locator('[data-step]').first()).toContainText('(done)', { timeout: SCREEN_TIMEOUT });
  await expect(teacher.locator('.xterm-rows')).toContainText('220 mail.example.test');
  // The viewer's own session of that lesson is the address without the lines.
  await expect(teacher.getByRole('link', { name: 'Open my own session in this lesson' })).toHaveAttribute(
    'href',
    `#/lessons/url?src=${encodeURIComponent(`${FIXTURES}/greeting.md`)}`,
  );
});

test('editor to blog post: the embed code holds the lesson, and pasted into a page it plays', async ({
  page,
}) => {
  await page.goto('/#/editor');
  const source = page.getByLabel('Lesson file (Markdown with YAML front matter)');
  await expect(page.getByTestId('editor-problems')).toContainText('No problems', { timeout: SCREEN_TIMEOUT });
  await source.fill((await source.inputValue()).replace('Say hello to a mail server', 'Hello from my blog'));
  await page.getByLabel('File name').fill('Week 2: hello.md');
  await expect(page.getByRole('heading', { name: 'Hello from my blog' })).toBeVisible();
  await page.getByRole('button', { name: 'Embed code' }).click();
  const code = await page.getByLabel(/For a blog post/).inputValue();
  expect(code).toMatch(/^<script type="module" src="http:\/\/localhost:\d+\/smtp-lab\.js"><\/script>\n/);
  expect(code).toContain('<smtp-lab id="week-2-hello">');

  // The blogger's page: the element pasted in, the widget's script (here the dev server's own entry).
  await page.goto(`${FIXTURES}/empty-post.html`);
  await page.evaluate((html) => {
    const at = html.indexOf('<smtp-lab');
    document.querySelector('main')!.insertAdjacentHTML('beforeend', html.slice(at));
    const script = document.createElement('script');
    script.type = 'module';
    script.src = '/src/embed.ts';
    document.body.append(script);
  }, code);
  const widget = page.locator('smtp-lab#week-2-hello');
  await expect(widget.getByText('Hello from my blog').first()).toBeVisible({ timeout: SCREEN_TIMEOUT });
  await typeLine(page, widget.locator('.xterm'), 'telnet mail.example.test 25');
  await expect(widget.locator('[data-step]').first()).toContainText('(done)', { timeout: SCREEN_TIMEOUT });

  // A lesson that would close the page's script block early gets no embed code, and says why.
  await page.goto('/#/editor');
  await expect(page.getByTestId('editor-problems')).toContainText('No problems', { timeout: SCREEN_TIMEOUT });
  await source.fill((await source.inputValue()).replace('Every mail server', '</script> Every mail server'));
  await expect(page.getByTestId('editor-problems')).toContainText('No problems');
  await page.getByRole('button', { name: 'Embed code' }).click();
  await expect(page.getByRole('alert')).toContainText('use lesson-src');
  await expect(page.getByLabel(/For a blog post/)).toHaveCount(0);
});
