import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { hashBytes, keyIdOf, normalizePublicKey, SEAL_TYPE, verifySegments, type VerifyProblem } from '../journal';
import { readLastLine } from '../journal/fsutil';
import { classifySegmentFileName, SHARE_SEGMENTS_DIR, SHARE_STATION_FILE, STATIONS_DIR, type ShareIdentity } from '../sync/layout';
import { ASK_ORIGINAL, verifierMessage, type LedgerProblem } from './problems';
import { settle, type CheckedFile, type FileStamp, type StationCheck, type StationCheckTask } from './station-report';

export { settle, type CheckedFile, type FileStamp, type KnownStation, type StationCheck, type StationCheckTask } from './station-report';

/**
 * The check of one station folder of a shared folder. Plain data in, plain data out (it runs in a worker thread
 * when there are several cores): identity, segment files (conflict copies, forks, overlaps), the journal verifier
 * over the segments (chain, seq, seals, signatures: verifySegments, not a second implementation), the last line of
 * each file (where the seals are, the hash at the head remembered by the ledger). What concerns single events and
 * not the chain (the clock, the standards they refer to) is checked afterwards in SQL (events-check.ts), by DuckDB,
 * which reads the events anyway.
 */

const relOf = (station: string, ...parts: string[]) => [STATIONS_DIR, station, ...parts].join('/');

function stampOf(st: { ino: number; size: number; mtimeMs: number; ctimeMs: number }): FileStamp {
  return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
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

async function readIdentity(file: string): Promise<{ ok: true; value: Partial<ShareIdentity> } | { ok: false; why: string }> {
  try {
    const text = await readFile(file, 'utf8');
    const v = JSON.parse(text) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { ok: false, why: 'not a JSON object' };
    return { ok: true, value: v as Partial<ShareIdentity> };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, why: code === 'ENOENT' ? 'missing' : code ?? 'not valid JSON' };
  }
}

// ------------------------------------------------------------------ the check

export async function checkStation(task: StationCheckTask): Promise<StationCheck> {
  const { share, station } = task;
  const stationDir = path.join(share, STATIONS_DIR, station);
  const segDir = path.join(stationDir, SHARE_SEGMENTS_DIR);
  const identityRel = relOf(station, SHARE_STATION_FILE);
  const problems: LedgerProblem[] = [];
  const result: StationCheck = {
    station, name: null, publicKey: null, keyId: null, trusted: false, rejected: false, files: [], records: 0, seals: 0, head: null,
    verifiedThrough: null, firstErrorSeq: null, importedThrough: task.known?.headSeq ?? 0, importable: null, problems,
    ignored: [], duplicates: [], bytes: 0,
  };
  const add = (p: Omit<LedgerProblem, 'station'>) => problems.push({ station, ...p });

  // 1. Identity.
  const id = await readIdentity(path.join(stationDir, SHARE_STATION_FILE));
  let identityKey: string | null = null;
  let identityProblem = false;
  if (!id.ok) {
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
    names = (await readdir(segDir)).sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
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
  for (const [firstSeq, name] of [...canonical].sort((a, b) => a[0] - b[0])) {
    const p = path.join(segDir, name);
    try {
      const st = await stat(p);
      if (!st.isFile()) {
        result.ignored.push(relOf(station, SHARE_SEGMENTS_DIR, name));
        continue;
      }
      const last = await lastLineOf(p);
      result.files.push({ name, path: p, rel: relOf(station, SHARE_SEGMENTS_DIR, name), firstSeq, lines: last ? last.seq - firstSeq + 1 : 0, last, stamp: stampOf(st) });
      result.bytes += st.size;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      add({ file: relOf(station, SHARE_SEGMENTS_DIR, name), line: 0, seq: firstSeq, code: 'UNREADABLE', severity: 'error', expected: 'a readable file', found: code,
        message: verifierMessage('UNREADABLE', name, 0, code) });
    }
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
    let a: Buffer;
    let b: Buffer;
    try {
      [a, b] = await Promise.all([readFile(path.join(segDir, canonName)), readFile(path.join(segDir, c.name))]);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
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

  // 4. The journal verifier over the segments: chain, gapless seq, names, seals and signatures.
  if (result.files.length > 0) {
    const report = await verifySegments(result.files.map((f) => f.path), {
      stationId: station,
      ...(verifyKey ? { publicKey: verifyKey } : {}),
      requireSealedEnd: true,
      maxProblems: task.maxProblems,
    });
    result.records = report.records;
    result.seals = report.seals;
    result.head = report.head;
    const byPath = new Map(result.files.map((f) => [f.path, f]));
    for (const p of report.problems) {
      if (p.code === 'BAD_SIGNATURE' && !verifyKey) continue; // already explained by the identity problem
      if (p.code === 'IDENTITY' && identityProblem) continue;
      problems.push(fromVerifier(station, p, byPath.get(p.file), identityRel));
    }
    if (report.problemsTruncated) {
      // Only the listing stops: the first problems (the ones that decide what is verified) are all there.
      const lastListed = problems.reduce((m, p) => Math.max(m, p.seq ?? 0), 0);
      add({ file: relOf(station, SHARE_SEGMENTS_DIR), line: 0, seq: lastListed, code: 'UNREADABLE', severity: 'error', expected: `at most ${task.maxProblems} problems`, found: 'more',
        message: `Station ${station} has more than ${task.maxProblems} problems; only the first ones are listed. ${ASK_ORIGINAL}` });
    }

    // 5. Two files holding the same events: the same lines (a copy under another name) or different ones (a fork).
    for (let i = 0; i + 1 < result.files.length; i++) {
      const f = result.files[i] as CheckedFile;
      const next = result.files[i + 1] as CheckedFile;
      if (f.last && next.firstSeq <= f.last.seq) await overlap(f, next, station, add);
    }

    // 6. History against what the ledger remembers.
    const total = Math.max(result.head?.seq ?? 0, ...result.files.map((f) => f.last?.seq ?? 0));
    if (known && known.headSeq > 0 && result.trusted) {
      if (total < known.headSeq) {
        add({ file: relOf(station, SHARE_SEGMENTS_DIR), line: 0, code: 'HISTORY_SHRANK', severity: 'error', expected: `at least ${known.headSeq} events (imported before)`, found: `${total} events`,
          message: `Station ${station} now shows fewer events (${total}) than were already imported (${known.headSeq}): segment files were deleted or replaced by older ones. ` +
            `Nothing more is imported from this station; the events imported before stay in the ledger. ${ASK_ORIGINAL}` });
      } else if (hashAt(result.files, known.headSeq) !== known.headHash) {
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
  problems.sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : x.line - y.line));
  return result;
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

function fromVerifier(station: string, p: VerifyProblem, f: CheckedFile | undefined, identityRel: string): LedgerProblem {
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
  let la: Buffer[];
  let lb: Buffer[];
  try {
    [la, lb] = (await Promise.all([readFile(a.path), readFile(b.path)])).map(splitLines) as [Buffer[], Buffer[]];
  } catch {
    return;
  }
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
