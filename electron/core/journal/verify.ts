import { open, readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { genesisHash, JOURNAL_FORMAT, JournalRecord } from './record';
import { keyIdOf } from './keys';
import { MAX_LINE_BYTES } from './journal';
import { checkRecordShape, checkSeal, CHECKPOINT_FILE, hashBytes, parseSegmentName, SEAL_TYPE, SEGMENTS_DIR, STATION_FILE } from './format';

/**
 * Streaming verifier of journal segments: usable on a station's own journal folder, or on segment files copied to a
 * shared folder (1M+ lines). Reads big chunks, splits on "\n" bytes, hashes exact bytes, checks fields by hand.
 * docs/journal.md lists what it checks.
 *
 * Hot path: a line that is exactly what the journal writes and exactly what comes next in the chain (see
 * `scanExpectedLine`) is accepted after one pass over its bytes, without JSON.parse; every other line (a seal, a
 * problem of any kind, anything unusual) takes the full check, which alone decides what is reported.
 */

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
  | 'UNREADABLE'; // a file cannot be read

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
  /** Check each line with the full zod schema instead of the hand check (slower). Default false. */
  fullSchema?: boolean;
  /** Stop listing problems after this many (verification still runs to the end). Default 1000. */
  maxProblems?: number;
  /** Read size in bytes. Default 4 MiB. */
  chunkSize?: number;
  /**
   * Accept lines that are exactly the expected next line in one pass over their bytes (default true). False: every
   * line takes the full check (JSON.parse + checkRecordShape). Both report the same; tests compare them.
   */
  fastLines?: boolean;
}

// ------------------------------------------------------------------ the hot path: one pass over an expected line

/**
 * Byte-level check of one line against the exact form the journal writes (serializeRecord: fields in
 * RECORD_FIELD_ORDER, no whitespace) AND against what the chain expects next: `station` (its UTF-8 bytes) and `prev`
 * (the hex hash of the line before). Returns the line's seq, or -1 when the line is anything else — including every
 * seal, every line longer than MAX_LINE_BYTES, and every line the full check would report or read differently (other
 * whitespace, escapes in the station, upper-case hex, keys repeated or reordered, other number forms, nesting deeper
 * than 32, …). A line it accepts is one
 * that `JSON.parse` + `checkRecordShape` accept, with the same seq, station, type (not a seal) and prev: the scanner
 * only recognises a subset of valid JSON (the JSON grammar itself for `value` and `data`), never a superset; the
 * property test in verify.test.ts checks that both paths report the same on damaged lines.
 */
const SCAN_MAX_DEPTH = 32;
const lit = (s: string): Buffer => Buffer.from(s, 'latin1');
const L_HEAD = lit(`{"v":${JOURNAL_FORMAT},"seq":`);
const L_ID = lit(',"id":"');
const L_STATION = lit('","station":"');
const L_AT = lit('","at":"');
const L_ACTOR = lit('","actor":');
const L_TYPE = lit(',"type":"');
const L_RUN = lit(',"run":"');
const L_STANDARD = lit(',"standard":{"id":"');
const L_VERSION = lit('","version":');
const L_HASH = lit(',"hash":"');
const L_STEP = lit(',"step":');
const L_VALUE = lit(',"value":');
const L_REASON = lit(',"reason":');
const L_SUPERSEDES = lit(',"supersedes":"');
const L_DATA = lit(',"data":');
const L_PREV = lit(',"prev":"');
const L_TRUE = lit('true');
const L_FALSE = lit('false');
const L_NULL = lit('null');
const L_SEAL = lit(SEAL_TYPE);
/** Lower-case hex digits (what the journal writes); 1 = allowed. */
const HEX_LOWER = new Uint8Array(256);
for (const c of '0123456789abcdef') HEX_LOWER[c.charCodeAt(0)] = 1;
/** Any hex digit (in a JSON \\uXXXX escape). */
const HEX_ANY = new Uint8Array(256);
/** The bytes of the last `standard` value the scanner checked (from its id to its closing brace). */
let lastStandard: Buffer = Buffer.alloc(0);
for (const c of '0123456789abcdefABCDEF') HEX_ANY[c.charCodeAt(0)] = 1;

