/**
 * Incremental verification (issue 12, item 5; docs/ledger.md §3b): what a reader remembers of each station's segments
 * already verified and imported — name, first and last seq, size, SHA-256 of the whole file, hash of its last line (a
 * seal) — and what follows from it:
 *
 * - whether that memory can be used (it must run gaplessly from seq 1 to the ledger's head and end on the head's hash;
 *   otherwise the station is verified in full, and the report says why);
 * - the quick look: the station's folder listed and each remembered segment's size taken, nothing read; a station that
 *   looks exactly as remembered has nothing new and costs a few file-system calls;
 * - after a full verification, each remembered segment compared with what is on the share now (HISTORY_REWRITTEN,
 *   HISTORY_SHRANK, naming the segment and what changed).
 *
 * The memory lives in the reader's own database (table verified_segments), never on the share.
 */
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { checkShareFolder, MAX_IDENTITY_BYTES, readShareFile, ShareReadError, withShareDeadline } from '../files/share-read';
import { keyIdOf, normalizePublicKey } from '../journal/keys';
import { parseSegmentName, segmentName } from '../journal/format';
import { classifySegmentFileName, SHARE_SEGMENTS_DIR, SHARE_STATION_FILE, STATIONS_DIR, type ShareIdentity } from '../sync/layout';
import { ASK_ORIGINAL, type LedgerProblem } from './problems';
import { settle, type CheckedFile, type KnownStation, type RememberedSegment, type StationCheck } from './station-report';

export type { RememberedSegment };

export type Usable = { ok: true; segments: RememberedSegment[] } | { ok: false; reason: string; corrupt: boolean };

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The remembered segments of a station, if they can be trusted to stand for its imported history: gapless from seq 1
 * to the remembered head, ending on the head's hash. `corrupt` when there is memory that does not add up (rather than
 * none at all: a first import, a ledger from before incremental verification).
 */
export function usableMemory(known: KnownStation | null): Usable {
  if (!known || known.headSeq <= 0) return { ok: false, reason: 'nothing of it verified and imported before', corrupt: false };
  const segs = [...(known.segments ?? [])].sort((a, b) => a.firstSeq - b.firstSeq);
  if (segs.length === 0) return { ok: false, reason: 'the ledger does not remember this station\'s segments yet (imported by an older version)', corrupt: false };
  let expect = 1;
  for (const s of segs) {
    const bad = s.firstSeq !== expect ? `${s.name} starts at seq ${s.firstSeq}, expected ${expect}`
      : s.name !== segmentName(s.firstSeq) || parseSegmentName(s.name) !== s.firstSeq ? `${s.name} is not the name of a segment starting at seq ${s.firstSeq}`
        : !Number.isSafeInteger(s.lastSeq) || s.lastSeq < s.firstSeq ? `${s.name} ends at seq ${s.lastSeq}`
          : !Number.isSafeInteger(s.size) || s.size <= 0 ? `${s.name} has size ${s.size}`
            : !HEX64.test(s.sha256) || !HEX64.test(s.lastHash) ? `${s.name} has no valid hash`
              : null;
    if (bad) return { ok: false, reason: `the remembered segments do not add up (${bad})`, corrupt: true };
    expect = s.lastSeq + 1;
  }
  const last = segs[segs.length - 1] as RememberedSegment;
  if (last.lastSeq !== known.headSeq || last.lastHash !== known.headHash) {
    return { ok: false, reason: `the remembered segments end at seq ${last.lastSeq}, not at the remembered head ${known.headSeq}`, corrupt: true };
  }
  return { ok: true, segments: segs };
}

/** What a look at a station folder found for one name (no content read). */
export interface ListedFile {
  name: string;
  /** A regular file (not a link, FIFO, folder …). */
  regular: boolean;
  size: number;
  ino: number;
  mtimeMs: number;
  ctimeMs: number;
}

/**
 * Does the station folder hold the remembered segments exactly as they were (same names, regular files, same sizes),
 * and nothing that would need a closer look (a sync program's copy of one of them, a segment overlapping them)?
 * Null when so; otherwise why not (the station is then verified in full). New segments after the head are fine here.
 */
