/**
 * The verifier's hot path: one pass over the bytes of a line that is exactly what the journal writes and exactly
 * what the chain expects next. No JSON.parse; anything unusual answers -1 and takes the full check (./verify).
 */
import { JOURNAL_FORMAT } from './record-layout';
import { SEAL_TYPE } from './format';
import { MAX_LINE_BYTES } from './options';

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
/** Where the version and hash sit inside lastStandard (its id runs from 0 to stdIdEnd). */
let stdIdEnd = 0;
let stdVersionStart = 0;
let stdVersionEnd = 0;
let stdHashStart = 0;

/**
 * Where each field's value is in the last line scanExpectedLine accepted, as offsets from the line's start (-1: the
 * field is absent). Strings are given without their quotes (AT, TYPE, the standard's id and hash, the UUIDs) except
 * the ones that may hold escapes, which are given as JSON (ACTOR, STEP, REASON with quotes; VALUE and DATA as they
 * are). `ESCAPES` is 1 when any of them holds a backslash (a consumer that wants the text then parses the line).
 * Read it right after the call: the next call overwrites it. Consumers: the ledger's checks and rows (ledger/).
 */
export const F = {
  ID: 0, AT: 1, AT_END: 2, ACTOR: 3, ACTOR_END: 4, TYPE: 5, TYPE_END: 6, RUN: 7, STD_ID: 8, STD_ID_END: 9, STD_VERSION: 10, STD_VERSION_END: 11,
  STD_HASH: 12, STEP: 13, STEP_END: 14, VALUE: 15, VALUE_END: 16, REASON: 17, REASON_END: 18, SUPERSEDES: 19, DATA: 20, DATA_END: 21, ESCAPES: 22,
} as const;
export const scannedFields = new Int32Array(23);
/** Set by jsonStringAt when a string holds a backslash. */
let sawEscape = 0;
for (const c of '0123456789abcdefABCDEF') HEX_ANY[c.charCodeAt(0)] = 1;

function litAt(b: Buffer, p: number, end: number, l: Buffer): boolean {
  const n = l.length;
  if (p + n > end) return false;
  for (let i = 0; i < n; i++) if (b[p + i] !== l[i]) return false;
  return true;
}

