// Every glyph is drawn whole in the terminal, at every size the A−/A+ control offers and in every theme. A row
// as tall as the font (xterm's lineHeight 1) cut off the bottom of the descent: DejaVu Sans Mono's underscore
// sits there, so `s_client` showed as `s client` at 14 px. The proof is in the pixels of a screenshot.
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { FONT_SIZES } from '../../src/ui/settings.svelte.ts';
import { expectScreen, focusTerminal, frames, openSandbox, say, terminal } from './helpers.ts';

const screenshot = (name: string) => fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url));

/** What echo prints: underscores first, then the other glyphs that reach down (descenders, comma, semicolon). */
const UNDERSCORES = '__________';
const LOW = 'gjpqy,;';
const LINE = `${UNDERSCORES} ${LOW}`;

/** Which pixel rows of a PNG have ink (differ from the background) in the columns [from, to). */
async function inkRows(page: Page, png: Buffer, from: number, to: number): Promise<number[]> {
  return page.evaluate(
    async ({ b64, from, to }) => {
      const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
      const image = await createImageBitmap(blob);
      const canvas = new OffscreenCanvas(image.width, image.height);
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d context');
      context.drawImage(image, 0, 0);
      const { data, width, height } = context.getImageData(0, 0, image.width, image.height);
      // The row's right end is empty: its colour is the terminal background.
      const at = (x: number, y: number) => data.slice((y * width + x) * 4, (y * width + x) * 4 + 3);
      const background = at(width - 2, Math.floor(height / 2));
      const rows: number[] = [];
      for (let y = 0; y < height; y++) {
        for (let x = from; x < Math.min(to, width); x++) {
          const pixel = at(x, y);
          const diff = pixel.reduce((sum, v, i) => sum + Math.abs(v - background[i]), 0);
          if (diff > 48) {
            rows.push(y);
            break;
          }
        }
      }
      return rows;
    },
    { b64: png.toString('base64'), from, to },
  );
}

/** Set the text size with the A−/A+ buttons, as a teacher does. */
async function chooseSize(page: Page, size: number): Promise<void> {
  const output = page.getByRole('group', { name: 'Text size' }).locator('output');
  for (let i = 0; i < FONT_SIZES.length * 2; i++) {
    const now = parseInt((await output.textContent()) ?? '', 10);
    if (now === size) return;
    await page.getByRole('button', { name: now < size ? 'Larger text' : 'Smaller text' }).click();
  }
  await expect(output).toHaveText(`${size}px`);
}

// Wide enough that the terminal keeps every size asked for (it shrinks only to keep 60 columns).
test.use({ viewport: { width: 1920, height: 1080 } });

test('underscores and descenders have ink at every text size, in both themes', async ({ page }) => {
  test.slow();
  await openSandbox(page);
  await focusTerminal(page);
  await say(page, `echo '${LINE}'`);
  await expectScreen(page, new RegExp(`^${LINE}$`, 'm'));
  const row = terminal(page)
    .locator('.xterm-rows > div')
    .filter({ hasText: new RegExp(`^${LINE}\\s*$`) });

  const seen: string[] = [];
  for (const theme of ['default', 'projector'] as const) {
    const projector = page.getByRole('button', { name: 'Projector mode' });
    if ((await projector.getAttribute('aria-pressed')) !== String(theme === 'projector'))
      await projector.click();
    for (const size of FONT_SIZES) {
      await chooseSize(page, size);
      await frames(page, 3);
      const fontSize = await row.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      // The terminal draws at the size chosen (0.95 of it, as the CSS says); no shrinking at this width.
      expect(fontSize, `${theme} ${size}px`).toBe(Math.round(size * 0.95));
      const box = await row.boundingBox();
      expect(box).not.toBeNull();
      if (!box) return;
      const cell = await row.evaluate((el) => {
        const span = el.querySelector('span');
        return span ? span.getBoundingClientRect().width / (span.textContent ?? ' ').length : 0;
      });
      expect(cell).toBeGreaterThan(0);
      const png = await page.screenshot({ clip: box });
      const name = `glyphs-${theme}-${size}`;
      await page.screenshot({ path: screenshot(name), clip: box });
      const height = Math.round(box.height);
      const under = await inkRows(page, png, 0, Math.floor(cell * UNDERSCORES.length));
      const low = await inkRows(page, png, Math.ceil(cell * (UNDERSCORES.length + 1)), cell * LINE.length);
      const where = `${name}: row ${height}px, underscore ink at y=${under.join(',')}`;
      // The underscores are drawn...
      expect(under.length, where).toBeGreaterThan(0);
      // ... below the middle of the row (an underscore, not a stray mark) ...
      expect(Math.min(...under), where).toBeGreaterThan(height / 2);
      // ... and whole: the row's last pixel line is clear, so nothing of them was cut off there.
      expect(Math.max(...under), where).toBeLessThan(height - 1);
      expect(low.length, `${name}: ${LOW}`).toBeGreaterThan(0);
      expect(Math.max(...low), `${name}: ${LOW} at y=${low.join(',')}`).toBeLessThan(height - 1);
      seen.push(
        `${theme} ${size}px: row ${height}px, underscore y=${Math.min(...under)}..${Math.max(...under)}`,
      );
    }
  }
  console.log(seen.join('\n'));
  await page.screenshot({ path: screenshot('glyphs-sandbox-projector-32') });
});
