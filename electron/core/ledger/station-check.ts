import { createHash, type Hash } from 'node:crypto';
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
// The journal's modules one by one, not its index: the worker thread loads only what verifying needs (record-layout.ts).
import { hashBytes, SEAL_TYPE } from '../journal/format';
import { keyIdOf, normalizePublicKey } from '../journal/keys';
import { verifySegments } from '../journal/verify';
import type { SegmentSource, VerifyOptions, VerifyProblem } from '../journal/verify-report';
import { JournalAtTexts } from './at-text';
import { copyFolderFor } from './copy-folder';
import { readLastLine } from '../journal/fsutil';
import {
  checkShareFolderSync, MAX_ATTACHMENT_BYTES, MAX_IDENTITY_BYTES, MAX_SEGMENT_BYTES, openShareFileSync, readAtSync, readShareFileSync, ShareReadError,
} from '../files/share-read';
import { attachmentRefOf, type AttachmentRef } from '../journal/attachments';
import { classifySegmentFileName, SHARE_ATTACHMENTS_DIR, SHARE_SEGMENTS_DIR, SHARE_STATION_FILE, STATIONS_DIR, type ShareIdentity } from '../sync/layout';
import { ASK_ORIGINAL, shareReadProblem, verifierMessage, type LedgerProblem } from './problems';
import { EventChecks } from './event-checks';
import { differsFromMemory, historyProblems, rememberedFile, usableMemory, type ListedFile, type RememberedSegment } from './remembered';
import { CopyRowsWriter } from './copy-rows';
import { settle, type CheckedAttachment, type CheckedFile, type FileStamp, type StationCheck, type StationCheckTask } from './station-report';

/** How a journal line names a spoken note (its data.audio); lines without it need no attachment check. */
const AUDIO_MARK = Buffer.from('"audio":');
/**
 * AUDIO_MARK from its third byte: a pattern that starts with a rare byte ("u") is found by Buffer.indexOf about ten
 * times faster than one that starts with '"' (measured 0.3 against 2.3 ms per MB: about 1 s of the verification of
 * 1M events); each hit is then checked for the two bytes before it.
 */
const AUDIO_MARK_TAIL = AUDIO_MARK.subarray(2);

/** Whether `buf` holds AUDIO_MARK (the same answer as buf.indexOf(AUDIO_MARK) !== -1, faster). */
export function hasAudioMark(buf: Buffer): boolean {
  for (let at = buf.indexOf(AUDIO_MARK_TAIL, 2); at !== -1; at = buf.indexOf(AUDIO_MARK_TAIL, at + 1)) {
    if (buf[at - 2] === AUDIO_MARK[0] && buf[at - 1] === AUDIO_MARK[1]) return true;
  }
  return false;
}

export { settle, type CheckedFile, type FileStamp, type KnownStation, type StationCheck, type StationCheckTask, type StationVerification } from './station-report';

/**
 * The check of one station folder of a shared folder. Plain data in, plain data out (it runs in a worker thread
 * when there are several cores): identity, segment files (conflict copies, forks, overlaps), the journal verifier
 * over the segments (chain, seq, seals, signatures: verifySegments, not a second implementation), the last line of
 * each file (where the seals are, the hash at the head remembered by the ledger). What concerns single events and
 * not the chain (the clock, the standards they refer to) is checked in the same pass, from the records the verifier
 * hands over (event-checks.ts); an unknown standard is an error like the verifier's own.
 *
 * The share is hostile ground: every file is read once, through the share reader (../files/share-read.ts: no links,
 * only regular files, sizes capped, never blocking on a FIFO), with synchronous calls — this runs in a worker thread
 * (pool.ts) whose deadline the importer watches, so a hanging share never holds Node's own file-I/O threads. Each
 * segment's bytes are written, as they are read, to a private copy (task.copyDir, a 0700 folder of this process), and
 * the verifier hashes the very same bytes: the importer inserts from those copies, never from the share again.
 */

const relOf = (station: string, ...parts: string[]) => [STATIONS_DIR, station, ...parts].join('/');

function stampOf(st: { ino: number; size: number; mtimeMs: number; ctimeMs: number }): FileStamp {
  return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
}

/** Hooks of the thread running the check: progress (bytes read, for the deadline) and, for tests, a read that stalls. */
export interface CheckHooks {
  onRead?: (bytes: number) => void;
}

function writeAll(fd: number, buf: Buffer, n: number): void {
  let off = 0;
  while (off < n) off += writeSync(fd, buf, off, n - off);
}