function litAt(b: Buffer, p: number, end: number, l: Buffer): boolean {
  const n = l.length;
  if (p + n > end) return false;
  for (let i = 0; i < n; i++) if (b[p + i] !== l[i]) return false;
  return true;
}

function hexAt(b: Buffer, p: number, n: number, end: number): boolean {
  if (p + n > end) return false;
  for (const e = p + n; p < e; p++) if (HEX_LOWER[b[p] as number] === 0) return false;
  return true;
}

/** A UUID in lower-case hex (version 7 and RFC variant when `v7`). */
function uuidAt(b: Buffer, p: number, end: number, v7: boolean): boolean {
  if (p + 36 > end || b[p + 8] !== 45 || b[p + 13] !== 45 || b[p + 18] !== 45 || b[p + 23] !== 45) return false;
  if (!hexAt(b, p, 8, end) || !hexAt(b, p + 9, 4, end) || !hexAt(b, p + 24, 12, end)) return false;
  if (!v7) return hexAt(b, p + 14, 4, end) && hexAt(b, p + 19, 4, end);
  const variant = b[p + 19];
  return b[p + 14] === 55 && hexAt(b, p + 15, 3, end) && (variant === 56 || variant === 57 || variant === 97 || variant === 98) && hexAt(b, p + 20, 3, end);
}

/** A JSON string starting at p (the quote); returns the index after its closing quote, or -1. */
function jsonStringAt(b: Buffer, p: number, end: number): number {
  if (p >= end || b[p] !== 34) return -1;
  for (p++; p < end; p++) {
    const c = b[p] as number;
    if (c === 34) return p + 1;
    if (c < 32) return -1;
    if (c === 92) {
      p++;
      const e = b[p];
      if (e === 117) {
        if (p + 4 >= end || HEX_ANY[b[p + 1] as number] === 0 || HEX_ANY[b[p + 2] as number] === 0 || HEX_ANY[b[p + 3] as number] === 0 || HEX_ANY[b[p + 4] as number] === 0) return -1;
        p += 4;
      } else if (!(e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116)) {
        return -1;
      }
    }
  }
  return -1;
}

function digitsAt(b: Buffer, p: number, end: number): number {
  const start = p;
  while (p < end) {
    const c = b[p] as number;
    if (c < 48 || c > 57) break;
    p++;
  }
  return p - start;
}

/** A JSON number (the grammar of RFC 8259); returns the index after it, or -1. */
function jsonNumberAt(b: Buffer, p: number, end: number): number {
  if (b[p] === 45) p++;
  const c = b[p];
  if (c === 48) p++;
  else if (c !== undefined && c >= 49 && c <= 57) p += digitsAt(b, p, end);
  else return -1;
  if (p < end && b[p] === 46) {
    const n = digitsAt(b, p + 1, end);
    if (n === 0) return -1;
    p += 1 + n;
  }
  if (p < end && (b[p] === 101 || b[p] === 69)) {
    p++;
    if (p < end && (b[p] === 43 || b[p] === 45)) p++;
    const n = digitsAt(b, p, end);
    if (n === 0) return -1;
    p += n;
  }
  return p;
}

/** Any JSON value without whitespace; returns the index after it, or -1. */
function jsonValueAt(b: Buffer, p: number, end: number, depth: number): number {
  if (p >= end) return -1;
  const c = b[p];
  if (c === 34) return jsonStringAt(b, p, end);
  if (c === 123) return jsonObjectAt(b, p, end, depth);
  if (c === 91) {
    if (depth >= SCAN_MAX_DEPTH) return -1;
    p++;
    if (b[p] === 93) return p + 1;
    for (;;) {
      p = jsonValueAt(b, p, end, depth + 1);
      if (p < 0 || p >= end) return -1;
      if (b[p] === 93) return p + 1;
      if (b[p] !== 44) return -1;
      p++;
    }
  }
  if (c === 116) return litAt(b, p, end, L_TRUE) ? p + 4 : -1;
  if (c === 102) return litAt(b, p, end, L_FALSE) ? p + 5 : -1;
  if (c === 110) return litAt(b, p, end, L_NULL) ? p + 4 : -1;
  return jsonNumberAt(b, p, end);
}

