/**
 * Opening a journal: read what is on disk, check it (closed segments end with a seal, the active segment is one
 * gapless chain), and recover a torn last line (a write cut short by a crash) by moving its bytes to quarantine/ and
 * cutting the segment back. Anything else that is wrong is damage: JournalDamagedError, nothing touched.
 */
import { open, readdir, readFile, stat, type FileHandle } from 'node:fs/promises';
import { mkdirDurable } from '../files/atomic-write';
import { join, resolve } from 'node:path';
import type { Clock } from '../time/clock';
import { genesisHash, JournalRecord, Sha256Hex } from './record';
import type { StationKey } from './keys';
import {
  checkRecordShape, checkSeal, CHECKPOINT_FILE, CHECKPOINTS_DIR, hashBytes, parseSegmentCheckpointName, parseSegmentName, QUARANTINE_DIR, RECOVERY_TYPE,
  SEAL_TYPE, SEGMENTS_DIR, segmentCheckpointName, segmentName, STATION_FILE,
} from './format';
import { lineBatches, readLastLine, readLastLineSync, type Line } from './fsutil';
import { JournalDamagedError } from './errors';
import { ensureIdentity } from './identity';
import {
  DEFAULT_SEGMENT_MAX_RECORDS, describeBytes, errno, FSYNC, NO_FLUSH, zodMessage, type ActiveSegment, type Flush, type JournalCheckpoint, type JournalInit,
  type JournalOptions, type RecoveryInfo, type SegmentRef,
} from './options';

/** What open() found and did, for the Journal to finish opening (rotate or reopen, then record the recovery). */
export interface RecoveredState {
  init: JournalInit;
  /** Good lines in the active segment. */
  goodLines: number;
  /** The torn tail moved to quarantine/, to be recorded as a journal.recovery event. */
  tornInfo: Omit<RecoveryInfo, 'record'> | null;
  /** Quarantine files the active segment's recovery records name. */
  referencedQuarantine: Set<string>;
}

