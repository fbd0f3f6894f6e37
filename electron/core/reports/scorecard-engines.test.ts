import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/support/pg';
import { importShare, openLedger } from '../ledger';
import { enrolEveryStation as enrolEvery, enrolEveryStationPg } from './test-fixture';
import { importShareToPg } from '../ledger-pg';
import { simulate } from '../sim/simulate';
import { STANDARDS, TEST_NOW, TempDirs } from '../sync/test-support';
import { postgresEngine, scorecardOnPg } from './compute-pg';
import { duckdbEngine, scorecardOn } from './compute';
import { compareSuppliers, type SupplierComparison } from './suppliers';
import { PSEUDONYM_META_KEY } from './pseudonym';
import type { Scorecard } from './types';

/**
 * One scorecard, two engines (issue 12 item 3): the same simulated shares imported into the DuckDB ledger and the
 * PostgreSQL ledger give the same scorecard, row for row — every figure at every grain, hot spots, adoptions, runs,
 * deviations. Fractions are compared to 12 significant digits (the engines add doubles in different orders).
 */
const dirs = new TempDirs();
let root: string;
let share: string;
let other: string;
afterAll(() => dirs.cleanup());
beforeAll(async () => {
  root = await dirs.make('sw-engines-');
  share = path.join(root, 'share');
  // Two weeks of five stations, India time: due occurrences, late runs, deviations, undos, help, out-of-limits.
  await simulate({ share, standardsDir: STANDARDS, stations: 5, days: 10, seed: 3, startDate: '2026-11-09', timeZone: 'Asia/Kolkata' });
  other = path.join(root, 'other');
  await simulate({ share: other, standardsDir: STANDARDS, stations: 2, days: 6, seed: 11, startDate: '2026-11-11', timeZone: 'Asia/Kolkata' });
}, 180_000);

function comparable(card: Scorecard): unknown {
  const round = (v: unknown): unknown => {
    if (typeof v === 'number' && !Number.isInteger(v)) return Number(v.toPrecision(12));
    if (Array.isArray(v)) return v.map(round);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)]));
    return v;
  };
  const { generatedAt: _g, ...rest } = card;
  return round(rest);
}

/** The scorecard of each engine's ledger, the PostgreSQL one given the DuckDB one's pseudonym key (the same pseudonyms). */
async function bothScorecards(duckFile: string, url: string, options: Parameters<typeof scorecardOn>[1] = {}): Promise<{ duck: Scorecard; post: Scorecard }> {
  const ledger = await openLedger(duckFile);
  let duck: Scorecard;
  let key: string;
  try {
    duck = await scorecardOn(ledger.conn, options);
    key = String((await ledger.conn.runAndReadAll(`SELECT value FROM meta WHERE key = '${PSEUDONYM_META_KEY}'`)).getRowObjectsJS()[0]?.value);
  } finally {
    ledger.close();
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('INSERT INTO meta VALUES ($1, $2)', [PSEUDONYM_META_KEY, key]);
    return { duck, post: await scorecardOnPg(client, options) };
  } finally {
    await client.end();
  }
}

