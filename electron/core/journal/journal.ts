import { mkdir, open, readdir, readFile, stat, type FileHandle } from 'node:fs/promises';
import fs from 'node:fs';
import { join, resolve } from 'node:path';
import { newId } from './ids';
import type { Clock } from '../time/clock';
import { fastIsoWithOffset } from './time';
import { genesisHash, JournalRecord, JOURNAL_FORMAT, Sha256Hex, type EventInput } from './record';
import type { StationKey, StationKeyStore } from './keys';
import { normalizePublicKey } from './keys';
import {
  assertPlainJson, checkRecordShape, checkSeal, CHECKPOINT_FILE, hashBytes, parseSegmentName, QUARANTINE_DIR, RECOVERY_TYPE,
  RESERVED_TYPE_PREFIX, SEAL_TYPE, SEGMENTS_DIR, segmentName, serializeRecord, signSealRecord, STATION_FILE,
} from './format';
import { atomicWriteFile, fsyncDir, lineBatches, readLastLine, readLastLineSync, type Line } from './fsutil';
import { JournalDamagedError, JournalInputError, JournalStateError, JournalWriteError } from './errors';

export interface JournalOptions {
  /** The journal folder (created if missing). */
  dir: string;
  stationId: string;
  clock: Clock;
  keyStore: StationKeyStore;
  /** Most lines in one segment file, its seal included. Default 10 000; at least 2. */
  segmentMaxRecords?: number;
  /**
   * 'fsync' (default): every write is flushed to disk (fdatasync, fsync of folders) before it counts.
   * 'none': no flush at all, for tests that open and append thousands of times; a power cut can lose acknowledged
   * records, so never in the app (the crash test keeps 'fsync').
   */
  durability?: 'fsync' | 'none';
}

/** The journal's flushes, in one place so tests can turn them off (JournalOptions.durability). */
interface Flush {
  /** After appending a line: data only (the size change is flushed with it). */
  data(fh: FileHandle): Promise<void>;
  /** After cutting or creating a file: data and metadata. */
  full(fh: FileHandle): Promise<void>;
  /** After creating, renaming or removing a name in a folder. */
  dir(path: string): Promise<void>;
  /** Whether atomic replacements (checkpoint.json, station.json) flush too. */
  readonly enabled: boolean;
}

const FSYNC: Flush = { data: (fh) => fh.datasync(), full: (fh) => fh.sync(), dir: fsyncDir, enabled: true };
const NO_FLUSH: Flush = { data: async () => undefined, full: async () => undefined, dir: async () => undefined, enabled: false };

export interface JournalHead {
  seq: number;
  hash: string;
}

export interface JournalCheckpoint {
  seq: number;
  hash: string;
  projection: unknown;
}

/** What open() did about a torn last line. */
export interface RecoveryInfo {
  /** Segment file name the bytes were removed from. */
  segment: string;
  /** Line number (1-based) of the torn line in that segment. */
  line: number;
  /** Where the bytes went, relative to the journal folder: quarantine/<segment>.<time>.torn */
  quarantinedTo: string;
  bytes: number;
  /** SHA-256 (hex) of the quarantined bytes. */
  sha256: string;
  reason: string;
  /** The journal.recovery record appended. */
  record: JournalRecord;
}

/** Identity file of a journal: who writes it and the key its seals verify with. */
export interface StationIdentity {
  stationId: string;
  /** Raw 32-byte Ed25519 public key, base64. */
  publicKey: string;
  /** First 16 hex characters of SHA-256 over the raw public key. */
  keyId: string;
}

export const DEFAULT_SEGMENT_MAX_RECORDS = 10_000;
/** A single line may not exceed this (a value that large belongs in a file, not in the journal). */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

const INPUT_FIELDS = ['actor', 'type', 'run', 'standard', 'step', 'value', 'reason', 'supersedes', 'data'] as const;
const INPUT_KEYS: ReadonlySet<string> = new Set(INPUT_FIELDS);

interface SegmentRef {
  name: string;
  firstSeq: number;
}

interface ActiveSegment extends SegmentRef {
  fh: FileHandle | null;
  /** Bytes of committed (written and flushed) lines. */
  size: number;
  /** Committed lines. */
  lines: number;
}

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

function compactTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:.]/g, '');
}

function zodMessage(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(record)'}: ${i.message}`).join('; ');
}

