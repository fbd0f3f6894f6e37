/**
 * The station key's fingerprint: 16 digits in four groups ("4821 0937 5512 8840"), easy to read out over the phone in
 * any language, shown at the station (Settings) and to procurement before it enrols the station (docs/ledger.md,
 * "Enrolment"). It is the first 8 bytes of SHA-256 over "steadywork-fingerprint-v1", a zero byte and the raw 32
 * public-key bytes, as an unsigned big-endian integer modulo 10^16 (about 53 bits: finding another key with the same
 * fingerprint takes far more key generations than anyone can afford). The keyId (docs/journal.md §2) names the key
 * exactly; the fingerprint is for people comparing two screens.
 */
import { createHash } from 'node:crypto';
import { normalizePublicKey } from './keys';

const CONTEXT = Buffer.from('steadywork-fingerprint-v1\0', 'utf8');

export function keyFingerprint(publicKey: string): string {
  const raw = Buffer.from(normalizePublicKey(publicKey), 'base64');
  const digest = createHash('sha256').update(CONTEXT).update(raw).digest();
  const n = digest.readBigUInt64BE(0) % 10_000_000_000_000_000n;
  const digits = n.toString().padStart(16, '0');
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}
