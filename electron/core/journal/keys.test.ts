import { readFile, stat, writeFile } from 'node:fs/promises';
import { createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { assertBounded } from '../../../test/support/property';
import { isoWithOffset } from '../time/clock';
import { FileKeyStore, keyIdOf, MemoryKeyStore, normalizePublicKey, verifySignature } from './keys';
import { sha256Hex } from './record';
import { fastIsoWithOffset } from './time';
import { TempDirs } from './test-support';

const tmp = new TempDirs();
afterEach(() => tmp.cleanup());

describe('station keys', () => {
  it('FileKeyStore creates an Ed25519 key in a 0600 file (folder 0700) and loads the same key again', async () => {
    const dir = await tmp.make();
    const path = join(dir, 'keys', 'station.key');
    const a = await new FileKeyStore(path).loadOrCreate();
    const b = await new FileKeyStore(path).loadOrCreate();
    expect(b.publicKey).toBe(a.publicKey);
    expect(a.keyId).toBe(sha256Hex(Buffer.from(a.publicKey, 'base64')).slice(0, 16));
    expect(await readFile(path, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    if (process.platform !== 'win32') {
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect((await stat(join(dir, 'keys'))).mode & 0o777).toBe(0o700);
    }
    const msg = Buffer.from('hello');
    const sig = a.sign(msg);
    expect(verifySignature(a.publicKey, msg, sig)).toBe(true);
    expect(verifySignature(a.publicKey, Buffer.from('hellO'), sig)).toBe(false);
    // The same key as SPKI PEM verifies too and has the same keyId.
    const pem = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(a.publicKey, 'base64')]), format: 'der', type: 'spki' })
      .export({ type: 'spki', format: 'pem' }).toString();
    expect(verifySignature(pem, msg, sig)).toBe(true);
    expect(keyIdOf(pem)).toBe(a.keyId);
    expect(normalizePublicKey(pem)).toBe(a.publicKey);
    expect(verifySignature('not a key', msg, sig)).toBe(false);
  });

  it('two stores creating the key at the same time end up with one key', async () => {
    const path = join(await tmp.make(), 'k', 'station.key');
    const keys = await Promise.all([1, 2, 3, 4].map(() => new FileKeyStore(path).loadOrCreate()));
    expect(new Set(keys.map((k) => k.publicKey)).size).toBe(1);
  });

  it('refuses a damaged key file with a clear message', async () => {
    const path = join(await tmp.make(), 'station.key');
    await writeFile(path, 'garbage');
    await expect(new FileKeyStore(path).loadOrCreate()).rejects.toThrow(/not a valid Ed25519 private key.*Do not delete it/);
  });

  it('MemoryKeyStore signs like any other', async () => {
    const k = await new MemoryKeyStore().loadOrCreate();
    expect(verifySignature(k.publicKey, Buffer.from('x'), k.sign(Buffer.from('x')))).toBe(true);
  });
});

describe('fastIsoWithOffset', () => {
  const zones = ['Asia/Kolkata', 'Europe/Berlin', 'America/New_York', 'America/St_Johns', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'UTC', 'Etc/UTC', 'Europe/London', 'Africa/Casablanca'];
  it('formats exactly like isoWithOffset, around offset changes too', () => {
    const transitions = [Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1), Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 3, 4, 15), Date.UTC(2026, 9, 3, 15, 30), Date.UTC(2026, 3, 5, 14, 45)];
    assertBounded(
      fc.property(
        fc.constantFrom(...zones),
        fc.oneof(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), fc.tuple(fc.constantFrom(...transitions), fc.integer({ min: -7_200_000, max: 7_200_000 })).map(([t, d]) => t + d)),
        (zone, ms) => {
          expect(fastIsoWithOffset(ms, zone)).toBe(isoWithOffset(ms, zone));
        },
      ),
      { numRuns: 3000, timeLimitMs: 10_000 },
    );
    for (const zone of zones) for (const t of transitions) for (let d = -3_600_000; d <= 3_600_000; d += 60_000) expect(fastIsoWithOffset(t + d, zone)).toBe(isoWithOffset(t + d, zone));
    expect(() => fastIsoWithOffset(0, 'Nowhere/Atlantis')).toThrow();
  });
});