/** Steps 1-7 of opening a journal (the Journal does 8 and 9: continue writing, record the recovery). */
export async function recoverOnOpen(opts: JournalOptions): Promise<RecoveredState> {
  const dir = resolve(opts.dir);
  const stationId = opts.stationId;
  if (typeof stationId !== 'string' || stationId.length === 0) throw new TypeError('Journal.open: stationId must be a non-empty string');
  const maxRecords = opts.segmentMaxRecords ?? DEFAULT_SEGMENT_MAX_RECORDS;
  if (!Number.isSafeInteger(maxRecords) || maxRecords < 2) throw new TypeError('Journal.open: segmentMaxRecords must be an integer >= 2');
  const clock = opts.clock;
  const flush = opts.durability === 'none' ? NO_FLUSH : FSYNC;
  const segDir = join(dir, SEGMENTS_DIR);
  const quarantineDir = join(dir, QUARANTINE_DIR);

  // New folders are flushed into their parents, so a journal started just before a power cut keeps its folders.
  await mkdirDurable(segDir, { flushDir: flush.dir });
  await mkdirDurable(quarantineDir, { flushDir: flush.dir });
  const key = await opts.keyStore.loadOrCreate();
  const genesis = genesisHash(stationId);

  // 1. Segment files, ordered by the first seq in their name.
  const segments = await listSegments(segDir);
  const stationFile = join(dir, STATION_FILE);
  const identityExisted = await exists(stationFile);
  if (segments.length === 0) {
    if (identityExisted) {
      throw new JournalDamagedError(segDir, 0, 'at least one segment file (station.json exists, so this journal was started)', 'no segment files',
        'All segment files are missing.');
    }
    const first = segmentName(1);
    await (await open(join(segDir, first), 'a')).close();
    await flush.dir(segDir);
    segments.push({ name: first, firstSeq: 1 });
  }
  await ensureIdentity(stationFile, stationId, key, flush);

  // 2. The checkpoint (validated below, after the active segment is read), and the names of the checkpoints saved
  //    where segments closed (only read if checkpoint.json cannot be used, or is older than them).
  const cpFile = join(dir, CHECKPOINT_FILE);
  const { checkpoint: cp, note: cpNote } = await readCheckpointFile(cpFile, CHECKPOINT_FILE);
  const notes: string[] = cpNote ? [cpNote] : [];
  const segCheckpoints = await listSegmentCheckpoints(join(dir, CHECKPOINTS_DIR), notes);

  // 3. Where the active (last) segment's chain starts: genesis, or the seal that closes the previous segment.
  const activeRef = segments[segments.length - 1] as SegmentRef;
  const activePath = join(segDir, activeRef.name);
  let baseSeq = 0;
  let baseHash = genesis;
  let lastRecord: JournalRecord | null = null;
  if (activeRef.firstSeq > 1) {
    const prevRef = segments[segments.length - 2];
    if (!prevRef) {
      throw new JournalDamagedError(activePath, 0, `segment files before seq ${activeRef.firstSeq}`, 'none',
        `The first segment file starts at seq ${activeRef.firstSeq}: earlier segments are missing.`);
    }
    checkSegmentSequence(segDir, segments.slice(0, -1));
    const prev = await readClosedTail(join(segDir, prevRef.name), prevRef.firstSeq, stationId, key);
    if (prev.record.seq !== activeRef.firstSeq - 1) {
      throw new JournalDamagedError(activePath, 0, `a segment starting at seq ${prev.record.seq + 1} (after ${prevRef.name})`,
        `${activeRef.name}`, 'A segment file is missing between the last two segments.');
    }
    baseSeq = prev.record.seq;
    baseHash = prev.hash;
    lastRecord = prev.record;
  }

  // 4. Read the active segment, line by line. Every line but the last must be perfect.
  let expectSeq = baseSeq + 1;
  let expectPrev = baseHash;
  let goodEnd = 0; // byte offset just after the last good line
  let goodLines = 0;
  let cpHashInActive: string | null = null;
  const referencedQuarantine = new Set<string>();
  let pending: Line | null = null;
  const checkLine = (line: Line, isLast: boolean): void => {
    const where = (expected: string, found: string, what: string) => new JournalDamagedError(activePath, line.lineNo, expected, found, what);
    let rec: unknown;
    try {
      rec = JSON.parse(line.bytes.toString('utf8'));
    } catch {
      throw where('a JSON line', describeBytes(line.bytes), 'A line that is not the last one is not valid JSON.');
    }
    const shape = checkRecordShape(rec);
    if (shape) throw where(shape.expected, shape.found, `Field "${shape.field}" is wrong in a line that is not the last one.`);
    const r = rec as JournalRecord;
    if (r.station !== stationId) throw where(`station "${stationId}"`, `"${r.station}"`, 'A line belongs to another station.');
    if (r.seq !== expectSeq) throw where(`seq ${expectSeq}`, `seq ${r.seq}`, 'The sequence is broken in the middle of the segment.');
    if (r.prev !== expectPrev) throw where(`prev ${expectPrev}`, `prev ${r.prev}`, 'The hash chain is broken in the middle of the segment: a line before this one was changed or removed.');
    if (r.type === SEAL_TYPE && !isLast) throw where('a seal only as the last line of a segment', `a seal at seq ${r.seq}`, 'A seal is followed by more lines in the same segment.');
    if (r.type === RECOVERY_TYPE && typeof r.data?.quarantinedTo === 'string') referencedQuarantine.add(r.data.quarantinedTo);
    const h = hashBytes(line.bytes);
    if (cp && cp.seq === r.seq) cpHashInActive = h;
    expectSeq++;
    expectPrev = h;
    goodEnd = line.offset + line.bytes.length + 1;
    goodLines++;
    lastRecord = r;
  };
  for await (const batch of lineBatches(activePath)) {
    for (const line of batch) {
      if (pending) checkLine(pending, false);
      pending = line;
    }
  }
  let torn: { line: Line; reason: string } | null = null;
  if (pending) {
    const line: Line = pending;
    const reason = lastLineProblem(line, stationId, expectSeq, expectPrev, activePath, key);
    if (reason) torn = { line, reason };
    else checkLine(line, true);
  }

  // 5. A checkpoint beyond what is on disk means acknowledged records are gone: alarm, before touching anything.
  if (cp && cp.seq > expectSeq - 1) {
    throw new JournalDamagedError(cpFile, 0, `the journal to reach seq ${cp.seq}`, `it ends at seq ${expectSeq - 1}${torn ? ` (the next line is damaged: ${torn.reason})` : ''}`,
      'checkpoint.json records more than the journal holds: acknowledged records are missing or damaged. If the journal was reset on purpose, move checkpoint.json and the checkpoints folder aside.');
  }
  // The same for a checkpoint saved where a segment closed: that seal was written and flushed before it.
  const beyond = segCheckpoints.find((seq) => seq > expectSeq - 1);
  if (beyond !== undefined) {
    throw new JournalDamagedError(join(dir, CHECKPOINTS_DIR, segmentCheckpointName(beyond)), 0, `the journal to reach seq ${beyond}`,
      `it ends at seq ${expectSeq - 1}${torn ? ` (the next line is damaged: ${torn.reason})` : ''}`,
      'A checkpoint saved where a segment closed records more than the journal holds: a closed segment is missing or damaged. If the journal was reset on purpose, move checkpoint.json and the checkpoints folder aside.');
  }

  // 6. Torn tail: move the bytes aside, cut the segment back to its last good line.
  let tornInfo: Omit<RecoveryInfo, 'record'> | null = null;
  if (torn) {
    tornInfo = await quarantineTail(dir, activePath, activeRef.name, goodEnd, torn.line.lineNo, torn.reason, clock, flush);
  }

  const journalHead = { seq: expectSeq - 1, hash: expectPrev };

  // 7. Validate the checkpoint against the journal: the line with its seq must hash to its hash. Candidates, newest
  //    first: checkpoint.json and the checkpoints saved where segments closed (checkpoints/, read only when reached).
  //    The first that matches is used; the others are passed over with a note. None matching: the caller folds
  //    from seq 0. A checkpoint is never used unless it matches the journal, so falling back costs time, never state.
  const hashAt = async (seq: number): Promise<string | null> =>
    seq === 0 ? genesis
      : seq === journalHead.seq ? journalHead.hash
        : seq === baseSeq ? baseHash
          : seq >= activeRef.firstSeq ? (cp?.seq === seq ? cpHashInActive : null)
            : await closedLineHash(segDir, segments, seq);
  type Candidate = { seq: number; label: string; load: () => Promise<SavedCheckpoint | null> };
  const candidates: Candidate[] = segCheckpoints.map((seq) => {
    const label = `${CHECKPOINTS_DIR}/${segmentCheckpointName(seq)}`;
    return {
      seq,
      label,
      load: async () => {
        const read = await readCheckpointFile(join(dir, CHECKPOINTS_DIR, segmentCheckpointName(seq)), label);
        if (read.note) notes.push(read.note);
        if (read.checkpoint && read.checkpoint.seq !== seq) {
          notes.push(`${label} ignored: its name says seq ${seq}, its content seq ${read.checkpoint.seq}.`);
          return null;
        }
        return read.checkpoint;
      },
    };
  });
  if (cp) candidates.push({ seq: cp.seq, label: CHECKPOINT_FILE, load: async () => cp });
  // Newest first; on a tie checkpoint.json first (it is already read).
  candidates.sort((a, b) => b.seq - a.seq || (a.label === CHECKPOINT_FILE ? -1 : b.label === CHECKPOINT_FILE ? 1 : 0));
  let checkpoint: JournalCheckpoint | null = null;
  let usedLabel: string | null = null;
  const badSegmentCheckpoints: number[] = [];
  for (const c of candidates) {
    const bad = () => {
      if (c.label !== CHECKPOINT_FILE) badSegmentCheckpoints.push(c.seq);
    };
    const saved = await c.load();
    if (!saved) {
      bad();
      continue;
    }
    const actual = await hashAt(saved.seq);
    if (actual !== null && actual === saved.hash) {
      checkpoint = { seq: saved.seq, hash: saved.hash, projection: saved.projection };
      usedLabel = c.label;
      break;
    }
    notes.push(`${c.label} ignored: line ${saved.seq} hashes to ${actual ?? '(not found)'}, the checkpoint says ${saved.hash} (stale).`);
    bad();
  }
  if (usedLabel && usedLabel !== CHECKPOINT_FILE) {
    notes.push(`${cp || cpNote ? 'Started' : 'checkpoint.json is missing; started'} from ${usedLabel} (seq ${checkpoint?.seq}).`);
  }
  const checkpointNote = notes.length ? notes.join(' ') : null;

  const active: ActiveSegment = { ...activeRef, fh: null, size: goodEnd, lines: goodLines };
  return {
    init: { dir, stationId, clock, flush, key, maxRecords, segments, active, head: journalHead, lastRecord, checkpoint, checkpointNote, segmentCheckpoints: [...segCheckpoints].reverse(), badSegmentCheckpoints },
    goodLines,
    tornInfo,
    referencedQuarantine,
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if (errno(err) === 'ENOENT') return false;
    throw err;
  }
}

