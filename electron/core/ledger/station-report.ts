/** What the check of one station folder (./station-check) reports, and what of it may be trusted (settle). */
import type { CopyRowsResult } from './copy-rows';
import type { EventCheckSettings } from './event-checks';
import type { LedgerProblem, LedgerProblemCode } from './problems';

/** A segment verified and imported before (incremental verification, ledger/remembered.ts; docs/ledger.md §3b). */
export interface RememberedSegment {
  name: string;
  firstSeq: number;
  lastSeq: number;
  /** Bytes of the whole file as verified. */
  size: number;
  /** SHA-256 of the whole file as verified (64 lower-case hex). */
  sha256: string;
  /** SHA-256 of its last line (a seal): the head after this segment. */
  lastHash: string;
}

/** What the ledger remembers about a station from earlier imports. */
export interface KnownStation {
  publicKey: string;
  keyId: string;
  headSeq: number;
  headHash: string;
  /**
   * The `at` of the event at the head, as written, when the ledger holds it: the clock check's starting point when only
   * what is new is verified (event-checks.ts).
   */
  headAt?: string;
  /**
   * The segments verified and imported before (table verified_segments), from seq 1 to the head: with them only new
   * segments are read (incremental verification, remembered.ts). Absent: the station is verified in full.
   */
  segments?: RememberedSegment[];
}

export interface StationCheckTask {
  /** The shared folder (absolute). */
  share: string;
  /** The station's folder name under <share>/stations (= its id). */
  station: string;
  known: KnownStation | null;
  /** Most problems listed per station (the verifier stops listing after this many). */
  maxProblems: number;
  /** Verify every segment again, even those remembered (steadywork verify --full, the daily check of the review). */
  full?: boolean;
  /** The events' own checks (clock, standards: event-checks.ts), made as the records are verified; absent: not made. */
  events?: EventCheckSettings;
  /**
   * A private folder of this process (created 0700 by the caller) where the bytes of each segment are copied as they
   * are read and verified (`<copyDir>/<station>/segment-….jsonl`): the importer inserts from there, never from the share.
   */
  copyDir: string;
  /** A private folder in memory (copy-folder.ts): a station's copies go there instead when it has room for them. */
  memoryCopyDir?: string;
  /** Tests: reading this segment (file name) stalls for `ms` (a share that stops answering, without a race). */
  stall?: { station?: string; name: string; ms: number };
  /**
   * The PostgreSQL import: also write the rows of the events read (after the known head) in COPY's text format into
   * `<copyDir>/<station>/events.copy`, for this supplier and import (copy-rows.ts).
   */
  pgRows?: { supplier: string; importId: number };
}

