/** The journal: starting up (cost, checkpoint) and recovering from a torn tail or damage. Appending and sealing: journal.test.ts. */
import { appendFile, readdir, readFile, rm, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JournalRecord, sha256Hex } from './record';
import { JournalDamagedError } from './errors';
import { CHECKPOINT_FILE, CHECKPOINTS_DIR, hashBytes, RECOVERY_TYPE, segmentCheckpointName, serializeRecord } from './format';
import { verifyJournalDir } from './verify';
import { Journal } from './journal';
import { MemoryKeyStore } from './keys';
import { writeJournalFixture } from './fixture';
import { ManualClock } from '../time/clock';
import { collect, fileLines, segPath, setup, T0, TempDirs, tick } from './test-support';

const tmp = new TempDirs();
afterEach(async () => {
  vi.restoreAllMocks();
  await tmp.cleanup();
});

describe('Journal: start-up cost', () => {
  it('reads only the active segment at open: damage inside an old closed segment is left to the verifier', async () => {
    const s = setup(await tmp.make(), { segmentMaxRecords: 4 });
    let j = await s.open();
    for (let i = 1; i <= 10; i++) await j.append(tick(i));
    await j.close();
    const lines = await fileLines(segPath(s.dir, 1));
    lines[1] = (lines[1] as string).replace('"step-2"', '"step-X"');
    await writeFile(segPath(s.dir, 1), lines.join('\n') + '\n');
    j = await s.open();
    expect(j.head.seq).toBe(13);
    await j.close();
    expect((await verifyJournalDir(s.dir)).problems.map((p) => [p.code, p.line])).toEqual([['CHAIN_BROKEN', 3]]);
  });

  it('stays flat as history grows (1k vs 100k events)', async () => {
    const keyStore = new MemoryKeyStore();
    const timeOpen = async (dir: string) => {
      const t0 = performance.now();
      const j = await Journal.open({ dir, stationId: 'station-big', clock: new ManualClock(T0), keyStore });
      const ms = performance.now() - t0;
      await j.close();
      return ms;
    };
    const median = (times: number[]) => times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
    const small = await tmp.make();
    const large = await tmp.make();
    await writeJournalFixture({ dir: small, stationId: 'station-big', keyStore, events: 1_000 });
    await writeJournalFixture({ dir: large, stationId: 'station-big', keyStore, events: 100_000 });
    await timeOpen(small); // warm up
    await timeOpen(large);
    // Small and large in turn, so that a busy spell of the machine slows both alike rather than one of them.
    const smallTimes: number[] = [];
    const largeTimes: number[] = [];
    for (let k = 0; k < 9; k++) {
      smallTimes.push(await timeOpen(small));
      largeTimes.push(await timeOpen(large));
    }
    const tSmall = median(smallTimes);
    const tLarge = median(largeTimes);
    console.log(`open: 1k events ${tSmall.toFixed(1)} ms, 100k events ${tLarge.toFixed(1)} ms`);
    expect(tLarge).toBeLessThan(2 * tSmall + 10);
  }, 60_000);
});