async function listSegments(segDir: string): Promise<SegmentRef[]> {
  const out: SegmentRef[] = [];
  for (const name of await readdir(segDir)) {
    const firstSeq = parseSegmentName(name);
    if (firstSeq !== null) out.push({ name, firstSeq });
  }
  return out.sort((a, b) => a.firstSeq - b.firstSeq);
}

interface SavedCheckpoint {
  seq: number;
  hash: string;
  projection: unknown;
}

/** checkpoint.json or a checkpoints/ file (`label` names it in notes): its seq, hash and projection, or why not. */
async function readCheckpointFile(file: string, label: string): Promise<{ checkpoint: SavedCheckpoint | null; note: string | null }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (errno(err) === 'ENOENT') return { checkpoint: null, note: null };
    return { checkpoint: null, note: `${label} ignored: cannot read it (${(err as Error).message}).` };
  }
  try {
    const o = JSON.parse(text) as { seq?: unknown; hash?: unknown; projection?: unknown };
    if (!Number.isSafeInteger(o.seq) || (o.seq as number) < 0 || !Sha256Hex.safeParse(o.hash).success) {
      return { checkpoint: null, note: `${label} ignored: it has no valid seq and hash.` };
    }
    return { checkpoint: { seq: o.seq as number, hash: o.hash as string, projection: o.projection }, note: null };
  } catch {
    return { checkpoint: null, note: `${label} ignored: it is not valid JSON.` };
  }
}

