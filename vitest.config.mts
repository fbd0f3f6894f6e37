import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'test/**/*.test.ts', 'renderer/**/*.test.ts'],
    environment: 'node',
    // A throw-away PostgreSQL cluster for the PostgreSQL ledger's tests (issue 12), stopped at the end.
    globalSetup: ['./test/support/pg-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The default output, then the ten slowest tests (issue 14). By path: Vitest loads it, not the config loader.
    reporters: ['default', './test/support/vitest-slowest-reporter.ts'],
  },
});
