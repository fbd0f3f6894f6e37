import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Journal } from './journal';
import { MemoryKeyStore } from './keys';
import { RECORD_FIELD_ORDER, type EventInput, type JournalRecord } from './record';
import { serializeRecord } from './format';
import { verifyJournalDir, verifySegments, type VerifyReport } from './verify';
import { writeJournalFixture } from './fixture';
import { F, scannedFields } from './line-scanner';
import { ManualClock } from '../time/clock';
import { fileLines, segPath, setup, T0, tick } from './test-support';
import { assertBoundedAsync } from '../../../test/support/property';
import { withTempDir } from '../../../test/support/temp-dir';

// Each test and each property case has its own temporary folder, removed when its work has settled (withTempDir):
// a property still running after its timeout must not lose its files, nor remove another test's.

const codes = (r: VerifyReport) => r.problems.map((p) => `${p.code}@${p.file.split('/').pop()}:${p.line}`);

describe('verifySegments / verifyJournalDir', () => {
  it('accepts a journal with seals and rotation, and reports its head', () => withTempDir('sw-verify-', async (dir) => {
    const s = setup(dir, { segmentMaxRecords: 4 });
    const j = await s.open();
    for (let i = 1; i <= 9; i++) await j.append(tick(i));
    await j.seal();
    await j.close();
    const report = await verifyJournalDir(s.dir, { requireSealedEnd: true });
    expect(report).toEqual({ ok: true, records: j.head.seq, seals: 3, head: j.head, problems: [], problemsTruncated: false });
    // The same files given as a list, with the station's public key.
    const files = (await readdir(join(s.dir, 'segments'))).map((n) => join(s.dir, 'segments', n)).reverse();
    expect((await verifySegments(files, { stationId: 'station-a', publicKey: j.publicKey })).ok).toBe(true);
  }));

  it('verifies incrementally from a known head (startAfter), e.g. newly published segments', () => withTempDir('sw-verify-', async (dir) => {
    const s = setup(dir, { segmentMaxRecords: 4 });
    const j = await s.open();
    for (let i = 1; i <= 9; i++) await j.append(tick(i));
    await j.close();
    const first = await verifySegments([segPath(s.dir, 1)], { stationId: 'station-a', publicKey: j.publicKey });
    expect(first.ok).toBe(true);
    const rest = await verifySegments([segPath(s.dir, 5), segPath(s.dir, 9)], { publicKey: j.publicKey, startAfter: first.head! });
    expect(rest).toMatchObject({ ok: true, head: j.head });
    const wrong = await verifySegments([segPath(s.dir, 9)], { publicKey: j.publicKey, startAfter: first.head! });
    expect(codes(wrong)).toEqual(['SEQ_GAP@segment-000000000009.jsonl:1', 'CHAIN_BROKEN@segment-000000000009.jsonl:1']);
  }));

  it('names each kind of problem with file and line', () => withTempDir('sw-verify-', async (dir) => {
    const s = setup(dir, { segmentMaxRecords: 4 });
    const j = await s.open();
    for (let i = 1; i <= 7; i++) await j.append(tick(i));
    await j.close();
    const seg = join(s.dir, 'segments');
    // An unknown file, an empty file in the middle, a wrong station.
    await writeFile(join(seg, 'notes.txt'), 'hello');
    expect(codes(await verifyJournalDir(s.dir))).toEqual(['SEGMENT_NAME@notes.txt:0']);
    expect(codes(await verifyJournalDir(s.dir, { stationId: 'station-b' }))).toEqual(expect.arrayContaining(['STATION_MISMATCH@station.json:0', 'STATION_MISMATCH@segment-000000000001.jsonl:1']));
    // Without a public key seals cannot be trusted.
    const files = (await readdir(seg)).filter((n) => n.startsWith('segment-')).map((n) => join(seg, n));
    expect(codes(await verifySegments(files))).toEqual(['BAD_SIGNATURE@segment-000000000001.jsonl:4', 'BAD_SIGNATURE@segment-000000000005.jsonl:4']);
    // A seal in the middle of a segment, a missing seal at the end of a closed segment.
    const l1 = await fileLines(segPath(s.dir, 1));
    const l5 = await fileLines(segPath(s.dir, 5));
    await writeFile(segPath(s.dir, 1), [...l1, ...l5.slice(0, 3)].join('\n') + '\n');
    await writeFile(segPath(s.dir, 5), l5.slice(3).join('\n') + '\n');
    await rename(segPath(s.dir, 5), segPath(s.dir, 8));
    expect(codes(await verifySegments([segPath(s.dir, 1), segPath(s.dir, 8), segPath(s.dir, 9)], { publicKey: j.publicKey }))).toEqual([
      'MISPLACED_SEAL@segment-000000000001.jsonl:4', 'UNSEALED_END@segment-000000000001.jsonl:7',
    ]);
    // A torn tail; a duplicate claim; a checkpoint beyond the end.
    await writeFile(segPath(s.dir, 9), (await readFile(segPath(s.dir, 9), 'utf8')) + '{"v":1');
    const torn = await verifySegments([segPath(s.dir, 1), segPath(s.dir, 8), segPath(s.dir, 9)], { publicKey: j.publicKey });
    expect(codes(torn)).toContain('TORN_TAIL@segment-000000000009.jsonl:2');
    await mkdir(join(s.dir, 'copy'));
    await writeFile(join(s.dir, 'copy', 'segment-000000000009.jsonl'), 'x\n');
    expect(codes(await verifySegments([segPath(s.dir, 9), join(s.dir, 'copy', 'segment-000000000009.jsonl')], { expectGenesis: false }))).toContain('SEGMENT_NAME@segment-000000000009.jsonl:0');
  }));

  it('reports a checkpoint that claims more than the journal holds, and an empty closed segment', () => withTempDir('sw-verify-', async (dir) => {
    const s = setup(dir, { segmentMaxRecords: 3 });
    const j = await s.open();
    for (let i = 1; i <= 5; i++) await j.append(tick(i));
    await j.saveCheckpoint(null);
    await j.close();
    await writeFile(segPath(s.dir, 7), '');
    await writeFile(segPath(s.dir, 4), '');
    const r = await verifyJournalDir(s.dir);
    expect(codes(r)).toEqual(['CHECKPOINT@checkpoint.json:0', 'EMPTY_SEGMENT@segment-000000000004.jsonl:0', 'SEQ_GAP@segment-000000000007.jsonl:0']);
  }));

  it('reports a checkpoint of a closed segment beyond the journal (the last segments deleted)', () => withTempDir('sw-verify-', async (dir) => {
    const s = setup(dir, { segmentMaxRecords: 3 });
    const j = await s.open();
    for (let i = 1; i <= 4; i++) {
      await j.append(tick(i));
      await j.saveCheckpoint(null);
    }
    await j.close();
    expect((await verifyJournalDir(s.dir)).ok).toBe(true);
    await unlink(segPath(s.dir, 7));
    await unlink(segPath(s.dir, 4));
    await unlink(join(s.dir, 'checkpoint.json'));
    expect(codes(await verifyJournalDir(s.dir))).toEqual(['CHECKPOINT@checkpoint-000000000006.json:0']);
  }));

  it('checks large journals quickly (streaming)', () => withTempDir('sw-verify-', async (dir) => {
    const keyStore = new MemoryKeyStore();
    const events = 150_000;
    const fx = await writeJournalFixture({ dir, stationId: 'station-big', keyStore, events, sealEnd: true });
    const t0 = performance.now();
    const r = await verifyJournalDir(dir, { requireSealedEnd: true });
    const ms = performance.now() - t0;
    console.log(`verify: ${r.records} lines, ${(fx.bytes / 1e6).toFixed(1)} MB in ${ms.toFixed(0)} ms (${((ms * 1000) / r.records).toFixed(1)} µs/line)`);
    expect(r).toMatchObject({ ok: true, head: fx.head, seals: fx.seals });
    expect(ms).toBeLessThan(20_000);
  }), 60_000);
});