/** The seqs of the checkpoints saved where segments closed (checkpoints/), newest first; other names are left alone. */
async function listSegmentCheckpoints(cpDir: string, notes: string[]): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir(cpDir);
  } catch (err) {
    if (errno(err) !== 'ENOENT') notes.push(`${CHECKPOINTS_DIR}/ ignored: cannot list it (${(err as Error).message}).`);
    return [];
  }
  const seqs: number[] = [];
  for (const name of names) {
    const seq = parseSegmentCheckpointName(name);
    if (seq !== null) seqs.push(seq);
  }
  return seqs.sort((a, b) => b - a);
}

/**
 * Every closed segment must end with a seal whose seq is one before the next segment's first seq: a cheap check
 * (one small synchronous read at the end of each file: ~20 µs each) that no segment is missing or cut short. The full check of
 * their content is the verifier's job.
 */
function checkSegmentSequence(segDir: string, closed: SegmentRef[]): void {
  const first = closed[0];
  if (first && first.firstSeq !== 1) {
    throw new JournalDamagedError(join(segDir, first.name), 0, 'the first segment to start at seq 1', `it starts at seq ${first.firstSeq}`,
      'Segment files at the start of the journal are missing.');
  }
  for (let i = 0; i + 1 < closed.length; i++) {
    // The last closed segment is checked in full by readClosedTail.
    const ref = closed[i] as SegmentRef;
    const next = closed[i + 1] as SegmentRef;
    const file = join(segDir, ref.name);
    const tail = readLastLineSync(file);
    let seq: unknown;
    let type: unknown;
    try {
      ({ seq, type } = JSON.parse(tail?.bytes.toString('utf8') ?? '') as { seq?: unknown; type?: unknown });
    } catch {
      seq = undefined;
    }
    if (!tail || !tail.terminated || typeof seq !== 'number' || type !== SEAL_TYPE) {
      throw new JournalDamagedError(file, 0, 'a closed segment ending with a complete seal line', tail ? describeBytes(tail.bytes) : 'an empty file',
        'A closed segment does not end with a seal: its end is damaged or missing.');
    }
    if (seq !== next.firstSeq - 1) {
      throw new JournalDamagedError(join(segDir, next.name), 0, `a segment starting at seq ${seq + 1} (after ${ref.name})`, next.name,
        seq < next.firstSeq - 1 ? 'A segment file is missing.' : 'Segments overlap.');
    }
  }
}

