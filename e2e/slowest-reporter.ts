import type { FullResult, Reporter, TestCase, TestResult, TestStep } from '@playwright/test/reporter';
import { slowestTable, type TimedTest } from '../test/support/slowest';

/**
 * Prints, after the list reporter, the ten slowest e2e tests and the ten longest waits of one expectation or action
 * (where a timeout in playwright.config.ts comes closest to striking; that is how its timeouts were chosen).
 */
export default class SlowestTestsReporter implements Reporter {
  private readonly tests: TimedTest[] = [];
  private readonly waits: TimedTest[] = [];

  printsToStdio(): boolean {
    return true;
  }

  onStepEnd(test: TestCase, _result: TestResult, step: TestStep): void {
    if (step.category !== 'expect' && step.category !== 'pw:api') return;
    const at = step.location ? `${step.location.file.replace(`${process.cwd()}/`, '')}:${step.location.line}` : test.location.file;
    this.waits.push({ name: `${step.title} (${test.title})`, file: at, ms: step.duration });
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.tests.push({ name: test.titlePath().slice(3).join(' > '), file: test.location.file.replace(`${process.cwd()}/`, ''), ms: result.duration });
  }

  onEnd(_result: FullResult): void {
    process.stdout.write(`${slowestTable('Slowest e2e tests', this.tests)}${slowestTable('Longest single waits (expect or action)', this.waits)}\n`);
  }
}
