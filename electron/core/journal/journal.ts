import { open, readdir, readFile, unlink, type FileHandle } from 'node:fs/promises';
import fs from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../time/clock';
import { fastIsoWithOffset } from './time';
import type { EventInput, JournalRecord } from './record';
import { buildRecord } from './build-record';
import type { StationKey } from './keys';
import {
  checkRecordShape, checkSeal, CHECKPOINT_FILE, CHECKPOINTS_DIR, hashBytes, QUARANTINE_DIR, RECOVERY_TYPE,
  RESERVED_TYPE_PREFIX, SEAL_TYPE, SEGMENT_CHECKPOINTS_KEPT, segmentCheckpointName, SEGMENTS_DIR, segmentName, signSealRecord,
} from './format';
import { lineBatches, readLastLine } from './fsutil';
import { mkdirDurable, writeFileReplacing } from '../files/atomic-write';
import { JournalDamagedError, JournalInputError, JournalStateError, JournalWriteError } from './errors';
import {
  describeBytes, MAX_LINE_BYTES, type ActiveSegment, type Flush, type JournalCheckpoint, type JournalHead, type JournalInit,
  type JournalOptions, type RecoveryInfo, type SegmentRef,
} from './options';
import { recoverOnOpen } from './recovery';

export { DEFAULT_SEGMENT_MAX_RECORDS, MAX_LINE_BYTES } from './options';
export type { JournalCheckpoint, JournalHead, JournalOptions, RecoveryInfo, StationIdentity } from './options';

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
  /**
   * Why a checkpoint found at open was passed over (stale or unreadable), and which checkpoints/ file was used instead
   * of checkpoint.json, if one was; null when checkpoint.json was used or there was none at all.
   */
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
  /** Seqs of the checkpoints/ files on disk, oldest first (at most SEGMENT_CHECKPOINTS_KEPT once one is written). */
  private readonly segmentCheckpoints: number[];
  /** Those found unreadable or stale at open: not counted by hasSegmentCheckpoint, so they get written again. */
  private readonly badSegmentCheckpoints: Set<number>;
  private closing = false;
  private broken: Error | null = null;

  private constructor(init: JournalInit) {
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
    this.segmentCheckpoints = init.segmentCheckpoints;
    this.badSegmentCheckpoints = new Set(init.badSegmentCheckpoints);
  }

  /** The torn tail recovered at open (moved to quarantine/, recorded as a journal.recovery event), or null. */
  get recovery(): RecoveryInfo | null {
    return this.recovered;
  }

  /** seq and hash (SHA-256 of the line's bytes, without "\n") of the last committed line; {0, genesis} when empty. */
  get head(): JournalHead {
    return { seq: this.headSeq, hash: this.headHash };
  }

  /** seq of the seal that closed the newest closed segment (0 while the first segment is still open). */
  get lastClosedSeq(): number {
    return this.active.firstSeq - 1;
  }

  /** Whether checkpoints/ holds a checkpoint at this seq that was not found stale or unreadable at open. */
  hasSegmentCheckpoint(seq: number): boolean {
    return this.segmentCheckpoints.includes(seq) && !this.badSegmentCheckpoints.has(seq);
  }

  /** Full paths of the segment files: closed (sealed, immutable) ones and the active one. */
  segmentFiles(): { closed: string[]; active: string } {
    return {
      closed: this.segments.filter((s) => s.name !== this.active.name).map((s) => join(this.segDir, s.name)),
      active: join(this.segDir, this.active.name),
    };
  }

  // ------------------------------------------------------------------ open

  /** Open (or start) the journal in opts.dir: see ./recovery for what is checked and repaired. */
  static async open(opts: JournalOptions): Promise<Journal> {
    const { init, goodLines, tornInfo, referencedQuarantine } = await recoverOnOpen(opts);
    const journal = new Journal(init);
    const activeName = init.active.name;

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
    await journal.recordOrphanQuarantine(activeName, referencedQuarantine, tornInfo?.quarantinedTo ?? null);
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
   * append has resolved by then. When the head is the seal that closed a segment (nothing appended after it), the same
   * state is also saved in checkpoints/ (see saveSegmentCheckpoint).
   */
  saveCheckpoint(projection: unknown): Promise<void> {
    if (this.closing) return Promise.reject(new JournalStateError('JOURNAL_CLOSED', 'The journal is closed.'));
    const seq = this.headSeq;
    const hash = this.headHash;
    const text = this.checkpointText(seq, hash, projection);
    if (typeof text !== 'string') return Promise.reject(text);
    const atSegmentEnd = seq > 0 && seq === this.lastClosedSeq;
    return this.queueCheckpoint(async () => {
      await writeFileReplacing(join(this.dir, CHECKPOINT_FILE), text, { flush: this.flush.enabled });
      if (!atSegmentEnd || this.hasSegmentCheckpoint(seq)) return;
      try {
        await this.writeSegmentCheckpoint(seq, text);
      } catch (err) {
        throw new Error(`checkpoint.json was saved, but not ${CHECKPOINTS_DIR}/${segmentCheckpointName(seq)} (${(err as Error).message})`, { cause: err });
      }
    });
  }

  /**
   * Save a read model's state at `seq`, the seal that closed a segment, to checkpoints/ (atomically; the newest
   * SEGMENT_CHECKPOINTS_KEPT are kept): what an open falls back to when checkpoint.json is missing or stale, so that it
   * folds only the segments after it instead of the whole history. For a read model that folded past that seal
   * without a checkpoint there (the first open after an upgrade, or after checkpoint.json was lost); saveCheckpoint
   * saves one by itself when called at a segment's end. Answers false (nothing written) when `seq` does not end a
   * closed segment or the file is already there.
   */
  saveSegmentCheckpoint(seq: number, projection: unknown): Promise<boolean> {
    if (this.closing) return Promise.reject(new JournalStateError('JOURNAL_CLOSED', 'The journal is closed.'));
    const ends = this.segments.findIndex((s) => s.firstSeq === seq + 1);
    if (seq < 1 || ends < 1 || seq > this.headSeq || this.hasSegmentCheckpoint(seq)) return Promise.resolve(false);
    const file = join(this.segDir, (this.segments[ends - 1] as SegmentRef).name);
    return this.queueCheckpoint(async () => {
      // The seal's hash, read back from the closed (immutable) segment: one small read at its end.
      const tail = await readLastLine(file);
      if (!tail || !tail.terminated) throw new JournalDamagedError(file, 0, `a closed segment ending with the seal at seq ${seq}`, 'no complete last line', 'A closed segment does not end with a complete line.');
      const text = this.checkpointText(seq, hashBytes(tail.bytes), projection);
      if (typeof text !== 'string') throw text;
      await this.writeSegmentCheckpoint(seq, text);
      return true;
    });
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

  private queueCheckpoint<T>(task: () => Promise<T>): Promise<T> {
    const run = this.checkpointQueue.then(task);
    this.checkpointQueue = run.catch(() => undefined);
    return run;
  }

  /** The text of a checkpoint file, or the error to reject with when the projection is not JSON. */
  private checkpointText(seq: number, hash: string, projection: unknown): string | JournalInputError {
    try {
      return JSON.stringify({ seq, hash, segment: this.segmentOf(seq), projection }) + '\n';
    } catch (err) {
      return new JournalInputError(`The projection cannot be saved as JSON: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Write checkpoints/checkpoint-<seq>.json through the one atomic writer, then remove all but the newest few. */
  private async writeSegmentCheckpoint(seq: number, text: string): Promise<void> {
    const cpDir = join(this.dir, CHECKPOINTS_DIR);
    await mkdirDurable(cpDir, { flushDir: this.flush.dir });
    await writeFileReplacing(join(cpDir, segmentCheckpointName(seq)), text, { flush: this.flush.enabled });
    this.badSegmentCheckpoints.delete(seq);
    const known = this.segmentCheckpoints;
    if (!known.includes(seq)) known.push(seq);
    known.sort((a, b) => a - b);
    // Older ones go: derived data, and one that comes back after a power cut is still a valid (older) checkpoint.
    while (known.length > SEGMENT_CHECKPOINTS_KEPT) {
      const old = known.shift() as number;
      await unlink(join(cpDir, segmentCheckpointName(old))).catch(() => undefined);
    }
  }

  /** Name of the segment holding `seq` (the active one for 0 or an empty journal). */
  private segmentOf(seq: number): string {
    let name = (this.segments[0] as SegmentRef).name;
    for (const s of this.segments) if (s.firstSeq <= Math.max(seq, 1)) name = s.name;
    return name;
  }

  private buildRecord(input: EventInput, seq: number): { record: JournalRecord; line: string } {
    return buildRecord(input, { seq, stationId: this.stationId, at: fastIsoWithOffset(this.clock.now(), this.clock.timeZone), prev: this.headHash });
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