// ------------------------------------------------------------------ files

/** Index of the first line where two buffers differ (0-based), or -1 if equal; `prefix` if `a` is a prefix of `b` at a line end. */
function firstDifferentLine(a: Buffer, b: Buffer): { line: number; aIsPrefixOfB: boolean } {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return { line: -1, aIsPrefixOfB: false };
  let line = 0;
  for (let k = 0; k < i; k++) if (a[k] === 0x0a) line++;
  return { line, aIsPrefixOfB: i === a.length };
}

function splitLines(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let s = 0;
  for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, s)) {
    out.push(buf.subarray(s, i));
    s = i + 1;
  }
  if (s < buf.length) out.push(buf.subarray(s));
  return out;
}

type IdentityRead = { ok: true; value: Partial<ShareIdentity> } | { ok: false; why: string; refused?: ShareReadError };

function readIdentity(file: string): IdentityRead {
  let bytes: Buffer;
  try {
    bytes = readShareFileSync(file, MAX_IDENTITY_BYTES);
  } catch (err) {
    if (err instanceof ShareReadError) {
      if (err.code === 'MISSING') return { ok: false, why: 'missing' };
      if (err.code === 'UNREADABLE') return { ok: false, why: err.found };
      return { ok: false, why: err.found, refused: err };
    }
    return { ok: false, why: String(err) };
  }
  try {
    const v = JSON.parse(bytes.toString('utf8')) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { ok: false, why: 'not a JSON object' };
    return { ok: true, value: v as Partial<ShareIdentity> };
  } catch {
    return { ok: false, why: 'not valid JSON' };
  }
}

/** Stall the read of `name` (tests: a share that stops answering, without a race). */
function stallFor(task: StationCheckTask, file: string): void {
  const stall = task.stall;
  if (stall && path.basename(file) === stall.name && (stall.station === undefined || stall.station === task.station)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, stall.ms);
}

