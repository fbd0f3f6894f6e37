import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileKeyStore } from '../core/journal';
import { SafeStorageKeyStore, safeStorageProtects, stationKeyStore, type SafeStorageLike } from './safe-key-store';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function keysDir(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'sw-keys-'));
  dirs.push(d);
  return path.join(d, 'keys');
}

function fakeSafeStorage(available = true, backend = 'gnome_libsecret'): SafeStorageLike & { available: boolean } {
  const s = {
    available,
    isEncryptionAvailable: () => s.available,
    getSelectedStorageBackend: () => backend,
    encryptString: vi.fn((t: string) => Buffer.concat([Buffer.from('ENC:'), Buffer.from(t, 'utf8').reverse()])),
    decryptString: vi.fn((b: Buffer) => {
      if (!b.subarray(0, 4).equals(Buffer.from('ENC:'))) throw new Error('Error while decrypting the ciphertext');
      return Buffer.from(b.subarray(4)).reverse().toString('utf8');
    }),
  };
  return s;
}

const log = () => {};

describe('SafeStorageKeyStore', () => {
  it('creates an encrypted key file (0600) and loads the same key again', async () => {
    const dir = await keysDir();
    const safe = fakeSafeStorage();
    const store = stationKeyStore(dir, safe, log, 'linux');
    expect(store).toBeInstanceOf(SafeStorageKeyStore);
    const key = await store.loadOrCreate();
    expect(await readdir(dir)).toEqual(['station.key.enc']);
    const file = path.join(dir, 'station.key.enc');
    expect((await readFile(file, 'utf8'))).not.toContain('PRIVATE KEY');
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    const again = await stationKeyStore(dir, safe, log, 'linux').loadOrCreate();
    expect(again.publicKey).toBe(key.publicKey);
    expect(again.keyId).toBe(key.keyId);
  });

  it('refuses (never makes a new key) when the keychain cannot decrypt an existing key', async () => {
    const dir = await keysDir();
    const safe = fakeSafeStorage();
    await stationKeyStore(dir, safe, log, 'linux').loadOrCreate();
    safe.available = false;
    await expect(stationKeyStore(dir, safe, log, 'linux').loadOrCreate()).rejects.toThrow(/keychain/);
    await writeFile(path.join(dir, 'station.key.enc'), 'garbage');
    safe.available = true;
    await expect(stationKeyStore(dir, safe, log, 'linux').loadOrCreate()).rejects.toThrow(/cannot be decrypted/);
  });

  it('falls back to a 0600 plain file, with a note, without a keychain or with Linux basic_text', async () => {
    for (const safe of [fakeSafeStorage(false), fakeSafeStorage(true, 'basic_text')]) {
      const dir = await keysDir();
      const notes: string[] = [];
      const store = stationKeyStore(dir, safe, (m) => notes.push(m), 'linux');
      expect(store).toBeInstanceOf(FileKeyStore);
      await store.loadOrCreate();
      expect(await readdir(dir)).toEqual(['station.key']);
      expect(notes.join(' ')).toMatch(/no keychain/);
    }
    expect(safeStorageProtects(fakeSafeStorage(true, 'basic_text'), 'win32')).toBe(true);
  });

  it('keeps using a plain key that exists already, even once a keychain is available', async () => {
    const dir = await keysDir();
    const first = await new FileKeyStore(path.join(dir, 'station.key')).loadOrCreate();
    const store = stationKeyStore(dir, fakeSafeStorage(), log, 'linux');
    expect(store).toBeInstanceOf(FileKeyStore);
    expect((await store.loadOrCreate()).publicKey).toBe(first.publicKey);
  });
});
