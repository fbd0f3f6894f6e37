import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { genesisHash, JOURNAL_FORMAT, type EventInput, type JournalRecord } from './record';
import type { StationKeyStore } from './keys';
import { hashBytes, QUARANTINE_DIR, SEAL_TYPE, SEGMENTS_DIR, segmentName, serializeRecord, signSealRecord, STATION_FILE } from './format';
import { writeFileReplacing } from '../files/atomic-write';
import { newId } from './ids';
import { fastIsoWithOffset } from './time';
import { DEFAULT_SEGMENT_MAX_RECORDS } from './journal';

/**
 * Write a large, valid journal quickly (buffered writes, no per-line flush), for tests and benchmarks only:
 * the same format, chain, seals and rotation as Journal produces, so Journal.open and the verifier accept it.
 * Not for production data: nothing is flushed line by line.
 */
export interface FixtureOptions {
  dir: string;
  stationId: string;
  keyStore: StationKeyStore;
  /** Events to write (seals come in addition). */
  events: number;
  segmentMaxRecords?: number;
  /** Time of the first event (ms); each next event is one second later. */
  startMs?: number;
  timeZone?: string;
  /** The i-th event (0-based). Default: a small "step.done" event. */
  event?: (i: number) => EventInput;
  /** Seal the end of the journal (as a station does at shutdown). Default false. */
  sealEnd?: boolean;
  /** The i-th line's `at` as written (tests of times the journal itself never writes, e.g. without seconds). Default: from startMs. */
  at?: (i: number) => string;
}

export async function writeJournalFixture(opts: FixtureOptions): Promise<{ head: { seq: number; hash: string }; segments: number; seals: number; bytes: number }> {
  const max = opts.segmentMaxRecords ?? DEFAULT_SEGMENT_MAX_RECORDS;
  const segDir = join(opts.dir, SEGMENTS_DIR);
  await mkdir(segDir, { recursive: true });
  await mkdir(join(opts.dir, QUARANTINE_DIR), { recursive: true });
  const key = await opts.keyStore.loadOrCreate();
  await writeFileReplacing(join(opts.dir, STATION_FILE), JSON.stringify({ stationId: opts.stationId, publicKey: key.publicKey, keyId: key.keyId }, null, 2) + '\n');
  const tz = opts.timeZone ?? 'UTC';
  const start = opts.startMs ?? Date.UTC(2026, 0, 1, 6);
  const event = opts.event ?? ((i: number): EventInput => ({ actor: 'artisan-1', type: 'step.done', step: `step-${(i % 20) + 1}`, value: true }));

  let seq = 0;
  let prev = genesisHash(opts.stationId);
  let linesInSegment = 0;
  let segments = 0;
  let seals = 0;
  let bytes = 0;
  let fh: FileHandle | null = null;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    if (fh && pendingBytes > 0) await fh.write(Buffer.concat(pending, pendingBytes));
    pending = [];
    pendingBytes = 0;
  };
  const startSegment = async (): Promise<void> => {
    await flush();
    if (fh) await fh.close();
    fh = await open(join(segDir, segmentName(seq + 1)), 'w');
    segments++;
    linesInSegment = 0;
  };
  const push = (record: JournalRecord, line: string): void => {
    const buf = Buffer.from(line + '\n', 'utf8');
    pending.push(buf);
    pendingBytes += buf.length;
    bytes += buf.length;
    prev = hashBytes(buf.subarray(0, buf.length - 1));
    seq = record.seq;
    linesInSegment++;
  };
  const base = (i: number): Pick<JournalRecord, 'v' | 'seq' | 'id' | 'station' | 'at'> =>
    ({ v: JOURNAL_FORMAT, seq: seq + 1, id: newId(), station: opts.stationId, at: opts.at?.(i) ?? fastIsoWithOffset(start + i * 1000, tz) });
  const seal = async (i: number): Promise<void> => {
    const unsigned = { ...base(i), actor: 'system', type: SEAL_TYPE, data: { keyId: key.keyId, signature: '' }, prev } as JournalRecord;
    const { record, line } = signSealRecord(unsigned, key.keyId, (m) => key.sign(m));
    push(record, line);
    seals++;
    await startSegment();
  };

  await startSegment();
  for (let i = 0; i < opts.events; i++) {
    const record = { ...base(i), ...event(i), prev } as JournalRecord;
    push(record, serializeRecord(record));
    if (linesInSegment >= max - 1) await seal(i);
    if (pendingBytes > 4 * 1024 * 1024) await flush();
  }
  if (opts.sealEnd && linesInSegment > 0) await seal(opts.events);
  await flush();
  if (fh) await (fh as FileHandle).close();
  return { head: { seq, hash: prev }, segments, seals, bytes };
}