/** Identity of a file on disk, to notice a file changed between verification and import. */
export interface FileStamp {
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

export interface CheckedFile {
  name: string;
  /** Absolute path on the share (for messages: it is never read again). */
  path: string;
  /** The private copy of exactly the bytes verified (see StationCheckTask.copyDir); null when the file was not read to its end. */
  copy: string | null;
  /** Relative to the share, with "/". */
  rel: string;
  firstSeq: number;
  /** Lines in the file (from the seq of its last line); 0 when its last line cannot be read. */
  lines: number;
  /** seq and hash of the last line, and whether it is a seal; null when it cannot be read (empty, cut off, not JSON). */
  last: { seq: number; hash: string; seal: boolean } | null;
  stamp: FileStamp;
  /** Bytes of the file (as read, or as remembered). */
  size: number;
  /** SHA-256 of the whole file as read (or as remembered); null when it was not read to its end. */
  sha256: string | null;
  /** Verified and imported before, not read this time (incremental verification). */
  remembered?: boolean;
  /** False when no line of the copy names a spoken note (seen as it was copied): its attachments need no second read. */
  namesAudio?: boolean;
  /** True when every line's `at` is the journal's own text (at-text.ts), seen as it was verified: the DuckDB import stores none of them. */
  journalAtTexts?: boolean;
}

/** How a station was verified: only what is new (from the remembered head), or every segment — and why. */
export interface StationVerification {
  mode: 'incremental' | 'full';
  /** Why in full: asked, first import, nothing remembered, memory that does not add up, a segment changed … */
  reason: string | null;
  /** Segment files (and conflict copies) read from the share this time. */
  read: string[];
}

export interface StationCheck {
  station: string;
  /** Display name from station.json (not signed: for showing only). */
  name: string | null;
  /** The public key the seals were checked with (the ledger's when known, else station.json's), and its keyId. */
  publicKey: string | null;
  keyId: string | null;
  /** The station's identity is usable and, if the ledger knew the station, unchanged. */
  trusted: boolean;
  /** Nothing of this station may be imported: untrusted identity, or history already imported shrank or was rewritten. */
  rejected: boolean;
  files: CheckedFile[];
  /** Well-formed lines (seals included), as counted by the verifier. */
  records: number;
  seals: number;
  /** The verifier's head: the last well-formed line. */
  head: { seq: number; hash: string } | null;
  /** The last valid seal before the first error: everything up to it is verified. Null: nothing verified. */
  verifiedThrough: { seq: number; hash: string } | null;
  /** Seq of the first error (null when there is none). */
  firstErrorSeq: number | null;
  /** Already imported up to this seq (the ledger's head), 0 for a new station. */
  importedThrough: number;
  /** Events that may be imported: seq in (from, to]. Null when nothing may be imported. */
  importable: { from: number; to: number; hash: string } | null;
  problems: LedgerProblem[];
  /** Files ignored: temporary, hidden, unknown names (relative to the share). */
  ignored: string[];
  /** Byte-identical copies made by sync clients, treated as the same segment (relative to the share). */
  duplicates: string[];
  bytes: number;
  verification: StationVerification;
  /**
   * Attachments (spoken notes) named by the verified events, each read once from the share, checked against its hash
   * and copied privately (`<copyDir>/<station>/attachments/<hash>`), with the first event (seq) that names it.
   */
  attachments: CheckedAttachment[];
  /**
   * The runs in the new verified events (steadywork verify: every event without a ledger, the new ones with one):
   * started, completed and stopped (abandoned). Only verify counts them (EventCheckSettings.countRuns); an import leaves
   * this out.
   */
  runs?: { started: number; completed: number; abandoned: number };
  /** The PostgreSQL rows written by the check (StationCheckTask.pgRows). */
  pgRows?: CopyRowsResult;
}

export interface CheckedAttachment {
  hash: string;
  type: string;
  bytes: number;
  durationMs: number;
  seq: number;
  /** The private copy of exactly the bytes checked. */
  copy: string;
}

const STATION_LEVEL: ReadonlySet<LedgerProblemCode> = new Set([
  'IDENTITY_MISSING', 'IDENTITY_MISMATCH', 'IDENTITY_INVALID', 'KEY_CHANGED', 'HISTORY_SHRANK', 'HISTORY_REWRITTEN', 'IDENTITY',
]);

/**
 * From the problems, what may be trusted: everything up to the last seal before the first error (seals end the
 * segment files, so that is the end of the last file wholly before the error, and before any file with an error). Called again when later checks add
 * errors (the events' own checks, event-checks.ts: an UNKNOWN_STANDARD; a station of another supplier).
 */
export function settle(result: StationCheck): void {
  let firstError = Infinity;
  let stationLevel = !result.trusted;
  // Files with an error of their own: their last line is not trusted as a seal, whatever seq it claims (a line typed
  // as a seal that repeats the seq before it would otherwise put the error "after" it, and the edited lines before
  // it would pass as sealed).
  const filesWithErrors = new Set<string>();
  for (const p of result.problems) {
    if (p.severity !== 'error') continue;
    if (STATION_LEVEL.has(p.code) || p.seq === undefined) stationLevel = true;
    else {
      firstError = Math.min(firstError, p.seq);
      if (p.file) filesWithErrors.add(p.file);
    }
  }
  result.rejected = stationLevel;
  result.firstErrorSeq = Number.isFinite(firstError) ? firstError : stationLevel ? 0 : null;
  let through: { seq: number; hash: string } | null = null;
  let expect = 1;
  for (const f of result.files) {
    // Files in order, each starting right after the one before and ending with a seal before the first error.
    if (f.firstSeq !== expect || !f.last || !f.last.seal || f.last.seq >= firstError || filesWithErrors.has(f.rel)) break;
    through = { seq: f.last.seq, hash: f.last.hash };
    expect = f.last.seq + 1;
  }
  result.verifiedThrough = stationLevel ? null : through;
  result.importable = !stationLevel && through && through.seq > result.importedThrough
    ? { from: result.importedThrough, to: through.seq, hash: through.hash }
    : null;
}