/**
 * The station's append-only, hash-chained, sealed event journal. See docs/journal.md for the format.
 *
 * Every append is one line written in one write() and flushed with fdatasync before its promise resolves.
 * Appends, seals and rotation run one at a time through a promise queue.
 */
export class Journal {
  readonly dir: string;
  readonly stationId: string;
  readonly publicKey: string;
  readonly keyId: string;
  /** The checkpoint found at open, if it matched the journal; null otherwise. */
  readonly checkpoint: JournalCheckpoint | null;
  /** Why a checkpoint.json found at open was ignored (stale or unreadable), or null. */
  readonly checkpointNote: string | null;
  private recovered: RecoveryInfo | null = null;

  private readonly clock: Clock;
  private readonly flush: Flush;
  private readonly key: StationKey;
  private readonly maxRecords: number;
  private readonly segDir: string;
  private readonly segments: SegmentRef[];
  private active: ActiveSegment;
  private headSeq: number;
  private headHash: string;
  private lastRecord: JournalRecord | null;
  private queue: Promise<unknown> = Promise.resolve();
  private checkpointQueue: Promise<unknown> = Promise.resolve();
  private closing = false;
  private broken: Error | null = null;

  private constructor(init: {
    dir: string; stationId: string; clock: Clock; flush: Flush; key: StationKey; maxRecords: number; segments: SegmentRef[];
    active: ActiveSegment; head: JournalHead; lastRecord: JournalRecord | null; checkpoint: JournalCheckpoint | null; checkpointNote: string | null;
  }) {
    this.dir = init.dir;
    this.stationId = init.stationId;
    this.clock = init.clock;
    this.flush = init.flush;
    this.key = init.key;
    this.publicKey = init.key.publicKey;
    this.keyId = init.key.keyId;
    this.maxRecords = init.maxRecords;
    this.segDir = join(init.dir, SEGMENTS_DIR);
    this.segments = init.segments;
    this.active = init.active;
    this.headSeq = init.head.seq;
    this.headHash = init.head.hash;
    this.lastRecord = init.lastRecord;
    this.checkpoint = init.checkpoint;
    this.checkpointNote = init.checkpointNote;
  }

  /** The torn tail recovered at open (moved to quarantine/, recorded as a journal.recovery event), or null. */
  get recovery(): RecoveryInfo | null {
    return this.recovered;
  }

  /** seq and hash (SHA-256 of the line's bytes, without "\n") of the last committed line; {0, genesis} when empty. */
  get head(): JournalHead {
    return { seq: this.headSeq, hash: this.headHash };
  }

  /** Full paths of the segment files: closed (sealed, immutable) ones and the active one. */
  segmentFiles(): { closed: string[]; active: string } {
    return {
      closed: this.segments.filter((s) => s.name !== this.active.name).map((s) => join(this.segDir, s.name)),
      active: join(this.segDir, this.active.name),
    };
  }

  // ------------------------------------------------------------------ open

