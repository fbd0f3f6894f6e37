import fs from 'node:fs';
import { readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { genesisHash, JournalRecord, sha256Hex } from './record';
import { JournalInputError, JournalWriteError } from './errors';
import { checkSeal, SEAL_TYPE, serializeRecord } from './format';
import { verifyJournalDir } from './verify';
import { collect, fileHandleProto, fileLines, segPath, setup, TempDirs, tick } from './test-support';

const tmp = new TempDirs();
afterEach(async () => {
  vi.restoreAllMocks();
  await tmp.cleanup();
});


describe('Journal: append', () => {
  it('starts a new journal at genesis with an identity file', async () => {
    const s = setup(await tmp.make());
    const j = await s.open();
    expect(j.head).toEqual({ seq: 0, hash: genesisHash('station-a') });
    expect(j.recovery).toBeNull();
    expect(j.checkpoint).toBeNull();
    const identity = JSON.parse(await readFile(join(s.dir, 'station.json'), 'utf8'));
    expect(identity).toEqual({ stationId: 'station-a', publicKey: j.publicKey, keyId: j.keyId });
    expect(j.publicKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(j.keyId).toBe(sha256Hex(Buffer.from(j.publicKey, 'base64')).slice(0, 16));
    expect(await readdir(join(s.dir, 'segments'))).toEqual(['segment-000000000001.jsonl']);
    await j.close();
  });

  it('writes gapless seqs, UUIDv7 ids, time with offset, and chains each line to the exact bytes of the previous one', async () => {
    const s = setup(await tmp.make());
    const j = await s.open();
    const recs: JournalRecord[] = [];
    for (let i = 1; i <= 5; i++) {
      recs.push(await j.append(tick(i)));
      s.clock.advance(61_000);
    }
    const lines = await fileLines(segPath(s.dir, 1));
    expect(lines).toHaveLength(5);
    expect(recs.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(recs[0]?.prev).toBe(genesisHash('station-a'));
    for (let i = 0; i < 5; i++) {
      const r = recs[i] as JournalRecord;
      expect(JournalRecord.parse(r)).toEqual(r);
      expect(lines[i]).toBe(serializeRecord(r));
      expect(JSON.parse(lines[i] as string)).toEqual(r);
      if (i > 0) expect(r.prev).toBe(sha256Hex(Buffer.from(lines[i - 1] as string, 'utf8')));
      expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
      expect(r.station).toBe('station-a');
    }
    expect(recs[0]?.at).toBe('2026-11-27T08:05:00.000+05:30');
    expect(recs[1]?.at).toBe('2026-11-27T08:06:01.000+05:30');
    // Field order is fixed: v, seq, id, station, at, actor, type, …, prev last.
    expect(lines[0]).toMatch(/^\{"v":1,"seq":1,"id":"[^"]+","station":"station-a","at":"[^"]+","actor":"artisan-7","type":"step.done","step":"step-1","value":\{"i":1\},"prev":"[0-9a-f]{64}"\}$/);
    expect(j.head).toEqual({ seq: 5, hash: sha256Hex(Buffer.from(lines[4] as string, 'utf8')) });
    await j.close();
  });

  it('resolves only after fdatasync of the line has completed, with the line written in one write', async () => {
    const s = setup(await tmp.make());
    const j = await s.open();
    const proto = await fileHandleProto(s.dir);
    const events: string[] = [];
    const realWrite = fs.writeSync;
    const realSync = proto.datasync;
    vi.spyOn(fs, 'writeSync').mockImplementation(function (...args: unknown[]) {
      events.push(`write:${(args[1] as Buffer).toString('utf8').endsWith('\n') ? 'line' : 'partial'}`);
      return (realWrite as (...a: unknown[]) => number)(...args);
    });
    vi.spyOn(proto, 'datasync').mockImplementation(async function (this: unknown) {
      events.push('datasync:start');
      await new Promise((r) => setTimeout(r, 30));
      await realSync.apply(this);
      events.push('datasync:end');
    });
    const p = j.append(tick(1)).then(() => events.push('resolved'));
    await p;
    expect(events).toEqual(['write:line', 'datasync:start', 'datasync:end', 'resolved']);
    vi.restoreAllMocks();
    await j.close();
  });

  it('reopens and continues the chain', async () => {
    const s = setup(await tmp.make());
    let j = await s.open();
    await j.append(tick(1));
    await j.append(tick(2));
    const head = j.head;
    await j.close();
    j = await s.open();
    expect(j.head).toEqual(head);
    const r3 = await j.append(tick(3));
    expect(r3.seq).toBe(3);
    expect(r3.prev).toBe(head.hash);
    await j.close();
    expect((await verifyJournalDir(s.dir)).ok).toBe(true);
  });

  it('serialises concurrent appends: no interleaving, gapless, in call order', async () => {
    const s = setup(await tmp.make(), { segmentMaxRecords: 40 });
    const j = await s.open();
    const big = 'x'.repeat(200_000);
    const order: number[] = [];
    const all = await Promise.all(
      Array.from({ length: 150 }, (_, i) => j.append(tick(i, i % 10 === 0 ? { reason: big } : {})).then((r) => (order.push(r.seq), r))),
    );
    expect(all.map((r) => r.step)).toEqual(Array.from({ length: 150 }, (_, i) => `step-${i}`));
    // 150 events + seals (one per 39 records) are gapless; resolutions come in seq order.
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const report = await verifyJournalDir(s.dir);
    expect(report.problems).toEqual([]);
    expect(report.records).toBe(j.head.seq);
    expect(report.records - report.seals).toBe(150);
    await j.close();
  });

  it('rejects bad input without writing anything', async () => {
    const s = setup(await tmp.make());
    const j = await s.open();
    await j.append(tick(1));
    const head = j.head;
    const size = (await stat(segPath(s.dir, 1))).size;
    await expect(j.append({ actor: '', type: 'step.done' })).rejects.toBeInstanceOf(JournalInputError);
    await expect(j.append({ actor: 'a', type: 'Step Done' })).rejects.toBeInstanceOf(JournalInputError);
    await expect(j.append({ actor: 'a', type: 'journal.seal' })).rejects.toThrow(/reserved/);
    await expect(j.append({ actor: 'a', type: 'x', seq: 99 } as never)).rejects.toThrow(/Unknown event field "seq"/);
    await expect(j.append({ actor: 'a', type: 'x', value: Number.NaN })).rejects.toThrow(/finite/);
    await expect(j.append({ actor: 'a', type: 'x', value: new Date() })).rejects.toThrow(/plain JSON/);
    await expect(j.append({ actor: 'a', type: 'x', run: 'not-a-uuid' })).rejects.toThrow(/run/);
    expect(j.head).toEqual(head);
    expect((await stat(segPath(s.dir, 1))).size).toBe(size);
    expect((await j.append(tick(2))).seq).toBe(2);
    await j.close();
  });

  it('does not advance when the write fails, and cuts back the bytes it wrote', async () => {
    const s = setup(await tmp.make());
    const j = await s.open();
    await j.append(tick(1));
    const head = j.head;
    const size = (await stat(segPath(s.dir, 1))).size;
    const proto = await fileHandleProto(s.dir);
    const realWrite = fs.writeSync;
    vi.spyOn(fs, 'writeSync').mockImplementationOnce(function (...args: unknown[]) {
      const buf = args[1] as Buffer;
      realWrite(args[0] as number, buf.subarray(0, 25)); // a partial line reaches the file…
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }); // …then the disk is full
    });
    await expect(j.append(tick(2))).rejects.toBeInstanceOf(JournalWriteError);
    expect(j.head).toEqual(head);
    expect((await stat(segPath(s.dir, 1))).size).toBe(size);
    vi.restoreAllMocks();

    vi.spyOn(proto, 'datasync').mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    await expect(j.append(tick(2))).rejects.toThrow(/Nothing was recorded/);
    expect(j.head).toEqual(head);
    expect((await stat(segPath(s.dir, 1))).size).toBe(size);
    vi.restoreAllMocks();

    const r = await j.append(tick(2));
    expect(r.seq).toBe(2);
    expect(r.prev).toBe(head.hash);
    await j.close();
    expect((await verifyJournalDir(s.dir)).problems).toEqual([]);
  });

  it('refuses to open another station\'s journal or with another key', async () => {
    const s = setup(await tmp.make());
    await (await s.open()).close();
    await expect(s.open({ stationId: 'station-b' })).rejects.toThrow(/belongs to station "station-a"/);
    const other = setup(s.dir);
    await expect(other.open()).rejects.toThrow(/not the key of this journal/);
  });
});

describe('Journal: seal and segments', () => {
  it('seals with a signature over the whole seal line and starts a new segment', async () => {
    const s = setup(await tmp.make());
    const j = await s.open();
    await j.append(tick(1));
    await j.append(tick(2));
    const seal = await j.seal('supervisor-1');
    expect(seal).toMatchObject({ seq: 3, type: SEAL_TYPE, actor: 'supervisor-1', data: { keyId: j.keyId } });
    const lines = await fileLines(segPath(s.dir, 1));
    expect(lines).toHaveLength(3);
    const sealLine = Buffer.from(lines[2] as string, 'utf8');
    expect(checkSeal(sealLine, seal, j.publicKey, j.keyId)).toEqual({ ok: true, keyId: j.keyId });
    // Any change of the seal line breaks it, the actor included.
    const forged = Buffer.from((lines[2] as string).replace('supervisor-1', 'supervisor-2'), 'utf8');
    expect(checkSeal(forged, { ...seal, actor: 'supervisor-2' }, j.publicKey, j.keyId).ok).toBe(false);

    expect(await readdir(join(s.dir, 'segments'))).toEqual(['segment-000000000001.jsonl', 'segment-000000000004.jsonl']);
    expect(await j.seal()).toEqual(seal); // nothing new since: the same seal
    const r4 = await j.append(tick(4));
    expect(r4.seq).toBe(4);
    expect(await fileLines(segPath(s.dir, 4))).toHaveLength(1);
    expect(j.segmentFiles()).toEqual({ closed: [segPath(s.dir, 1)], active: segPath(s.dir, 4) });
    await j.close();
    const report = await verifyJournalDir(s.dir);
    expect(report).toMatchObject({ ok: true, records: 4, seals: 1, head: j.head });
  });

  it('seals and rotates by itself when a segment is full; every closed segment ends with a valid seal', async () => {
    const s = setup(await tmp.make(), { segmentMaxRecords: 5 });
    const j = await s.open();
    for (let i = 1; i <= 13; i++) await j.append(tick(i));
    // 4 events + seal per segment: events 1-4 → seqs 1-5, 5-8 → 6-10, 9-12 → 11-15, event 13 → 16.
    expect(await readdir(join(s.dir, 'segments'))).toEqual([
      'segment-000000000001.jsonl', 'segment-000000000006.jsonl', 'segment-000000000011.jsonl', 'segment-000000000016.jsonl',
    ]);
    for (const first of [1, 6, 11]) {
      const lines = await fileLines(segPath(s.dir, first));
      expect(lines).toHaveLength(5);
      expect(JSON.parse(lines[4] as string)).toMatchObject({ type: SEAL_TYPE, actor: 'system', seq: first + 4 });
    }
    expect(j.head.seq).toBe(16);
    await j.close();
    const report = await verifyJournalDir(s.dir);
    expect(report).toMatchObject({ ok: true, records: 16, seals: 3 });
    expect((await verifyJournalDir(s.dir, { requireSealedEnd: true })).problems.map((p) => p.code)).toEqual(['UNSEALED_END']);
  });

  it('reads since a seq across segments, without reading the segments before it', async () => {
    const s = setup(await tmp.make(), { segmentMaxRecords: 4 });
    const j = await s.open();
    for (let i = 1; i <= 20; i++) await j.append(tick(i));
    const head = j.head.seq;
    const all = await collect(j.readSince(0));
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    for (const from of [0, 1, 3, 4, 5, 12, head - 1, head, head + 10]) {
      expect((await collect(j.readSince(from))).map((r) => r.seq)).toEqual(all.filter((r) => r.seq > from).map((r) => r.seq));
    }
    // Take the first two segments away: reading from seq 9 on never touches them.
    await rename(segPath(s.dir, 1), join(s.dir, 'away-1'));
    await rename(segPath(s.dir, 5), join(s.dir, 'away-5'));
    expect((await collect(j.readSince(9))).map((r) => r.seq)).toEqual(all.filter((r) => r.seq > 9).map((r) => r.seq));
    await expect(collect(j.readSince(2))).rejects.toThrow(/ENOENT/);
    await j.close();
  });

  it('reads only committed records, even while an append is in flight', async () => {
    const s = setup(await tmp.make());
    const j = await s.open();
    await j.append(tick(1));
    const iter = j.readSince(0);
    const pending = j.append(tick(2));
    expect((await collect(iter)).map((r) => r.seq)).toEqual([1]);
    await pending;
    await j.close();
  });

  it('continues correctly after a crash right after rotation (empty active segment) or before it', async () => {
    const s = setup(await tmp.make());
    let j = await s.open();
    await j.append(tick(1));
    await j.seal();
    await j.close();
    // Crash after rotation: the new segment exists and is empty.
    expect((await stat(segPath(s.dir, 3))).size).toBe(0);
    j = await s.open();
    expect(j.head.seq).toBe(2);
    await j.close();
    // Crash between seal and rotation: no next segment yet.
    await unlink(segPath(s.dir, 3));
    j = await s.open();
    expect(j.recovery).toBeNull();
    expect((await j.append(tick(3))).seq).toBe(3);
    expect(await readdir(join(s.dir, 'segments'))).toEqual(['segment-000000000001.jsonl', 'segment-000000000003.jsonl']);
    await j.close();
    expect((await verifyJournalDir(s.dir)).ok).toBe(true);
  });
});
