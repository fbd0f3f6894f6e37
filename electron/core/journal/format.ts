import { hash as oneShotHash } from 'node:crypto';
import type { JournalRecord } from './record';
import { RECORD_FIELD_ORDER, JOURNAL_FORMAT } from './record-layout';
import { verifySignature } from './keys';

/**
 * The byte-level rules of the journal format, shared by the writer (journal.ts) and the verifier (verify.ts).
 * docs/journal.md is the human-readable version of this file.
 */

export const SEGMENTS_DIR = 'segments';
export const QUARANTINE_DIR = 'quarantine';
export const CHECKPOINT_FILE = 'checkpoint.json';
/**
 * Checkpoints saved where a segment closed (`checkpoints/checkpoint-<seq of the seal, 12 digits>.json`, same content as
 * checkpoint.json): what an open falls back to when checkpoint.json is missing or does not match the journal, so that
 * such an open folds at most the segments after it instead of the whole history. Only the newest few are kept.
 */
export const CHECKPOINTS_DIR = 'checkpoints';
export const SEGMENT_CHECKPOINTS_KEPT = 3;
export const SEGMENT_CHECKPOINT_NAME_RE = /^checkpoint-(\d{12})\.json$/;

export function segmentCheckpointName(seq: number): string {
  return `checkpoint-${String(seq).padStart(12, '0')}.json`;
}

/** The seq a checkpoints/ file name carries, or null when the name is not one of ours. */
export function parseSegmentCheckpointName(name: string): number | null {
  const m = SEGMENT_CHECKPOINT_NAME_RE.exec(name);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 ? n : null;
}
export const STATION_FILE = 'station.json';

export const SEAL_TYPE = 'journal.seal';
export const RECOVERY_TYPE = 'journal.recovery';
/** Event types the journal writes itself; callers may not append them. */
export const RESERVED_TYPE_PREFIX = 'journal.';
/** Prefix of the message a seal signs, followed by the hex SHA-256 of the seal line with an empty signature. */
export const SEAL_CONTEXT = 'steadywork-seal-v1\n';

export const SEGMENT_NAME_RE = /^segment-(\d{12})\.jsonl$/;

export function segmentName(firstSeq: number): string {
  return `segment-${String(firstSeq).padStart(12, '0')}.jsonl`;
}

/** First seq encoded in a segment file name, or null when the name is not a segment name. */
export function parseSegmentName(name: string): number | null {
  const m = SEGMENT_NAME_RE.exec(name);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 ? n : null;
}

/** SHA-256 (hex) of bytes: one-shot, the fastest form in Node for short inputs. */
export function hashBytes(bytes: Uint8Array): string {
  return oneShotHash('sha256', bytes, 'hex');
}

/**
 * The exact text of a journal line (without the "\n"): JSON with the fields in RECORD_FIELD_ORDER, absent fields
 * omitted, no whitespace. Nested objects keep the key order they were given in.
 */
export function serializeRecord(record: JournalRecord): string {
  const ordered: Record<string, unknown> = {};
  const src = record as Record<string, unknown>;
  for (const key of RECORD_FIELD_ORDER) {
    if (src[key] !== undefined) ordered[key] = src[key];
  }
  return JSON.stringify(ordered);
}

/** Throws a TypeError naming the path when `v` is not plain JSON (so that what is written reads back identical). */
export function assertPlainJson(v: unknown, path: string): void {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError(`${path} is ${v}: only finite numbers can be recorded`);
      return;
    case 'object': {
      if (v === null) return;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          if (!(i in v)) throw new TypeError(`${path}[${i}] is a hole in the array`);
          assertPlainJson(v[i], `${path}[${i}]`);
        }
        return;
      }
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`${path} is a ${(v as object).constructor?.name ?? 'non-plain object'}: only plain JSON objects can be recorded`);
      }
      for (const [k, x] of Object.entries(v)) {
        if (k === '__proto__') throw new TypeError(`${path} has a key "__proto__", which cannot be recorded safely`);
        if (x === undefined) throw new TypeError(`${path}.${k} is undefined: leave the key out instead`);
        assertPlainJson(x, `${path}.${k}`);
      }
      return;
    }
    default:
      throw new TypeError(`${path} is ${typeof v}: only JSON values can be recorded`);
  }
}