/** A file of the segments folder looked at without reading it (lstat: a link is seen as a link). */
function listed(file: string, name: string): ListedFile | null {
  try {
    const st = lstatSync(file);
    return { name, regular: st.isFile(), size: st.size, ino: st.ino, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------ the check

export async function checkStation(task: StationCheckTask, hooks: CheckHooks = {}): Promise<StationCheck> {
  const { share, station } = task;
  const stationDir = path.join(share, STATIONS_DIR, station);
  const segDir = path.join(stationDir, SHARE_SEGMENTS_DIR);
  const identityRel = relOf(station, SHARE_STATION_FILE);
  const problems: LedgerProblem[] = [];
  const result: StationCheck = {
    station, name: null, publicKey: null, keyId: null, trusted: false, rejected: false, files: [], records: 0, seals: 0, head: null,
    verifiedThrough: null, firstErrorSeq: null, importedThrough: task.known?.headSeq ?? 0, importable: null, problems,
    ignored: [], duplicates: [], bytes: 0, attachments: [], verification: { mode: 'full', reason: task.full ? 'asked' : null, read: [] },
  };
  const add = (p: Omit<LedgerProblem, 'station'>) => problems.push({ station, ...p });

  // 1. Identity.
  let folderRefused: ShareReadError | null = null;
  try {
    checkShareFolderSync(stationDir);
  } catch (err) {
    folderRefused = err instanceof ShareReadError ? err : new ShareReadError('UNREADABLE', stationDir, String(err));
  }
  const id: IdentityRead = folderRefused ? { ok: false, why: folderRefused.found, refused: folderRefused } : readIdentity(path.join(stationDir, SHARE_STATION_FILE));
  let identityKey: string | null = null;
  let identityProblem = false;
  if (!id.ok && id.refused) {
    identityProblem = true;
    add(shareReadProblem(id.refused, folderRefused ? relOf(station) : identityRel, 'station.json, a regular file with the station\'s id and public key',
      `nothing from station ${station} is imported, since its identity cannot be read safely`));
  } else if (!id.ok) {
    identityProblem = true;
    add({ file: identityRel, line: 0, code: 'IDENTITY_MISSING', severity: 'error', expected: 'station.json with the station\'s id and public key', found: id.why,
      message: `The station's identity file (station.json) is ${id.why === 'missing' ? 'missing' : `unreadable (${id.why})`}: its seals cannot be trusted, so nothing from this station is imported. The station writes it again at its next sync; otherwise ${ASK_ORIGINAL.charAt(0).toLowerCase()}${ASK_ORIGINAL.slice(1)}` });
  } else {
    const v = id.value;
    result.name = typeof v.name === 'string' ? v.name : null;
    if (v.stationId !== station) {
      identityProblem = true;
      add({ file: identityRel, line: 0, code: 'IDENTITY_MISMATCH', severity: 'error', expected: `stationId "${station}" (the folder's name)`, found: `"${String(v.stationId)}"`,
        message: `station.json in folder ${station} names another station (${String(v.stationId)}): files were moved or copied between station folders. Nothing from this folder is imported. ${ASK_ORIGINAL}` });
    }
    try {
      if (typeof v.publicKey !== 'string') throw new Error('no public key');
      const kid = keyIdOf(v.publicKey);
      if (kid !== v.keyId) throw new Error(`keyId ${String(v.keyId)} does not match the key (${kid})`);
      identityKey = normalizePublicKey(v.publicKey);
    } catch (err) {
      identityProblem = true;
      add({ file: identityRel, line: 0, code: 'IDENTITY_INVALID', severity: 'error', expected: 'an Ed25519 public key and its keyId', found: (err as Error).message,
        message: `station.json of station ${station} does not hold a usable public key (${(err as Error).message}): the station's seals cannot be checked, so nothing from it is imported. ${ASK_ORIGINAL}` });
    }
  }
  const known = task.known;
  if (known && identityKey !== null && identityKey !== known.publicKey) {
    identityProblem = true;
    add({ file: identityRel, line: 0, code: 'KEY_CHANGED', severity: 'error', expected: `keyId ${known.keyId} (remembered from the last import)`, found: `keyId ${keyIdOf(identityKey)}`,
      message: `Station ${station} now presents another key (keyId ${keyIdOf(identityKey)}) than at the last import (keyId ${known.keyId}). ` +
        'Someone replaced station.json, or the station was reinstalled. Nothing more is imported from this station: check with the supplier in person; a reinstalled station must start as a new station.' });
  }
  const verifyKey = known?.publicKey ?? identityKey;
  result.publicKey = verifyKey;
  result.keyId = verifyKey ? keyIdOf(verifyKey) : null;
  result.trusted = !identityProblem;

  // 2. Segment files.
  let names: string[] = [];
  try {
    if (!folderRefused) checkShareFolderSync(segDir);
    names = folderRefused ? [] : readdirSync(segDir).sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (err instanceof ShareReadError && err.code !== 'MISSING') {
      add(shareReadProblem(err, relOf(station, SHARE_SEGMENTS_DIR), 'the segments folder itself (a folder, not a link)',
        `nothing from station ${station} is imported`));
      identityProblem = true;
      result.trusted = false;
    } else if (!(err instanceof ShareReadError) && code !== 'ENOENT') {
      add({ file: relOf(station, SHARE_SEGMENTS_DIR), line: 0, code: 'UNREADABLE', severity: 'error', expected: 'a readable segments folder', found: code ?? String(err),
        message: `The segments folder of station ${station} cannot be read (${code ?? String(err)}). Check the shared folder's permissions and import again.` });
      identityProblem = true;
      result.trusted = false;
    }
  }
  const canonical = new Map<number, string>();
  const copies: Array<{ name: string; firstSeq: number; canonical: string }> = [];
  for (const name of names) {
    const k = classifySegmentFileName(name);
    if (k.kind === 'segment') canonical.set(k.firstSeq, name);
    else if (k.kind === 'copy') copies.push({ name, firstSeq: k.firstSeq, canonical: k.canonical });
    else result.ignored.push(relOf(station, SHARE_SEGMENTS_DIR, name));
  }
  // Incremental: with segments remembered from earlier imports that are still exactly there (names, sizes), only the
  // segments after the remembered head are read, verified chained from that head (remembered.ts). Otherwise every one.
  const memory = usableMemory(known);
  let remembered: RememberedSegment[] | null = null;
  const looked = new Map<string, ListedFile | null>();
  const look = (name: string): ListedFile | null => {
    if (!looked.has(name)) looked.set(name, listed(path.join(segDir, name), name));
    return looked.get(name) ?? null;
  };
  if (memory.ok && !task.full && !identityProblem) {
    const why = differsFromMemory(memory.segments, canonical, copies.map((c) => c.firstSeq), look);
    if (why === null) remembered = memory.segments;
    else result.verification.reason = why;
  } else if (!task.full) {
    result.verification.reason = memory.ok ? 'its station.json must be checked again' : memory.reason;
  }
  const head = remembered ? (remembered[remembered.length - 1] as RememberedSegment) : null;
  if (head) result.verification = { mode: 'incremental', reason: null, read: [] };
  for (const s of remembered ?? []) {
    result.files.push(rememberedFile(station, segDir, s, look(s.name)));
    result.bytes += s.size;
  }

  // 3. Each segment read once, through the share reader, into a private copy, and verified from those very bytes
  //    (the journal verifier: chain, gapless seq, names, seals and signatures).
  const ordered = [...canonical].sort((a, b) => a[0] - b[0]).filter(([firstSeq]) => !head || firstSeq > head.lastSeq)
    .map(([firstSeq, name]) => ({ firstSeq, name, path: path.join(segDir, name) }));
  const toRead = ordered.reduce((n, f) => n + Math.min(look(f.name)?.size ?? 0, MAX_SEGMENT_BYTES), 0);
  const privateDir = path.join(copyFolderFor(task, toRead), station);
  mkdirSync(privateDir, { recursive: true, mode: 0o700 });
  const refused = new Map<string, ShareReadError>();
  const copied = new Map<string, { copy: string; complete: boolean; stamp: FileStamp; size: number; sha256: string; namesAudio: boolean }>();
  const source: SegmentSource = (file) => {
    let f;
    try {
      f = openShareFileSync(file, MAX_SEGMENT_BYTES);
    } catch (err) {
      const e = err instanceof ShareReadError ? err : new ShareReadError('UNREADABLE', file, String(err));
      refused.set(file, e);
      throw e;
    }
    const copy = path.join(privateDir, path.basename(file));
    let out: number;
    try {
      out = openSync(copy, 'wx', 0o600);
    } catch (err) {
      closeSync(f.fd);
      throw err;
    }
    const share = f;
    let pos = 0;
    // The whole file's content hash, remembered after the import (incremental verification; a later full verification
    // compares it: HISTORY_REWRITTEN).
    const hash: Hash = createHash('sha256');
    // Whether any line names a spoken note, seen in the bytes as they pass (the marker may straddle two reads), so
    // the attachment check reads again only the copies that do.
    let namesAudio = false;
    let tail = Buffer.alloc(0);
    result.verification.read.push(path.basename(file));
    return {
      read: (buf) => {
        stallFor(task, file);
        const want = Math.min(buf.length, share.size - pos);
        if (want <= 0) return 0;
        const n = readAtSync(share.fd, buf, want, pos);
        writeAll(out, buf, n);
        hash.update(buf.subarray(0, n));
        if (!namesAudio) {
          const chunk = buf.subarray(0, n);
          namesAudio = hasAudioMark(chunk) || (tail.length > 0 && hasAudioMark(Buffer.concat([tail, chunk.subarray(0, AUDIO_MARK.length - 1)])));
          tail = Buffer.from(chunk.subarray(Math.max(0, n - (AUDIO_MARK.length - 1))));
        }
        pos += n;
        hooks.onRead?.(n);
        return n;
      },
      close: () => {
        closeSync(share.fd);
        closeSync(out);
        copied.set(file, { copy, complete: pos === share.size, stamp: stampOf(share.stat), size: share.size, sha256: hash.digest('hex'), namesAudio });
      },
    };
  };
  // The events' own checks, from the records as they are verified (the head's time from the ledger when only what is new is read).
  const events = task.events ? new EventChecks(task.events, station, result.importedThrough, head && known?.headAt !== undefined ? known.headAt : null) : null;
  // The PostgreSQL import's rows, made from the bytes as they are verified (copy-rows.ts).
  const rows = task.pgRows && ordered.length > 0
    ? new CopyRowsWriter(path.join(privateDir, 'events.copy'), task.pgRows.supplier, station, task.pgRows.importId, result.importedThrough)
    : null;
  // Which files hold only the journal's own time texts (at-text.ts): the DuckDB import need not compare theirs.
  const atTexts = new JournalAtTexts();
  const handlers = [events?.onRecord, rows ? rows.onRecord.bind(rows) : undefined, atTexts.onRecord].filter((h) => h !== undefined);
  const onRecord: NonNullable<VerifyOptions['onRecord']> = handlers.length === 1
    ? handlers[0] as NonNullable<VerifyOptions['onRecord']>
    : (bytes, seq, file, line, record) => {
      // Fixed arguments, no rest array: this runs once per verified line.
      for (const h of handlers) h(bytes, seq, file, line, record);
    };
  let verified;
  try {
    verified = ordered.length > 0
    ? await verifySegments(ordered.map((f) => f.path), {
      stationId: station,
      ...(verifyKey ? { publicKey: verifyKey } : {}),
      ...(head ? { startAfter: { seq: head.lastSeq, hash: head.lastHash } } : {}),
      requireSealedEnd: true,
      maxProblems: task.maxProblems,
      source,
      onRecord,
    })
    : head ? { ok: true, records: 0, seals: 0, head: { seq: head.lastSeq, hash: head.lastHash }, problems: [], problemsTruncated: false } : null;
  } finally {
    if (rows) result.pgRows = rows.close();
  }
  for (const f of ordered) {
    const c = copied.get(f.path);
    if (!c) continue; // refused or unreadable: reported below, and the verified part ends before it
    const last = c.complete ? await lastLineOf(c.copy) : null;
    result.files.push({
      name: f.name, path: f.path, copy: c.complete ? c.copy : null, rel: relOf(station, SHARE_SEGMENTS_DIR, f.name), firstSeq: f.firstSeq,
      lines: last ? last.seq - f.firstSeq + 1 : 0, last, stamp: c.stamp, size: c.size, sha256: c.complete ? c.sha256 : null, namesAudio: c.namesAudio,
      journalAtTexts: atTexts.allOwn(f.path, last ? last.seq - f.firstSeq + 1 : 0),
    });
    result.bytes += c.size;
  }

  // 3. Conflict copies: the same bytes are the same segment; anything else claims the same place with other content.
  for (const c of copies) {
    const rel = relOf(station, SHARE_SEGMENTS_DIR, c.name);
    const canonName = canonical.get(c.firstSeq);
    if (canonName === undefined) {
      add({ file: rel, line: 0, seq: c.firstSeq, code: 'COPY_ONLY', severity: 'error', expected: c.canonical, found: `only ${c.name}`,
        message: `Segment ${c.canonical} of station ${station} is there only as a sync program's copy (${c.name}); it cannot be told whether it is the original. ` +
          `Events from seq ${c.firstSeq} on are not imported. Ask the supplier to check the shared folder's sync; the station publishes the original again at its next sync.` });
      continue;
    }
    const canonFile = result.files.find((f) => f.firstSeq === c.firstSeq);
    if (!canonFile?.copy) continue; // the segment itself was refused or not read to its end: reported already
    let a: Buffer;
    let b: Buffer;
    try {
      a = readFileSync(canonFile.copy);
      // Enough of the copy to tell whether it is the same, a prefix or other content: one byte more than the segment.
      result.verification.read.push(c.name);
      b = readShareFileSync(path.join(segDir, c.name), MAX_SEGMENT_BYTES, a.length + 1);
    } catch (err) {
      if (err instanceof ShareReadError && err.code !== 'UNREADABLE' && err.code !== 'MISSING') {
        add({ ...shareReadProblem(err, rel, `a copy of ${canonName}: a regular file`, `events from seq ${c.firstSeq} on are not imported`), seq: c.firstSeq });
        continue;
      }
      const code = err instanceof ShareReadError ? err.found : (err as NodeJS.ErrnoException).code ?? String(err);
      add({ file: rel, line: 0, seq: c.firstSeq, code: 'UNREADABLE', severity: 'error', expected: 'a readable file', found: code, message: verifierMessage('UNREADABLE', c.name, 0, code) });
      continue;
    }
    const diff = firstDifferentLine(b, a);
    if (diff.line === -1) {
      result.duplicates.push(rel);
    } else if (diff.aIsPrefixOfB && (b.length === 0 || b[b.length - 1] === 0x0a)) {
      add({ file: rel, line: 0, seq: c.firstSeq, code: 'PARTIAL_COPY', severity: 'warning', expected: `the same bytes as ${canonName}`, found: `its first ${b.length} bytes only`,
        message: `${c.name} is an incomplete copy of ${canonName} left by a sync program (it holds the first ${splitLines(b).length} lines, identical). It is ignored; it may be deleted.` });
    } else {
      add({ file: rel, line: diff.line + 1, seq: c.firstSeq + diff.line, code: 'FORK', severity: 'error', expected: `the same content as ${canonName}`, found: `a different line ${diff.line + 1}`,
        message: `Two different versions of segment ${canonName} of station ${station} exist (${c.name} differs from line ${diff.line + 1} on): two histories claim the same events. ` +
          `Events from seq ${c.firstSeq + diff.line} on are not imported. ${ASK_ORIGINAL}` });
    }
  }

  // 4. What the verifier found (a refused file is told with its own code).
  if (verified) {
    const report = verified;
    result.records = report.records + (head ? head.lastSeq : 0);
    result.seals = report.seals + (remembered ? remembered.length : 0);
    result.head = report.head;
    const byPath = new Map(ordered.map((f) => [f.path, { name: f.name, rel: relOf(station, SHARE_SEGMENTS_DIR, f.name), firstSeq: f.firstSeq }]));
    for (const p of report.problems) {
      if (p.code === 'BAD_SIGNATURE' && !verifyKey) continue; // already explained by the identity problem
      if (p.code === 'IDENTITY' && identityProblem) continue;
      const f = byPath.get(p.file);
      const r = refused.get(p.file);
      if (p.code === 'UNREADABLE' && r && f && r.code !== 'UNREADABLE' && r.code !== 'MISSING') {
        add({ ...shareReadProblem(r, f.rel, 'a segment: a regular file', `events from seq ${f.firstSeq} on are not imported`), seq: f.firstSeq });
        continue;
      }
      problems.push(fromVerifier(station, p, f, identityRel));
    }
    if (report.problemsTruncated) {
      // Only the listing stops: the first problems (the ones that decide what is verified) are all there.
      const lastListed = problems.reduce((m, p) => Math.max(m, p.seq ?? 0), 0);
      add({ file: relOf(station, SHARE_SEGMENTS_DIR), line: 0, seq: lastListed, code: 'UNREADABLE', severity: 'error', expected: `at most ${task.maxProblems} problems`, found: 'more',
        message: `Station ${station} has more than ${task.maxProblems} problems; only the first ones are listed. ${ASK_ORIGINAL}` });
    }

    // 4b. The attachments the events name (spoken notes): there, a regular file within its cap, and the very bytes hashed.
    //     Their copies go to the disk folder: their size is not known before (copy-folder.ts counts the segments only).
    checkAttachments(result, stationDir, path.join(task.copyDir, station), add);

    // 5. Two files holding the same events: the same lines (a copy under another name) or different ones (a fork).
    for (let i = 0; i + 1 < result.files.length; i++) {
      const f = result.files[i] as CheckedFile;
      const next = result.files[i + 1] as CheckedFile;
      if (f.last && next.firstSeq <= f.last.seq) await overlap(f, next, station, add);
    }

    // 6. History against what the ledger remembers.
    const total = Math.max(result.head?.seq ?? 0, ...result.files.map((f) => f.last?.seq ?? 0));
    if (known && known.headSeq > 0 && result.trusted) {
      // Verified in full against remembered segments: each one compared (named, with what changed).
      const compared = memory.ok && !remembered ? historyProblems(station, memory.segments, result.files, total) : [];
      problems.push(...compared);
      if (total < known.headSeq) {
        add({ file: relOf(station, SHARE_SEGMENTS_DIR), line: 0, code: 'HISTORY_SHRANK', severity: 'error', expected: `at least ${known.headSeq} events (imported before)`, found: `${total} events`,
          message: `Station ${station} now shows fewer events (${total}) than were already imported (${known.headSeq}): segment files were deleted or replaced by older ones. ` +
            `Nothing more is imported from this station; the events imported before stay in the ledger. ${ASK_ORIGINAL}` });
      } else if (!memory.ok && hashAt(result.files, known.headSeq) !== known.headHash) {
        const f = result.files.find((x) => x.firstSeq <= known.headSeq && known.headSeq < x.firstSeq + x.lines);
        add({ file: f?.rel ?? relOf(station, SHARE_SEGMENTS_DIR), line: f ? known.headSeq - f.firstSeq + 1 : 0, seq: known.headSeq, code: 'HISTORY_REWRITTEN', severity: 'error',
          expected: `event ${known.headSeq} with hash ${known.headHash.slice(0, 12)}… (imported before)`, found: `hash ${(hashAt(result.files, known.headSeq) ?? 'none (no segment ends there)').slice(0, 12)}…`,
          message: `The history of station ${station} up to event ${known.headSeq}, already imported, is no longer the same on the shared folder: it was rewritten (a fork). ` +
            `Nothing more is imported from this station; the events imported before stay in the ledger. ${ASK_ORIGINAL}` });
      }
    }
    if (id.ok && id.value.head && typeof id.value.head.seq === 'number' && id.value.head.seq > total) {
      add({ file: identityRel, line: 0, code: 'HEAD_NOT_ARRIVED', severity: 'warning', expected: `events up to seq ${id.value.head.seq} (station.json)`, found: `events up to seq ${total}`,
        message: `station.json says the station published events up to seq ${id.value.head.seq}, but the folder holds only up to ${total}: the newest segment files are missing. ` +
          'A sync program may still be copying them (import again later), or they were deleted.' });
    }

    // 7. What is verified: up to the last valid seal before the first error.
    settle(result);
  } else if (known && known.headSeq > 0) {
    add({ file: relOf(station, SHARE_SEGMENTS_DIR), line: 0, code: 'HISTORY_SHRANK', severity: 'error', expected: `at least ${known.headSeq} events (imported before)`, found: 'no segment files',
      message: `The segment files of station ${station} are gone, although ${known.headSeq} events were imported before. Nothing more is imported from this station. ${ASK_ORIGINAL}` });
    settle(result);
  } else {
    settle(result);
  }
  // 8. The events' own checks over the new verified events: an unknown standard ends what is verified before it.
  if (events && result.importable) {
    const found = events.finish(result.importable.to, (file) => relOf(station, SHARE_SEGMENTS_DIR, path.basename(file)));
    if (task.events?.countRuns) result.runs = found.runs;
    if (found.problems.length > 0) {
      problems.push(...found.problems);
      settle(result);
    }
  }
  problems.sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : x.line - y.line));
  return result;
}

/**
 * Every attachment named by an event of the verified copies is read once through the share reader (no link, only a
 * regular file, at most MAX_ATTACHMENT_BYTES), hashed and compared with its name and its event, and copied privately
 * for the import. A missing one is ATTACHMENT_MISSING, other bytes ATTACHMENT_TAMPERED, a refused file its share-read
 * code: each an error at the seq of the event that names it (what is imported stops at the last seal before it).
 */
function checkAttachments(result: StationCheck, stationDir: string, privateDir: string, add: (p: Omit<LedgerProblem, 'station'>) => void): void {
  const station = result.station;
  const named = new Map<string, { ref: AttachmentRef; seq: number; rel: string; line: number }>();
  for (const f of result.files) {
    if (!f.copy || f.namesAudio === false) continue;
    const buf = readFileSync(f.copy);
    if (!hasAudioMark(buf)) continue;
    splitLines(buf).forEach((line, i) => {
      if (!hasAudioMark(line)) return;
      let o: { seq?: unknown; data?: unknown };
      try {
        o = JSON.parse(line.toString('utf8')) as { seq?: unknown; data?: unknown };
      } catch {
        return; // the verifier reported it
      }
      const ref = attachmentRefOf(o.data);
      if (ref && !named.has(ref.hash)) named.set(ref.hash, { ref, seq: typeof o.seq === 'number' ? o.seq : f.firstSeq + i, rel: f.rel, line: i + 1 });
    });
  }
  if (named.size === 0) return;
  const dir = path.join(stationDir, SHARE_ATTACHMENTS_DIR);
  const copyDir = path.join(privateDir, SHARE_ATTACHMENTS_DIR);
  mkdirSync(copyDir, { recursive: true, mode: 0o700 });
  let folderRefused: ShareReadError | null = null;
  try {
    checkShareFolderSync(dir);
  } catch (err) {
    folderRefused = err instanceof ShareReadError ? err : new ShareReadError('UNREADABLE', dir, String(err));
  }
  for (const { ref, seq, rel, line } of named.values()) {
    const attRel = relOf(station, SHARE_ATTACHMENTS_DIR, ref.hash);
    const consequence = `events from seq ${seq} on are not imported`;
    const expected = `the spoken note named by line ${line} of ${rel}: ${ref.bytes} bytes of ${ref.type} with SHA-256 ${ref.hash}`;
    let bytes: Buffer;
    try {
      if (folderRefused) throw folderRefused;
      bytes = readShareFileSync(path.join(dir, ref.hash), MAX_ATTACHMENT_BYTES);
    } catch (err) {
      const e = err instanceof ShareReadError ? err : new ShareReadError('UNREADABLE', attRel, String(err));
      if (e.code === 'MISSING') {
        add({ file: attRel, line: 0, seq, code: 'ATTACHMENT_MISSING', severity: 'error', expected, found: folderRefused ? 'no attachments folder' : 'no such file',
          message: `Line ${line} of ${rel} names a spoken note (${ref.hash.slice(0, 12)}…) that is not in ${relOf(station, SHARE_ATTACHMENTS_DIR)}: it was deleted, or a sync program has not copied it yet. ` +
            `Events from seq ${seq} on are not imported. Import again later; if it stays missing, ${ASK_ORIGINAL.charAt(0).toLowerCase()}${ASK_ORIGINAL.slice(1)}` });
      } else {
        add({ ...shareReadProblem(e, attRel, 'a spoken note: a regular file', consequence), seq });
      }
      continue;
    }
    const found = hashBytes(bytes);
    if (found !== ref.hash) {
      add({ file: attRel, line: 0, seq, code: 'ATTACHMENT_TAMPERED', severity: 'error', expected, found: `${bytes.length} bytes with SHA-256 ${found}`,
        message: `The spoken note ${attRel} is not the recording that line ${line} of ${rel} names (its bytes hash to ${found.slice(0, 12)}…, not ${ref.hash.slice(0, 12)}…): it was changed after the station recorded it. ` +
          `Events from seq ${seq} on are not imported. ${ASK_ORIGINAL}` });
      continue;
    }
    const copy = path.join(copyDir, ref.hash);
    const fd = openSync(copy, 'wx', 0o600);
    try {
      writeAll(fd, bytes, bytes.length);
    } finally {
      closeSync(fd);
    }
    const checked: CheckedAttachment = { hash: ref.hash, type: ref.type, bytes: bytes.length, durationMs: ref.durationMs, seq, copy };
    result.attachments.push(checked);
  }
}

/** The hash of the line at `seq`, when a segment ends there (the ledger's heads are seals, which end segments). */
function hashAt(files: CheckedFile[], seq: number): string | null {
  const f = files.find((x) => x.last?.seq === seq);
  return f?.last?.hash ?? null;
}

async function lastLineOf(file: string): Promise<CheckedFile['last']> {
  try {
    const tail = await readLastLine(file);
    if (!tail || !tail.terminated) return null;
    const o = JSON.parse(tail.bytes.toString('utf8')) as { seq?: unknown; type?: unknown };
    if (!Number.isSafeInteger(o.seq)) return null;
    return { seq: o.seq as number, hash: hashBytes(tail.bytes), seal: o.type === SEAL_TYPE };
  } catch {
    return null;
  }
}

function fromVerifier(station: string, p: VerifyProblem, f: Pick<CheckedFile, 'name' | 'rel' | 'firstSeq'> | undefined, identityRel: string): LedgerProblem {
  const fileName = f ? f.name : p.file ? path.basename(p.file) : 'station.json';
  const seq = f ? (p.line > 0 ? f.firstSeq + p.line - 1 : f.firstSeq) : undefined;
  return {
    station,
    file: f ? f.rel : identityRel,
    line: p.line,
    ...(seq !== undefined ? { seq } : {}),
    code: p.code,
    severity: 'error',
    expected: p.expected,
    found: p.found,
    message: verifierMessage(p.code, fileName, p.line, p.message),
  };
}

async function overlap(a: CheckedFile, b: CheckedFile, station: string, add: (p: Omit<LedgerProblem, 'station'>) => void): Promise<void> {
  if (!a.copy || !b.copy) return;
  // The private copies: the bytes that were verified.
  const la = splitLines(readFileSync(a.copy));
  const lb = splitLines(readFileSync(b.copy));
  const offset = b.firstSeq - a.firstSeq;
  const n = Math.min(la.length - offset, lb.length);
  for (let k = 0; k < n; k++) {
    if (!(la[offset + k] as Buffer).equals(lb[k] as Buffer)) {
      add({ file: b.rel, line: k + 1, seq: b.firstSeq + k, code: 'FORK', severity: 'error', expected: `line ${offset + k + 1} of ${a.name} (the same seq)`, found: 'a different line',
        message: `${b.name} and ${a.name} of station ${station} both hold event ${b.firstSeq + k}, with different content: two histories claim the same events (a fork). ` +
          `Events from seq ${b.firstSeq + k} on are not imported. ${ASK_ORIGINAL}` });
      return;
    }
  }
  add({ file: b.rel, line: 1, seq: b.firstSeq, code: 'OVERLAP', severity: 'error', expected: `a segment starting at seq ${a.firstSeq + la.length}`, found: `${b.name} repeats ${n} events of ${a.name}`,
    message: `${b.name} repeats events already in ${a.name} of station ${station}: a file was copied under another name. Events from seq ${b.firstSeq} on are not imported. ${ASK_ORIGINAL}` });
}
