import type { Reporter, TestModule } from 'vitest/node';
import { slowestTable, type TimedTest } from './slowest';

/** Prints the ten slowest unit tests after Vitest's own summary (added next to the default reporter in vitest.config.mts). */
export default class SlowestTestsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const tests: TimedTest[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const duration = test.diagnostic()?.duration;
        if (duration !== undefined) tests.push({ name: test.fullName, file: module.relativeModuleId, ms: duration });
      }
    }
    const table = slowestTable('Slowest unit tests', tests);
    if (table) process.stdout.write(`${table}\n`);
  }
}
