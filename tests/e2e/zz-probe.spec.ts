import { test } from '@playwright/test';
test('probe', async ({ page }) => {
  await page.goto('/tests/e2e/fixtures/zz-glyph-probe.html');
  await page.waitForFunction(() => (window as any).make);
  const out: string[] = [];
  for (const lh of [1.15, 1.2]) {
    const line: string[] = [];
    for (let fs = 11; fs <= 34; fs++) {
      await page.evaluate(([f, l]) => (window as any).make(f, l), [fs, lh]);
      const row = page.locator('.xterm-rows > div').first();
      const box = (await row.boundingBox())!;
      const buf = await page.screenshot({ clip: { x: box.x, y: box.y, width: 200, height: box.height } });
      const ink = await page.evaluate(async (b64) => {
        const img = await createImageBitmap(await (await fetch('data:image/png;base64,' + b64)).blob());
        const c = new OffscreenCanvas(img.width, img.height); const ctx = c.getContext('2d')!; ctx.drawImage(img, 0, 0);
        const d = ctx.getImageData(0, 0, img.width, img.height).data; const ys: number[] = [];
        for (let y = 0; y < img.height; y++) { let n = 0; for (let x = 0; x < img.width; x++) { const i = (y*img.width+x)*4; if (Math.abs(d[i]-0x1d)+Math.abs(d[i+1]-0x1f)+Math.abs(d[i+2]-0x21) > 30) n++; } if (n) ys.push(y); }
        return ys.join(',');
      }, buf.toString('base64'));
      line.push(`${fs}:${box.height}:${ink}`);
    }
    out.push(`lh ${lh}: ${line.join(' ')}`);
  }
  console.log(out.join('\n'));
});