/** The last line of a closed segment: must be a complete, valid seal of this station. */
async function readClosedTail(file: string, firstSeq: number, stationId: string, key: StationKey): Promise<{ record: JournalRecord; hash: string }> {
  const tail = await readLastLine(file);
  if (!tail) throw new JournalDamagedError(file, 0, 'a closed segment ending with a seal', 'an empty file', 'A closed segment is empty.');
  const guessLine = (seq: unknown) => (typeof seq === 'number' ? seq - firstSeq + 1 : 0);
  if (!tail.terminated) {
    throw new JournalDamagedError(file, 0, 'a closed segment ending with "\\n"', 'a cut-off last line', 'A closed segment does not end with a complete line.');
  }
  let rec: unknown;
  try {
    rec = JSON.parse(tail.bytes.toString('utf8'));
  } catch {
    throw new JournalDamagedError(file, 0, 'a JSON seal line', describeBytes(tail.bytes), 'The last line of a closed segment is not valid JSON.');
  }
  const shape = checkRecordShape(rec);
  const r = rec as JournalRecord;
  if (shape) throw new JournalDamagedError(file, guessLine(r.seq), shape.expected, shape.found, `The last line of a closed segment has a bad "${shape.field}".`);
  const line = guessLine(r.seq);
  if (r.station !== stationId) throw new JournalDamagedError(file, line, `station "${stationId}"`, `"${r.station}"`, 'A closed segment belongs to another station.');
  if (r.type !== SEAL_TYPE) throw new JournalDamagedError(file, line, 'a journal.seal line', `"${r.type}"`, 'A closed segment does not end with a seal.');
  const check = checkSeal(tail.bytes, r, key.publicKey, key.keyId);
  if (!check.ok) throw new JournalDamagedError(file, line, check.expected, check.found, check.message);
  return { record: r, hash: hashBytes(tail.bytes) };
}