describe('Journal: checkpoint', () => {
  it('loads a checkpoint that matches the journal', async () => {
    const s = setup(await tmp.make(), { segmentMaxRecords: 3 });
    let j = await s.open();
    for (let i = 1; i <= 3; i++) await j.append(tick(i));
    await j.saveCheckpoint({ runs: 3 });
    const at = j.head;
    for (let i = 4; i <= 9; i++) await j.append(tick(i));
    await j.close();
    const saved = JSON.parse(await readFile(join(s.dir, CHECKPOINT_FILE), 'utf8'));
    expect(saved).toEqual({ seq: at.seq, hash: at.hash, segment: 'segment-000000000004.jsonl', projection: { runs: 3 } });
    j = await s.open();
    // The checkpoint's line is in an older segment: it is checked there.
    expect(j.checkpoint).toEqual({ seq: at.seq, hash: at.hash, projection: { runs: 3 } });
    expect(j.checkpointNote).toBeNull();
    await j.saveCheckpoint({ runs: 9 });
    await j.close();
    j = await s.open();
    expect(j.checkpoint).toEqual({ ...j.head, projection: { runs: 9 } });
    await j.close();
  });

  it('ignores a stale checkpoint (its seq does not hash to its hash)', async () => {
    const s = setup(await tmp.make());
    let j = await s.open();
    for (let i = 1; i <= 4; i++) await j.append(tick(i));
    await j.saveCheckpoint({ x: 1 });
    await j.close();
    const cp = JSON.parse(await readFile(join(s.dir, CHECKPOINT_FILE), 'utf8'));
    await writeFile(join(s.dir, CHECKPOINT_FILE), JSON.stringify({ ...cp, seq: 2 }));
    j = await s.open();
    expect(j.checkpoint).toBeNull();
    expect(j.checkpointNote).toMatch(/stale/);
    await j.close();
    await writeFile(join(s.dir, CHECKPOINT_FILE), '{not json');
    j = await s.open();
    expect(j.checkpoint).toBeNull();
    expect(j.head.seq).toBe(4);
    await j.close();
  });

  it('raises an alarm when the checkpoint is beyond the end of the journal', async () => {
    const s = setup(await tmp.make());
    const j = await s.open();
    for (let i = 1; i <= 4; i++) await j.append(tick(i));
    await j.saveCheckpoint({});
    await j.close();
    // The last (acknowledged, checkpointed) line is cut: that is lost data, not a torn write.
    const lines = await fileLines(segPath(s.dir, 1));
    await writeFile(segPath(s.dir, 1), lines.slice(0, 3).join('\n') + '\n' + (lines[3] as string).slice(0, 20));
    const err = await s.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalDamagedError);
    expect((err as JournalDamagedError).file).toBe(join(s.dir, CHECKPOINT_FILE));
    expect((err as Error).message).toMatch(/checkpoint.json records more than the journal holds/);
    // Nothing was repaired.
    expect(await readdir(join(s.dir, 'quarantine'))).toEqual([]);
  });
});

