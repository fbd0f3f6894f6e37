import { createHash } from 'node:crypto';
import { cp, copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateStationKeyPem, stationKeyFromPem } from '../journal';
import { simulate } from '../sim/simulate';
import { STANDARDS, TEST_NOW, TempDirs } from '../sync/test-support';
import { importShare, verifyShare, type LedgerProblem, type ShareReport } from '.';

const dirs = new TempDirs();
let root: string;
let original: string;
/** Every event of the untouched share, by station:seq, as imported: what "true" means. */
let truth: Map<string, string>;
let stationIds: string[];

const opts = { nowMs: TEST_NOW, workers: 0 } as const;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const segDir = (share: string, station: string) => path.join(share, 'stations', station, 'segments');

async function rows(db: string): Promise<Map<string, string>> {
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  const out = new Map<string, string>();
  const result = await conn.runAndReadAll(`SELECT station_id, seq, id, at_text, actor, type, run_id, standard_hash, step_id, value, reason, supersedes, data, file, line
    FROM events ORDER BY station_id, seq`);
  for (const r of result.getRowObjectsJson()) out.set(`${String(r.station_id)}:${String(r.seq)}`, JSON.stringify(r));
  conn.closeSync();
  instance.closeSync();
  return out;
}

async function segments(share: string, station: string): Promise<string[]> {
  return (await readdir(segDir(share, station))).filter((n) => /^segment-\d{12}\.jsonl$/.test(n)).sort();
}

async function lines(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8')).split('\n').filter((l, i, a) => l !== '' || i < a.length - 1);
}
async function writeLines(file: string, ls: string[]): Promise<void> {
  await writeFile(file, ls.map((l) => `${l}\n`).join(''));
}

async function fresh(name: string): Promise<string> {
  const d = path.join(root, name);
  await cp(original, d, { recursive: true });
  return d;
}

let dbCounter = 0;
const newDb = () => path.join(root, `db-${++dbCounter}.duckdb`);

/** Import the share and check that everything imported is true (identical to the untouched share's events). */
async function importNothingFalse(share: string, db = newDb()) {
  const result = await importShare(share, db, opts);
  const imported = await rows(db);
  for (const [key, row] of imported) expect(truth.get(key), `imported ${key}`).toBe(row);
  return { result, imported, db };
}

const errorsOf = (r: ShareReport) => r.problems.filter((p) => p.severity === 'error');
const expectProblem = (r: ShareReport, match: Partial<LedgerProblem>) => expect(errorsOf(r)).toContainEqual(expect.objectContaining(match));

beforeAll(async () => {
  root = await dirs.make('sw-ledger-');
  original = path.join(root, 'original');
  await simulate({ share: original, standardsDir: STANDARDS, stations: 3, days: 4, seed: 7, startDate: '2026-11-16', timeZone: 'Asia/Kolkata' });
  stationIds = (await readdir(path.join(original, 'stations'))).sort();
  const db = newDb();
  const first = await importShare(original, db, opts);
  expect(first.report.problems).toEqual([]);
  truth = await rows(db);
}, 120_000);
afterAll(() => dirs.cleanup());