// ---- fast structural check (the verifier's hot path; the writer uses the zod schema) ----

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_V7_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const AT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const TYPE_RE = /^[a-z]+(\.[a-z]+)*$/;
const HEX64_RE = /^[0-9a-f]{64}$/;
const KEY_ID_RE = /^[0-9a-f]{16}$/;
const STD_ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const FIELD_INDEX: ReadonlyMap<string, number> = new Map(RECORD_FIELD_ORDER.map((k, i) => [k, i]));

export interface ShapeProblem {
  field: string;
  expected: string;
  found: string;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Check a parsed line by hand: the required fields, their types, no unknown fields, the fixed field order.
 * Equivalent in what it accepts to the zod schema for every field the chain depends on; a little looser on
 * `at` (any ISO-8601 date-time with offset) and `standard`. Returns null when the record is acceptable.
 * `expectedPrev` (a known-good hash) lets the check skip the pattern test when prev equals it.
 */
export function checkRecordShape(o: unknown, expectedPrev?: string | null): ShapeProblem | null {
  if (!isPlainObject(o)) return { field: '(line)', expected: 'a JSON object', found: describe(o) };
  let last = -1;
  for (const k of Object.keys(o)) {
    const i = FIELD_INDEX.get(k);
    if (i === undefined) return { field: k, expected: `only the fields ${RECORD_FIELD_ORDER.join(', ')}`, found: `unknown field "${k}"` };
    if (i < last) return { field: k, expected: `fields in the order ${RECORD_FIELD_ORDER.join(', ')}`, found: `"${k}" out of order` };
    last = i;
  }
  if (o.v !== JOURNAL_FORMAT) return { field: 'v', expected: String(JOURNAL_FORMAT), found: describe(o.v) };
  if (!Number.isSafeInteger(o.seq) || (o.seq as number) < 1) return { field: 'seq', expected: 'an integer >= 1', found: describe(o.seq) };
  if (typeof o.id !== 'string' || !UUID_V7_RE.test(o.id)) return { field: 'id', expected: 'a UUIDv7', found: describe(o.id) };
  if (typeof o.station !== 'string' || o.station.length === 0) return { field: 'station', expected: 'a station id', found: describe(o.station) };
  if (typeof o.at !== 'string' || !AT_RE.test(o.at)) return { field: 'at', expected: 'an ISO-8601 date-time with offset', found: describe(o.at) };
  if (typeof o.actor !== 'string' || o.actor.length === 0) return { field: 'actor', expected: 'a non-empty string', found: describe(o.actor) };
  if (typeof o.type !== 'string' || !TYPE_RE.test(o.type)) return { field: 'type', expected: 'an event type like "step.done"', found: describe(o.type) };
  if (o.run !== undefined && (typeof o.run !== 'string' || !UUID_RE.test(o.run))) return { field: 'run', expected: 'a UUID', found: describe(o.run) };
  if (o.standard !== undefined) {
    const s = o.standard;
    if (!isPlainObject(s) || typeof s.id !== 'string' || !STD_ID_RE.test(s.id) || !Number.isSafeInteger(s.version) || (s.version as number) < 1 ||
      typeof s.hash !== 'string' || !HEX64_RE.test(s.hash) || Object.keys(s).length !== 3) {
      return { field: 'standard', expected: '{ id, version, hash }', found: describe(s) };
    }
  }
  if (o.step !== undefined && typeof o.step !== 'string') return { field: 'step', expected: 'a string', found: describe(o.step) };
  if (o.reason !== undefined && typeof o.reason !== 'string') return { field: 'reason', expected: 'a string', found: describe(o.reason) };
  if (o.supersedes !== undefined && (typeof o.supersedes !== 'string' || !UUID_RE.test(o.supersedes))) {
    return { field: 'supersedes', expected: 'a UUID', found: describe(o.supersedes) };
  }
  if (o.data !== undefined && !isPlainObject(o.data)) return { field: 'data', expected: 'a JSON object', found: describe(o.data) };
  if (o.prev !== expectedPrev && (typeof o.prev !== 'string' || !HEX64_RE.test(o.prev))) return { field: 'prev', expected: '64 lower-case hex characters', found: describe(o.prev) };
  return null;
}

// ---- seals ----

/** Canonical base64 of a 64-byte Ed25519 signature: 88 characters ending in "==". */
function isCanonicalSignature(b64: string): boolean {
  if (b64.length !== 88) return false;
  const raw = Buffer.from(b64, 'base64');
  return raw.length === 64 && raw.toString('base64') === b64;
}

/** The message a seal signs: "steadywork-seal-v1\n" + hex SHA-256 of the seal line with `"signature":""`. */
export function sealMessage(blankedLine: Uint8Array): Buffer {
  return Buffer.from(SEAL_CONTEXT + hashBytes(blankedLine), 'utf8');
}

/**
 * Fill in a seal's signature. `unsigned` is the seal record with data { keyId, signature: "" }; the signature is
 * Ed25519 over sealMessage(bytes of serializeRecord(unsigned)), base64, put in place of the empty string.
 */
export function signSealRecord(unsigned: JournalRecord, keyId: string, sign: (message: Buffer) => Buffer): { record: JournalRecord; line: string } {
  const blank: JournalRecord = { ...unsigned, data: { keyId, signature: '' } };
  const blankLine = serializeRecord(blank);
  const signature = sign(sealMessage(Buffer.from(blankLine, 'utf8'))).toString('base64');
  const record: JournalRecord = { ...blank, data: { keyId, signature } };
  return { record, line: serializeRecord(record) };
}

export type SealCheck =
  | { ok: true; keyId: string }
  | { ok: false; expected: string; found: string; message: string };

const SIG_PREFIX = Buffer.from('"signature":"', 'utf8');
const EMPTY_SIG = Buffer.from('"signature":""', 'utf8');

/**
 * Check a seal line: data is exactly { keyId, signature }, keyId matches the public key, the signature is canonical
 * base64 and verifies over the line with the signature value blanked (`"signature":"<b64>"` → `"signature":""`).
 */
export function checkSeal(lineBytes: Buffer, record: JournalRecord, publicKey: string | undefined, expectedKeyId: string | undefined): SealCheck {
  const data = record.data;
  if (!data || Object.keys(data).join(',') !== 'keyId,signature' || typeof data.keyId !== 'string' || typeof data.signature !== 'string') {
    return { ok: false, expected: 'data = { keyId, signature }', found: describe(data), message: 'A seal line must carry data { keyId, signature }.' };
  }
  const keyId = data.keyId;
  const sig = data.signature;
  if (!KEY_ID_RE.test(keyId)) return { ok: false, expected: '16 hex characters', found: describe(keyId), message: 'The seal\'s keyId is malformed.' };
  if (!isCanonicalSignature(sig)) {
    return { ok: false, expected: '88-character base64 Ed25519 signature', found: describe(sig), message: 'The seal\'s signature is not a canonical base64 Ed25519 signature.' };
  }
  if (!publicKey) {
    return { ok: false, expected: 'a public key to check the seal with', found: 'none', message: 'No public key given (station.json missing?): the seal cannot be checked.' };
  }
  if (expectedKeyId && keyId !== expectedKeyId) {
    return { ok: false, expected: `keyId ${expectedKeyId}`, found: `keyId ${keyId}`, message: 'The seal was made with a different key than the station\'s public key.' };
  }
  const needle = Buffer.concat([SIG_PREFIX, Buffer.from(sig, 'utf8'), Buffer.from('"', 'utf8')]);
  const at = lineBytes.indexOf(needle);
  if (at === -1 || lineBytes.indexOf(needle, at + 1) !== -1) {
    return { ok: false, expected: 'exactly one "signature" value in the line', found: at === -1 ? 'none' : 'several', message: 'The seal line cannot be blanked for checking.' };
  }
  const blanked = Buffer.concat([lineBytes.subarray(0, at), EMPTY_SIG, lineBytes.subarray(at + needle.length)]);
  if (blanked.indexOf(EMPTY_SIG) !== at || blanked.indexOf(EMPTY_SIG, at + 1) !== -1) {
    return { ok: false, expected: 'exactly one "signature" value in the line', found: 'several', message: 'The seal line cannot be blanked for checking.' };
  }
  if (!verifySignature(publicKey, sealMessage(blanked), Buffer.from(sig, 'base64'))) {
    return { ok: false, expected: 'a valid Ed25519 signature', found: 'signature does not verify', message: 'The seal\'s signature does not match the line: the seal line was changed, or it was made with another key.' };
  }
  return { ok: true, keyId };
}