describe('Journal: checkpoints where segments closed (an open without checkpoint.json)', () => {
  /**
   * 11 events in segments of 3 lines (2 events + seal): seals at 3, 6, 9, 12, 15; event 11 is seq 16 in the active
   * segment. A checkpoint { n: head } is saved after every append, as the station does at its own pace.
   */
  async function segmented() {
    const s = setup(await tmp.make(), { segmentMaxRecords: 3 });
    const j = await s.open();
    for (let i = 1; i <= 11; i++) {
      await j.append(tick(i));
      await j.saveCheckpoint({ n: j.head.seq });
    }
    await j.close();
    const cpDir = join(s.dir, CHECKPOINTS_DIR);
    const cpPath = (seq: number) => join(cpDir, segmentCheckpointName(seq));
    return { s, cpDir, cpPath };
  }
  const sealHash = async (dir: string, firstSeq: number) => {
    const lines = await fileLines(segPath(dir, firstSeq));
    return hashBytes(Buffer.from(lines[lines.length - 1] as string, 'utf8'));
  };

  it('keeps the state at the newest 3 seals, and an open without checkpoint.json starts from the newest and folds only what follows', async () => {
    const { s, cpDir, cpPath } = await segmented();
    expect((await readdir(cpDir)).sort()).toEqual([9, 12, 15].map(segmentCheckpointName));
    expect(JSON.parse(await readFile(cpPath(15), 'utf8'))).toEqual({
      seq: 15, hash: await sealHash(s.dir, 13), segment: 'segment-000000000013.jsonl', projection: { n: 15 },
    });
    await unlink(join(s.dir, CHECKPOINT_FILE));
    const j = await s.open();
    expect(j.checkpoint).toEqual({ seq: 15, hash: await sealHash(s.dir, 13), projection: { n: 15 } });
    expect(j.checkpointNote).toMatch(/checkpoint.json is missing; started from checkpoints\/checkpoint-000000000015.json \(seq 15\)/);
    expect((await collect(j.readSince(j.checkpoint?.seq ?? 0))).map((r) => r.seq)).toEqual([16]);
    await j.close();
  });

  it('falls back to an older one when the newest is torn, stale (its seal changed) or says another hash; none left: no checkpoint, never a wrong one', async () => {
    const { s, cpPath } = await segmented();
    await unlink(join(s.dir, CHECKPOINT_FILE));
    // A torn write of the newest (as a disk that lies about flushes could leave it).
    const newest = await readFile(cpPath(15), 'utf8');
    await writeFile(cpPath(15), newest.slice(0, 30));
    let j = await s.open();
    expect(j.checkpoint?.seq).toBe(12);
    expect(j.checkpointNote).toMatch(/checkpoints\/checkpoint-000000000015.json ignored: it is not valid JSON.*started from checkpoints\/checkpoint-000000000012.json/);
    await j.close();
    // The seal that closed segment 10 (seq 12) is changed on disk: an open does not read old segments in full, but the
    // checkpoint at that seal no longer matches it. The change itself is the verifier's to report.
    const lines = await fileLines(segPath(s.dir, 10));
    const seal = lines[2] as string;
    const at = seal.indexOf('"signature":"') + 14;
    lines[2] = seal.slice(0, at) + (seal[at] === 'A' ? 'B' : 'A') + seal.slice(at + 1);
    await writeFile(segPath(s.dir, 10), lines.join('\n') + '\n');
    j = await s.open();
    expect(j.checkpoint?.seq).toBe(9);
    expect(j.checkpointNote).toMatch(/checkpoint-000000000012.json ignored: line 12 hashes to [0-9a-f]{64}, the checkpoint says [0-9a-f]{64} \(stale\)/);
    await j.close();
    expect((await verifyJournalDir(s.dir)).ok).toBe(false);
    // The last one names a hash the journal does not have: ignored too, and the read model folds from seq 0.
    const oldest = JSON.parse(await readFile(cpPath(9), 'utf8')) as Record<string, unknown>;
    await writeFile(cpPath(9), JSON.stringify({ ...oldest, hash: '0'.repeat(64) }));
    j = await s.open();
    expect(j.checkpoint).toBeNull();
    expect(j.checkpointNote).toMatch(/000000000015.json ignored.*000000000012.json ignored.*000000000009.json ignored/);
    // Those found bad are written again when the read model has folded past their seal.
    expect(await j.saveSegmentCheckpoint(15, { n: 15 })).toBe(true);
    expect(await j.saveSegmentCheckpoint(16, { n: 16 })).toBe(false); // not a segment's end
    await j.close();
    j = await s.open();
    expect(j.checkpoint).toEqual({ seq: 15, hash: await sealHash(s.dir, 13), projection: { n: 15 } });
    await j.close();
  });

  it('passes over a stale checkpoint.json for the newest matching checkpoint of a closed segment', async () => {
    const { s } = await segmented();
    const cp = JSON.parse(await readFile(join(s.dir, CHECKPOINT_FILE), 'utf8')) as Record<string, unknown>;
    expect(cp.seq).toBe(16);
    await writeFile(join(s.dir, CHECKPOINT_FILE), JSON.stringify({ ...cp, hash: 'f'.repeat(64) }));
    const j = await s.open();
    expect(j.checkpoint?.seq).toBe(15);
    expect(j.checkpointNote).toMatch(/^checkpoint.json ignored: line 16 .*\(stale\)\. Started from checkpoints\/checkpoint-000000000015.json/);
    await j.close();
  });

  it('raises an alarm when a checkpoint of a closed segment is beyond the end of the journal (closed segments deleted)', async () => {
    const { s } = await segmented();
    await unlink(join(s.dir, CHECKPOINT_FILE));
    // The active segment and the last closed one are gone: the journal now ends at the seal at seq 12.
    await unlink(segPath(s.dir, 16));
    await unlink(segPath(s.dir, 13));
    const err = await s.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalDamagedError);
    expect((err as JournalDamagedError).file).toBe(join(s.dir, CHECKPOINTS_DIR, segmentCheckpointName(15)));
    expect((err as Error).message).toMatch(/records more than the journal holds/);
    // Nothing was touched: no new segment started after the seal at 12.
    expect((await readdir(join(s.dir, 'segments'))).sort()).toEqual([1, 4, 7, 10].map((n) => `segment-${String(n).padStart(12, '0')}.jsonl`));
  });

  it('opens when checkpoints/ cannot be listed (a file in its place), and then saving one there fails without touching checkpoint.json', async () => {
    const { s, cpDir } = await segmented();
    await rm(cpDir, { recursive: true });
    await writeFile(cpDir, 'not a folder');
    const j = await s.open();
    expect(j.checkpoint?.seq).toBe(16);
    expect(j.checkpointNote).toMatch(/checkpoints\/ ignored: cannot list it/);
    await j.append(tick(12)); // seq 17, then the seal at 18
    await expect(j.saveCheckpoint({ n: 18 })).rejects.toThrow(/checkpoint.json was saved, but not checkpoints\/checkpoint-000000000018.json/);
    expect(JSON.parse(await readFile(join(s.dir, CHECKPOINT_FILE), 'utf8'))).toMatchObject({ seq: 18, projection: { n: 18 } });
    await j.close();
  });
});