/** A JSON object without whitespace; returns the index after it, or -1. */
function jsonObjectAt(b: Buffer, p: number, end: number, depth: number): number {
  if (depth >= SCAN_MAX_DEPTH || p >= end || b[p] !== 123) return -1;
  p++;
  if (b[p] === 125) return p + 1;
  for (;;) {
    p = jsonStringAt(b, p, end);
    if (p < 0 || p >= end || b[p] !== 58) return -1;
    p = jsonValueAt(b, p + 1, end, depth + 1);
    if (p < 0 || p >= end) return -1;
    if (b[p] === 125) return p + 1;
    if (b[p] !== 44) return -1;
    p++;
  }
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 48 && c <= 57;

/** `at`: the pattern of checkRecordShape (YYYY-MM-DDTHH:MM[:SS[.fff]] then Z or ±HH:MM); returns the index after it, or -1. */
function atAt(b: Buffer, p: number, end: number): number {
  if (p + 16 > end) return -1;
  if (!(isDigit(b[p]) && isDigit(b[p + 1]) && isDigit(b[p + 2]) && isDigit(b[p + 3]) && b[p + 4] === 45 && isDigit(b[p + 5]) && isDigit(b[p + 6]) &&
    b[p + 7] === 45 && isDigit(b[p + 8]) && isDigit(b[p + 9]) && b[p + 10] === 84 && isDigit(b[p + 11]) && isDigit(b[p + 12]) && b[p + 13] === 58 &&
    isDigit(b[p + 14]) && isDigit(b[p + 15]))) return -1;
  p += 16;
  if (p < end && b[p] === 58) {
    if (p + 3 > end || !isDigit(b[p + 1]) || !isDigit(b[p + 2])) return -1;
    p += 3;
    if (p < end && b[p] === 46) {
      const n = digitsAt(b, p + 1, end);
      if (n === 0) return -1;
      p += 1 + n;
    }
  }
  if (p >= end) return -1;
  const z = b[p];
  if (z === 90) return p + 1;
  if ((z === 43 || z === 45) && p + 6 <= end && isDigit(b[p + 1]) && isDigit(b[p + 2]) && b[p + 3] === 58 && isDigit(b[p + 4]) && isDigit(b[p + 5])) return p + 6;
  return -1;
}

/**
 * The hot path (see above). `b[start, end)` is the line without "\\n"; `station` the UTF-8 bytes of the expected
 * station (plain characters only); `prev` the expected prev (64 lower-case hex characters).
 */
export function scanExpectedLine(b: Buffer, start: number, end: number, station: Buffer, prev: string): number {
  // The journal never writes a longer line; and the full check cannot even decode one longer than V8's string limit
  // (~512 MiB: ERR_STRING_TOO_LONG), which the byte scanner alone would accept.
  if (end - start > MAX_LINE_BYTES) return -1;
  let p = start;
  if (!litAt(b, p, end, L_HEAD)) return -1;
  p += L_HEAD.length;
  // seq: 1 to 15 digits, no leading zero (a safe integer >= 1).
  if (p >= end || (b[p] as number) < 49 || (b[p] as number) > 57) return -1;
  let seq = 0;
  const seqStart = p;
  while (p < end) {
    const c = b[p] as number;
    if (c < 48 || c > 57) break;
    seq = seq * 10 + (c - 48);
    p++;
  }
  if (p - seqStart > 15) return -1;
  if (!litAt(b, p, end, L_ID)) return -1;
  p += L_ID.length;
  if (!uuidAt(b, p, end, true)) return -1;
  p += 36;
  if (!litAt(b, p, end, L_STATION)) return -1;
  p += L_STATION.length;
  if (!litAt(b, p, end, station)) return -1;
  p += station.length;
  if (!litAt(b, p, end, L_AT)) return -1;
  p += L_AT.length;
  p = atAt(b, p, end);
  if (p < 0 || !litAt(b, p, end, L_ACTOR)) return -1;
  p += L_ACTOR.length;
  const actor = p;
  p = jsonStringAt(b, p, end);
  if (p < 0 || p - actor < 3 || !litAt(b, p, end, L_TYPE)) return -1; // a non-empty actor
  p += L_TYPE.length;
  // type: [a-z]+(\\.[a-z]+)*, and not a seal (seals always take the full check).
  const type = p;
  for (;;) {
    const word = p;
    while (p < end && (b[p] as number) >= 97 && (b[p] as number) <= 122) p++;
    if (p === word) return -1;
    if (p < end && b[p] === 46) p++;
    else break;
  }
  if (p >= end || b[p] !== 34) return -1;
  if (p - type === L_SEAL.length && litAt(b, type, end, L_SEAL)) return -1;
  p++;
  if (litAt(b, p, end, L_RUN)) {
    p += L_RUN.length;
    if (!uuidAt(b, p, end, false) || b[p + 36] !== 34) return -1;
    p += 37;
  }
  if (litAt(b, p, end, L_STANDARD)) {
    p += L_STANDARD.length;
    // The standard repeats from line to line: the same bytes as the last one checked need no second look.
    const n = lastStandard.length;
    if (n > 0 && p + n <= end && b.compare(lastStandard, 0, n, p, p + n) === 0) {
      p += n;
    } else {
    const from = p;
    // {"id":"[a-z0-9][a-z0-9-]{0,63}","version":<safe integer >= 1>,"hash":"<64 hex>"}
    const id = p;
    while (p < end) {
      const c = b[p] as number;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c === 45 && p > id)) p++;
      else break;
    }
    if (p === id || p - id > 64 || !litAt(b, p, end, L_VERSION)) return -1;
    p += L_VERSION.length;
    if (p >= end || (b[p] as number) < 49 || (b[p] as number) > 57) return -1;
    const digits = digitsAt(b, p, end);
    if (digits > 15) return -1;
    p += digits;
    if (!litAt(b, p, end, L_HASH)) return -1;
    p += L_HASH.length;
    if (!hexAt(b, p, 64, end) || b[p + 64] !== 34 || b[p + 65] !== 125) return -1;
    p += 66;
    lastStandard = Buffer.from(b.subarray(from, p));
    }
  }
  if (litAt(b, p, end, L_STEP)) {
    p = jsonStringAt(b, p + L_STEP.length, end);
    if (p < 0) return -1;
  }
  if (litAt(b, p, end, L_VALUE)) {
    p = jsonValueAt(b, p + L_VALUE.length, end, 0);
    if (p < 0) return -1;
  }
  if (litAt(b, p, end, L_REASON)) {
    p = jsonStringAt(b, p + L_REASON.length, end);
    if (p < 0) return -1;
  }
  if (litAt(b, p, end, L_SUPERSEDES)) {
    p += L_SUPERSEDES.length;
    if (!uuidAt(b, p, end, false) || b[p + 36] !== 34) return -1;
    p += 37;
  }
  if (litAt(b, p, end, L_DATA)) {
    p = jsonObjectAt(b, p + L_DATA.length, end, 0);
    if (p < 0) return -1;
  }
  if (!litAt(b, p, end, L_PREV)) return -1;
  p += L_PREV.length;
  if (p + 66 !== end || b[p + 64] !== 34 || b[p + 65] !== 125 || b.toString('latin1', p, p + 64) !== prev) return -1;
  return seq;
}

