// The production build these tests serve: dist/, as `npm test` builds it before the browser tests (built here
// when missing, so that one spec can run alone; after a code change run `npm run build` first).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DIST = `${ROOT}dist`;
export const SITE = `${ROOT}tests/e2e/fixtures/site`;

export function builtDist(): string {
  if (!existsSync(`${DIST}/.vite/manifest.json`)) execFileSync('npx', ['vite', 'build'], { cwd: ROOT });
  return DIST;
}

/** Console errors and failed requests of a page (and its frames), collected for an "all quiet" check. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
  });
  return problems;
}

/** The rows of the terminal inside `scope` as text. */
export async function rowsOf(scope: ReturnType<Page['locator']>): Promise<string> {
  return scope
    .locator('.xterm-rows')
    .evaluate((el) =>
      Array.from(el.children, (r) => (r.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n'),
    );
}

export { expect };
