/**
 * The station's Ed25519 key, protected with Electron's safeStorage (DPAPI on Windows, Keychain on macOS,
 * the Secret Service / KWallet on Linux): the PKCS#8 PEM is encrypted and kept in a 0600 file.
 *
 * Which store is used, in this order (a station must keep the key its seals were made with):
 * 1. an encrypted key file exists → decrypt it (if safeStorage cannot, that is an error: never a new key);
 * 2. a plain key file (FileKeyStore) exists → keep using it;
 * 3. safeStorage offers real encryption → create an encrypted key;
 * 4. otherwise (no keychain; or Linux "basic_text", a fixed password) → a 0600 plain file, with a logged note.
 *
 * The module does not import electron: main.ts passes safeStorage in (so tests use a stand-in).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { writeFileCreateOnly } from '../core/files/atomic-write';
import { FileKeyStore, generateStationKeyPem, stationKeyFromPem, type StationKey, type StationKeyStore } from '../core/journal';

/** The part of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means no real keychain (a fixed password). */
  getSelectedStorageBackend?(): string;
}

export const ENCRYPTED_KEY_FILE = 'station.key.enc';
export const PLAIN_KEY_FILE = 'station.key';

/** True when safeStorage encrypts with a secret of this user (not Linux's fixed-password fallback). */
export function safeStorageProtects(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (platform === 'linux' && typeof safeStorage.getSelectedStorageBackend === 'function') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') return false;
  }
  return true;
}

export class SafeStorageKeyStore implements StationKeyStore {
  constructor(
    readonly path: string,
    private readonly safeStorage: SafeStorageLike,
  ) {}

  async loadOrCreate(): Promise<StationKey> {
    const existing = await this.read();
    if (existing) return existing;
    if (!this.safeStorage.isEncryptionAvailable()) throw new Error('safeStorage cannot encrypt on this computer now.');
    await mkdir(path.dirname(this.path), { recursive: true, mode: 0o700 });
    const encrypted = this.safeStorage.encryptString(generateStationKeyPem());
    await writeFileCreateOnly(this.path, encrypted, { mode: 0o600 }); // never replaces a key created at the same moment
    const key = await this.read();
    if (!key) throw new Error(`The station key ${this.path} could not be created.`);
    return key;
  }

  private async read(): Promise<StationKey | null> {
    let data: Buffer;
    try {
      data = await readFile(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    if (!this.safeStorage.isEncryptionAvailable()) {
      throw new Error(
        `The station key (${this.path}) is protected by this computer's keychain, which is not available now. ` +
          'Sign in as the usual user (or unlock the keychain) and start Steadywork again. Do not delete the key file: the journal\'s seals were made with it.',
      );
    }
    try {
      return stationKeyFromPem(this.safeStorage.decryptString(data));
    } catch (err) {
      throw new Error(
        `The station key (${this.path}) cannot be decrypted by this user's keychain: ${(err as Error).message}. ` +
          'Do not delete it: the journal\'s seals were made with it. Restore the keychain or ask a supervisor.',
        { cause: err },
      );
    }
  }
}

/** Picks the key store for the station's key folder (see the order at the top of this file). */
export function stationKeyStore(
  keysDir: string,
  safeStorage: SafeStorageLike,
  log: (message: string) => void = (m) => console.log(`Steadywork: ${m}`),
  platform: NodeJS.Platform = process.platform,
): StationKeyStore {
  const encrypted = path.join(keysDir, ENCRYPTED_KEY_FILE);
  const plain = path.join(keysDir, PLAIN_KEY_FILE);
  if (existsSync(encrypted)) return new SafeStorageKeyStore(encrypted, safeStorage);
  if (existsSync(plain)) {
    log(`The station key is kept in a file readable only by this user (${plain}).`);
    return new FileKeyStore(plain);
  }
  if (safeStorageProtects(safeStorage, platform)) return new SafeStorageKeyStore(encrypted, safeStorage);
  log(`This computer offers no keychain to protect the station key; it is kept in a file readable only by this user (${plain}).`);
  return new FileKeyStore(plain);
}