// ---------------------------------------------------------------------------------------------------------------
// Property (a): any single change to a sealed journal is found, at the right file and line.

describe('verifier finds every change (property)', () => {
  // The sealed journal every case changes, kept in memory: each case writes its changed copy to its own folder.
  const base = { files: [] as Array<{ name: string; bytes: Buffer }>, station: '' };

  beforeAll(() => withTempDir('sw-verify-base-', async (dir) => {
    const s = setup(dir, { segmentMaxRecords: 6 });
    const j = await s.open();
    for (let i = 1; i <= 21; i++) {
      await j.append(tick(i, i % 3 === 0 ? { reason: `reason ${i} — ü "quoted"` } : {}));
      s.clock.advance(7000);
    }
    await j.seal('supervisor');
    await j.close();
    base.station = await readFile(join(dir, 'station.json'), 'utf8');
    for (const name of (await readdir(join(dir, 'segments'))).sort()) {
      const bytes = await readFile(join(dir, 'segments', name));
      if (bytes.length > 0) base.files.push({ name, bytes });
    }
    expect(base.files.length).toBeGreaterThanOrEqual(4);
    expect((await verifyJournalDir(dir, { requireSealedEnd: true })).ok).toBe(true);
  }));

  const check = (mutated: Array<{ name: string; bytes: Buffer }>): Promise<VerifyReport> => withTempDir('sw-verify-mut-', async (dir) => {
    await mkdir(join(dir, 'segments'));
    await writeFile(join(dir, 'station.json'), base.station);
    for (const f of mutated) await writeFile(join(dir, 'segments', f.name), f.bytes);
    return verifyJournalDir(dir, { requireSealedEnd: true });
  });
  const splitLines = (b: Buffer): Buffer[] => {
    const out: Buffer[] = [];
    let start = 0;
    for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, start)) {
      out.push(b.subarray(start, i));
      start = i + 1;
    }
    return out;
  };
  const joinLines = (lines: Buffer[]): Buffer => Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]));
  const first = (r: VerifyReport) => ({ file: r.problems[0]?.file.split('/').pop(), line: r.problems[0]?.line, code: r.problems[0]?.code });

  it('(a1) any single-byte change at any position', async () => {
    const totalBytes = base.files.reduce((n, f) => n + f.bytes.length, 0);
    await assertBoundedAsync(
      fc.asyncProperty(fc.integer({ min: 0, max: totalBytes - 1 }), fc.integer({ min: 1, max: 255 }), async (globalPos, delta) => {
        let pos = globalPos;
        let fi = 0;
        while (pos >= (base.files[fi] as { bytes: Buffer }).bytes.length) pos -= (base.files[fi++] as { bytes: Buffer }).bytes.length;
        const target = base.files[fi] as { name: string; bytes: Buffer };
        const bytes = Buffer.from(target.bytes);
        bytes[pos] = ((bytes[pos] as number) + delta) & 0xff;
        const line = target.bytes.subarray(0, pos).filter((b) => b === 10).length + 1;
        const r = await check(base.files.map((f, i) => (i === fi ? { name: f.name, bytes } : f)));
        expect(r.ok).toBe(false);
        const p = first(r);
        expect(p.file).toBe(target.name);
        // The changed line itself, or (when the change keeps it valid JSON) the next line, whose prev no longer matches.
        expect([line, line + 1]).toContain(p.line);
      }),
      { numRuns: 300, timeLimitMs: 40_000 },
    );
  }, 120_000);

  it('(a2) a deleted line', async () => {
    const all = base.files.flatMap((f, fi) => splitLines(f.bytes).map((_, li) => ({ fi, li })));
    await assertBoundedAsync(
      fc.asyncProperty(fc.constantFrom(...all), async ({ fi, li }) => {
        const target = base.files[fi] as { name: string; bytes: Buffer };
        const lines = splitLines(target.bytes);
        const kept = lines.filter((_, i) => i !== li);
        const r = await check(base.files.map((f, i) => (i === fi ? { name: f.name, bytes: joinLines(kept) } : f)));
        expect(r.ok).toBe(false);
        const p = first(r);
        expect(p.file).toBe(target.name);
        if (li === lines.length - 1) expect(p).toMatchObject({ code: 'UNSEALED_END', line: li }); // the seal is gone: the end shows it
        else expect(p.line).toBe(li + 1);
      }),
      { numRuns: 60, timeLimitMs: 40_000 },
    );
  }, 120_000);

  it('(a3) two lines swapped', async () => {
    const all = base.files.flatMap((f, fi) => splitLines(f.bytes).map((_, li) => ({ fi, li })));
    await assertBoundedAsync(
      fc.asyncProperty(fc.integer({ min: 0, max: all.length - 1 }), fc.integer({ min: 0, max: all.length - 1 }), async (x, y) => {
        fc.pre(x !== y);
        const [a, b] = x < y ? [all[x]!, all[y]!] : [all[y]!, all[x]!];
        const split = base.files.map((f) => splitLines(f.bytes));
        const la = split[a.fi]![a.li]!;
        split[a.fi]![a.li] = split[b.fi]![b.li]!;
        split[b.fi]![b.li] = la;
        const r = await check(base.files.map((f, i) => ({ name: f.name, bytes: joinLines(split[i]!) })));
        expect(r.ok).toBe(false);
        expect(first(r)).toMatchObject({ file: base.files[a.fi]!.name, line: a.li + 1 });
      }),
      { numRuns: 60, timeLimitMs: 40_000 },
    );
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------------------------
// Property (b): what is appended is what is read back after reopening.

const noProtoKeys = (v: unknown): boolean =>
  v === null || typeof v !== 'object' ? true : Array.isArray(v) ? v.every(noProtoKeys) : Object.entries(v).every(([k, x]) => k !== '__proto__' && noProtoKeys(x));
const text = fc.string({ unit: 'binary', maxLength: 30 });
const json = fc.jsonValue({ maxDepth: 3 }).filter(noProtoKeys);
const eventArb: fc.Arbitrary<EventInput> = fc.record(
  {
    actor: fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
    type: fc.stringMatching(/^[a-z]{1,8}(\.[a-z]{1,8}){0,2}$/).filter((t) => !t.startsWith('journal.') && t !== 'journal'),
    run: fc.uuid(),
    standard: fc.record({ id: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/), version: fc.integer({ min: 1, max: 999 }), hash: fc.stringMatching(/^[0-9a-f]{64}$/) }),
    step: text,
    value: json,
    reason: text,
    supersedes: fc.uuid(),
    data: fc.dictionary(fc.string({ unit: 'binary', maxLength: 10 }), json, { maxKeys: 4 }).filter(noProtoKeys),
  },
  { requiredKeys: ['actor', 'type'] },
);

describe('append then reopen (property)', () => {
  it('(b) reads back exactly the records appended, across seals and rotation', async () => {
    await assertBoundedAsync(
      fc.asyncProperty(
        fc.array(fc.tuple(eventArb, fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 2, max: 7 }),
        (steps, max) => withTempDir('sw-prop-b-', async (dir) => {
          const keyStore = new MemoryKeyStore();
          const clock = new ManualClock(T0, 'Europe/Berlin');
          // No flush: durability is not what this property checks (the crash test keeps fdatasync).
          const open = () => Journal.open({ dir, stationId: 'station-p', clock, keyStore, segmentMaxRecords: max, durability: 'none' });
          let j = await open();
          const written: JournalRecord[] = [];
          for (const [input, sealAfter, reopenAfter] of steps) {
            const r = await j.append(input);
            written.push(r);
            // The record is the input plus the journal's fields, as plain JSON.
            for (const k of RECORD_FIELD_ORDER) {
              if (k in input) expect(r[k as keyof JournalRecord]).toEqual(JSON.parse(JSON.stringify((input as Record<string, unknown>)[k])));
            }
            if (sealAfter) written.push(await j.seal());
            if (reopenAfter) {
              await j.close();
              j = await open();
            }
            clock.advance(1234);
          }
          await j.close();
          j = await open();
          const read: JournalRecord[] = [];
          for await (const r of j.readSince(0)) read.push(r);
          await j.close();
          const mine = read.filter((r) => r.type !== 'journal.seal' || written.some((w) => w.id === r.id));
          expect(mine).toEqual(dedupe(written));
          expect(read.map((r) => r.seq)).toEqual(read.map((_, i) => i + 1));
          for (const r of read) expect(serializeRecord(r)).toBe(JSON.stringify(r));
          expect((await verifyJournalDir(dir)).problems).toEqual([]);
        }),
      ),
      { numRuns: 25, timeLimitMs: 40_000 },
    );
  }, 120_000);
});

/** seal() twice with nothing in between returns the same seal: keep one. */
function dedupe(records: JournalRecord[]): JournalRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}