describe('verifyShare and importShare on an untouched share', () => {
  it('verify everything and import every event, once', async () => {
    const report = await verifyShare(original, opts);
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.stations).toHaveLength(3);
    expect(report.standards.map((s) => s.id).sort()).toEqual(['carton-quality-check', 'end-of-day-clean-down', 'station-start-check']);
    for (const s of report.stations) {
      expect(s.verifiedThrough?.seq).toBe(s.records);
      expect(s.duplicates).toEqual([]);
    }
    expect(truth.size).toBe(report.events);
    expect(report.events).toBeGreaterThan(300);
  });

  it('importing the same share twice adds nothing', async () => {
    const db = newDb();
    const first = await importShare(original, db, opts);
    expect(first.eventsAdded).toBe(truth.size);
    expect(first.stations.every((s) => s.status === 'imported')).toBe(true);
    const second = await importShare(original, db, opts);
    expect(second.eventsAdded).toBe(0);
    expect(second.standardsAdded).toBe(0);
    expect(second.stations.every((s) => s.status === 'up_to_date')).toBe(true);
    expect((await rows(db)).size).toBe(truth.size);
    const instance = await DuckDBInstance.create(db);
    const conn = await instance.connect();
    const counts = (await conn.runAndReadAll(`SELECT (SELECT count(*) FROM imports) AS imports, (SELECT count(*) FROM standards) AS standards,
      (SELECT count(*) FROM stations) AS stations, (SELECT count(*) FROM (SELECT station_id, seq FROM events GROUP BY ALL HAVING count(*) > 1)) AS dups`)).getRowObjectsJS()[0];
    expect(counts).toEqual({ imports: 2n, standards: 3n, stations: 3n, dups: 0n });
    conn.closeSync();
    instance.closeSync();
  });

  it('gives the same result with worker threads', async () => {
    const one = await verifyShare(original, { nowMs: TEST_NOW, workers: 0 });
    const two = await verifyShare(original, { nowMs: TEST_NOW, workers: 2 });
    expect(two.ok).toBe(true);
    expect(two.stations.map((s) => [s.station, s.records, s.verifiedThrough])).toEqual(one.stations.map((s) => [s.station, s.records, s.verifiedThrough]));
  });

  /** An import into a new ledger with two workers (running `workerScript`, if given): every event, no problem. */
  const expectWholeImport = async (workerScript?: string) => {
    const db = newDb();
    const result = await importShare(original, db, { nowMs: TEST_NOW, workers: 2, ...(workerScript ? { workerScript } : {}) });
    expect(result.report.problems).toEqual([]);
    expect(await rows(db)).toEqual(truth);
  };

  it('a new ledger: the workers started while it is made import the same events; workers that cannot start leave the work to this thread', async () => {
    await expectWholeImport();
    const broken = path.join(root, 'broken-worker.cjs');
    await writeFile(broken, 'throw new Error("this worker cannot start");\n');
    await expectWholeImport(broken);
  });

  it('a worker that fails in the middle of a station, after making some of its copies: the station is checked again in this thread and imported whole', async () => {
    const crashing = path.join(root, 'crashing-worker.cjs');
    await writeFile(crashing, `const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
parentPort.postMessage({ ready: true });
parentPort.on('message', ({ task }) => {
  for (const base of [task.copyDir, task.memoryCopyDir]) {
    if (!base) continue;
    const dir = path.join(base, task.station);
    fs.mkdirSync(dir, { recursive: true });
    for (const name of fs.readdirSync(path.join(task.share, 'stations', task.station, 'segments'))) fs.writeFileSync(path.join(dir, name), 'half a copy');
  }
  throw new Error('this worker fails in the middle of a station');
});
`);
    await expectWholeImport(crashing);
  });

  it('copies in a folder the caller chose are left there', async () => {
    const kept = path.join(root, 'kept-copies');
    await mkdir(kept);
    await importShare(original, newDb(), { ...opts, copyDir: kept });
    const names = (await readdir(kept, { recursive: true })).map(String);
    expect(names.filter((n) => n.endsWith('.jsonl')).length).toBeGreaterThanOrEqual(stationIds.length);
  });
});