export function differsFromMemory(remembered: RememberedSegment[], segments: Map<number, string>, copies: number[], stat: (name: string) => ListedFile | null): string | null {
  const head = (remembered[remembered.length - 1] as RememberedSegment).lastSeq;
  const byFirst = new Map(remembered.map((s) => [s.firstSeq, s]));
  for (const s of remembered) {
    const name = segments.get(s.firstSeq);
    if (name !== s.name) return `${s.name}, verified before, is not there`;
    const st = stat(s.name);
    if (!st) return `${s.name}, verified before, cannot be looked at`;
    if (!st.regular) return `${s.name}, verified before, is no longer a regular file`;
    if (st.size !== s.size) return `${s.name}, verified before as ${s.size} bytes, now has ${st.size} bytes`;
  }
  for (const [firstSeq, name] of segments) {
    if (firstSeq <= head && !byFirst.has(firstSeq)) return `${name} starts inside the history already verified`;
  }
  const copy = copies.find((c) => c <= head);
  if (copy !== undefined) return `a sync program's copy of ${segmentName(copy)}, a segment already verified, is in the folder`;
  return null;
}

/** A remembered segment as a checked file of the station (its copy is not made: it is not read again). */
export function rememberedFile(station: string, segDir: string, s: RememberedSegment, st: ListedFile | null): CheckedFile {
  return {
    name: s.name, path: path.join(segDir, s.name), copy: null, rel: ['stations', station, 'segments', s.name].join('/'), firstSeq: s.firstSeq,
    lines: s.lastSeq - s.firstSeq + 1, last: { seq: s.lastSeq, hash: s.lastHash, seal: true },
    stamp: { ino: st?.ino ?? 0, size: s.size, mtimeMs: st?.mtimeMs ?? 0, ctimeMs: st?.ctimeMs ?? 0 }, size: s.size, sha256: s.sha256, remembered: true,
  };
}

const short = (h: string | null) => (h ? `${h.slice(0, 12)}…` : 'none');

/**
 * After a full verification: each remembered segment against the file on the share now. A segment gone is
 * HISTORY_SHRANK, one with other bytes (size or content hash) HISTORY_REWRITTEN — both naming the segment, what was
 * verified before and what is there now. A file that could not be read to its end (refused, unreadable) is reported by
 * that problem alone. `total`: the last seq found on the share (segments gone at the end are told once, by the caller).
 */
export function historyProblems(station: string, remembered: RememberedSegment[], files: CheckedFile[], total: number): LedgerProblem[] {
  const out: LedgerProblem[] = [];
  const byFirst = new Map(files.map((f) => [f.firstSeq, f]));
  for (const s of remembered) {
    const f = byFirst.get(s.firstSeq);
    const rel = ['stations', station, 'segments', s.name].join('/');
    const before = `${s.size} bytes, events ${s.firstSeq}–${s.lastSeq}, content hash ${short(s.sha256)} (verified and imported before)`;
    if (!f) {
      if (s.firstSeq > total) continue; // the history ends before it: told once as HISTORY_SHRANK by the caller
      out.push({ station, file: rel, line: 0, seq: s.firstSeq, code: 'HISTORY_SHRANK', severity: 'error', expected: before, found: 'no such file',
        message: `Segment ${s.name} of station ${station}, verified and imported before (events ${s.firstSeq} to ${s.lastSeq}), is gone from the shared folder. ` +
          `Nothing more is imported from this station; the events imported before stay in the ledger. ${ASK_ORIGINAL}` });
      continue;
    }
    if (f.sha256 === null) continue; // not read to its end: its own problem says why
    if (f.size === s.size && f.sha256 === s.sha256) continue;
    const what = f.size !== s.size ? `${f.size} bytes instead of ${s.size}` : `the same size, other bytes`;
    out.push({ station, file: rel, line: 0, seq: s.firstSeq, code: 'HISTORY_REWRITTEN', severity: 'error', expected: before,
      found: `${f.size} bytes, content hash ${short(f.sha256)}`,
      message: `Segment ${s.name} of station ${station} (events ${s.firstSeq} to ${s.lastSeq}), verified and imported before, has been changed on the shared folder ` +
        `(${what}). The ledger keeps the events as they were verified; nothing more is imported from this station. ${ASK_ORIGINAL}` });
  }
  return out;
}

/**
 * What to remember of a station after an import that leaves its head at `head` (seq and hash): the segments read and
 * verified this time that lie wholly within the imported history. `replace`: after a full verification, the whole
 * history from seq 1 (the rows before are replaced); otherwise the new segments after the earlier head (added). Null
 * when nothing is to change: the station was rejected, nothing is imported, or what was read does not run gaplessly to
 * the head (then the memory is left as it was, and a later verification is full where it does not add up).
 */
