import path from 'node:path';
import { parseSegmentName } from '../journal/format';

/**
 * The layout of the shared folder (docs/share.md). Shared by the station's publisher (sync) and procurement's
 * reader (ledger), so both agree on which names mean what.
 *
 *   <share>/stations/<stationId>/station.json                    identity (id, display name, public key, keyId, head)
 *   <share>/stations/<stationId>/segments/segment-<12 digits>.jsonl  sealed, immutable copies of closed segments
 *   <share>/stations/<stationId>/attachments/<sha-256>            attachments the events name (spoken notes), create-only
 *   <share>/standards/*.json                                      published standards, flowing down to stations
 *   <share>/standards/retired/<id>.v<version>.json                create-only notes withdrawing a version (retired.ts)
 *   <share>/supplier.json                                         {"supplier": "NAME"}: whose share it is (share-supplier.ts)
 */
export const STATIONS_DIR = 'stations';
export const SHARE_STANDARDS_DIR = 'standards';
export const SHARE_SEGMENTS_DIR = 'segments';
export const SHARE_STATION_FILE = 'station.json';
/** Attachments of a station's events (spoken notes), each named by its SHA-256: `stations/<id>/attachments/<64 hex>`. */
export const SHARE_ATTACHMENTS_DIR = 'attachments';
export const SHARE_IDENTITY_FORMAT = 1;

/** A station id that can be a folder name on every file system (the app's ids are UUIDs). */
export const SHARE_STATION_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function stationsDir(share: string): string {
  return path.join(share, STATIONS_DIR);
}
export function stationShareDir(share: string, stationId: string): string {
  return path.join(share, STATIONS_DIR, stationId);
}
export function stationSegmentsDir(share: string, stationId: string): string {
  return path.join(share, STATIONS_DIR, stationId, SHARE_SEGMENTS_DIR);
}
export function stationAttachmentsDir(share: string, stationId: string): string {
  return path.join(share, STATIONS_DIR, stationId, SHARE_ATTACHMENTS_DIR);
}
export function shareStandardsDir(share: string): string {
  return path.join(share, SHARE_STANDARDS_DIR);
}
/** Retirement notes of standard versions (the same folder name, `retired`, inside every standards folder). */
export const SHARE_RETIRED_DIR = 'retired';
export function shareRetiredDir(share: string): string {
  return path.join(share, SHARE_STANDARDS_DIR, SHARE_RETIRED_DIR);
}

/** What a station publishes about itself in station.json. */
export interface ShareIdentity {
  format: typeof SHARE_IDENTITY_FORMAT;
  stationId: string;
  /** Display name (the station's "stationName" setting). */
  name: string;
  /** Raw 32-byte Ed25519 public key, base64 (as in the journal's station.json). */
  publicKey: string;
  keyId: string;
  /** The last line of the last segment published (a seal), when anything was published. Informative: not signed. */
  head?: { seq: number; hash: string };
}

export type SegmentFileKind =
  /** segment-<12 digits>.jsonl: a published segment. */
  | { kind: 'segment'; firstSeq: number }
  /** segment-<12 digits><something>.jsonl: a copy made by a sync client ("(conflicted copy)", ".sync-conflict-…", " (1)", "-PC-NAME"). */
  | { kind: 'copy'; firstSeq: number; canonical: string }
  /** A file being written (ours: .segment-….tmp-<random>), a hidden file or an editor's lock file: never read. */
  | { kind: 'temporary' }
  /** Anything else: ignored, listed for information. */
  | { kind: 'unknown' };

const COPY_RE = /^segment-(\d{12})(.+)\.jsonl$/;

/**
 * What a file name in a station's segments folder is. Temporary files (ours start with "." and contain ".tmp-"),
 * hidden files, editor and sync-client lock files are never read.
 */
export function classifySegmentFileName(name: string): SegmentFileKind {
  if (name.startsWith('.') || name.startsWith('~') || /\.(tmp|temp|part|partial|crdownload|download)$/i.test(name) || /\.tmp[-.]/i.test(name)) {
    return { kind: 'temporary' };
  }
  const firstSeq = parseSegmentName(name);
  if (firstSeq !== null) return { kind: 'segment', firstSeq };
  const m = COPY_RE.exec(name);
  if (m) {
    const n = Number(m[1]);
    if (n >= 1) return { kind: 'copy', firstSeq: n, canonical: `segment-${m[1]}.jsonl` };
  }
  return { kind: 'unknown' };
}

/** The temporary names a file is written under before it gets its final name (ignored by readers of the share). */
export { isOwnTemporaryName, temporaryNameFor } from '../files/atomic-write';

/**
 * Which supplier a share belongs to (issue 12): {"supplier": "NAME"} at its root, written create-only by its stations
 * (share-supplier.ts), read by procurement's import (ledger/supplier.ts resolveSupplier).
 */
export const SHARE_SUPPLIER_FILE = 'supplier.json';

export class SupplierError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SupplierError';
  }
}

/** A supplier name as given: trimmed, 1 to 100 characters, no control characters (the station's and the importer's rule). */
export function checkSupplierName(name: string, where: string): string {
  const s = name.trim();
  // eslint-disable-next-line no-control-regex
  if (s.length === 0 || s.length > 100 || /[\u0000-\u001f\u007f]/.test(s)) {
    throw new SupplierError(`${where}: a supplier's name must be 1 to 100 characters without control characters (found ${JSON.stringify(name.slice(0, 120))}).`);
  }
  return s;
}