describe('tamper suite: each change is detected with its station and file, and nothing false is imported', () => {
  it('a changed byte', async () => {
    const share = await fresh('byte');
    const st = stationIds[0] as string;
    const seg = (await segments(share, st))[2] as string;
    const file = path.join(segDir(share, st), seg);
    const buf = await readFile(file);
    const at = buf.indexOf('"actor":"') + 10; // a letter of the first line's actor
    buf[at] = buf[at] === 0x61 ? 0x62 : 0x61;
    await writeFile(file, buf);
    const report = await verifyShare(share, opts);
    expect(report.ok).toBe(false);
    expectProblem(report, { station: st, file: `stations/${st}/segments/${seg}`, code: 'CHAIN_BROKEN', line: 2 });
    const { result } = await importNothingFalse(share);
    const s = result.stations.find((x) => x.station === st);
    expect(s?.status).toBe('partial');
    expect(s?.headSeq).toBe(Number(seg.slice(8, 20)) - 1); // up to the seal before the changed segment
    expect(result.stations.filter((x) => x.station !== st).every((x) => x.status === 'imported')).toBe(true);
  });

  it('a deleted line', async () => {
    const share = await fresh('delete-line');
    const st = stationIds[1] as string;
    const seg = (await segments(share, st))[1] as string;
    const file = path.join(segDir(share, st), seg);
    const ls = await lines(file);
    ls.splice(1, 1);
    await writeLines(file, ls);
    const report = await verifyShare(share, opts);
    expectProblem(report, { station: st, file: `stations/${st}/segments/${seg}`, code: 'SEQ_GAP' });
    const { result } = await importNothingFalse(share);
    expect(result.stations.find((x) => x.station === st)?.headSeq).toBe(Number(seg.slice(8, 20)) - 1);
  });

  it('reordered lines', async () => {
    const share = await fresh('reorder');
    const st = stationIds[2] as string;
    const seg = (await segments(share, st))[3] as string;
    const file = path.join(segDir(share, st), seg);
    const ls = await lines(file);
    [ls[0], ls[1]] = [ls[1] as string, ls[0] as string];
    await writeLines(file, ls);
    const report = await verifyShare(share, opts);
    expectProblem(report, { station: st, file: `stations/${st}/segments/${seg}`, line: 1 });
    await importNothingFalse(share);
  });

  it('a deleted segment', async () => {
    const share = await fresh('delete-segment');
    const st = stationIds[0] as string;
    const segs = await segments(share, st);
    await rm(path.join(segDir(share, st), segs[2] as string));
    const report = await verifyShare(share, opts);
    expectProblem(report, { station: st, file: `stations/${st}/segments/${segs[3]}`, code: 'SEQ_GAP' });
    const { result } = await importNothingFalse(share);
    expect(result.stations.find((x) => x.station === st)?.headSeq).toBe(Number((segs[2] as string).slice(8, 20)) - 1);
  });

  it('a segment duplicated under another name with different content (a fork)', async () => {
    const share = await fresh('fork');
    const st = stationIds[1] as string;
    const seg = (await segments(share, st))[2] as string;
    const ls = await lines(path.join(segDir(share, st), seg));
    ls[1] = (ls[1] as string).replace(/"actor":"[^"]+"/, '"actor":"someone-else"');
    const copy = seg.replace('.jsonl', ' (conflicted copy).jsonl');
    await writeLines(path.join(segDir(share, st), copy), ls);
    const report = await verifyShare(share, opts);
    expectProblem(report, { station: st, file: `stations/${st}/segments/${copy}`, code: 'FORK', line: 2 });
    const { result } = await importNothingFalse(share);
    expect(result.stations.find((x) => x.station === st)?.headSeq).toBe(Number(seg.slice(8, 20)) - 1);
  });

  it('a segment that overlaps another one with other lines (a fork)', async () => {
    const share = await fresh('overlap');
    const st = stationIds[2] as string;
    const segs = await segments(share, st);
    const a = segs[1] as string;
    const ls = await lines(path.join(segDir(share, st), a));
    // A file claiming to start one line later than `a`, inside a's range, with a changed line.
    const first = Number(a.slice(8, 20)) + 1;
    const name = `segment-${String(first).padStart(12, '0')}.jsonl`;
    await writeLines(path.join(segDir(share, st), name), [(ls[1] as string).replace(/"actor":"[^"]+"/, '"actor":"x"'), ...ls.slice(2)]);
    const report = await verifyShare(share, opts);
    expectProblem(report, { station: st, file: `stations/${st}/segments/${name}`, code: 'FORK', line: 1 });
    await importNothingFalse(share);
  });

  it('a segment moved to another station', async () => {
    const share = await fresh('move');
    const [a, b] = stationIds as [string, string];
    const seg = (await segments(share, a))[1] as string;
    await rename(path.join(segDir(share, a), seg), path.join(segDir(share, b), seg));
    const report = await verifyShare(share, opts);
    expectProblem(report, { station: b, file: `stations/${b}/segments/${seg}`, code: 'STATION_MISMATCH' });
    expect(errorsOf(report).some((p) => p.station === a && p.code === 'SEQ_GAP')).toBe(true);
    await importNothingFalse(share);
  });

  it('a forged line: valid JSON and a recomputed chain, but no valid seal', async () => {
    const share = await fresh('forge');
    const st = stationIds[0] as string;
    const segs = await segments(share, st);
    const seg = segs[segs.length - 1] as string;
    const file = path.join(segDir(share, st), seg);
    const ls = await lines(file);
    const forged = JSON.parse(ls[0] as string) as Record<string, unknown>;
    forged.actor = 'forger';
    ls[0] = JSON.stringify(forged);
    for (let i = 1; i < ls.length; i++) {
      const o = JSON.parse(ls[i] as string) as Record<string, unknown>;
      o.prev = sha(ls[i - 1] as string);
      ls[i] = JSON.stringify(o);
    }
    await writeLines(file, ls);
    const report = await verifyShare(share, opts);
    expect(errorsOf(report).filter((p) => p.station === st)).toEqual([
      expect.objectContaining({ station: st, file: `stations/${st}/segments/${seg}`, code: 'BAD_SIGNATURE', line: ls.length }),
    ]);
    const { result, imported } = await importNothingFalse(share);
    expect(result.stations.find((x) => x.station === st)?.headSeq).toBe(Number(seg.slice(8, 20)) - 1);
    expect([...imported.values()].some((r) => r.includes('forger'))).toBe(false);
  });

  it('a replaced key in station.json: the seals no longer verify; after an import it is a key change and the station is rejected', async () => {
    const share = await fresh('key');
    const st = stationIds[1] as string;
    const db = newDb();
    await importShare(share, db, opts);
    const idFile = path.join(share, 'stations', st, 'station.json');
    const other = stationKeyFromPem(generateStationKeyPem());
    const id = JSON.parse(await readFile(idFile, 'utf8'));
    await writeFile(idFile, JSON.stringify({ ...id, publicKey: other.publicKey, keyId: other.keyId }));

    const known = await importShare(share, db, opts);
    expectProblem(known.report, { station: st, file: `stations/${st}/station.json`, code: 'KEY_CHANGED' });
    expect(known.stations.find((x) => x.station === st)?.status).toBe('rejected');
    expect(known.eventsAdded).toBe(0);

    const report = await verifyShare(share, opts); // no ledger: the new key is taken, and the seals do not verify with it
    expectProblem(report, { station: st, code: 'BAD_SIGNATURE', file: `stations/${st}/segments/segment-000000000001.jsonl` });
    const { result } = await importNothingFalse(share);
    expect(result.stations.find((x) => x.station === st)).toMatchObject({ added: 0, status: 'rejected' });
  });

  it('history shrunk after an import', async () => {
    const share = await fresh('shrink');
    const st = stationIds[2] as string;
    const db = newDb();
    await importShare(share, db, opts);
    const segs = await segments(share, st);
    await rm(path.join(segDir(share, st), segs[segs.length - 1] as string));
    const again = await importShare(share, db, opts);
    expectProblem(again.report, { station: st, code: 'HISTORY_SHRANK' });
    expect(again.stations.find((x) => x.station === st)?.status).toBe('rejected');
    expect((await rows(db)).size).toBe(truth.size); // what was imported stays
  });

  it('harmless changes raise no alarm: an identical conflict copy, temporary and lock files', async () => {
    const share = await fresh('harmless');
    const st = stationIds[0] as string;
    const seg = (await segments(share, st))[1] as string;
    await copyFile(path.join(segDir(share, st), seg), path.join(segDir(share, st), seg.replace('.jsonl', ' (1).jsonl')));
    await writeFile(path.join(segDir(share, st), '.segment-000000999999.jsonl.tmp-abcdef'), '{"half');
    await writeFile(path.join(segDir(share, st), '~lock.tmp'), '');
    await mkdir(path.join(share, 'stations', '.DS_Store-folder'), { recursive: true });
    const report = await verifyShare(share, opts);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.stations.find((s) => s.station === st)?.duplicates).toEqual([`stations/${st}/segments/${seg.replace('.jsonl', ' (1).jsonl')}`]);
    const { result } = await importNothingFalse(share);
    expect(result.eventsAdded).toBe(truth.size);
  });

  it('an incomplete sync copy (a prefix of a segment) is a warning only', async () => {
    const share = await fresh('partial-copy');
    const st = stationIds[0] as string;
    const seg = (await segments(share, st))[1] as string;
    const ls = await lines(path.join(segDir(share, st), seg));
    await writeLines(path.join(segDir(share, st), seg.replace('.jsonl', '-conflict-20261123.jsonl')), ls.slice(0, 2));
    const report = await verifyShare(share, opts);
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([expect.objectContaining({ code: 'PARTIAL_COPY', severity: 'warning', station: st })]);
  });
});

describe('standards', () => {
  it('events of a standard that is not published are not imported until it is', async () => {
    const share = await fresh('standards');
    const moved = path.join(root, 'carton-aside.json');
    await rename(path.join(share, 'standards', 'carton-quality-check.json'), moved);
    const db = newDb();
    const first = await importShare(share, db, opts);
    for (const st of stationIds) expectProblem(first.report, { station: st, code: 'UNKNOWN_STANDARD' });
    for (const [key, row] of await rows(db)) expect(truth.get(key)).toBe(row);
    expect(first.eventsAdded).toBeLessThan(truth.size);
    await rename(moved, path.join(share, 'standards', 'carton-quality-check.json'));
    const second = await importShare(share, db, opts);
    expect(second.report.ok).toBe(true);
    expect(first.eventsAdded + second.eventsAdded).toBe(truth.size);
    expect(await rows(db)).toEqual(truth);
  });
});
