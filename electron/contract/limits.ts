/**
 * Limits of the contract that the screens show or check before calling (pure, no zod: the renderer bundles
 * this file, and importing the contract's index would bundle every schema and zod with it).
 */

/** Sign listed runs, or every run of a filtered set: at most this many at a time. */
export const MAX_SIGN_RUNS = 2000;
