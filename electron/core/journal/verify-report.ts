/** What the verifier (./verify) reports, and its options. */
import type { JournalRecord } from './record';

export type VerifyProblemCode =
  | 'BAD_JSON' // a line is not JSON (or is empty)
  | 'BAD_RECORD' // a line is JSON but a required field is missing or wrong, or an unknown field is present
  | 'CHAIN_BROKEN' // prev is not the SHA-256 of the previous line
  | 'SEQ_GAP' // seq is not the previous seq + 1 (missing, repeated or reordered lines, missing segment)
  | 'STATION_MISMATCH' // a line (or station.json) names another station
  | 'BAD_SIGNATURE' // a seal does not verify (or cannot be checked: no public key)
  | 'MISPLACED_SEAL' // a seal is followed by more lines in the same segment
  | 'UNSEALED_END' // a segment that is not the last (or, with requireSealedEnd, the journal) does not end with a seal
  | 'EMPTY_SEGMENT' // a segment file that is not the last one is empty
  | 'TORN_TAIL' // a file does not end with "\n": its last line is cut off
  | 'SEGMENT_NAME' // a file name is not segment-<12 digits>.jsonl, two files claim the same first seq, or a line's seq does not match its place
  | 'IDENTITY' // station.json is missing, unreadable, or its keyId does not match its public key
  | 'CHECKPOINT' // checkpoint.json claims a seq beyond the end of the journal
  | 'UNREADABLE' // a file cannot be read
  | 'LINE_TOO_LONG'; // a line is longer than any the journal writes (MAX_LINE_BYTES): the rest of its file is not read

export interface VerifyProblem {
  code: VerifyProblemCode;
  /** The file as given (full path for verifyJournalDir). */
  file: string;
  /** 1-based line number in that file; 0 when the problem is about the file as a whole. */
  line: number;
  expected: string;
  found: string;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  /** Lines that are well-formed records (seals included). */
  records: number;
  seals: number;
  /** seq and hash of the last well-formed record read; for an empty journal checked from genesis, {0, genesis}. */
  head: { seq: number; hash: string } | null;
  problems: VerifyProblem[];
  /** True when more problems were found than `maxProblems`; only the first ones are listed. */
  problemsTruncated: boolean;
}

export interface VerifyOptions {
  /** Every line must name this station. Default: station.json (verifyJournalDir) or the first line's station. */
  stationId?: string;
  /** Raw 32-byte Ed25519 key, base64, or SPKI PEM. Without it (and without station.json) seals are reported as unverifiable. */
  publicKey?: string;
  /** The first line must be seq 1 chained from genesisHash(station). Default true, unless startAfter is given. */
  expectGenesis?: boolean;
  /** The last line must be a seal (a published / exported journal). Default false. */
  requireSealedEnd?: boolean;
  /** Continue a chain already verified: the first line must be seq+1 with prev = hash. */
  startAfter?: { seq: number; hash: string };
  /** Stop listing problems after this many (verification still runs to the end). Default 1000. */
  maxProblems?: number;
  /** Read size in bytes. Default 4 MiB. */
  chunkSize?: number;
  /**
   * Accept lines that are exactly the expected next line in one pass over their bytes (default true). False: every
   * line takes the full check (JSON.parse + checkRecordShape). Both report the same; tests compare them.
   */
  fastLines?: boolean;
  /**
   * Where the files' bytes come from (default: each file opened by its path). The ledger reads a shared folder
   * through its capped, no-follow reader and keeps a private copy of exactly the bytes verified (ledger/station-check.ts).
   */
  source?: SegmentSource;
  /** A line longer than this is reported (LINE_TOO_LONG) and the rest of its file is not read. Default MAX_LINE_BYTES. */
  maxLineBytes?: number;
  /**
   * Called for every line that parses as a journal record, in order, as it is verified (whatever the verifier then
   * reports about it: a consumer keeps what falls inside the range it finally trusts). `bytes` is valid only during the
   * call. `record` is the parsed line, or null when the line took the hot path: its fields' offsets in `bytes` are then
   * in line-scanner.ts `scannedFields` (read them during the call).
   */
  onRecord?: (bytes: Buffer, seq: number, file: string, line: number, record: JournalRecord | null) => void;
}

/** Reads one file for the verifier: `read` fills `buf` from its start and returns the bytes read, 0 at the end. */
export interface SegmentReader {
  read(buf: Buffer): number | Promise<number>;
  close(): void | Promise<void>;
}
export type SegmentSource = (file: string) => SegmentReader | Promise<SegmentReader>;
