import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertBounded, assertBoundedAsync } from './support/property';

/** The cost bound of property tests (test/support/property.ts): a slow machine runs fewer cases, a failure still fails. */
describe('bounded property tests', () => {
  it('stop starting cases at the time limit, pass, and wait for the case in flight', async () => {
    let started = 0;
    let finished = 0;
    await assertBoundedAsync(fc.asyncProperty(fc.nat(), async () => {
      started++;
      await new Promise((resolve) => setTimeout(resolve, 100));
      finished++;
    }), { numRuns: 1000, timeLimitMs: 350 });
    expect(started).toBeGreaterThanOrEqual(1);
    expect(started).toBeLessThan(1000);
    expect(finished).toBe(started);
  });

  it('still fail on a failing case, async or not', async () => {
    const bound = { numRuns: 1000, timeLimitMs: 5_000 };
    await expect(assertBoundedAsync(fc.asyncProperty(fc.nat(), async (n) => expect(n).toBeLessThan(5)), bound)).rejects.toThrow(/Property failed/);
    expect(() => assertBounded(fc.property(fc.nat(), (n) => expect(n).toBeLessThan(5)), bound)).toThrow(/Property failed/);
  });
});
