import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './chromium.config.ts';

// End-to-end tests run in Debian's Chromium (apt-get install chromium), launched as chromium.config.ts says.
// E2E_PORT: a second checkout-wide run (another engineer's) can use its own server without sharing this one.
const port = Number(process.env.E2E_PORT ?? 5199);

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  // The terminal renders on animation frames; a loaded CI machine needs more than the default 5 s now and then.
  expect: { timeout: 10_000 },
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL: `http://localhost:${port}`,
    launchOptions: CHROMIUM_LAUNCH,
  },
  webServer: {
    // The dev server also serves the test fixture pages under tests/e2e/fixtures/. Its e2e config turns HMR
    // off: a file saved during a run must not reload the page under a test.
    command: `npx vite --config tests/e2e/vite.e2e.config.ts --port ${port} --strictPort`,
    url: `http://localhost:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
