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
import path from 'node:path';
import { MAX_IDENTITY_BYTES, readShareFile, SHARE_READ_DEADLINE_MS, ShareReadError, withShareDeadline } from '../files/share-read';
import { keyIdOf, normalizePublicKey } from '../journal/keys';
import { parseSegmentName, segmentName } from '../journal/format';
import { classifySegmentFileName, SHARE_SEGMENTS_DIR, SHARE_STATION_FILE, STATIONS_DIR, type ShareIdentity } from '../sync/layout';
import { findShareWorkerScript, ShareWorker } from '../sync/share-worker';
import { lookStation, type ListedFile, type StationLook, type StationLookRequest } from '../sync/share-look';
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

export type { ListedFile };

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

/**
 * station.json's content: the one read before when `st` (its lstat, taken by the look) is the stamp it had then and it
 * is a regular file; otherwise read again through `read` (the share reader: no link, only a regular file, capped).
 */
async function identityOf(file: string, st: ListedFile, read: (file: string) => Promise<Buffer>): Promise<Partial<ShareIdentity> | null> {
  const stamp: Stamp = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
  const seen = identities.get(file);
  if (st.regular && seen && sameStamp(seen.stamp, stamp)) return seen.value;
  // Read through the share reader, whatever lstat said.
  const bytes = await read(file);
  const value = JSON.parse(bytes.toString('utf8')) as Partial<ShareIdentity> | null;
  // Remembered with the stamp taken before the read: a write after it gives another stamp, so it is read again next time.
  if (st.regular && bytes.length === st.size) {
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
 * The quick look's thread: a share worker (sync/share-worker.ts) kept across imports and refreshes (starting one
 * costs far more than a look), running each station's look with synchronous calls (sync/share-look.ts) — one message per
 * station instead of one round trip per file-system call, and a share that hangs blocks that thread, never Node's
 * file-I/O threads. A look without an answer by its deadline is NOT_ANSWERING and its thread is left behind (the
 * next look starts a new one; while two are left behind and still blocked, looks answer NOT_ANSWERING at once).
 * Null where no worker script exists: the look then runs in the calling thread, each call under the deadline.
 */
let lookWorker: ShareWorker | null | undefined;
function quickLookWorker(): ShareWorker | null {
  if (lookWorker === undefined) {
    const script = findShareWorkerScript();
    lookWorker = script ? new ShareWorker(script, { maxHung: 2 }) : null;
  }
  return lookWorker;
}

/** Tests: use this worker for the quick look (null: none, in the calling thread; undefined: the default, made again). */
export function setQuickLookWorker(w: ShareWorker | null | undefined): void {
  if (lookWorker && lookWorker !== w) lookWorker.close();
  lookWorker = w;
}

/** Options of the quick look: the deadline of each look (default SHARE_READ_DEADLINE_MS); tests: a look that stalls. */
export interface QuickLookOptions {
  deadlineMs?: number | undefined;
  /** Tests only: the look at this station stalls this long (a share that stops answering). */
  stall?: { station: string; ms: number } | undefined;
}

/** A station to look at: its id, what the ledger knows of it, its usable remembered segments (usableMemory). */
export interface QuickLookTask {
  station: string;
  known: KnownStation;
  remembered: RememberedSegment[];
}

/**
 * The quick look at stations (in quickLookWorker: all of them in one message, one deadline; else in the calling
 * thread, one call after another, each under the deadline): station.json read (by its stamp: not again when
 * unchanged), the segments folder listed, each remembered segment's stamp taken — no segment read. A station exactly
 * as remembered (same key, same segments, nothing new, no sync program's copies) is answered here (`checks`);
 * anything else is left out and goes to the full station check in a worker, which verifies the new segments or, where
 * the folder is not as remembered, everything. `hung`: the share did not answer by the deadline (the stations not
 * answered are left out).
 */
export async function quickLooks(share: string, tasks: QuickLookTask[], opts: QuickLookOptions = {}): Promise<{ checks: Map<string, StationCheck>; hung: boolean }> {
  const checks = new Map<string, StationCheck>();
  if (tasks.length === 0) return { checks, hung: false };
  const deadlineMs = opts.deadlineMs ?? SHARE_READ_DEADLINE_MS;
  const reqs = tasks.map((t): StationLookRequest => {
    const stationDir = path.join(share, STATIONS_DIR, t.station);
    return {
      p: stationDir, identity: path.join(stationDir, SHARE_STATION_FILE), segDir: path.join(stationDir, SHARE_SEGMENTS_DIR), names: t.remembered.map((s) => s.name),
      ...(opts.stall && opts.stall.station === t.station ? { stallMs: opts.stall.ms } : {}),
    };
  });
  const worker = quickLookWorker();
  const notAnswering = (err: unknown) => err instanceof ShareReadError && err.code === 'NOT_ANSWERING';
  let read: (file: string) => Promise<Buffer>;
  let looks: Array<StationLook | null>;
  let hung = false;
  if (worker) {
    read = async (file) => {
      const u = await worker.call<Uint8Array>({ op: 'read', p: file, max: MAX_IDENTITY_BYTES }, deadlineMs);
      return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
    };
    try {
      const answers = await worker.call<Array<{ look: StationLook } | { error: unknown }>>({ op: 'look', p: path.join(share, STATIONS_DIR), stations: reqs }, deadlineMs);
      looks = answers.map((a) => ('look' in a ? a.look : null));
    } catch (err) {
      if (!notAnswering(err)) return { checks, hung: false };
      return { checks, hung: true };
    }
  } else {
    read = (file) => readShareFile(file, MAX_IDENTITY_BYTES, { deadlineMs });
    looks = [];
    for (const req of reqs) {
      if (hung) break;
      looks.push(await lookStation(req, (what, work) => withShareDeadline(what, work, deadlineMs)).catch((err: unknown) => {
        hung = notAnswering(err);
        return null;
      }));
    }
  }
  for (const [i, t] of tasks.entries()) {
    const look = looks[i];
    if (!look) continue;
    try {
      const check = await settleLook(t, reqs[i] as StationLookRequest, look, read);
      if (check) checks.set(t.station, check);
    } catch (err) {
      if (notAnswering(err)) return { checks, hung: true };
    }
  }
  return { checks, hung };
}

/** A station's look against what is remembered: its check when exactly as remembered, else null. Throws what reading station.json threw. */
async function settleLook(t: QuickLookTask, req: StationLookRequest, look: StationLook, read: (file: string) => Promise<Buffer>): Promise<StationCheck | null> {
  const { station, known, remembered } = t;
  const head = remembered[remembered.length - 1] as RememberedSegment;
  let v: Partial<ShareIdentity> | null;
  try {
    v = await identityOf(req.identity, look.identity, read);
  } catch (err) {
    if (err instanceof ShareReadError && err.code === 'NOT_ANSWERING') throw err;
    return null;
  }
  if (!v || typeof v !== 'object' || v.stationId !== station || typeof v.publicKey !== 'string' || keyIdOf(v.publicKey) !== v.keyId) return null;
  if (normalizePublicKey(v.publicKey) !== known.publicKey) return null;
  if (v.head && typeof v.head.seq === 'number' && v.head.seq > head.lastSeq) return null;
  const segments = new Map<number, string>();
  const ignored: string[] = [];
  for (const name of [...look.names].sort()) {
    const k = classifySegmentFileName(name);
    if (k.kind === 'copy') return null;
    if (k.kind === 'segment') {
      if (k.firstSeq > head.lastSeq) return null; // something new: verified in the full check
      segments.set(k.firstSeq, name);
    } else {
      ignored.push(['stations', station, 'segments', name].join('/'));
    }
  }
  const looked = new Map(look.files.map((f) => [f.name, f]));
  if (differsFromMemory(remembered, segments, [], (n) => looked.get(n) ?? null) !== null) return null;
  const check: StationCheck = {
    station, name: typeof v.name === 'string' ? v.name : null, publicKey: known.publicKey, keyId: keyIdOf(known.publicKey), trusted: true, rejected: false,
    files: remembered.map((s) => rememberedFile(station, req.segDir, s, looked.get(s.name) ?? null)), records: head.lastSeq, seals: remembered.length,
    head: { seq: head.lastSeq, hash: head.lastHash }, verifiedThrough: null, firstErrorSeq: null, importedThrough: known.headSeq, importable: null,
    problems: [], ignored, duplicates: [], attachments: [], bytes: remembered.reduce((n, s) => n + s.size, 0), verification: { mode: 'incremental', reason: null, read: [] },
  };
  settle(check);
  return check;
}
