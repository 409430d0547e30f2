// Browser benchmark: keystroke-to-echo latency and a 1 MB paste during DATA, measured in real Chromium. Prints a table.
// Run with `npx tsx bench/browser.ts`. Uses the dev server on :5199 if one is up, else starts one and stops it after.
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_LAUNCH } from '../chromium.config.ts';
import { mib, type Measurement } from './core.ts';

const PORT = Number(process.env.E2E_PORT ?? 5199);
const BASE = `http://localhost:${PORT}`;
const KEYSTROKES = 200;
/** Keystrokes per line before it is erased with Ctrl-U: a short line never scrolls sideways, so its echo is findable. */
const PER_LINE = 40;
const PASTE_BYTES = 1 << 20;
const TIMEOUT = 60_000;
/** The long class: 400 mail transactions of five lines, 2,000 lines typed into the sandbox. */
const TRANSACTION =
  'MAIL FROM:<learner@client.test>\rRCPT TO:<alice@example.test>\rDATA\rSubject: again\r.\r';
const TRANSACTIONS = 400;
/** The long-class echo is measured with the CPU slowed down this much (a modest laptop or a phone). */
const CPU_SLOWDOWN = 4;
const SLOW_KEYSTROKES = 60;

async function serverUp(): Promise<boolean> {
  try {
    return (await fetch(BASE)).ok;
  } catch {
    return false;
  }
}

