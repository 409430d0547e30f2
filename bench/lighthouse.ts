// `npm run bench:lighthouse`: Lighthouse (mobile and desktop) on the production build served by `vite preview`,
// with Debian's Chromium (CHROME_PATH, /usr/bin/chromium by default) and no network beyond loopback. Prints the
// four category scores per page. A measurement, not a test: nothing here fails on a score.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig } from 'lighthouse';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PORT = Number(process.env.LIGHTHOUSE_PORT ?? 5381);
const BASE = `http://localhost:${PORT}/`;
const PAGES = ['', '#/lessons', '#/lessons/connect', '#/sandbox', 'embed.html?lesson=connect', 'embed.html'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

async function waitFor(url: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

async function main(): Promise<void> {
  if (!existsSync(`${ROOT}dist/index.html`))
    execFileSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const preview: ChildProcess = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], {
    cwd: ROOT,
    stdio: 'ignore',
    detached: true,
  });
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    await waitFor(BASE);
    const rows: string[][] = [];
    const failures: string[] = [];
    for (const [formFactor, config] of [
      ['mobile', undefined],
      ['desktop', desktopConfig],
    ] as const) {
      for (const page of PAGES) {
        const result = await lighthouse(
          BASE + page,
          { port: chrome.port, onlyCategories: [...CATEGORIES], logLevel: 'error' },
          config,
        );
        const lhr = result?.lhr;
        if (!lhr) throw new Error(`no Lighthouse result for ${page}`);
        const scores = CATEGORIES.map((c) => Math.round((lhr.categories[c]?.score ?? 0) * 100));
        rows.push([formFactor, `/${page}`, ...scores.map(String)]);
        for (const c of CATEGORIES.slice(1))
          for (const ref of lhr.categories[c]?.auditRefs ?? []) {
            const audit = lhr.audits[ref.id];
            if (ref.weight > 0 && audit.score !== null && audit.score < 1)
              failures.push(`${formFactor} /${page} ${c}: ${audit.id} (${audit.title})`);
          }
      }
    }
    const head = ['form', 'page', 'perf', 'a11y', 'best', 'seo'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
    console.log([line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
    if (failures.length > 0)
      console.log(`\naudits below 100 (accessibility, best practices, SEO):\n${failures.join('\n')}`);
  } finally {
    await chrome.kill();
    if (preview.pid) process.kill(-preview.pid);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