describe('the scorecard on DuckDB and on PostgreSQL', () => {
  it('is identical, row for row, for the same shares', async () => {
    const db = await freshDatabase();
    const duckFile = path.join(root, 'ledger.duckdb');
    try {
      await importShare(share, duckFile, { nowMs: TEST_NOW, workers: 0 });
      await enrolEvery(duckFile);
      await importShareToPg(share, db.url, { nowMs: TEST_NOW, workers: 0, supplier: 'Acme' });
      await enrolEveryStationPg(db.url);
      const ledger = await openLedger(duckFile);
      let duck: Scorecard;
      let key: string;
      try {
        duck = await scorecardOn(ledger.conn);
        key = String((await ledger.conn.runAndReadAll(`SELECT value FROM meta WHERE key = '${PSEUDONYM_META_KEY}'`)).getRowObjectsJS()[0]?.value);
      } finally {
        ledger.close();
      }
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      let post: Scorecard;
      try {
        // The same pseudonym key, so that artisans get the same pseudonyms in both.
        await client.query('INSERT INTO meta VALUES ($1, $2)', [PSEUDONYM_META_KEY, key]);
        post = await scorecardOnPg(client);
      } finally {
        await client.end();
      }
      // Enough to mean something: due occurrences, late and on time, deviations, hot spots.
      expect(duck.summary.dueOccurrences).toBeGreaterThan(50);
      expect(duck.summary.completedOnTime).toBeLessThan(duck.summary.completedDue);
      expect(duck.summary.deviations + duck.summary.undos + duck.summary.helpRequests).toBeGreaterThan(0);
      expect(duck.hotSpots.length).toBeGreaterThan(0);
      expect(duck.stationStandards.length).toBeGreaterThan(5);
      // The exports' columns are compared too, so they must mean something here.
      expect(duck.runs.every((r) => r.stationName !== null && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(r.startedLocal))).toBe(true);
      expect(duck.deviations.some((d) => d.kind === 'out-of-limits' && d.value !== null && (d.limitMin !== null || d.limitMax !== null))).toBe(true);
      expect(duck.summary.stationsByStatus.verified).toBe(5);
      const a = comparable(duck) as Record<string, unknown>;
      const b = comparable(post) as Record<string, unknown>;
      for (const part of Object.keys(a)) expect(b[part], part).toEqual(a[part]);
      expect(b).toEqual(a);
    } finally {
      await db.drop();
    }
  });

  it('is identical after incremental imports: a share imported as it grows, each engine reading only what is new', async () => {
    const grown = path.join(root, 'growing');
    const held = path.join(root, 'growing-held');
    await cp(share, grown, { recursive: true });
    // The first import sees each station's first half of segments; the second, the rest (read alone, from the remembered heads).
    for (const id of await readdir(path.join(grown, 'stations'))) {
      const dir = path.join(grown, 'stations', id, 'segments');
      const segs = (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort();
      await cp(dir, path.join(held, id), { recursive: true });
      for (const f of segs.slice(Math.ceil(segs.length / 2))) await rm(path.join(dir, f));
    }
    const db = await freshDatabase();
    const duckFile = path.join(root, 'growing.duckdb');
    try {
      const opts = { nowMs: TEST_NOW, workers: 0, supplier: 'Acme' } as const;
      await importShare(grown, duckFile, opts);
      await importShareToPg(grown, db.url, opts);
      for (const id of await readdir(held)) await cp(path.join(held, id), path.join(grown, 'stations', id, 'segments'), { recursive: true });
      const duckNext = await importShare(grown, duckFile, opts);
      const pgNext = await importShareToPg(grown, db.url, opts);
      for (const r of [duckNext, pgNext]) {
        expect(r.report.ok).toBe(true);
        expect(r.report.stations.map((c) => c.verification.mode)).toEqual(Array(5).fill('incremental'));
        expect(r.report.stations.every((c) => c.verification.read.length > 0)).toBe(true);
      }
      expect(pgNext.eventsAdded).toBe(duckNext.eventsAdded);
      expect(pgNext.stations).toEqual(duckNext.stations);
      // Each engine remembers the same segments (name, range, size, hash) of every station.
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const l2 = await openLedger(duckFile);
      try {
        expect((await client.query(`SELECT station_id, name, first_seq::int AS f, last_seq::int AS l, size::int AS size, sha256 FROM verified_segments ORDER BY station_id, first_seq`)).rows)
          .toEqual((await l2.conn.runAndReadAll(`SELECT station_id, name, first_seq::INTEGER AS f, last_seq::INTEGER AS l, size::INTEGER AS size, sha256
            FROM verified_segments ORDER BY station_id, first_seq`)).getRowObjectsJS());
      } finally {
        l2.close();
        await client.end();
      }
      await enrolEvery(duckFile);
      await enrolEveryStationPg(db.url);
      const { duck, post } = await bothScorecards(duckFile, db.url);
      expect(duck.summary.stationsByStatus.verified).toBe(5);
      expect(comparable(post)).toEqual(comparable(duck));
    } finally {
      await db.drop();
    }
  });

  it('flags the same stations partial and rejected, and cuts the same days, on both engines', async () => {
    // One station partial (one byte changed in a middle segment), one rejected (station.json deleted), as in honest.test.ts.
    const broken = path.join(root, 'broken');
    await cp(share, broken, { recursive: true });
    const ids = (await readdir(path.join(broken, 'stations'))).sort();
    const [partialId, rejectedId] = [ids[1] as string, ids[2] as string];
    const segDir = path.join(broken, 'stations', partialId, 'segments');
    const segs = (await readdir(segDir)).filter((f) => f.endsWith('.jsonl')).sort();
    const seg = path.join(segDir, segs[Math.floor(segs.length / 2)] as string);
    const text = await readFile(seg, 'utf8');
    const at = text.indexOf('"actor":"') + 9;
    await writeFile(seg, text.slice(0, at) + (text[at] === 'x' ? 'y' : 'x') + text.slice(at + 1));
    await rm(path.join(broken, 'stations', rejectedId, 'station.json'));
    const db = await freshDatabase();
    const duckFile = path.join(root, 'broken.duckdb');
    try {
      await importShare(broken, duckFile, { nowMs: TEST_NOW, workers: 0 });
      await enrolEvery(duckFile);
      await importShareToPg(broken, db.url, { nowMs: TEST_NOW, workers: 0, supplier: 'Acme' });
      await enrolEveryStationPg(db.url);
      const ledger = await openLedger(duckFile);
      let duck: Scorecard;
      let key: string;
      try {
        duck = await scorecardOn(ledger.conn, { staleDays: 3 });
        key = String((await ledger.conn.runAndReadAll(`SELECT value FROM meta WHERE key = '${PSEUDONYM_META_KEY}'`)).getRowObjectsJS()[0]?.value);
      } finally {
        ledger.close();
      }
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      let post: Scorecard;
      try {
        await client.query('INSERT INTO meta VALUES ($1, $2)', [PSEUDONYM_META_KEY, key]);
        post = await scorecardOnPg(client, { staleDays: 3 });
      } finally {
        await client.end();
      }
      expect(duck.stations.find((s) => s.stationId === partialId)).toMatchObject({ status: 'partial', cut: true });
      expect(duck.stations.find((s) => s.stationId === rejectedId)).toMatchObject({ status: 'rejected', problemCode: 'IDENTITY_MISSING' });
      expect(duck.summary.stationsByStatus).toMatchObject({ partial: 1, rejected: 1 });
      // Import ids and times are each ledger's own; every other column of the problems is compared.
      const { integrity: di, ...a } = comparable(duck) as Scorecard;
      const { integrity: pi, ...b } = comparable(post) as Scorecard;
      for (const part of Object.keys(a)) expect((b as Record<string, unknown>)[part], part).toEqual((a as Record<string, unknown>)[part]);
      const problems = (rows: Scorecard['integrity']) => rows.map(({ importId: _i, startedAt: _s, ...r }) => r)
        .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
      expect(problems(pi)).toEqual(problems(di));
      expect(di.length).toBeGreaterThan(0);
    } finally {
      await db.drop();
    }
  });
});

describe('enrolment on both engines', () => {
  it('a station awaiting enrolment is listed and counted nowhere, the same on DuckDB and PostgreSQL', async () => {
    const db = await freshDatabase();
    const duckFile = path.join(root, 'awaiting.duckdb');
    try {
      await importShare(share, duckFile, { nowMs: TEST_NOW, workers: 0 });
      const pgResult = await importShareToPg(share, db.url, { nowMs: TEST_NOW, workers: 0, supplier: 'Acme' });
      // After the import, every station of the PostgreSQL ledger awaits enrolment, as in the DuckDB ledger.
      expect(pgResult.enrolment.map((s) => s.status)).toEqual(Array(5).fill('awaiting'));
      const waiting = (await readdir(path.join(share, 'stations'))).sort()[0] as string;
      const ledger0 = await openLedger(duckFile);
      try {
        const { enrolmentList, enrolStation } = await import('../ledger/enrolment');
        for (const s of await enrolmentList(ledger0.conn)) if (s.stationId !== waiting && s.keyId) await enrolStation(ledger0.conn, { stationId: s.stationId, keyId: s.keyId, by: 'test' });
      } finally {
        ledger0.close();
      }
      await enrolEveryStationPg(db.url, new Set([waiting]));
      const ledger = await openLedger(duckFile);
      let duck: Scorecard;
      let key: string;
      try {
        duck = await scorecardOn(ledger.conn);
        key = String((await ledger.conn.runAndReadAll(`SELECT value FROM meta WHERE key = '${PSEUDONYM_META_KEY}'`)).getRowObjectsJS()[0]?.value);
      } finally {
        ledger.close();
      }
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      let post: Scorecard;
      try {
        await client.query('INSERT INTO meta VALUES ($1, $2)', [PSEUDONYM_META_KEY, key]);
        post = await scorecardOnPg(client);
      } finally {
        await client.end();
      }
      expect(duck.summary.stationsByStatus).toMatchObject({ verified: 4, awaiting_enrolment: 1 });
      expect(duck.stations.find((s) => s.stationId === waiting)).toMatchObject({ status: 'awaiting_enrolment', runs: 0 });
      expect(duck.runs.some((r) => r.stationId === waiting)).toBe(false);
      expect(post.stations.find((s) => s.stationId === waiting)).toMatchObject({ status: 'awaiting_enrolment', runs: 0 });
      expect(comparable(post)).toEqual(comparable(duck));
    } finally {
      await db.drop();
    }
  });
});

describe('suppliers side by side', () => {
  it('one ledger, many suppliers: each supplier\'s figures are its own scorecard, the same on both engines, filtered by supplier', async () => {
    const db = await freshDatabase();
    const duckFile = path.join(root, 'two-suppliers.duckdb');
    const onlyAcme = path.join(root, 'only-acme.duckdb');
    try {
      for (const [dir, supplier] of [[share, 'Acme Cartons'], [other, 'Bharat Boxes']] as const) {
        await importShare(dir, duckFile, { nowMs: TEST_NOW, workers: 0, supplier });
        await enrolEvery(duckFile);
        await importShareToPg(dir, db.url, { nowMs: TEST_NOW, workers: 0, supplier });
        await enrolEveryStationPg(db.url);
      }
      await importShare(share, onlyAcme, { nowMs: TEST_NOW, workers: 0, supplier: 'Acme Cartons' });
      await enrolEvery(onlyAcme);
      const ledger = await openLedger(duckFile);
      let duck: SupplierComparison;
      let duckAcme: Scorecard;
      let key = '';
      try {
        duck = await compareSuppliers(duckdbEngine(ledger.conn));
        duckAcme = await scorecardOn(ledger.conn, { supplier: 'Acme Cartons', from: duck.period.from, to: duck.period.to });
        key = String((await ledger.conn.runAndReadAll(`SELECT value FROM meta WHERE key = '${PSEUDONYM_META_KEY}'`)).getRowObjectsJS()[0]?.value);
        await expect(compareSuppliers(duckdbEngine(ledger.conn), { suppliers: ['Nobody'] })).rejects.toThrow('The ledger has no supplier "Nobody"; it has "Acme Cartons", "Bharat Boxes".');
      } finally {
        ledger.close();
      }
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      let post: SupplierComparison;
      try {
        post = await compareSuppliers(postgresEngine(client));
      } finally {
        await client.end();
      }
      expect(duck.suppliers.map((s) => [s.supplier, s.stations])).toEqual([['Acme Cartons', 5], ['Bharat Boxes', 2]]);
      expect(duck.stations.filter((s) => s.supplier === 'Bharat Boxes')).toHaveLength(2);
      expect(comparable(post as unknown as Scorecard)).toEqual(comparable(duck as unknown as Scorecard));
      // A supplier's column is exactly the scorecard of a ledger that holds only that supplier, over the same days.
      const alone = await openLedger(onlyAcme);
      try {
        await alone.conn.run(`INSERT INTO meta VALUES ('${PSEUDONYM_META_KEY}', '${key}')`);
        const acme = await scorecardOn(alone.conn, { from: duck.period.from, to: duck.period.to });
        const { generatedAt: _a, integrity: _i, ...a } = acme;
        const { generatedAt: _b, integrity: _j, ...b } = duckAcme;
        expect(comparable(b as Scorecard)).toEqual(comparable(a as Scorecard));
        expect(duck.suppliers[0]).toMatchObject({ onTimeRate: acme.summary.onTimeRate, repeatRate: acme.summary.repeatRate, events: acme.summary.events });
      } finally {
        alone.close();
      }
    } finally {
      await db.drop();
    }
  });
});
