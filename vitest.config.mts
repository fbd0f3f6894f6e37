import { defineConfig } from 'vitest/config';
import SlowestTestsReporter from './test/support/vitest-slowest-reporter';

export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'test/**/*.test.ts', 'renderer/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The default output, then the ten slowest tests (issue 14).
    reporters: ['default', new SlowestTestsReporter()],
  },
});