/** Why the active segment's last line is a torn tail, or null when it is good. Throws on damage that is no tear. */
function lastLineProblem(line: Line, stationId: string, expectSeq: number, expectPrev: string, file: string, key: StationKey): string | null {
  if (!line.terminated) return 'no-newline';
  let rec: unknown;
  try {
    rec = JSON.parse(line.bytes.toString('utf8'));
  } catch {
    return 'bad-json';
  }
  const parsed = JournalRecord.safeParse(rec);
  if (!parsed.success) return `bad-record: ${zodMessage(parsed.error.issues)}`.slice(0, 300);
  const shape = checkRecordShape(rec);
  if (shape) return `bad-record: ${shape.field}: expected ${shape.expected}, found ${shape.found}`.slice(0, 300);
  const r = rec as JournalRecord;
  if (r.seq !== expectSeq) return `chain-broken: expected seq ${expectSeq}, found ${r.seq}`;
  if (r.prev !== expectPrev) return `chain-broken: prev does not match the line before`;
  if (r.station !== stationId) {
    throw new JournalDamagedError(file, line.lineNo, `station "${stationId}"`, `"${r.station}"`, 'The last line belongs to another station.');
  }
  if (r.type === SEAL_TYPE) {
    const check = checkSeal(line.bytes, r, key.publicKey, key.keyId);
    if (!check.ok) throw new JournalDamagedError(file, line.lineNo, check.expected, check.found, check.message);
  }
  return null;
}

function compactTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:.]/g, '');
}

/** Move the bytes after `goodEnd` to quarantine/, flushed, then cut the segment back to `goodEnd`, flushed. */
async function quarantineTail(dir: string, segPath: string, segName: string, goodEnd: number, lineNo: number, reason: string, clock: Clock, flush: Flush):
  Promise<Omit<RecoveryInfo, 'record'>> {
  const fh = await open(segPath, 'r+');
  try {
    const { size } = await fh.stat();
    const bytes = Buffer.alloc(size - goodEnd);
    if (bytes.length > 0) await fh.read(bytes, 0, bytes.length, goodEnd);
    const qDir = join(dir, QUARANTINE_DIR);
    const stamp = compactTime(clock.now());
    let name = `${segName}.${stamp}.torn`;
    let qf: FileHandle | null = null;
    for (let n = 1; qf === null; n++) {
      try {
        qf = await open(join(qDir, name), 'wx', 0o644);
      } catch (err) {
        if (errno(err) !== 'EEXIST' || n > 1000) throw err;
        name = `${segName}.${stamp}-${n}.torn`;
      }
    }
    try {
      await qf.writeFile(bytes);
      await flush.full(qf);
    } finally {
      await qf.close();
    }
    await flush.dir(qDir);
    await fh.truncate(goodEnd);
    await flush.full(fh);
    return { segment: segName, line: lineNo, quarantinedTo: `${QUARANTINE_DIR}/${name}`, bytes: bytes.length, sha256: hashBytes(bytes), reason };
  } finally {
    await fh.close();
  }
}

/**
 * SHA-256 of the line holding `seq` in a closed segment (for checkpoint validation), or null if not found. A seq that
 * ends a segment (where checkpoints/ files are saved) is its seal, the segment's last line: one small read at the end.
 */
async function closedLineHash(segDir: string, segments: SegmentRef[], seq: number): Promise<string | null> {
  const i = segments.findIndex((s) => s.firstSeq === seq + 1);
  if (i < 1) return hashOfLine(segDir, segments, seq);
  try {
    const tail = await readLastLine(join(segDir, (segments[i - 1] as SegmentRef).name));
    if (!tail || !tail.terminated) return null;
    return hashBytes(tail.bytes);
  } catch {
    return null;
  }
}

/** SHA-256 of the line holding `seq` in a closed segment (for checkpoint validation), or null if not found. */
async function hashOfLine(segDir: string, segments: SegmentRef[], seq: number): Promise<string | null> {
  let seg: SegmentRef | null = null;
  for (const s of segments) if (s.firstSeq <= seq) seg = s;
  if (!seg) return null;
  const want = seq - seg.firstSeq + 1;
  try {
    for await (const batch of lineBatches(join(segDir, seg.name))) {
      for (const line of batch) {
        if (line.lineNo !== want) continue;
        if (!line.terminated) return null;
        try {
          const r = JSON.parse(line.bytes.toString('utf8')) as { seq?: unknown };
          if (r.seq !== seq) return null;
        } catch {
          return null;
        }
        return hashBytes(line.bytes);
      }
    }
  } catch {
    return null;
  }
  return null;
}
