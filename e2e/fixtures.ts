import { test as base, expect } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startHarness, type Harness } from '../electron/harness/harness';

export const rootDir = path.resolve(__dirname, '..');
export const rendererDir = path.join(rootDir, 'dist', 'renderer');
export const screensDir = path.join(rootDir, 'e2e-output', 'screens');

type Fixtures = {
  /** A fresh temporary data folder, removed after the test. */
  dataDir: string;
  /** A browser harness of its own for this test (loopback only, random port and token). */
  harness: Harness;
  /** Console errors and uncaught page errors seen during the test. */
  pageErrors: string[];
};

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright needs the destructuring even when empty.
  dataDir: async ({}, use) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'steadywork-e2e-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  harness: async ({ dataDir }, use) => {
    if (!existsSync(path.join(rendererDir, 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build`.');
    // In-process (source imported through Playwright's TypeScript support): no child process to reap,
    // no stdout to parse, and a later issue can pass the core's handlers here.
    const harness = await startHarness({ dataDir, rendererDir });
    await use(harness);
    await harness.close();
  },
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console: ${msg.text()} (${msg.location().url})`);
    });
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
    await use(errors);
  },
});

export { expect };