/** The expected station as bytes for scanExpectedLine, or null when it holds characters JSON would escape. */
function stationBytes(station: string): Buffer | null {
  if (station.length === 0) return null;
  for (let i = 0; i < station.length; i++) {
    const c = station.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return null; // control, ", \, surrogates
  }
  return Buffer.from(station, 'utf8');
}
const HEX64 = /^[0-9a-f]{64}$/;

const DEFAULT_CHUNK = 4 * 1024 * 1024;
/** The type remembered for a line that took the hot path: only "is it a seal" is ever asked of it, and it is not. */
const NOT_A_SEAL = '(an event)';

/**
 * Read a file in chunks (into `chunk`, reused) and call `onLine` for every line ended by "\n" with the bytes
 * `buf[start, end)` (valid only during the call), then `onTorn` for a last piece without "\n". Line numbers are 1-based.
 */
async function forEachLine(
  file: string,
  chunk: Buffer,
  onLine: (buf: Buffer, start: number, end: number, lineNo: number) => void,
  onTorn: (bytes: Buffer, lineNo: number) => void,
): Promise<void> {
  const fh = await open(file, 'r');
  try {
    let pos = 0;
    let lineNo = 0;
    let carry: Buffer | null = null; // an unfinished line from earlier chunks (copied: the chunk is reused)
    for (;;) {
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      const data = chunk.subarray(0, bytesRead);
      let start = 0;
      let nl = data.indexOf(0x0a);
      if (carry !== null) {
        if (nl === -1) {
          carry = Buffer.concat([carry, data]);
          continue;
        }
        const line = Buffer.concat([carry, data.subarray(0, nl)]);
        carry = null;
        onLine(line, 0, line.length, ++lineNo);
        start = nl + 1;
        nl = data.indexOf(0x0a, start);
      }
      while (nl !== -1) {
        onLine(data, start, nl, ++lineNo);
        start = nl + 1;
        nl = data.indexOf(0x0a, start);
      }
      if (start < data.length) carry = Buffer.from(data.subarray(start));
    }
    if (carry !== null && carry.length > 0) onTorn(carry, ++lineNo);
  } finally {
    await fh.close();
  }
}

