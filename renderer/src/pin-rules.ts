/**
 * The supervisor PIN rules the screens check (the contract's, electron/contract/supervisor.ts; pin-rule.test.ts keeps
 * them and every string that states them in step).
 */

/** A new supervisor PIN: 6 to 12 digits (the core's NewPin). */
export const NEW_PIN = /^\d{6,12}$/;

/**
 * What sign-in accepts (the contract's SignInPin): a new PIN, or one saved under the rule before (4 to 8 digits) on a
 * station upgraded since, which keeps working until its supervisor chooses a new one.
 */
export const SIGN_IN_PIN = /^\d{4,12}$/;

/** A PIN that signs in but is shorter than a new PIN may be: its supervisor is asked to choose a new one. */
export const belowPinRule = (pin: string): boolean => SIGN_IN_PIN.test(pin) && !NEW_PIN.test(pin);
