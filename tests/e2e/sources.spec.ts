// The Sources page as a reader reaches it: from the home page, five tutorials with their lessons, axe clean,
// and back again from a lesson page's "Draws on" line.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

test('home -> Sources -> a lesson -> back to Sources', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'The old tutorials behind the lessons' }).click();
  await expect(page).toHaveURL(/#\/sources$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sources' })).toBeVisible();
  const sections = page.getByTestId('source');
  await expect(sections).toHaveCount(5);
  for (let i = 0; i < 5; i++) expect(await sections.nth(i).getByRole('link').count()).toBeGreaterThan(0);
  await expect(page.locator('body')).not.toContainText(/\bseeds?\b/i);
  await page.screenshot({ path: test.info().outputPath('sources.png'), fullPage: true });

  const result = await new AxeBuilder({ page }).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  const magazine = page.getByRole('region', { name: /Using Telnet to send mail/ });
  await magazine.getByRole('link', { name: /HELO and a first message/ }).click();
  await expect(page).toHaveURL(/#\/lessons\/first-message$/);
  const drawsOn = page.locator('.sources-line');
  await expect(drawsOn).toContainText('the 2001 magazine tutorial');
  await expect(page.locator('main')).not.toContainText(/\bseeds?\b/i);
  await drawsOn.getByRole('link').click();
  await expect(page).toHaveURL(/#\/sources$/);
});
