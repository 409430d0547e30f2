// A learner on a phone finishes a lesson: a narrow touch screen, a tap into the terminal, and text arriving the
// way an on-screen keyboard sends it (input events, not key presses), with Enter from the keyboard's key.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { loadCourse } from '../../src/lessons/course.ts';
import { expectScreen, terminal } from './helpers.ts';

const screenshot = (name: string) => fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url));

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

test('lesson 5 finished on a phone: tap the terminal, type with the on-screen keyboard', async ({ page }) => {
  test.slow();
  const lesson = loadCourse(resolve('lessons')).lessons.find((l) => l.order === 5);
  expect(lesson, 'lessons/05-* exists').toBeDefined();
  if (!lesson) return;
  await page.goto(`/#/lessons/${lesson.slug}`);
  const rows = terminal(page).locator('.xterm-rows');
  await expect(rows).toBeVisible();

  // Nothing wider than the screen: no sideways scrolling to reach the terminal or the buttons.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  await terminal(page).tap();
  await expect(terminal(page).locator('textarea')).toBeFocused();
  for (const [i, step] of lesson.steps.entries()) {
    // The step to do now is shown right above the terminal: no scrolling up to the steps list.
    const now = page.getByTestId('current-step');
    await expect(now).toBeInViewport();
    await expect(now).toContainText(`Step ${i + 1} of ${lesson.steps.length}`);
    for (const line of step.solution) {
      if (line) await page.keyboard.insertText(line);
      await page.keyboard.press('Enter');
      // Each line is answered (or echoed) before the next, as a learner reads before typing on.
      if (line) await expectScreen(page, line.slice(0, 20));
    }
    await expect(page.locator(`[data-step="${step.id}"]`)).toContainText('(done)');
  }
  await expect(page.getByTestId('lesson-outcome')).toContainText('Lesson complete');
  await expect(page.getByTestId('current-step')).toHaveCount(0);
  const violations = (await new AxeBuilder({ page }).setLegacyMode(true).analyze()).violations;
  expect(violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
  await expectScreen(page, /^250 2\.0\.0 Ok: queued as /m);
  await page.screenshot({ path: screenshot('phone-lesson-5-finished'), fullPage: true });
});

test('the sandbox and the lesson index on a phone: nothing wider than the screen, the terminal usable', async ({
  page,
}) => {
  for (const path of ['/#/', '/#/lessons', '/#/sandbox']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
  await terminal(page).tap();
  await page.keyboard.insertText('telnet mail.example.test 25');
  await page.keyboard.press('Enter');
  await expectScreen(page, /^220 mail\.example\.test ESMTP Postfix$/m);
  await page.screenshot({ path: screenshot('phone-sandbox'), fullPage: true });
});
