// A teacher prepares a session in the sandbox, copies its link, and plays it back on the projector: the same
// server, the same lines, one press at a time.
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { sharedQuery } from '../../src/ui/shared-session.ts';
import { expectScreen, focusTerminal, openSandbox, say, screenText } from './helpers.ts';

const screenshot = (name: string) => fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url));

test('copy a link to a sandbox session, open it, and replay it line by line', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openSandbox(page);
  await page.getByLabel(/Server software/).selectOption('sendmail');
  await focusTerminal(page);
  await say(page, 'telnet mail.example.test 25', /^220 .*Sendmail/m);
  await say(page, 'HELO laptop.client.test', /^250 /m);
  await page.keyboard.press('Control+]');
  await say(page, 'quit', /^Connection closed\.$/m);

  await page.getByRole('button', { name: 'Copy a link to this session' }).click();
  const status = page.getByRole('status').filter({ hasText: /Link copied|Copy this link/ });
  await expect(status).toBeVisible();
  const link = (await status.textContent())?.includes('Link copied')
    ? await page.evaluate(() => navigator.clipboard.readText())
    : await status.getByRole('textbox').inputValue();
  expect(link).toMatch(/#\/sandbox\?profile=sendmail&world=/);

  // The projector's browser: a fresh page, nothing typed yet, the server chosen by the link.
  const projector = await context.newPage();
  await projector.goto(link);
  await expect(projector.getByLabel(/Server software/)).toHaveValue('sendmail');
  const replay = projector.getByTestId('replay');
  await expect(replay).toContainText('line 1 of 4');
  expect(await screenText(projector)).not.toContain('telnet mail.example.test');
  await replay.getByRole('button', { name: 'Type the next line' }).click();
  await expectScreen(projector, /^220 .*Sendmail/m);
  await replay.getByRole('button', { name: 'Type the next line' }).click();
  await expectScreen(projector, /^250 /m);
  // The next entry is the Ctrl-] key, named as such.
  await expect(replay).toContainText('Ctrl-]');
  await projector.screenshot({ path: screenshot('shared-session-replay'), fullPage: true });
  const violations = (await new AxeBuilder({ page: projector }).analyze()).violations;
  expect(violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
  await replay.getByRole('button', { name: 'Type the rest' }).click();
  await expectScreen(projector, /^Connection closed\.$/m);
  await expect(replay).toContainText('all 4 lines typed');
});

test('a link names its next line as text, whatever it is', async ({ page }) => {
  const lines = ['constructor', '__proto__', '<b>bold?</b>', ''];
  await page.goto(`/#/sandbox?${sharedQuery({ profile: 'postfix', world: 'default', lines })}`);
  const replay = page.getByTestId('replay');
  for (const shown of ['constructor', '__proto__', '<b>bold?</b>', '(an empty line)']) {
    await expect(replay.locator('pre')).toHaveText(shown);
    await replay.getByRole('button', { name: 'Type the next line' }).click();
  }
  await expect(replay).toContainText('all 4 lines typed');
  await expectScreen(page, /^bash: constructor: command not found$/m);
});