  static async open(opts: JournalOptions): Promise<Journal> {
    const dir = resolve(opts.dir);
    const stationId = opts.stationId;
    if (typeof stationId !== 'string' || stationId.length === 0) throw new TypeError('Journal.open: stationId must be a non-empty string');
    const maxRecords = opts.segmentMaxRecords ?? DEFAULT_SEGMENT_MAX_RECORDS;
    if (!Number.isSafeInteger(maxRecords) || maxRecords < 2) throw new TypeError('Journal.open: segmentMaxRecords must be an integer >= 2');
    const clock = opts.clock;
    const flush = opts.durability === 'none' ? NO_FLUSH : FSYNC;
    const segDir = join(dir, SEGMENTS_DIR);
    const quarantineDir = join(dir, QUARANTINE_DIR);

    await mkdir(dir, { recursive: true });
    await mkdir(segDir, { recursive: true });
    await mkdir(quarantineDir, { recursive: true });
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

    // 2. The checkpoint (validated below, after the active segment is read).
    const cpFile = join(dir, CHECKPOINT_FILE);
    let { checkpoint: cp, note: checkpointNote } = await readCheckpointFile(cpFile);

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
        'checkpoint.json records more than the journal holds: acknowledged records are missing or damaged. If the journal was reset on purpose, move checkpoint.json aside.');
    }

    // 6. Torn tail: move the bytes aside, cut the segment back to its last good line.
    let tornInfo: Omit<RecoveryInfo, 'record'> | null = null;
    if (torn) {
      tornInfo = await quarantineTail(dir, activePath, activeRef.name, goodEnd, torn.line.lineNo, torn.reason, clock, flush);
    }

    const journalHead = { seq: expectSeq - 1, hash: expectPrev };

    // 7. Validate the checkpoint against the journal.
    let checkpoint: JournalCheckpoint | null = null;
    if (cp) {
      const actual: string | null = cp.seq === 0 ? genesis
        : cp.seq === baseSeq ? baseHash
          : cp.seq >= activeRef.firstSeq ? cpHashInActive
            : await hashOfLine(segDir, segments, cp.seq);
      if (actual !== null && actual === cp.hash) checkpoint = { seq: cp.seq, hash: cp.hash, projection: cp.projection };
      else checkpointNote = `checkpoint.json ignored: line ${cp.seq} hashes to ${actual ?? '(not found)'}, the checkpoint says ${cp.hash} (stale).`;
      cp = null;
    }

    const active: ActiveSegment = { ...activeRef, fh: null, size: goodEnd, lines: goodLines };
    const journal = new Journal({
      dir, stationId, clock, flush, key, maxRecords, segments, active, head: journalHead, lastRecord, checkpoint, checkpointNote,
    });

    // 8. A segment whose last line is a seal is closed: continue in a new one (crash between seal and rotation).
    const last = journal.lastRecord;
    if (goodLines > 0 && last?.type === SEAL_TYPE) await journal.rotate();
    else await journal.openActive();

    // 9. Record what recovery did, in the journal itself.
    if (tornInfo) {
      const record = await journal.appendInternal({ actor: 'system', type: RECOVERY_TYPE, data: { ...tornInfo } });
      await journal.rotateIfFull();
      journal.recovered = { ...tornInfo, record };
    }
    // A crash during an earlier recovery can leave a quarantine file without its record: record it now.
    await journal.recordOrphanQuarantine(activeRef.name, referencedQuarantine, tornInfo?.quarantinedTo ?? null);
    return journal;
  }

  // ------------------------------------------------------------------ writing

  /**
   * Append one event. Resolves with the record as written (and as it reads back) once its line is flushed to disk.
   * Rejects with JournalInputError (nothing written) or JournalWriteError (nothing recorded; the head did not move).
   */
  append(input: EventInput): Promise<JournalRecord> {
    if (this.closing) return Promise.reject(new JournalStateError('JOURNAL_CLOSED', 'The journal is closed.'));
    return this.enqueue(async () => {
      if (typeof input !== 'object' || input === null) throw new JournalInputError('append() needs an event object.');
      if (typeof input.type === 'string' && input.type.startsWith(RESERVED_TYPE_PREFIX)) {
        throw new JournalInputError(`Event type "${input.type}" is reserved for the journal itself.`);
      }
      const record = await this.appendInternal(input);
      await this.rotateIfFull();
      return record;
    });
  }

  /**
   * Append a journal.seal record signed with the station key over the whole seal line, then close the segment:
   * the next append starts a new segment file. If nothing was appended since the last seal, returns that seal.
   */
  seal(actor = 'system'): Promise<JournalRecord> {
    if (this.closing) return Promise.reject(new JournalStateError('JOURNAL_CLOSED', 'The journal is closed.'));
    return this.enqueue(async () => {
      if (this.active.lines === 0 && this.lastRecord?.type === SEAL_TYPE) return this.lastRecord;
      return this.sealInternal(actor);
    });
  }

  /**
   * Save a read model's state at the current head to checkpoint.json (atomically), so a later open can start from it
   * instead of replaying history. The head is taken when this is called: pass the projection of every record whose
   * append has resolved by then.
   */
  saveCheckpoint(projection: unknown): Promise<void> {
    if (this.closing) return Promise.reject(new JournalStateError('JOURNAL_CLOSED', 'The journal is closed.'));
    const seq = this.headSeq;
    const hash = this.headHash;
    const segment = this.segmentOf(seq);
    let text: string;
    try {
      text = JSON.stringify({ seq, hash, segment, projection }) + '\n';
    } catch (err) {
      return Promise.reject(new JournalInputError(`The projection cannot be saved as JSON: ${(err as Error).message}`, { cause: err }));
    }
    const run = this.checkpointQueue.then(() => atomicWriteFile(join(this.dir, CHECKPOINT_FILE), text, this.flush.enabled));
    this.checkpointQueue = run.catch(() => undefined);
    return run;
  }

  /** Wait for pending appends, then close the active segment file. Does not seal. */
  async close(): Promise<void> {
    this.closing = true;
    await this.queue.catch(() => undefined);
    await this.checkpointQueue.catch(() => undefined);
    const fh = this.active.fh;
    this.active.fh = null;
    if (fh) await fh.close();
  }

  // ------------------------------------------------------------------ reading

  /**
   * Records with seq > `afterSeq`, in order, up to the head at the time of the call. Reads only the segments that
   * can hold them (a segment's name carries its first seq). Throws JournalDamagedError if what it reads is not a
   * well-formed, gapless sequence.
   */
  readSince(afterSeq: number): AsyncIterable<JournalRecord> {
    const upTo = this.headSeq;
    const segments = this.segments.slice();
    const activeName = this.active.name;
    const activeSize = this.active.size;
    const segDir = this.segDir;
    const stationId = this.stationId;
    return {
      async *[Symbol.asyncIterator]() {
        if (!(afterSeq < upTo)) return;
        let start = 0;
        for (let i = 0; i < segments.length; i++) if ((segments[i] as SegmentRef).firstSeq <= afterSeq + 1) start = i;
        for (let i = start; i < segments.length; i++) {
          const seg = segments[i] as SegmentRef;
          if (seg.firstSeq > upTo) return;
          const file = join(segDir, seg.name);
          let expect = seg.firstSeq;
          const maxBytes = seg.name === activeName ? activeSize : undefined;
          for await (const batch of lineBatches(file, { maxBytes })) {
            for (const line of batch) {
              if (expect > upTo) return;
              if (expect <= afterSeq) { expect++; continue; }
              const fail = (e: string, f: string, what: string) => new JournalDamagedError(file, line.lineNo, e, f, what);
              if (!line.terminated) throw fail('a line ending with "\\n"', 'end of file', 'A line is cut short.');
              let rec: unknown;
              try {
                rec = JSON.parse(line.bytes.toString('utf8'));
              } catch {
                throw fail('a JSON line', describeBytes(line.bytes), 'A line is not valid JSON.');
              }
              const shape = checkRecordShape(rec);
              if (shape) throw fail(shape.expected, shape.found, `Field "${shape.field}" is wrong.`);
              const r = rec as JournalRecord;
              if (r.seq !== expect) throw fail(`seq ${expect}`, `seq ${r.seq}`, 'The sequence is broken.');
              if (r.station !== stationId) throw fail(`station "${stationId}"`, `"${r.station}"`, 'A line belongs to another station.');
              expect++;
              yield r;
            }
          }
          if (expect <= upTo && i === segments.length - 1) {
            throw new JournalDamagedError(file, expect - seg.firstSeq + 1, `seq ${expect}`, 'end of file', 'Records are missing.');
          }
        }
      },
    };
  }

  // ------------------------------------------------------------------ internals

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.broken) throw this.broken;
      return task();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Name of the segment holding `seq` (the active one for 0 or an empty journal). */
  private segmentOf(seq: number): string {
    let name = (this.segments[0] as SegmentRef).name;
    for (const s of this.segments) if (s.firstSeq <= Math.max(seq, 1)) name = s.name;
    return name;
  }

  private buildRecord(input: EventInput, seq: number): { record: JournalRecord; line: string } {
    for (const k of Object.keys(input)) {
      if (!INPUT_KEYS.has(k)) throw new JournalInputError(`Unknown event field "${k}": the journal sets v, seq, id, station, at and prev itself.`);
    }
    try {
      if (input.value !== undefined) assertPlainJson(input.value, 'value');
      if (input.data !== undefined) assertPlainJson(input.data, 'data');
    } catch (err) {
      throw new JournalInputError((err as Error).message, { cause: err });
    }
    // Only the fields given (zod is faster without explicit undefined), in the written order.
    const candidate: Record<string, unknown> = {
      v: JOURNAL_FORMAT,
      seq,
      id: newId(),
      station: this.stationId,
      at: fastIsoWithOffset(this.clock.now(), this.clock.timeZone),
    };
    const src = input as Record<string, unknown>;
    for (const k of INPUT_FIELDS) if (src[k] !== undefined) candidate[k] = src[k];
    candidate.prev = this.headHash;
    const parsed = JournalRecord.safeParse(candidate);
    if (!parsed.success) throw new JournalInputError(`Invalid event: ${zodMessage(parsed.error.issues)}`, { cause: parsed.error });
    const line = serializeRecord(parsed.data);
    return { record: JSON.parse(line) as JournalRecord, line };
  }

  /** Build, write and flush one record; advance the head only when all of that succeeded. */
  private async appendInternal(input: EventInput): Promise<JournalRecord> {
    const { record, line } = this.buildRecord(input, this.headSeq + 1);
    const bytes = Buffer.from(line + '\n', 'utf8');
    await this.writeLine(bytes);
    this.commit(record, bytes);
    return record;
  }

  private commit(record: JournalRecord, bytes: Buffer): void {
    this.headSeq = record.seq;
    this.headHash = hashBytes(bytes.subarray(0, bytes.length - 1));
    this.active.size += bytes.length;
    this.active.lines++;
    this.lastRecord = record;
  }

  private async sealInternal(actor: string): Promise<JournalRecord> {
    const seq = this.headSeq + 1;
    const unsigned = this.buildRecord({ actor, type: SEAL_TYPE, data: { keyId: this.keyId, signature: '' } }, seq);
    const { record, line } = signSealRecord(unsigned.record, this.keyId, (m) => this.key.sign(m));
    const bytes = Buffer.from(line + '\n', 'utf8');
    const check = checkSeal(bytes.subarray(0, bytes.length - 1), record, this.publicKey, this.keyId);
    if (!check.ok) throw new JournalWriteError(`The station key produced a seal that does not verify (${check.message}); nothing was written.`);
    await this.writeLine(bytes);
    this.commit(record, bytes);
    await this.rotate();
    return record;
  }

  private async rotateIfFull(): Promise<void> {
    if (this.active.lines < this.maxRecords - 1) return;
    try {
      await this.sealInternal('system');
    } catch {
      // The record itself is safely written; sealing is retried after the next append.
    }
  }

  /** Close the active segment (it ends with a seal) and start the next one, named after its first seq. */
  private async rotate(): Promise<void> {
    const old = this.active.fh;
    this.active.fh = null;
    if (old) await old.close().catch(() => undefined);
    const ref: SegmentRef = { name: segmentName(this.headSeq + 1), firstSeq: this.headSeq + 1 };
    this.segments.push(ref);
    this.active = { ...ref, fh: null, size: 0, lines: 0 };
    try {
      await this.openActive();
    } catch {
      // Retried by the next write (ensureActive).
    }
  }

  private async openActive(): Promise<FileHandle> {
    if (this.active.fh) return this.active.fh;
    const path = join(this.segDir, this.active.name);
    const fh = await open(path, 'a');
    try {
      const { size } = await fh.stat();
      if (size !== this.active.size) {
        throw new JournalDamagedError(path, 0, `${this.active.size} bytes`, `${size} bytes`, 'The active segment changed size while the journal was not writing to it.');
      }
      if (size === 0) await this.flush.dir(this.segDir);
    } catch (err) {
      await fh.close().catch(() => undefined);
      throw err;
    }
    this.active.fh = fh;
    return fh;
  }

  /** One write() of the whole line, then fdatasync. On any failure, cut the file back and reject. */
  private async writeLine(bytes: Buffer): Promise<void> {
    if (bytes.length > MAX_LINE_BYTES) {
      throw new JournalInputError(`The event is ${bytes.length} bytes once written; at most ${MAX_LINE_BYTES} bytes fit in one journal line.`);
    }
    let fh: FileHandle;
    try {
      fh = await this.openActive();
    } catch (err) {
      throw new JournalWriteError(`Cannot open the journal segment ${this.active.name} for writing: ${(err as Error).message}. Nothing was recorded.`, { cause: err });
    }
    const before = this.active.size;
    try {
      // The write itself only reaches the page cache (microseconds), so it is done in place; the flush to disk,
      // the slow part, goes to the thread pool. This saves one thread-pool round trip per append.
      const bytesWritten = fs.writeSync(fh.fd, bytes, 0, bytes.length);
      if (bytesWritten !== bytes.length) throw new Error(`short write (${bytesWritten} of ${bytes.length} bytes; disk full?)`);
      await this.flush.data(fh);
    } catch (err) {
      try {
        await fh.truncate(before);
        await this.flush.data(fh);
      } catch (rollbackErr) {
        this.broken = new JournalStateError('JOURNAL_BROKEN',
          `The journal could not undo a failed write (${(rollbackErr as Error).message}). Close and reopen it: opening repairs a torn last line.`, { cause: rollbackErr });
        this.active.fh = null;
        await fh.close().catch(() => undefined);
      }
      throw new JournalWriteError(`Writing to the journal failed: ${(err as Error).message}. Nothing was recorded; the journal is unchanged.`, { cause: err });
    }
  }

  private async recordOrphanQuarantine(segment: string, referenced: Set<string>, justCreated: string | null): Promise<void> {
    let names: string[];
    try {
      names = await readdir(join(this.dir, QUARANTINE_DIR));
    } catch {
      return;
    }
    const prefix = `${segment}.`;
    for (const name of names.sort()) {
      const rel = `${QUARANTINE_DIR}/${name}`;
      if (!name.startsWith(prefix) || !name.endsWith('.torn') || referenced.has(rel) || rel === justCreated) continue;
      const content = await readFile(join(this.dir, rel));
      await this.appendInternal({
        actor: 'system',
        type: RECOVERY_TYPE,
        data: { segment, quarantinedTo: rel, bytes: content.length, sha256: hashBytes(content), reason: 'interrupted-recovery' },
      });
      await this.rotateIfFull();
    }
  }
}