function short(s: string): string {
  return s.length > 80 ? `${JSON.stringify(s.slice(0, 77))}...` : JSON.stringify(s);
}

/**
 * Verify segment files of one station. Files are ordered by the first seq in their names; the chain and the
 * sequence run across them. See VerifyOptions for what is expected at the start and at the end.
 */
export async function verifySegments(files: string[], opts: VerifyOptions = {}): Promise<VerifyReport> {
  const max = opts.maxProblems ?? 1000;
  const problems: Array<VerifyProblem & { order: number }> = [];
  let truncated = false;
  let fileOrder = 0;
  const add = (code: VerifyProblemCode, file: string, line: number, expected: string, found: string, message: string): void => {
    if (problems.length >= max) {
      truncated = true;
      return;
    }
    problems.push({ code, file, line, expected, found, message, order: fileOrder });
  };

  // Files and their names.
  const entries: Array<{ file: string; firstSeq: number }> = [];
  const seen = new Map<number, string>();
  for (const file of files) {
    const firstSeq = parseSegmentName(basename(file));
    if (firstSeq === null) {
      add('SEGMENT_NAME', file, 0, 'a name like segment-000000000001.jsonl', basename(file), 'Not a segment file name.');
      continue;
    }
    const other = seen.get(firstSeq);
    if (other !== undefined) {
      add('SEGMENT_NAME', file, 0, `one file starting at seq ${firstSeq}`, `also ${other}`, 'Two files claim the same place in the journal.');
      continue;
    }
    seen.set(firstSeq, file);
    entries.push({ file, firstSeq });
  }
  entries.sort((a, b) => a.firstSeq - b.firstSeq);

  let publicKey = opts.publicKey;
  let expectedKeyId: string | undefined;
  if (publicKey !== undefined) {
    try {
      expectedKeyId = keyIdOf(publicKey);
    } catch (err) {
      add('IDENTITY', '', 0, 'an Ed25519 public key', short(publicKey), `The public key cannot be used: ${(err as Error).message}`);
      publicKey = undefined;
    }
  }

  let station = opts.stationId;
  const genesis = opts.startAfter ? false : opts.expectGenesis !== false;
  let expectSeq: number | null = opts.startAfter ? opts.startAfter.seq + 1 : genesis ? 1 : null;
  let expectPrev: string | null = opts.startAfter ? opts.startAfter.hash : genesis && station !== undefined ? genesisHash(station) : null;
  let head: { seq: number; hash: string } | null = opts.startAfter ? { ...opts.startAfter } : genesis && station !== undefined ? { seq: 0, hash: genesisHash(station) } : null;
  let records = 0;
  let seals = 0;
  /** Type of the last complete line read, over all files (for requireSealedEnd). */
  let lastType: string | null = null;
  let lastLineAt: { file: string; line: number } | null = null;
  // Hot-path state: the expected station as bytes (once known), whether expectPrev is a hash this verifier computed,
  // and the head as numbers while lines take the hot path (made an object again before anything else reads it).
  const fast = !opts.fullSchema && opts.fastLines !== false;
  let stationBuf: Buffer | null = station !== undefined ? stationBytes(station) : null;
  let stationTried = station !== undefined;
  let expectPrevOk = false;
  let headSeq = 0;
  let headHash: string | null = null;
  const chunk = Buffer.allocUnsafe(Math.max(1, opts.chunkSize ?? DEFAULT_CHUNK));

  for (let fi = 0; fi < entries.length; fi++) {
    const { file, firstSeq } = entries[fi] as { file: string; firstSeq: number };
    fileOrder = fi + 1;
    const isLast = fi === entries.length - 1;
    let linesInFile = 0;
    let fileLastType: string | null = null;
    let fileLastLine = 0;
    let torn = false;
    let nameReported = false;
    let sealAt = 0; // line of a seal in this file, to report one that is not last

    const handle = (bytes: Buffer, lineNo: number): void => {
      linesInFile++;
      fileLastLine = lineNo;
      if (sealAt > 0) {
        add('MISPLACED_SEAL', file, sealAt, 'a seal only as the last line of a segment', `more lines after it (line ${lineNo})`,
          'A seal is followed by more lines in the same segment.');
        sealAt = 0;
      }
      const h = hashBytes(bytes);
      let rec: unknown;
      let bad = false;
      try {
        rec = JSON.parse(bytes.toString('utf8'));
      } catch {
        add('BAD_JSON', file, lineNo, 'one JSON object', bytes.length === 0 ? 'an empty line' : short(bytes.toString('utf8')), 'The line is not valid JSON.');
        bad = true;
      }
      if (!bad && opts.fullSchema) {
        const parsed = JournalRecord.safeParse(rec);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const field = issue ? issue.path.map(String).join('.') : '?';
          add('BAD_RECORD', file, lineNo, issue?.message ?? 'a journal record', field, `Field "${field}" is wrong.`);
          bad = true;
        }
      }
      if (!bad) {
        const shape = checkRecordShape(rec, expectPrev);
        if (shape) {
          add('BAD_RECORD', file, lineNo, shape.expected, shape.found, `Field "${shape.field}" is wrong.`);
          bad = true;
        }
      }
      if (bad) {
        // Resynchronise on this line, so that one bad line is reported once, not as a cascade.
        const seq = (rec as { seq?: unknown } | null | undefined)?.seq;
        expectSeq = typeof seq === 'number' && Number.isSafeInteger(seq) ? seq + 1 : expectSeq !== null ? expectSeq + 1 : null;
        expectPrev = h;
        fileLastType = null;
        lastType = null;
        return;
      }
      const r = rec as JournalRecord;
      records++;
      if (station === undefined) {
        station = r.station;
        if (genesis && expectPrev === null) expectPrev = genesisHash(station);
      }
      if (r.station !== station) add('STATION_MISMATCH', file, lineNo, `station "${station}"`, `"${r.station}"`, 'The line belongs to another station.');
      let seqReported = false;
      if (expectSeq !== null && r.seq !== expectSeq) {
        seqReported = true;
        add('SEQ_GAP', file, lineNo, `seq ${expectSeq}`, `seq ${r.seq}`,
          r.seq > expectSeq ? `Records ${expectSeq}..${r.seq - 1} are missing.` : 'The sequence goes back: a line is repeated or out of order.');
      }
      if (!seqReported && !nameReported && r.seq !== firstSeq + lineNo - 1) {
        nameReported = true;
        add('SEGMENT_NAME', file, lineNo, `seq ${firstSeq + lineNo - 1} (the file name says it starts at ${firstSeq})`, `seq ${r.seq}`,
          'The line\'s seq does not match its place in the file named by its first seq.');
      }
      if (expectPrev !== null && r.prev !== expectPrev) {
        add('CHAIN_BROKEN', file, lineNo, `prev ${expectPrev}`, `prev ${r.prev}`,
          'prev is not the SHA-256 of the line before: this line or the one before it was changed, or lines are missing.');
      }
      if (r.type === SEAL_TYPE) {
        seals++;
        sealAt = lineNo;
        const check = checkSeal(bytes, r, publicKey, expectedKeyId);
        if (!check.ok) add('BAD_SIGNATURE', file, lineNo, check.expected, check.found, check.message);
      }
      expectSeq = r.seq + 1;
      expectPrev = h;
      head = { seq: r.seq, hash: h };
      fileLastType = r.type;
      lastType = r.type;
    };

    const torn1 = (bytes: Buffer, lineNo: number): void => {
      torn = true;
      linesInFile++;
      fileLastLine = lineNo;
      add('TORN_TAIL', file, lineNo, 'a last line ending with "\\n"', `${bytes.length} bytes without "\\n"`,
        'The file ends in the middle of a line (an interrupted write, or a copy still in progress).');
      if (expectSeq !== null) expectSeq++;
      expectPrev = hashBytes(bytes);
      lastType = null;
    };
    /** One complete line: the hot path when it is exactly the expected next line, else the full check. */
    const line1 = (chunk: Buffer, start: number, end: number, lineNo: number): void => {
      const bytes = chunk.subarray(start, end);
      if (fast && sealAt === 0 && expectSeq === firstSeq + lineNo - 1 && expectPrev !== null && stationBuf !== null && (expectPrevOk || HEX64.test(expectPrev))) {
        if (scanExpectedLine(chunk, start, end, stationBuf, expectPrev) === expectSeq) {
          const h = hashBytes(bytes);
          linesInFile++;
          fileLastLine = lineNo;
          records++;
          expectSeq++;
          expectPrev = h;
          expectPrevOk = true;
          headSeq = expectSeq - 1;
          headHash = h;
          fileLastType = NOT_A_SEAL;
          lastType = NOT_A_SEAL;
          return;
        }
      }
      if (headHash !== null) {
        head = { seq: headSeq, hash: headHash };
        headHash = null;
      }
      handle(bytes, lineNo);
      expectPrevOk = false;
      if (station !== undefined && stationBuf === null && !stationTried) {
        stationTried = true;
        stationBuf = stationBytes(station);
      }
    };

    try {
      await forEachLine(file, chunk, line1, torn1);
    } catch (err) {
      add('UNREADABLE', file, 0, 'a readable file', (err as NodeJS.ErrnoException).code ?? (err as Error).message, `The file cannot be read: ${(err as Error).message}`);
      continue;
    } finally {
      if (headHash !== null) {
        head = { seq: headSeq, hash: headHash };
        headHash = null;
      }
    }

    if (linesInFile > 0) lastLineAt = { file, line: fileLastLine };
    if (linesInFile === 0) {
      if (!isLast) add('EMPTY_SEGMENT', file, 0, 'a segment ending with a seal', 'an empty file', 'A segment that is not the last one is empty.');
      else if (expectSeq !== null && firstSeq !== expectSeq) {
        add('SEQ_GAP', file, 0, `a segment starting at seq ${expectSeq}`, `segment starting at ${firstSeq}`, `Records ${expectSeq}..${firstSeq - 1} are missing.`);
      }
    } else if (!torn && fileLastType !== SEAL_TYPE && !isLast) {
      add('UNSEALED_END', file, fileLastLine, 'a seal as the last line', 'no seal', 'A segment that is not the last one does not end with a seal: lines are missing at its end.');
    }
  }

  if (opts.requireSealedEnd && lastType !== SEAL_TYPE && !(problems.length > 0 && lastLineAt && problems.some((p) => p.code === 'TORN_TAIL' && p.file === lastLineAt?.file))) {
    const at = lastLineAt ?? { file: entries[entries.length - 1]?.file ?? '', line: 0 };
    add('UNSEALED_END', at.file, at.line, 'the journal to end with a seal', lastLineAt ? 'no seal' : 'no lines', 'The journal does not end with a seal: it is not complete, or lines were removed at its end.');
  }

  problems.sort((a, b) => a.order - b.order || a.line - b.line);
  return {
    ok: problems.length === 0 && !truncated,
    records,
    seals,
    head,
    problems: problems.map(({ order: _order, ...p }) => p),
    problemsTruncated: truncated,
  };
}

