import { defineConfig } from '@playwright/test';
import { createRequire } from 'node:module';

/**
 * End-to-end tests. There is no webServer: each test starts its own browser harness with a fresh data
 * folder (e2e/fixtures.ts). global-setup builds dist/ first so a test never runs against a stale bundle.
 *
 * Chromium: $CHROMIUM_PATH, else a system Chromium/Chrome (Debian's /usr/bin/chromium), else Playwright's own browser
 * if it was installed (scripts/find-chromium.cjs). `npm test` checks first and says how to get one if there is none.
 */
const { findChromium } = createRequire(__filename)('./scripts/find-chromium.cjs') as {
  findChromium(): { executablePath: string | null };
};

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const quietChromium = ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const executablePath = findChromium().executablePath;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'e2e-output/',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // Timeouts, set here once (issue 14): a test waits for the state the user sees, as long as a busy machine needs,
  // never for a fixed time. Chosen from the longest single waits measured under `npm run test:stress` (the
  // slowest-reporter prints them): see README "Tests". Only LONG_OPERATION (e2e/fixtures.ts) waits longer.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  // The list, then the ten slowest tests and longest waits (e2e/slowest-reporter.ts).
  reporter: [['list'], ['./e2e/slowest-reporter.ts']],
  use: {
    browserName: 'chromium',
    headless: true,
    actionTimeout: 30_000,
    navigationTimeout: 30_000,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      // Chromium refuses to run as root with its sandbox; CI and this container run as root.
      args: isRoot ? ['--no-sandbox', ...quietChromium] : quietChromium,
    },
  },
});