export function segmentsToRemember(check: Pick<StationCheck, 'rejected' | 'files' | 'verification' | 'importedThrough'>, head: { seq: number; hash: string }):
  { replace: boolean; segments: RememberedSegment[] } | null {
  if (check.rejected || head.seq <= 0) return null;
  const replace = check.verification.mode === 'full';
  const from = replace ? 0 : check.importedThrough;
  if (!replace && head.seq <= from) return null;
  const segments: RememberedSegment[] = [];
  let expect = from + 1;
  for (const f of check.files) {
    if (f.remembered || !f.last || f.last.seq <= from) continue;
    if (f.last.seq > head.seq) break;
    if (f.firstSeq !== expect || !f.last.seal || f.sha256 === null) return null;
    segments.push({ name: f.name, firstSeq: f.firstSeq, lastSeq: f.last.seq, size: f.size, sha256: f.sha256, lastHash: f.last.hash });
    expect = f.last.seq + 1;
  }
  const last = segments[segments.length - 1];
  if (!last || last.lastSeq !== head.seq || last.lastHash !== head.hash) return null;
  return { replace, segments };
}

/** A file's stamp as lstat gives it: any write changes ctime (and a rename or a copy put in its place, ino). */
type Stamp = { ino: number; size: number; mtimeMs: number; ctimeMs: number };
const sameStamp = (a: Stamp, b: Stamp) => a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;

/**
 * station.json files read by a quick look in this process, by path, with the stamp they had: a station.json whose
 * stamp is unchanged is not opened and parsed again (one lstat instead of an open, a stat, a read and a close on every
 * refresh). Any other stamp (a write, a copy or rename put in its place, another size), or not a regular file, and it
 * is read again. Only the quick look uses it; the station check always reads station.json.
 */
const identities = new Map<string, { stamp: Stamp; value: Partial<ShareIdentity> | null }>();
const MAX_REMEMBERED_IDENTITIES = 10_000;

/** Tests: forget the station.json files read before. */
export function forgetQuickLookIdentities(): void {
  identities.clear();
}

async function identityOf(file: string, within: <T>(what: string, work: Promise<T>) => Promise<T>, deadlineMs: number | undefined): Promise<Partial<ShareIdentity> | null> {
  const st = await within(file, lstat(file));
  const stamp: Stamp = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
  const seen = identities.get(file);
  if (st.isFile() && seen && sameStamp(seen.stamp, stamp)) return seen.value;
  // Read through the share reader (no link, only a regular file, capped), whatever lstat said.
  const bytes = await readShareFile(file, MAX_IDENTITY_BYTES, deadlineMs === undefined ? {} : { deadlineMs });
  const value = JSON.parse(bytes.toString('utf8')) as Partial<ShareIdentity> | null;
  // Remembered with the stamp taken before the read: a write after it gives another stamp, so it is read again next time.
  if (st.isFile() && bytes.length === st.size) {
    if (identities.size >= MAX_REMEMBERED_IDENTITIES) identities.clear();
    identities.set(file, { stamp, value: value && typeof value === 'object' ? { ...value } : value });
  }
  return value;
}

/**
 * What an engine's ledger does with the remembered segments (the DuckDB ledger, ledger/import.ts; the PostgreSQL one,
 * ledger-pg/import.ts): its own SQL, nothing else. The rule — which segments, replaced or added — is rememberAfterImport's.
 */
export interface SegmentMemoryStore {
  /** Forget every remembered segment of these stations (before their whole history is remembered again). */
  forget(stations: string[]): Promise<void>;
  /** Remember these segments (a segment already remembered at the same first seq is replaced). */
  remember(rows: Array<{ station: string; segment: RememberedSegment }>): Promise<void>;
}

/** One station after an import: its check, the head written by this import (null: none), what the ledger knew before. */
export interface StationAfterImport {
  check: StationCheck;
  written: { seq: number; hash: string } | null;
  known: KnownStation | undefined;
}

/**
 * Remember, per station, the segments verified and imported (segmentsToRemember), in `store`: the head is the one
 * written now, else the one the ledger had before (a full verification with nothing new remembers the whole history
 * again). The caller leaves out stations whose rows did not read back as verified (CHANGED_DURING_IMPORT).
 */
export async function rememberAfterImport(store: SegmentMemoryStore, stations: StationAfterImport[]): Promise<void> {
  const replaced: string[] = [];
  const rows: Array<{ station: string; segment: RememberedSegment }> = [];
  for (const { check, written, known } of stations) {
    const head = written && written.seq > 0 ? written : known && known.headSeq > 0 ? { seq: known.headSeq, hash: known.headHash } : null;
    const r = head ? segmentsToRemember(check, head) : null;
    if (!r) continue;
    if (r.replace) replaced.push(check.station);
    for (const segment of r.segments) rows.push({ station: check.station, segment });
  }
  if (replaced.length > 0) await store.forget(replaced);
  if (rows.length > 0) await store.remember(rows);
}

