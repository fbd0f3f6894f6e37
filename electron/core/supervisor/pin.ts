/**
 * A supervisor's PIN: scrypt hashing and how long lockouts last (the gate that uses them: gate.ts).
 *
 * - Hash: scrypt (node:crypto), random 16-byte salt, N=2^15, r=8, p=1, 32-byte key; compared with timingSafeEqual.
 * - Lockout: after MAX_ATTEMPTS wrong PINs in a row the PIN is refused (even the right one) for 5 minutes;
 *   each further lockout without a successful unlock in between lasts twice as long, up to 24 hours.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PinHash } from '../settings/schema';

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

