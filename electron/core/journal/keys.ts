import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmod, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sha256Hex } from './record-layout';
import { mkdirDurable, writeFileCreateOnly } from '../files/atomic-write';

/**
 * A station's Ed25519 signing key.
 *
 * `publicKey` is always the RAW 32-byte Ed25519 public key, base64 (standard alphabet, with padding: 44 characters).
 * `keyId` is the first 16 lower-case hex characters of SHA-256 over those 32 raw bytes.
 * See docs/journal.md.
 */
export interface StationKey {
  readonly publicKey: string;
  readonly keyId: string;
  sign(message: Buffer): Buffer;
}

/** Where a station's private key lives. Node: a 0600 file (FileKeyStore). Electron: safeStorage (written in the shell). */
export interface StationKeyStore {
  loadOrCreate(): Promise<StationKey>;
}

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; followed by the 32 raw key bytes. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The raw bytes of each key object exported before (a readers' refresh asks for every station's keyId and canonical key). */
const rawCache = new WeakMap<KeyObject, Buffer>();

/** Raw 32-byte public key of an Ed25519 key object (a copy: callers may keep or change it). */
function rawPublicKey(key: KeyObject): Buffer {
  let raw = rawCache.get(key);
  if (!raw) {
    const der = key.export({ type: 'spki', format: 'der' });
    if (der.length !== 44 || !der.subarray(0, 12).equals(ED25519_SPKI_PREFIX)) throw new Error('Not an Ed25519 public key');
    raw = Buffer.from(der.subarray(12));
    rawCache.set(key, raw);
  }
  return Buffer.from(raw);
}

/** keyId of a public key given as raw-32-bytes base64 or SPKI PEM: first 16 hex of SHA-256 over the raw 32 bytes. */
export function keyIdOf(publicKey: string): string {
  return sha256Hex(rawPublicKey(publicKeyObject(publicKey))).slice(0, 16);
}

/** The canonical text form of a public key (raw 32 bytes, base64), from raw base64 or SPKI PEM. */
export function normalizePublicKey(publicKey: string): string {
  return rawPublicKey(publicKeyObject(publicKey)).toString('base64');
}

const keyCache = new Map<string, KeyObject>();

/** A KeyObject for an Ed25519 public key given as raw 32 bytes base64, or as an SPKI PEM. Throws if it is neither. */
export function publicKeyObject(publicKey: string): KeyObject {
  const cached = keyCache.get(publicKey);
  if (cached) return cached;
  let key: KeyObject;
  const text = publicKey.trim();
  if (text.startsWith('-----BEGIN')) {
    key = createPublicKey({ key: text, format: 'pem' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`Public key is ${key.asymmetricKeyType ?? 'unknown'}, expected Ed25519`);
  } else {
    const raw = Buffer.from(text, 'base64');
    if (raw.length !== 32 || raw.toString('base64') !== text) {
      throw new Error('Public key must be the raw 32-byte Ed25519 key in base64 (44 characters), or an SPKI PEM');
    }
    key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  }
  if (keyCache.size > 256) keyCache.clear();
  keyCache.set(publicKey, key);
  return key;
}

/** True when `signature` is a valid Ed25519 signature of `message` by `publicKey` (raw base64 or SPKI PEM). Never throws. */
export function verifySignature(publicKey: string, message: Buffer | Uint8Array | string, signature: Buffer | Uint8Array): boolean {
  try {
    const data = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
    return verify(null, data, publicKeyObject(publicKey), signature);
  } catch {
    return false;
  }
}

function stationKeyFrom(privateKey: KeyObject): StationKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`Station key is ${privateKey.asymmetricKeyType ?? 'unknown'}, expected Ed25519`);
  }
  const raw = rawPublicKey(createPublicKey(privateKey));
  const publicKey = raw.toString('base64');
  return {
    publicKey,
    keyId: sha256Hex(raw).slice(0, 16),
    sign: (message: Buffer) => sign(null, message, privateKey),
  };
}

/** Create a StationKey from a PKCS#8 PEM private key (what FileKeyStore stores). */
export function stationKeyFromPem(pem: string): StationKey {
  return stationKeyFrom(createPrivateKey({ key: pem, format: 'pem' }));
}

/** A fresh Ed25519 key pair; the private key as PKCS#8 PEM. */
export function generateStationKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * Keeps the private key as a PKCS#8 PEM in a file readable by the owner only (mode 0600, parent folder created 0700).
 * On Windows the modes are not enforced by the OS: there the shell should use its safeStorage-based store instead.
 * Creation is atomic: the key is written to a temporary file, flushed, then linked to its final name (never replacing a
 * key that another process created at the same time).
 */
export class FileKeyStore implements StationKeyStore {
  constructor(readonly path: string) {}

  async loadOrCreate(): Promise<StationKey> {
    const existing = await this.read();
    if (existing) return existing;
    // The key's folder (and any parent made for it) is flushed into its parent, and the key file into its folder
    // (writeFileCreateOnly): a power cut right after cannot lose the key whose seals are already on disk.
    await mkdirDurable(dirname(this.path), { mode: 0o700 });
    // Create-only: a key another process created at the same moment wins, and is the one read below.
    await writeFileCreateOnly(this.path, generateStationKeyPem(), { mode: 0o600 });
    const key = await this.read();
    if (!key) throw new Error(`Station key file ${this.path} could not be created`);
    return key;
  }

  private async read(): Promise<StationKey | null> {
    let pem: string;
    try {
      pem = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    if (process.platform !== 'win32') await chmod(this.path, 0o600).catch(() => undefined);
    try {
      return stationKeyFromPem(pem);
    } catch (err) {
      throw new Error(`Station key file ${this.path} is not a valid Ed25519 private key (PKCS#8 PEM): ${(err as Error).message}. ` +
        'Do not delete it: the station\'s seals were made with it. Restore it from a backup, or ask a supervisor.', { cause: err });
    }
  }
}

/** A key kept only in memory: for tests and simulations. */
export class MemoryKeyStore implements StationKeyStore {
  private readonly pem: string;
  constructor(pem?: string) {
    this.pem = pem ?? generateStationKeyPem();
  }
  async loadOrCreate(): Promise<StationKey> {
    return stationKeyFromPem(this.pem);
  }
}