// -------------------------------------------------------------------- helpers for open()

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

function describeBytes(bytes: Buffer): string {
  const s = bytes.toString('utf8');
  return s.length > 60 ? `${JSON.stringify(s.slice(0, 60))}...` : JSON.stringify(s);
}

/** Read or create station.json; refuse a journal of another station or another key. */
async function ensureIdentity(file: string, stationId: string, key: StationKey, flush: Flush): Promise<StationIdentity> {
  const mine: StationIdentity = { stationId, publicKey: key.publicKey, keyId: key.keyId };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (errno(err) !== 'ENOENT') throw err;
    await atomicWriteFile(file, JSON.stringify(mine, null, 2) + '\n', flush.enabled);
    return mine;
  }
  let found: Partial<StationIdentity>;
  try {
    found = JSON.parse(text) as Partial<StationIdentity>;
  } catch {
    throw new JournalDamagedError(file, 0, 'JSON { stationId, publicKey, keyId }', describeBytes(Buffer.from(text)), 'station.json is not valid JSON.');
  }
  if (found.stationId !== stationId) {
    throw new JournalStateError('JOURNAL_IDENTITY', `This journal belongs to station "${String(found.stationId)}", not "${stationId}" (${file}).`);
  }
  let foundKey: string | null;
  try {
    foundKey = typeof found.publicKey === 'string' ? normalizePublicKey(found.publicKey) : null;
  } catch {
    foundKey = null;
  }
  if (foundKey !== key.publicKey) {
    throw new JournalStateError('JOURNAL_IDENTITY',
      `The station key (keyId ${key.keyId}) is not the key of this journal (station.json keyId ${String(found.keyId)}). ` +
      'Restore the station\'s original key; never delete or replace station.json, or the journal\'s seals cannot be checked.');
  }
  return mine;
}

async function readCheckpointFile(file: string): Promise<{ checkpoint: { seq: number; hash: string; projection: unknown } | null; note: string | null }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (errno(err) === 'ENOENT') return { checkpoint: null, note: null };
    return { checkpoint: null, note: `checkpoint.json ignored: cannot read it (${(err as Error).message}).` };
  }
  try {
    const o = JSON.parse(text) as { seq?: unknown; hash?: unknown; projection?: unknown };
    if (!Number.isSafeInteger(o.seq) || (o.seq as number) < 0 || !Sha256Hex.safeParse(o.hash).success) {
      return { checkpoint: null, note: 'checkpoint.json ignored: it has no valid seq and hash.' };
    }
    return { checkpoint: { seq: o.seq as number, hash: o.hash as string, projection: o.projection }, note: null };
  } catch {
    return { checkpoint: null, note: 'checkpoint.json ignored: it is not valid JSON.' };
  }
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
