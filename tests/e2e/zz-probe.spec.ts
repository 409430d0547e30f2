import { test } from '@playwright/test';
import { lessonSlug } from './helpers.ts';
test('probe', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/#/sandbox');
  await page.locator('.xterm-rows').waitFor();
  await page.getByRole('button', { name: 'Projector mode' }).click();
  await page.getByRole('button', { name: 'Larger text' }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: '/tmp/probe/sandbox-p24.png' });
  await page.goto(`/#/lessons/${lessonSlug(10)}`);
  await page.locator('.xterm-rows').waitFor();
  await page.getByRole('button', { name: 'Show solution' }).click();
  await page.waitForTimeout(6000);
  await page.screenshot({ path: '/tmp/probe/l10-p24.png' });
  for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Larger text' }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: '/tmp/probe/l10-p32.png' });
});