/** Whether b[p, p + n) holds the n bytes of l (the caller checked that they fit): a plain loop, cheaper than a native compare call for the ~100 bytes of a standard. */
function sameBytes(b: Buffer, p: number, l: Buffer, n: number): boolean {
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
      sawEscape = 1;
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
  const f = scannedFields;
  sawEscape = 0;
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
  f[F.ID] = p - start;
  p += 36;
  if (!litAt(b, p, end, L_STATION)) return -1;
  p += L_STATION.length;
  if (!litAt(b, p, end, station)) return -1;
  p += station.length;
  if (!litAt(b, p, end, L_AT)) return -1;
  p += L_AT.length;
  f[F.AT] = p - start;
  p = atAt(b, p, end);
  if (p < 0 || !litAt(b, p, end, L_ACTOR)) return -1;
  f[F.AT_END] = p - start;
  p += L_ACTOR.length;
  const actor = p;
  p = jsonStringAt(b, p, end);
  if (p < 0 || p - actor < 3 || !litAt(b, p, end, L_TYPE)) return -1; // a non-empty actor
  f[F.ACTOR] = actor - start;
  f[F.ACTOR_END] = p - start;
  p += L_TYPE.length;
  f[F.TYPE] = p - start;
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
  f[F.TYPE_END] = p - start;
  p++;
  f[F.RUN] = -1;
  if (litAt(b, p, end, L_RUN)) {
    p += L_RUN.length;
    if (!uuidAt(b, p, end, false) || b[p + 36] !== 34) return -1;
    f[F.RUN] = p - start;
    p += 37;
  }
  f[F.STD_ID] = -1;
  if (litAt(b, p, end, L_STANDARD)) {
    p += L_STANDARD.length;
    // The standard repeats from line to line: the same bytes as the last one checked need no second look.
    const n = lastStandard.length;
    if (n > 0 && p + n <= end && sameBytes(b, p, lastStandard, n)) {
      const at = p - start;
      f[F.STD_ID] = at;
      f[F.STD_ID_END] = at + stdIdEnd;
      f[F.STD_VERSION] = at + stdVersionStart;
      f[F.STD_VERSION_END] = at + stdVersionEnd;
      f[F.STD_HASH] = at + stdHashStart;
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
    const idEnd = p;
    p += L_VERSION.length;
    if (p >= end || (b[p] as number) < 49 || (b[p] as number) > 57) return -1;
    const version = p;
    const digits = digitsAt(b, p, end);
    if (digits > 15) return -1;
    p += digits;
    const versionEnd = p;
    if (!litAt(b, p, end, L_HASH)) return -1;
    p += L_HASH.length;
    if (!hexAt(b, p, 64, end) || b[p + 64] !== 34 || b[p + 65] !== 125) return -1;
    const hash = p;
    p += 66;
    lastStandard = Buffer.from(b.subarray(from, p));
    stdIdEnd = idEnd - from;
    stdVersionStart = version - from;
    stdVersionEnd = versionEnd - from;
    stdHashStart = hash - from;
    f[F.STD_ID] = from - start;
    f[F.STD_ID_END] = idEnd - start;
    f[F.STD_VERSION] = version - start;
    f[F.STD_VERSION_END] = versionEnd - start;
    f[F.STD_HASH] = hash - start;
    }
  }
  f[F.STEP] = -1;
  if (litAt(b, p, end, L_STEP)) {
    const at = p + L_STEP.length;
    p = jsonStringAt(b, at, end);
    if (p < 0) return -1;
    f[F.STEP] = at - start;
    f[F.STEP_END] = p - start;
  }
  f[F.VALUE] = -1;
  if (litAt(b, p, end, L_VALUE)) {
    const at = p + L_VALUE.length;
    p = jsonValueAt(b, at, end, 0);
    if (p < 0) return -1;
    f[F.VALUE] = at - start;
    f[F.VALUE_END] = p - start;
  }
  f[F.REASON] = -1;
  if (litAt(b, p, end, L_REASON)) {
    const at = p + L_REASON.length;
    p = jsonStringAt(b, at, end);
    if (p < 0) return -1;
    f[F.REASON] = at - start;
    f[F.REASON_END] = p - start;
  }
  f[F.SUPERSEDES] = -1;
  if (litAt(b, p, end, L_SUPERSEDES)) {
    p += L_SUPERSEDES.length;
    if (!uuidAt(b, p, end, false) || b[p + 36] !== 34) return -1;
    f[F.SUPERSEDES] = p - start;
    p += 37;
  }
  f[F.DATA] = -1;
  if (litAt(b, p, end, L_DATA)) {
    const at = p + L_DATA.length;
    p = jsonObjectAt(b, at, end, 0);
    if (p < 0) return -1;
    f[F.DATA] = at - start;
    f[F.DATA_END] = p - start;
  }
  if (!litAt(b, p, end, L_PREV)) return -1;
  p += L_PREV.length;
  if (p + 66 !== end || b[p + 64] !== 34 || b[p + 65] !== 125) return -1;
  // Byte by byte against the expected text (no string made per line: measured ~50 ms per 500k lines with its GC).
  for (let i = 0; i < 64; i++) if (b[p + i] !== prev.charCodeAt(i)) return -1;
  f[F.ESCAPES] = sawEscape;
  return seq;
}

/** The expected station as bytes for scanExpectedLine, or null when it holds characters JSON would escape. */
export function stationBytes(station: string): Buffer | null {
  if (station.length === 0) return null;
  for (let i = 0; i < station.length; i++) {
    const c = station.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return null; // control, ", \, surrogates
  }
  return Buffer.from(station, 'utf8');
}