// ---------------------------------------------------------------------------------------------------------------
// Property (c): the hot path (a line accepted in one pass over its bytes) never changes what is reported: on any
// journal and any damaged line, verifying with and without it gives the same report.

describe('hot path and full check agree (property)', () => {
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), to: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(' ', '\t', '0', '-', '"', '\\', ',', '{', '}', '[', ']', 'e', '.', 'é', '\\u0041', ',"v":1', ',"x":0') }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ kind: fc.constant('upper' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('replace' as const), from: fc.constantFrom('"v":1', '"seq":', ':1,', 'true', 'null', '"}', ':"', '-7', '+05:30', 'Z"', '.000'), to: fc.constantFrom('"v":1.0', '"seq":0', ':1e0,', 'tru', 'nul', '" }', ': "', '-8', '+0530', 'z"', '.') }),
  );

  /** What onRecord hands out, as plain values: from the parsed record, or from scannedFields on the hot path. */
  function factsOf(seen: unknown[]) {
    return (bytes: Buffer, seq: number, file: string, line: number, record: JournalRecord | null) => {
      const f = scannedFields;
      const text = (a: number, e: number) => ((f[a] as number) < 0 ? undefined : bytes.toString('utf8', f[a] as number, f[e] as number));
      const json = (a: number, e: number) => ((f[a] as number) < 0 ? undefined : JSON.parse(text(a, e) as string) as unknown);
      const r = record ?? {
        seq, at: text(F.AT, F.AT_END), actor: json(F.ACTOR, F.ACTOR_END), type: text(F.TYPE, F.TYPE_END), value: json(F.VALUE, F.VALUE_END),
        standard: (f[F.STD_ID] as number) < 0 ? undefined
          : { id: text(F.STD_ID, F.STD_ID_END), version: Number(text(F.STD_VERSION, F.STD_VERSION_END)), hash: bytes.toString('latin1', f[F.STD_HASH] as number, (f[F.STD_HASH] as number) + 64) },
      };
      seen.push({ seq, file, line, text: bytes.toString('utf8'), at: r.at, actor: r.actor, type: r.type, value: r.value, standard: r.standard });
    };
  }

  async function both(files: string[], publicKey: string): Promise<[VerifyReport, VerifyReport]> {
    const opts = { stationId: 'station-h', publicKey, requireSealedEnd: true } as const;
    const seenFast: unknown[] = [];
    const seenFull: unknown[] = [];
    const out: [VerifyReport, VerifyReport] = [await verifySegments(files, { ...opts, fastLines: true, onRecord: factsOf(seenFast) }),
      await verifySegments(files, { ...opts, fastLines: false, onRecord: factsOf(seenFull) })];
    // Every record is handed to onRecord once, in order, with the same fields whichever path took it.
    expect(seenFast).toEqual(seenFull);
    return out;
  }

  it('(c) same report with and without the hot path, on random journals with one damaged line', async () => {
    await assertBoundedAsync(
      fc.asyncProperty(fc.array(eventArb, { minLength: 2, maxLength: 12 }), fc.nat(), mutation, (events, lineIndex, m) => withTempDir('sw-prop-c-', async (dir) => {
        const keyStore = new MemoryKeyStore();
        const j = await Journal.open({ dir, stationId: 'station-h', clock: new ManualClock(T0, 'Asia/Kolkata'), keyStore, segmentMaxRecords: 5, durability: 'none' });
        for (const e of events) await j.append(e);
        await j.seal();
        await j.close();
        const files = (await readdir(join(dir, 'segments'))).sort().map((n) => join(dir, 'segments', n));
        const [fast, full] = await both(files, j.publicKey);
        expect(fast).toEqual(full);
        expect(fast.ok).toBe(true);

        // Damage one line of one file.
        const all: Array<{ file: string; index: number; lines: string[] }> = [];
        for (const file of files) {
          const lines = (await readFile(file, 'utf8')).split('\n').slice(0, -1);
          lines.forEach((_, index) => all.push({ file, index, lines }));
        }
        const target = all[lineIndex % all.length]!;
        const line = target.lines[target.index]!;
        let changed = line;
        if (m.kind === 'byte') {
          const original = Buffer.from(line, 'utf8');
          const bytes = Buffer.from(original);
          bytes[m.at % bytes.length] = m.to === 10 ? 11 : m.to;
          // Compare bytes, not strings: a byte set to its own value is no change, even on a line with non-ASCII text
          // (whose latin1 reading differs from the line as read in UTF-8; seed 925747929 found it).
          changed = bytes.equals(original) ? line : bytes.toString('latin1');
          await writeFile(target.file, Buffer.concat(target.lines.map((l, i) => Buffer.from(i === target.index ? '' : `${l}\n`, 'utf8')).slice(0, target.index)
            .concat([bytes, Buffer.from('\n')], target.lines.slice(target.index + 1).map((l) => Buffer.from(`${l}\n`, 'utf8')))));
        } else {
          if (m.kind === 'insert') changed = line.slice(0, m.at % line.length) + m.text + line.slice(m.at % line.length);
          else if (m.kind === 'delete') changed = line.slice(0, m.at % line.length) + line.slice((m.at % line.length) + m.length);
          else if (m.kind === 'upper') changed = line.slice(0, m.at % line.length) + line.charAt(m.at % line.length).toUpperCase() + line.slice((m.at % line.length) + 1);
          else changed = line.replace(m.from, m.to);
          await writeFile(target.file, target.lines.map((l, i) => `${i === target.index ? changed : l}\n`).join(''));
        }
        const [fastBad, fullBad] = await both(files, j.publicKey);
        expect(fastBad).toEqual(fullBad);
        if (changed !== line) expect(fastBad.ok).toBe(false);
      })),
      { numRuns: 150, timeLimitMs: 60_000 },
    );
  }, 180_000);

  it('(c) lines the hot path leaves to the full check: escapes, upper-case hex, reordered keys, a seal', () => withTempDir('sw-prop-c2-', async (dir) => {
    const keyStore = new MemoryKeyStore();
    const j = await Journal.open({ dir, stationId: 'station-h', clock: new ManualClock(T0, 'Asia/Kolkata'), keyStore });
    await j.append({ actor: 'a\u0000\u001f"\\/é😀', type: 'step.noted', value: { a: [1, -0.5e-3, true, null, 'x\n'], b: {} }, data: { 'k"': [[[]]] } });
    await j.append({ actor: 'b', type: 'step.done', run: '01A21E3F-616C-702B-A285-B3E7C726FDE5'.toLowerCase() });
    await j.seal();
    await j.close();
    const files = (await readdir(join(dir, 'segments'))).sort().map((n) => join(dir, 'segments', n));
    const [fast, full] = await both(files, j.publicKey);
    expect(fast).toEqual(full);
    expect(fast.ok).toBe(true);
  }));
});