/** A row of an engine's verified_segments table (numbers as numbers, bigint or string) → a remembered segment of its station. */
export function addRememberedRow(stations: Map<string, KnownStation>, r: Record<string, unknown>): void {
  const st = stations.get(String(r.station_id));
  if (!st) return;
  (st.segments ??= []).push({
    name: String(r.name), firstSeq: Number(r.first_seq), lastSeq: Number(r.last_seq), size: Number(r.size), sha256: String(r.sha256), lastHash: String(r.last_hash),
  });
}

/**
 * The quick look, in the calling thread, one file-system call after another (so a share that hangs holds at most one
 * of Node's file threads, given up after the deadline): station.json read, the segments folder listed, each remembered
 * segment's size taken — no segment read. A station exactly as remembered (same key, same segments, nothing new, no
 * sync program's copies) is answered here; anything else (`null`) goes to the full station check in a worker, which
 * verifies the new segments or, where the folder is not as remembered, everything. `hung`: the share did not answer.
 */
export async function quickLook(share: string, station: string, known: KnownStation, remembered: RememberedSegment[], deadlineMs: number | undefined):
  Promise<{ check: StationCheck | null; hung: boolean }> {
  const stationDir = path.join(share, STATIONS_DIR, station);
  const segDir = path.join(stationDir, SHARE_SEGMENTS_DIR);
  const head = remembered[remembered.length - 1] as RememberedSegment;
  const within = <T>(what: string, work: Promise<T>) => (deadlineMs === undefined ? withShareDeadline(what, work) : withShareDeadline(what, work, deadlineMs));
  try {
    await within(stationDir, checkShareFolder(stationDir));
    const v = await identityOf(path.join(stationDir, SHARE_STATION_FILE), within, deadlineMs);
    if (!v || typeof v !== 'object' || v.stationId !== station || typeof v.publicKey !== 'string' || keyIdOf(v.publicKey) !== v.keyId) return { check: null, hung: false };
    if (normalizePublicKey(v.publicKey) !== known.publicKey) return { check: null, hung: false };
    if (v.head && typeof v.head.seq === 'number' && v.head.seq > head.lastSeq) return { check: null, hung: false };
    await within(segDir, checkShareFolder(segDir));
    const names = (await within(segDir, readdir(segDir))).sort();
    const segments = new Map<number, string>();
    const ignored: string[] = [];
    for (const name of names) {
      const k = classifySegmentFileName(name);
      if (k.kind === 'copy') return { check: null, hung: false };
      if (k.kind === 'segment') {
        if (k.firstSeq > head.lastSeq) return { check: null, hung: false }; // something new: verified in the full check
        segments.set(k.firstSeq, name);
      } else {
        ignored.push(['stations', station, 'segments', name].join('/'));
      }
    }
    const looked = new Map<string, ListedFile>();
    for (const s of remembered) {
      if (segments.get(s.firstSeq) !== s.name) return { check: null, hung: false };
      const st = await within(segDir, lstat(path.join(segDir, s.name)));
      looked.set(s.name, { name: s.name, regular: st.isFile(), size: st.size, ino: st.ino, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs });
    }
    if (differsFromMemory(remembered, segments, [], (n) => looked.get(n) ?? null) !== null) return { check: null, hung: false };
    const check: StationCheck = {
      station, name: typeof v.name === 'string' ? v.name : null, publicKey: known.publicKey, keyId: keyIdOf(known.publicKey), trusted: true, rejected: false,
      files: remembered.map((s) => rememberedFile(station, segDir, s, looked.get(s.name) ?? null)), records: head.lastSeq, seals: remembered.length,
      head: { seq: head.lastSeq, hash: head.lastHash }, verifiedThrough: null, firstErrorSeq: null, importedThrough: known.headSeq, importable: null,
      problems: [], ignored, duplicates: [], attachments: [], bytes: remembered.reduce((n, s) => n + s.size, 0), verification: { mode: 'incremental', reason: null, read: [] },
    };
    settle(check);
    return { check, hung: false };
  } catch (err) {
    return { check: null, hung: err instanceof ShareReadError && err.code === 'NOT_ANSWERING' };
  }
}
