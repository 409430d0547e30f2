// `npm run size` must count what a browser really fetches: a built <smtp-lab lesson="…"> is opened alone in a
// page, and every script it fetches before the learner types must be among the files the size report counts for
// that lesson (an undercount hid 11.8 kB of lesson 7 once). For connect the two are the same set.
import { test } from '@playwright/test';
import { SCREEN_TIMEOUT } from '../helpers.ts';
import { lessonLoads, measure } from '../../../scripts/bundle-size.ts';
import { builtDist, expect, rowsOf, watchProblems } from './built.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

let server: StaticServer;
let counted: Map<string, string[]>;
test.beforeAll(async () => {
  const dist = builtDist();
  server = await serveStatic({ '/smtp-lab/': dist });
  const report = measure(dist, await lessonLoads());
  counted = new Map(
    report.wholeLessons.map((s) => [s.name.split(' ').at(-1)!, s.files.map((f) => f.file)] as const),
  );
});
test.afterAll(() => server.close());

for (const slug of [
  'connect',
  'mx-records',
  'forgery',
  'greylisting',
  'proper-message',
  'data-and-dot',
  'tls-and-auth',
]) {
  test(`lesson ${slug}: every script the widget fetches is counted by npm run size`, async ({ page }) => {
    test.slow();
    const problems = watchProblems(page);
    const fetched = new Set<string>();
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/smtp-lab/') && path.endsWith('.js')) fetched.add(path.slice('/smtp-lab/'.length));
    });
    await page.route(`${server.url}/one.html`, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>One lesson</title>
<script type="module" src="/smtp-lab/smtp-lab.js"></script></head>
<body><smtp-lab lesson="${slug}"></smtp-lab></body></html>`,
      }),
    );
    await page.goto(`${server.url}/one.html`);
    const terminal = page.locator('smtp-lab .xterm');
    await expect
      .poll(() => rowsOf(terminal), { timeout: SCREEN_TIMEOUT })
      .toMatch(/learner@laptop:~\$|^220 /m);
    await page.waitForLoadState('networkidle');
    const files = counted.get(slug)!;
    expect(files.length).toBeGreaterThan(5);
    expect([...fetched].filter((f) => !files.includes(f))).toEqual([]);
    if (slug === 'connect') expect(files.filter((f) => f.endsWith('.js') && !fetched.has(f))).toEqual([]);
    expect(problems).toEqual([]);
  });
}
