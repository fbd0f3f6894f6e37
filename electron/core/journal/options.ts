/**
 * The journal's options, the shapes it reports (head, checkpoint, recovery, identity), and what open() hands to the
 * Journal it creates. See docs/journal.md for the format.
 */
import type { FileHandle } from 'node:fs/promises';
import type { Clock } from '../time/clock';
import { fsyncDir } from '../files/atomic-write';
import type { JournalRecord } from './record';
import type { StationKey, StationKeyStore } from './keys';

export interface JournalOptions {
  /** The journal folder (created if missing). */
  dir: string;
  stationId: string;
  clock: Clock;
  keyStore: StationKeyStore;
  /** Most lines in one segment file, its seal included. Default 10 000; at least 2. */
  segmentMaxRecords?: number;
  /**
   * 'fsync' (default): every write is flushed to disk (fdatasync, fsync of folders) before it counts.
   * 'none': no flush at all, for tests that open and append thousands of times; a power cut can lose acknowledged
   * records, so never in the app (the crash test keeps 'fsync').
   */
  durability?: 'fsync' | 'none';
}

/** The journal's flushes, in one place so tests can turn them off (JournalOptions.durability). */
export interface Flush {
  /** After appending a line: data only (the size change is flushed with it). */
  data(fh: FileHandle): Promise<void>;
  /** After cutting or creating a file: data and metadata. */
  full(fh: FileHandle): Promise<void>;
  /** After creating, renaming or removing a name in a folder. */
  dir(path: string): Promise<void>;
  /** Whether atomic replacements (checkpoint.json, station.json) flush too. */
  readonly enabled: boolean;
}

export const FSYNC: Flush = { data: (fh) => fh.datasync(), full: (fh) => fh.sync(), dir: fsyncDir, enabled: true };
export const NO_FLUSH: Flush = { data: async () => undefined, full: async () => undefined, dir: async () => undefined, enabled: false };

export interface JournalHead {
  seq: number;
  hash: string;
}

export interface JournalCheckpoint {
  seq: number;
  hash: string;
  projection: unknown;
}

/** What open() did about a torn last line. */
export interface RecoveryInfo {
  /** Segment file name the bytes were removed from. */
  segment: string;
  /** Line number (1-based) of the torn line in that segment. */
  line: number;
  /** Where the bytes went, relative to the journal folder: quarantine/<segment>.<time>.torn */
  quarantinedTo: string;
  bytes: number;
  /** SHA-256 (hex) of the quarantined bytes. */
  sha256: string;
  reason: string;
  /** The journal.recovery record appended. */
  record: JournalRecord;
}

/** Identity file of a journal: who writes it and the key its seals verify with. */
export interface StationIdentity {
  stationId: string;
  /** Raw 32-byte Ed25519 public key, base64. */
  publicKey: string;
  /** First 16 hex characters of SHA-256 over the raw public key. */
  keyId: string;
}

export const DEFAULT_SEGMENT_MAX_RECORDS = 10_000;
/** A single line may not exceed this (a value that large belongs in a file, not in the journal). */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

export interface SegmentRef {
  name: string;
  firstSeq: number;
}

export interface ActiveSegment extends SegmentRef {
  fh: FileHandle | null;
  /** Bytes of committed (written and flushed) lines. */
  size: number;
  /** Committed lines. */
  lines: number;
}

/** Everything a Journal starts from, as open() found it on disk after recovery. */
export interface JournalInit {
  dir: string;
  stationId: string;
  clock: Clock;
  flush: Flush;
  key: StationKey;
  maxRecords: number;
  segments: SegmentRef[];
  active: ActiveSegment;
  head: JournalHead;
  lastRecord: JournalRecord | null;
  checkpoint: JournalCheckpoint | null;
  checkpointNote: string | null;
  /** Seqs of the checkpoints/ files found at open, oldest first. */
  segmentCheckpoints: number[];
  /** Those of them found unreadable or stale at open (rewritten when the read model passes their seq again). */
  badSegmentCheckpoints: number[];
}

export function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

export function zodMessage(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(record)'}: ${i.message}`).join('; ');
}

export function describeBytes(bytes: Buffer): string {
  const s = bytes.toString('utf8');
  return s.length > 60 ? `${JSON.stringify(s.slice(0, 60))}...` : JSON.stringify(s);
}