/** Start Vite unless one already answers; returns the process to stop, or null. */
async function ensureServer(): Promise<ChildProcess | null> {
  if (await serverUp()) return null;
  // detached: Vite runs in its own process group, so stopping it stops its children too.
  const args = ['--config', 'tests/e2e/vite.e2e.config.ts', '--port', String(PORT), '--strictPort'];
  const child = spawn('node_modules/.bin/vite', args, {
    stdio: 'ignore',
    detached: true,
  });
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    if (await serverUp()) return child;
    if (child.exitCode !== null) throw new Error(`vite exited with code ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  stopServer(child);
  throw new Error(`dev server did not answer on ${BASE}`);
}

function stopServer(child: ChildProcess | null): void {
  if (child?.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}

/** Text of the terminal's rows, U+00A0 turned back into spaces. */
async function screen(page: Page): Promise<string> {
  return page
    .locator('.xterm-rows')
    .first()
    .evaluate((rows) =>
      Array.from(rows.children)
        .map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd())
        .join('\n'),
    );
}

async function waitForScreen(page: Page, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    if (pattern.test(await screen(page))) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`terminal never showed ${pattern}\n${await screen(page)}`);
}

/** Last non-blank row without trailing blanks: the prompt the next keystrokes are echoed after (plus a space). */
async function promptRow(page: Page): Promise<string> {
  const rows = (await screen(page)).split('\n').filter((r) => r.trim());
  return rows[rows.length - 1] ?? '';
}

/**
 * Install in the page: the time of each keydown (event.timeStamp, taken when the browser made the event,
 * so the DevTools round trip does not count) and a waiter that resolves, from a MutationObserver on the rows,
 * when a row shows the expected text. `painted` adds the next animation frame: when the echo reaches the screen.
 */
async function instrument(page: Page): Promise<void> {
  await page.evaluate(() => {
    const rows = document.querySelector('.xterm-rows')!;
    const area = document.querySelector('.xterm textarea')!;
    const state = { keydown: 0 };
    area.addEventListener('keydown', (e) => (state.keydown = e.timeStamp), { capture: true });
    // A row shows `text` when it contains it, or (with exact) is exactly it once trailing blanks are dropped.
    const rowsShow = (text: string, exact: boolean) =>
      Array.from(rows.children).some((r) => {
        const row = (r.textContent ?? '').replace(/\u00a0/g, ' ');
        return exact ? row.trimEnd() === text : row.includes(text);
      });
    const waitFor = (text: string, exact = false) =>
      new Promise<{ echo: number; painted: number }>((resolve) => {
        const done = () => {
          const echo = performance.now();
          requestAnimationFrame(() => resolve({ echo, painted: performance.now() }));
        };
        if (rowsShow(text, exact)) return done();
        const observer = new MutationObserver(() => {
          if (!rowsShow(text, exact)) return;
          observer.disconnect();
          done();
        });
        observer.observe(rows, { childList: true, subtree: true, characterData: true });
      });
    const longTasks: PerformanceEntry[] = [];
    new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({
      type: 'longtask',
      buffered: true,
    });
    Object.assign(window, { __bench: { state, waitFor, longTasks } });
  });
}

interface Bench {
  state: { keydown: number };
  waitFor(text: string, exact?: boolean): Promise<{ echo: number; painted: number }>;
  longTasks: PerformanceEntry[];
}

async function keystrokeLatency(
  page: Page,
  keystrokes = KEYSTROKES,
): Promise<{ echo: number[]; painted: number[] }> {
  const prompt = await promptRow(page);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const echo: number[] = [];
  const painted: number[] = [];
  let typed = '';
  for (let i = 0; i < keystrokes; i++) {
    if (typed.length === PER_LINE) {
      await page.keyboard.press('Control+U');
      typed = '';
      await waitForScreen(page, new RegExp(`${escape(prompt)}$`, 'm'));
    }
    const ch = alphabet[(i * 7) % alphabet.length];
    typed += ch;
    // The waiter is armed before the key is sent, so an echo faster than the DevTools round trip is not missed.
    const waiting = page.evaluate(
      (text) => (window as unknown as { __bench: Bench }).__bench.waitFor(text, true),
      `${prompt} ${typed}`,
    );
    await page.keyboard.press(ch);
    const t = await withTimeout(waiting, `echo of "${typed}"`);
    const down = await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench.state.keydown);
    echo.push(t.echo - down);
    painted.push(t.painted - down);
  }
  await page.keyboard.press('Control+U');
  return { echo, painted };
}

/** The page's JS heap in use after a full collection (Chromium DevTools protocol). */
async function jsHeap(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize;
  } finally {
    await cdp.detach();
  }
}

async function pasteDuringData(
  page: Page,
): Promise<{ total: number; longest: number; longCount: number; heapBefore: number; heapAfter: number }> {
  const lines = [
    'telnet mail.example.test 25',
    'EHLO laptop.client.test',
    'MAIL FROM:<learner@client.test>',
    'RCPT TO:<alice@example.test>',
    'DATA',
  ];
  const replies = [/^220 /m, /^250 /m, /^250 2\.1\.0/m, /^250 2\.1\.5/m, /^354 /m];
  for (let i = 0; i < lines.length; i++) {
    await page.keyboard.type(lines[i]);
    await page.keyboard.press('Enter');
    await waitForScreen(page, replies[i]);
  }
  const heapBefore = await jsHeap(page);
  const measuring = page.evaluate(async (bytes) => {
    const bench = (window as unknown as { __bench: Bench }).__bench;
    const line = 'The quick brown fox jumps over the lazy dog, again and again and again.\r\n';
    const body = 'Subject: one megabyte\r\n\r\n' + line.repeat(Math.ceil(bytes / line.length)) + '.\r\n';
    const data = new DataTransfer();
    data.setData('text/plain', body);
    const area = document.querySelector('.xterm textarea')!;
    const queued = bench.waitFor('Ok: queued as');
    const start = performance.now();
    area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    const t = await queued;
    // Long-task entries are delivered after the task ends: give the observer a moment.
    await new Promise((r) => setTimeout(r, 100));
    const during = bench.longTasks.filter((e) => e.startTime >= start - 1);
    return {
      total: t.painted - start,
      longest: Math.max(0, ...during.map((e) => e.duration)),
      longCount: during.length,
    };
  }, PASTE_BYTES);
  const result = await withTimeout(measuring, 'the 250 after the 1 MB paste');
  return { ...result, heapBefore, heapAfter: await jsHeap(page) };
}

async function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), TIMEOUT);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

async function slowCpu(page: Page, rate: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/** Keystroke echo on xterm alone (bench/bare-xterm.html), with the CPU slowed down: the baseline. */
async function bareXterm(page: Page): Promise<{ echo: number[]; painted: number[] }> {
  await page.goto(`${BASE}/bench/bare-xterm.html`);
  await page.locator('.xterm').first().waitFor({ timeout: TIMEOUT });
  await page.locator('.xterm').first().click();
  await waitForScreen(page, /\$ ?$/m);
  await instrument(page);
  await slowCpu(page, CPU_SLOWDOWN);
  try {
    return await keystrokeLatency(page, SLOW_KEYSTROKES);
  } finally {
    await slowCpu(page, 1);
  }
}

/** The sandbox after 2,000 lines of SMTP (transcript and diagram full), back at the prompt, CPU slowed down. */
async function longClass(page: Page): Promise<{ echo: number[]; painted: number[]; rows: number }> {
  await page.goto(`${BASE}/#/sandbox`);
  await page.locator('.xterm').first().waitFor({ timeout: TIMEOUT });
  await page.locator('.xterm').first().click();
  await page.keyboard.type('telnet mail.example.test 25');
  await page.keyboard.press('Enter');
  await waitForScreen(page, /^220 /m);
  await page.evaluate(
    ([unit, times]) => {
      const data = new DataTransfer();
      data.setData('text/plain', unit.repeat(times));
      document
        .querySelector('.xterm textarea')!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    [TRANSACTION, TRANSACTIONS] as const,
  );
  await page.keyboard.type('QUIT');
  await page.keyboard.press('Enter');
  await waitForScreen(page, /^221 2\.0\.0 Bye$/m);
  await page.keyboard.press('Enter');
  await waitForScreen(page, /\$ ?$/m);
  const rows = await page.evaluate(() => document.querySelectorAll('[data-id]').length);
  await instrument(page);
  await slowCpu(page, CPU_SLOWDOWN);
  try {
    return { ...(await keystrokeLatency(page, SLOW_KEYSTROKES)), rows };
  } finally {
    await slowCpu(page, 1);
  }
}

export interface BrowserResults {
  chromium: string;
  keys: { echo: number[]; painted: number[] };
  paste: { total: number; longest: number; longCount: number; heapBefore: number; heapAfter: number };
  /** At CPU_SLOWDOWN: xterm alone, and the sandbox after the long class. */
  bare: { echo: number[]; painted: number[] };
  long: { echo: number[]; painted: number[]; rows: number };
}

/** Start (or reuse) the dev server, open the sandbox in Chromium and take both measurements. */
export async function runBrowserBench(): Promise<BrowserResults> {
  const server = await ensureServer();
  // Ctrl-C on the bench must not leave its dev server behind.
  const onInterrupt = () => {
    stopServer(server);
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // tsx compiles with keepNames, which wraps named functions in __name(...): the page needs that helper
    // for the functions this script sends to page.evaluate.
    await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    await page.goto(`${BASE}/#/sandbox`);
    await page.locator('.xterm').first().waitFor({ timeout: TIMEOUT });
    await page.locator('.xterm').first().click();
    // An empty line draws a fresh prompt (whether or not the first one was drawn on load).
    await page.keyboard.press('Enter');
    await waitForScreen(page, /\$ ?$/m);
    await instrument(page);
    const keys = await keystrokeLatency(page);
    const paste = await pasteDuringData(page);
    // The long class and its baseline, in the same browser run (a ratio between runs would mean little).
    const fresh = async () => {
      const p = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await p.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
      return p;
    };
    const bare = await bareXterm(await fresh());
    const long = await longClass(await fresh());
    return { chromium: browser.version(), keys, paste, bare, long };
  } finally {
    await browser.close();
    stopServer(server);
    process.off('SIGINT', onInterrupt);
  }
}

/** The same results as rows of `npm run bench` (bench/run.ts); a missing Chromium gives a row saying so. */
export async function browserMeasurements(): Promise<Measurement[]> {
  try {
    const r = await runBrowserBench();
    const echo = r.keys.echo;
    return [
      {
        what: 'browser: keystroke to echo',
        amount: `${echo.length} keys`,
        seconds: echo.reduce((a, b) => a + b, 0) / 1000,
        rate: `median ${ms(percentile(echo, 50))}, p95 ${ms(percentile(echo, 95))}`,
        note: `Chromium ${r.chromium}; next frame: median ${ms(percentile(r.keys.painted, 50))}`,
      },
      {
        what: 'browser: 1 MB paste in DATA to 250',
        amount: '1 MiB',
        seconds: r.paste.total / 1000,
        rate: `${(1 / (r.paste.total / 1000)).toFixed(2)} MiB/s`,
        // Kept: the message in the mailbox, the transcript and the terminal's scrollback.
        memory: `JS heap ${mib(r.paste.heapBefore)} -> ${mib(r.paste.heapAfter)}`,
        note: r.paste.longCount
          ? `longest task ${ms(r.paste.longest)}, ${r.paste.longCount} over 50 ms`
          : 'no main-thread task over 50 ms',
      },
      longClassRow(r),
    ];
  } catch (error) {
    return [
      {
        what: 'browser',
        amount: '-',
        seconds: 0,
        rate: '-',
        note: `not run: ${String(error).split('\n')[0]}`,
      },
    ];
  }
}

function longClassRow(r: BrowserResults): Measurement {
  const long = percentile(r.long.painted, 50);
  const bare = percentile(r.bare.painted, 50);
  return {
    what: `browser: echo after 2,000 lines, CPU ${CPU_SLOWDOWN}x slower`,
    amount: `${r.long.painted.length} keys`,
    seconds: r.long.painted.reduce((a, b) => a + b, 0) / 1000,
    rate: `median ${ms(long)} to the next frame, ${(long / bare).toFixed(2)}x bare xterm (${ms(bare)})`,
    note: `p95 ${ms(percentile(r.long.painted, 95))}; ${r.long.rows} transcript and diagram rows in the page`,
  };
}

async function main(): Promise<void> {
  const r = await runBrowserBench();
  const long = longClassRow(r);
  const rows: [string, string][] = [
    [`keystroke → echo in DOM, median (${KEYSTROKES} keys)`, ms(percentile(r.keys.echo, 50))],
    ['keystroke → echo in DOM, p95', ms(percentile(r.keys.echo, 95))],
    ['keystroke → next frame after echo, median', ms(percentile(r.keys.painted, 50))],
    ['keystroke → next frame after echo, p95', ms(percentile(r.keys.painted, 95))],
    ['1 MB paste during DATA → 250 on screen', ms(r.paste.total)],
    // The Long Tasks API reports only tasks over 50 ms: no entry means every task was shorter.
    ['  longest main-thread task during it', r.paste.longCount ? ms(r.paste.longest) : 'all < 50 ms'],
    ['  long tasks (> 50 ms) during it', String(r.paste.longCount)],
    [`bare xterm, CPU ${CPU_SLOWDOWN}x: keystroke → next frame, median`, ms(percentile(r.bare.painted, 50))],
    [
      `after 2,000 lines, CPU ${CPU_SLOWDOWN}x: keystroke → next frame, median`,
      ms(percentile(r.long.painted, 50)),
    ],
    ['  ratio to bare xterm', long.rate.replace(/^.*?, /, '').replace(/ \(.*$/, '')],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nBrowser bench (Chromium ${r.chromium})\n`);
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v.padStart(10)}`);
}

// Run directly (npx tsx bench/browser.ts); imported by bench/run.ts, it only provides browserMeasurements.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
