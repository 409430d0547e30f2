// The npm package as a CDN serves it: `npm pack` (of the build `npm test` made), installed offline into an empty
// folder, its dist/ served under a versioned sub-path; a blog page loads the widget with one script tag and the
// iframe embed from there, and a learner types a lesson. No request leaves the package's folder.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@playwright/test';
import { builtDist, connectInWidget, ehloInFrame, expect, ROOT, watchProblems } from './built.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};
const CDN_PATH = `/npm/${name}@${version}/dist/`;

let work = '';
let installed = '';
let server: StaticServer;

test.beforeAll(() => {
  builtDist();
  work = mkdtempSync(join(tmpdir(), 'smtp-lab-pack-'));
  // --ignore-scripts: pack the build already made (prepack would build it again).
  const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim();
  const site = join(work, 'site');
  mkdirSync(site);
  writeFileSync(join(site, 'package.json'), '{"private": true}\n');
  execFileSync(
    'npm',
    ['install', join(work, tarball), '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--silent'],
    { cwd: site },
  );
  installed = join(site, 'node_modules', name);
});

test.beforeAll(async () => {
  const page = (body: string) => `<!doctype html>
<html lang="en"><head><meta charset="UTF-8" /><title>A post</title><link rel="icon" href="data:," />
<script type="module" src="${CDN_PATH}smtp-lab.js"></script></head>
<body><main><h1>A post</h1>${body}</main></body></html>`;
  writeFileSync(join(work, 'post.html'), page('<smtp-lab id="cdn" lesson="connect"></smtp-lab>'));
  writeFileSync(
    join(work, 'frame.html'),
    page(
      `<iframe src="${CDN_PATH}embed.html?lesson=ehlo" title="SMTP Lab" style="width:100%;height:700px"></iframe>`,
    ),
  );
  server = await serveStatic({ '/': work, [CDN_PATH]: join(installed, 'dist') });
});

test.afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the tarball holds the widget, embed.html and the declared exports, and no build manifest', () => {
  const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
    exports: Record<string, string>;
  };
  for (const target of Object.values(pkg.exports).filter((t) => !t.includes('*')))
    expect(() => readFileSync(join(installed, target))).not.toThrow();
  expect(pkg.exports['.']).toBe('./dist/smtp-lab.js');
  expect(pkg.exports['./embed.html']).toBe('./dist/embed.html');
  expect(() => readFileSync(join(installed, 'dist/.vite/manifest.json'))).toThrow();
});

test('script tag from the package path: a lesson is typed through', async ({ page }) => {
  const problems = watchProblems(page);
  await page.goto(`${server.url}/post.html`);
  await connectInWidget(page, page.locator('smtp-lab#cdn'));
  expect(server.log.filter((r) => r.path !== '/post.html' && !r.path.startsWith(CDN_PATH))).toEqual([]);
  expect(problems).toEqual([]);
});

test('iframe from the package path', async ({ page }) => {
  const problems = watchProblems(page);
  await page.goto(`${server.url}/frame.html`);
  await ehloInFrame(page, page.frameLocator('iframe'));
  expect(problems).toEqual([]);
});