describe('Journal: torn tail and damage', () => {
  async function journalWith(n: number) {
    const s = setup(await tmp.make());
    const j = await s.open();
    for (let i = 1; i <= n; i++) await j.append(tick(i));
    const head = j.head;
    await j.close();
    return { s, head, file: segPath(s.dir, 1) };
  }

  async function expectRecovered(s: ReturnType<typeof setup>, file: string, keptLines: number, tornBytes: Buffer, reason: RegExp) {
    const j = await s.open();
    expect(j.recovery).not.toBeNull();
    const rec = j.recovery!;
    expect(rec.reason).toMatch(reason);
    expect(rec.bytes).toBe(tornBytes.length);
    expect(rec.sha256).toBe(sha256Hex(tornBytes));
    expect(rec.segment).toBe('segment-000000000001.jsonl');
    expect(rec.line).toBe(keptLines + 1);
    expect(await readFile(join(s.dir, rec.quarantinedTo))).toEqual(tornBytes);
    expect(rec.quarantinedTo).toMatch(/^quarantine\/segment-000000000001\.jsonl\.\d{8}T\d{9}Z\.torn$/);
    expect(rec.record).toMatchObject({ seq: keptLines + 1, type: RECOVERY_TYPE, actor: 'system', data: { quarantinedTo: rec.quarantinedTo, bytes: rec.bytes, sha256: rec.sha256, reason: rec.reason } });
    const lines = await fileLines(file);
    expect(lines).toHaveLength(keptLines + 1);
    expect(JSON.parse(lines[keptLines] as string)).toEqual(rec.record);
    await j.close();
    expect((await verifyJournalDir(s.dir)).problems).toEqual([]);
    // Opening again finds nothing more to do.
    const again = await s.open();
    expect(again.recovery).toBeNull();
    expect(again.head).toEqual({ seq: keptLines + 1, hash: sha256Hex(Buffer.from(lines[keptLines] as string)) });
    await again.close();
  }

  it('quarantines a last line without newline', async () => {
    const { s, file } = await journalWith(3);
    const torn = Buffer.from('{"v":1,"seq":4,"id":"0190', 'utf8');
    await appendFile(file, torn);
    await expectRecovered(s, file, 3, torn, /no-newline/);
  });

  it('quarantines a last line that is cut inside a real record', async () => {
    const { s, file } = await journalWith(4);
    const lines = await fileLines(file);
    const full = Buffer.from((lines[3] as string) + '\n');
    await truncate(file, (await stat(file)).size - full.length + 37);
    await expectRecovered(s, file, 3, full.subarray(0, 37), /no-newline/);
  });

  it('quarantines a last line of bad JSON', async () => {
    const { s, file } = await journalWith(3);
    const torn = Buffer.from('{"v":1,"seq":4,\u0000\u0000\u0000\n', 'utf8');
    await appendFile(file, torn);
    await expectRecovered(s, file, 3, torn, /bad-json/);
  });

  it('quarantines a last line that fails the schema', async () => {
    const { s, file, head } = await journalWith(3);
    const bad = JSON.stringify({ v: 1, seq: 4, id: 'nope', station: 'station-a', at: 'x', actor: 'a', type: 't', prev: head.hash }) + '\n';
    await appendFile(file, bad);
    await expectRecovered(s, file, 3, Buffer.from(bad), /bad-record/);
  });

  it('quarantines a last line that breaks the chain', async () => {
    const { s, file } = await journalWith(3);
    const lines = await fileLines(file);
    const last = JSON.parse(lines[2] as string) as JournalRecord;
    const forged = serializeRecord({ ...last, seq: 4, prev: 'f'.repeat(64) }) + '\n';
    await appendFile(file, forged);
    await expectRecovered(s, file, 3, Buffer.from(forged), /chain-broken/);
  });

  it('records a quarantine file left without its recovery record by a crash during recovery', async () => {
    const { s } = await journalWith(2);
    await writeFile(join(s.dir, 'quarantine', 'segment-000000000001.jsonl.20261127T000000000Z.torn'), 'abc');
    const j = await s.open();
    const recs = await collect(j.readSince(2));
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({ type: RECOVERY_TYPE, data: { reason: 'interrupted-recovery', bytes: 3, sha256: sha256Hex('abc') } });
    await j.close();
    const again = await s.open();
    expect(again.head.seq).toBe(3);
    await again.close();
  });

  it('raises JournalDamagedError, naming file and line, for a bad line that is not the last', async () => {
    const { s, file } = await journalWith(5);
    const lines = await fileLines(file);
    lines[1] = (lines[1] as string).replace('"v":1', '"v":1,,');
    const before = lines.join('\n') + '\n';
    await writeFile(file, before);
    const err = await s.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalDamagedError);
    expect(err).toMatchObject({ code: 'JOURNAL_DAMAGED', file, line: 2 });
    expect((err as Error).message).toMatch(/line 2.*not valid JSON.*Do not edit/s);
    expect(await readFile(file, 'utf8')).toBe(before); // never repaired
    expect(await readdir(join(s.dir, 'quarantine'))).toEqual([]);
  });

  it('raises JournalDamagedError for a chain break in the middle', async () => {
    const { s, file } = await journalWith(5);
    const lines = await fileLines(file);
    lines[2] = (lines[2] as string).replace('"step-3"', '"step-9"'); // still valid JSON: shows at the next line
    await writeFile(file, lines.join('\n') + '\n');
    const err = await s.open().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'JournalDamagedError', file, line: 4 });
    expect((err as JournalDamagedError).expected).toMatch(/^prev [0-9a-f]{64}$/);
  });

  it('raises JournalDamagedError for a missing segment', async () => {
    const s = setup(await tmp.make(), { segmentMaxRecords: 3 });
    const j = await s.open();
    for (let i = 1; i <= 7; i++) await j.append(tick(i));
    await j.close();
    await unlink(segPath(s.dir, 4));
    await expect(s.open()).rejects.toMatchObject({ name: 'JournalDamagedError', file: segPath(s.dir, 7), line: 0 });
    // A damaged seal at the end of the previous segment is an alarm too.
    const s2 = setup(await tmp.make(), { segmentMaxRecords: 3 });
    const j2 = await s2.open();
    for (let i = 1; i <= 4; i++) await j2.append(tick(i));
    await j2.close();
    const lines = await fileLines(segPath(s2.dir, 4));
    await writeFile(segPath(s2.dir, 4), [lines[0], lines[1], (lines[2] as string).replace('"system"', '"systen"')].join('\n') + '\n');
    await expect(s2.open()).rejects.toMatchObject({ name: 'JournalDamagedError', file: segPath(s2.dir, 4), line: 3 });
    // So is a closed segment cut short.
    await writeFile(segPath(s2.dir, 4), lines.join('\n') + '\n');
    await writeFile(segPath(s2.dir, 1), (await fileLines(segPath(s2.dir, 1))).slice(0, 2).join('\n') + '\n');
    await expect(s2.open()).rejects.toMatchObject({ name: 'JournalDamagedError', file: segPath(s2.dir, 1), line: 0 });
  });
});
