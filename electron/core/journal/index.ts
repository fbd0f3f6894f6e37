/** The station journal: append-only, hash-chained, sealed JSONL segments. Format: docs/journal.md. */
export { Journal, DEFAULT_SEGMENT_MAX_RECORDS, MAX_LINE_BYTES } from './journal';
export type { JournalOptions, JournalHead, JournalCheckpoint, RecoveryInfo, StationIdentity } from './journal';
export { JournalDamagedError, JournalWriteError, JournalInputError, JournalStateError } from './errors';
export { FileKeyStore, MemoryKeyStore, verifySignature, keyIdOf, normalizePublicKey, publicKeyObject, stationKeyFromPem, generateStationKeyPem } from './keys';
export type { StationKey, StationKeyStore } from './keys';
export { keyFingerprint } from './fingerprint';
export { verifySegments, verifyJournalDir } from './verify';
export type { VerifyOptions, VerifyReport, VerifyProblem, VerifyProblemCode, SegmentSource, SegmentReader } from './verify';
export {
  segmentName, parseSegmentName, serializeRecord, hashBytes, sealMessage, checkSeal, checkRecordShape,
  SEAL_TYPE, RECOVERY_TYPE, SEAL_CONTEXT, SEGMENTS_DIR, QUARANTINE_DIR, CHECKPOINT_FILE, STATION_FILE, SEGMENT_NAME_RE,
} from './format';
export { lineBatches } from './fsutil';
export type { Line } from './fsutil';
export { JournalRecord, JOURNAL_FORMAT, RECORD_FIELD_ORDER, Sha256Hex, sha256Hex, genesisHash } from './record';
export type { EventInput } from './record';