/** Verify a journal folder: station.json, segments/ (every file in it), and that checkpoint.json does not claim more. */
export async function verifyJournalDir(dir: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const pre: VerifyProblem[] = [];
  const stationFile = join(dir, STATION_FILE);
  let stationId = opts.stationId;
  let publicKey = opts.publicKey;
  try {
    const identity = JSON.parse(await readFile(stationFile, 'utf8')) as { stationId?: unknown; publicKey?: unknown; keyId?: unknown };
    if (typeof identity.stationId !== 'string' || typeof identity.publicKey !== 'string') {
      pre.push({ code: 'IDENTITY', file: stationFile, line: 0, expected: '{ stationId, publicKey, keyId }', found: short(JSON.stringify(identity)), message: 'station.json is incomplete.' });
    } else {
      if (stationId !== undefined && identity.stationId !== stationId) {
        pre.push({ code: 'STATION_MISMATCH', file: stationFile, line: 0, expected: `station "${stationId}"`, found: `"${identity.stationId}"`, message: 'station.json names another station.' });
      }
      stationId ??= identity.stationId;
      let kid: string | null = null;
      try {
        kid = keyIdOf(identity.publicKey);
      } catch {
        kid = null;
      }
      if (kid === null || kid !== identity.keyId) {
        pre.push({ code: 'IDENTITY', file: stationFile, line: 0, expected: kid ? `keyId ${kid}` : 'an Ed25519 public key', found: `keyId ${String(identity.keyId)}`, message: 'station.json\'s keyId does not match its public key.' });
      }
      if (publicKey === undefined && kid !== null) publicKey = identity.publicKey;
    }
  } catch (err) {
    if (opts.publicKey === undefined || opts.stationId === undefined) {
      pre.push({ code: 'IDENTITY', file: stationFile, line: 0, expected: 'station.json', found: (err as NodeJS.ErrnoException).code ?? 'invalid JSON', message: 'The station identity cannot be read.' });
    }
  }

  const segDir = join(dir, SEGMENTS_DIR);
  let names: string[] = [];
  try {
    names = (await readdir(segDir)).sort();
  } catch (err) {
    pre.push({ code: 'UNREADABLE', file: segDir, line: 0, expected: 'a segments folder', found: (err as NodeJS.ErrnoException).code ?? 'error', message: 'The segments folder cannot be read.' });
  }
  const report = await verifySegments(names.map((n) => join(segDir, n)), { ...opts, stationId, publicKey });

  try {
    const cp = JSON.parse(await readFile(join(dir, CHECKPOINT_FILE), 'utf8')) as { seq?: unknown };
    if (typeof cp.seq === 'number' && report.head && cp.seq > report.head.seq) {
      pre.push({ code: 'CHECKPOINT', file: join(dir, CHECKPOINT_FILE), line: 0, expected: `seq <= ${report.head.seq} (end of the journal)`, found: `seq ${cp.seq}`,
        message: 'checkpoint.json records more than the journal holds: acknowledged records are missing.' });
    }
  } catch {
    // No checkpoint, or an unreadable one: it is derived data, not evidence.
  }
  const problems = [...pre, ...report.problems];
  return { ...report, ok: problems.length === 0 && !report.problemsTruncated, problems };
}
