/**
 * The supervisor PIN: scrypt hashing, lockout after wrong PINs, and short-lived sessions.
 *
 * - Hash: scrypt (node:crypto), random 16-byte salt, N=2^15, r=8, p=1, 32-byte key; compared with timingSafeEqual.
 * - Lockout: after MAX_ATTEMPTS wrong PINs in a row the PIN is refused (even the right one) for 5 minutes;
 *   each further lockout without a successful unlock in between lasts twice as long, up to 24 hours.
 *   The counter and the lockout are kept in the settings file, so restarting the app does not reset them.
 * - Sessions: 32 random bytes (hex), kept in memory only, ended after 10 minutes without use or by lock().
 * - First run: while no PIN exists, setPin needs no session; afterwards it needs one.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { UnlockResult } from '../../contract';
import type { PinHash } from '../settings/schema';
import type { SettingsStore } from '../settings/store';
import type { Clock } from '../time/clock';
import { fail, ok, type Result } from '../../contract/result';

export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1, keyLen: 32 } as const;
export const MAX_ATTEMPTS = 5;
export const FIRST_LOCKOUT_MS = 5 * 60_000;
export const MAX_LOCKOUT_MS = 24 * 60 * 60_000;
export const SESSION_IDLE_MS = 10 * 60_000;

function scrypt(password: string, salt: Buffer, keyLen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keyLen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** 128·N·r bytes plus a margin: Node's default limit (32 MiB) is exactly too small for N=2^15, r=8. */
const maxmemFor = (N: number, r: number) => 128 * N * r * 2 + 1024 * 1024;

export async function hashPin(pin: string, params: { N: number; r: number; p: number; keyLen: number } = SCRYPT_PARAMS): Promise<PinHash> {
  const salt = randomBytes(16);
  const key = await scrypt(pin, salt, params.keyLen, { N: params.N, r: params.r, p: params.p, maxmem: maxmemFor(params.N, params.r) });
  return { algo: 'scrypt', salt: salt.toString('base64'), N: params.N, r: params.r, p: params.p, keyLen: params.keyLen, hash: key.toString('base64') };
}

export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const key = await scrypt(pin, Buffer.from(stored.salt, 'base64'), stored.keyLen, {
    N: stored.N,
    r: stored.r,
    p: stored.p,
    maxmem: maxmemFor(stored.N, stored.r),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** How long the n-th lockout in a row lasts (n ≥ 1). */
export function lockoutMs(n: number): number {
  return Math.min(FIRST_LOCKOUT_MS * 2 ** Math.max(0, Math.min(n - 1, 30)), MAX_LOCKOUT_MS);
}

export const SUPERVISOR_REQUIRED = 'SUPERVISOR_REQUIRED';

export type SupervisorGateOptions = {
  settings: SettingsStore;
  clock: Clock;
  /** For tests: cheaper scrypt parameters. */
  scryptParams?: { N: number; r: number; p: number; keyLen: number };
};

/** Checks the PIN, counts wrong ones, and hands out and checks sessions. */
export class SupervisorGate {
  private readonly sessions = new Map<string, number>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: SupervisorGateOptions) {}

  pinSet(): boolean {
    return this.opts.settings.read().pin !== undefined;
  }

  /** Unlock with the PIN. Calls are taken one at a time, so parallel guesses are all counted. */
  unlock(pin: string): Promise<Result<UnlockResult>> {
    return this.serial(async () => {
      const stored = this.opts.settings.read();
      if (!stored.pin) return fail('PIN_NOT_SET', 'No supervisor PIN has been set on this station yet. Set one in Settings first.');
      const now = this.opts.clock.now();
      const lockedUntilMs = stored.pinFailures.lockedUntil ? Date.parse(stored.pinFailures.lockedUntil) : NaN;
      if (Number.isFinite(lockedUntilMs) && lockedUntilMs > now) {
        return ok({ unlocked: false, attemptsLeft: 0, lockedUntil: new Date(lockedUntilMs).toISOString() });
      }
      const failures = { ...stored.pinFailures };
      if (failures.lockedUntil !== undefined) {
        // The lockout is over: a fresh set of attempts (the lockout count stays until a success).
        delete failures.lockedUntil;
        failures.count = 0;
      }
      if (await verifyPin(pin, stored.pin)) {
        this.opts.settings.write({ ...this.opts.settings.read(), pinFailures: { count: 0, lockouts: 0 } });
        return ok(this.openSession());
      }
      failures.count += 1;
      let result: UnlockResult;
      if (failures.count >= MAX_ATTEMPTS) {
        failures.lockouts += 1;
        failures.count = 0;
        failures.lockedUntil = new Date(now + lockoutMs(failures.lockouts)).toISOString();
        result = { unlocked: false, attemptsLeft: 0, lockedUntil: failures.lockedUntil };
      } else {
        result = { unlocked: false, attemptsLeft: MAX_ATTEMPTS - failures.count };
      }
      this.opts.settings.write({ ...this.opts.settings.read(), pinFailures: failures });
      return ok(result);
    });
  }

  /** Set or change the PIN. Without a session only while no PIN exists (first run). Other sessions end. */
  setPin(pin: string, session?: string): Promise<Result<null>> {
    return this.serial(async () => {
      const stored = this.opts.settings.read();
      if (stored.pin !== undefined) {
        const check = this.check(session);
        if (!check.ok) return check;
      }
      const hash = await hashPin(pin, this.opts.scryptParams);
      this.opts.settings.write({ ...this.opts.settings.read(), pin: hash, pinFailures: { count: 0, lockouts: 0 } });
      for (const s of [...this.sessions.keys()]) if (s !== session) this.sessions.delete(s);
      return ok(null);
    });
  }

  /** Ends a session. Ending one that has already ended is fine. */
  lock(session: string): Result<null> {
    this.sessions.delete(session);
    return ok(null);
  }

  /**
   * How long a session lives without use: SESSION_IDLE_MS, or longer when the station lets its supervisor screens
   * stay open longer (supervisorIdleMinutes). The screen itself locks sooner (after supervisorIdleMinutes); this is
   * the backstop for a screen that is gone.
   */
  private idleMs(): number {
    const minutes = this.opts.settings.read().settings.supervisorIdleMinutes ?? 0;
    return Math.max(SESSION_IDLE_MS, minutes * 60_000);
  }

  /** Is this a live session? Using it keeps it alive for another idleMs(). */
  check(session: string | undefined): Result<void> {
    const now = this.opts.clock.now();
    const last = session === undefined ? undefined : this.sessions.get(session);
    const idleMs = this.idleMs();
    if (session === undefined || last === undefined || now - last >= idleMs) {
      if (session !== undefined) this.sessions.delete(session);
      return fail(
        SUPERVISOR_REQUIRED,
        session === undefined || last === undefined
          ? 'A supervisor must enter the PIN first.'
          : `The supervisor session has ended after ${Math.round(idleMs / 60_000)} minutes without use. Enter the PIN again.`,
      );
    }
    this.sessions.set(session, now);
    return ok(undefined);
  }

  private openSession(): UnlockResult {
    const session = randomBytes(32).toString('hex');
    const now = this.opts.clock.now();
    const idleMs = this.idleMs();
    for (const [s, last] of this.sessions) if (now - last >= idleMs) this.sessions.delete(s);
    this.sessions.set(session, now);
    return { unlocked: true, session, expiresAt: new Date(now + idleMs).toISOString() };
  }

  private serial<T>(fn: () => Promise<Result<T>>): Promise<Result<T>> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
