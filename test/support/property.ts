import fc from 'fast-check';

/**
 * Property tests with a bounded cost (issue 14). Each property says how many cases it wants and how long it may take;
 * once the time is up, fast-check starts no new case and the property passes on the cases it ran (a case that failed
 * still fails, shrunk as far as the time allows). So a busy machine runs fewer cases instead of hitting the test's
 * timeout. Keep `timeLimitMs` at about a third of the test's timeout: the case in flight and the set-up need the rest.
 */
export interface PropertyBound {
  numRuns: number;
  timeLimitMs: number;
}

export function boundedParams(bound: PropertyBound): { numRuns: number; interruptAfterTimeLimit: number; markInterruptAsFailure: false } {
  return { numRuns: bound.numRuns, interruptAfterTimeLimit: bound.timeLimitMs, markInterruptAsFailure: false };
}

/** A synchronous property with a bounded cost. */
export function assertBounded<Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts>, bound: PropertyBound): void {
  fc.assert(property, boundedParams(bound));
}

/**
 * An async property with a bounded cost. When the time limit interrupts it, fast-check stops waiting for the case in
 * flight but does not stop that case: wait for it here, so that nothing a property started (files, open journals)
 * outlives its test.
 */
export async function assertBoundedAsync<Ts>(property: fc.IAsyncProperty<Ts>, bound: PropertyBound): Promise<void> {
  const inFlight = new Set<Promise<unknown>>();
  const tracked: fc.IAsyncProperty<Ts> = {
    isAsync: () => true,
    generate: (mrng, runId) => property.generate(mrng, runId),
    shrink: (value) => property.shrink(value),
    run: (v) => {
      const run = property.run(v);
      inFlight.add(run);
      const forget = () => inFlight.delete(run);
      run.then(forget, forget);
      return run;
    },
    runBeforeEach: () => property.runBeforeEach(),
    runAfterEach: () => property.runAfterEach(),
  };
  try {
    await fc.assert(tracked, boundedParams(bound));
  } finally {
    await Promise.allSettled([...inFlight]);
  }
}
