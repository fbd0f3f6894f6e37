import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/support/pg';
import { importShare, openLedger } from '../ledger';
import { importShareToPg } from '../ledger-pg';
import { simulate } from '../sim/simulate';
import { STANDARDS, TEST_NOW, TempDirs } from '../sync/test-support';
import { writeReport, writeReportPg } from '.';
import { PSEUDONYM_META_KEY } from './pseudonym';
import { Procurement } from '../procurement/service';
import { memorySettingsStore } from '../settings/store';

/**
 * Parquet of either ledger (issue 12 item 4): the same shares imported into the DuckDB ledger and into the PostgreSQL
 * ledger give the same Parquet files — the same folders (Hive-partitioned by supplier and month), the same columns
 * and types, and the same rows, read back with DuckDB (a real reader). Only what each ledger stamps itself differs:
 * when it imported (started_at, finished_at, first/last_imported_at); and jsonb keeps no key order (values compared).
 */
const dirs = new TempDirs();
let root: string;
let acme: string;
let bolt: string;
afterAll(() => dirs.cleanup());
beforeAll(async () => {
  root = await dirs.make('sw-parquet-pg-');
  acme = path.join(root, 'acme');
  bolt = path.join(root, 'bolt');
  await simulate({ share: acme, standardsDir: STANDARDS, stations: 3, days: 5, seed: 7, startDate: '2026-10-28', timeZone: 'Asia/Kolkata' });
  await simulate({ share: bolt, standardsDir: STANDARDS, stations: 2, days: 3, seed: 12, startDate: '2026-11-11', timeZone: 'Asia/Kolkata' });
}, 180_000);

/** Every file under `dir`, relative, sorted. */
async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  await walk(dir);
  return out.sort();
}

const STAMPED = new Set(['started_at', 'finished_at', 'first_imported_at', 'last_imported_at']);
const JSON_COLS = new Set(['value', 'data', 'doc']);

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sortKeys(x)]));
  return v;
}

/** A Parquet dataset read back with DuckDB: its columns with types, and its rows in one comparable, sorted form. */
async function readBack(glob: string, hive: boolean): Promise<{ columns: string[]; rows: string[] }> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const src = `read_parquet('${glob}'${hive ? ', hive_partitioning = true' : ''})`;
    const columns = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`)).getRowObjectsJS().map((r) => `${String(r.column_name)} ${String(r.column_type)}`);
    const rows = (await conn.runAndReadAll(`SELECT * FROM ${src}`)).getRowObjectsJson().map((r) => JSON.stringify(Object.fromEntries(Object.entries(r)
      .filter(([k]) => !STAMPED.has(k))
      .map(([k, v]) => [k, JSON_COLS.has(k) && typeof v === 'string' ? sortKeys(JSON.parse(v)) : v]))));
    return { columns, rows: rows.sort() };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe('Parquet of the PostgreSQL ledger', () => {
  it('has the DuckDB ledger export\'s files, columns, types and rows, for the same shares', async () => {
    const db = await freshDatabase();
    const duckFile = path.join(root, 'ledger.duckdb');
    try {
      await importShare(acme, duckFile, { nowMs: TEST_NOW, workers: 0, supplier: 'Acme Cartons' });
      await importShare(bolt, duckFile, { nowMs: TEST_NOW, workers: 0, supplier: 'Bolt' });
      await importShareToPg(acme, db.url, { nowMs: TEST_NOW, workers: 0, supplier: 'Acme Cartons' });
      await importShareToPg(bolt, db.url, { nowMs: TEST_NOW, workers: 0, supplier: 'Bolt' });
      // The same pseudonym key in both, so that artisans get the same pseudonyms.
      const ledger = await openLedger(duckFile);
      let key: string;
      try {
        key = String((await ledger.conn.runAndReadAll(`SELECT value FROM meta WHERE key = '${PSEUDONYM_META_KEY}'`)).getRowObjectsJS()[0]?.value ?? '');
        if (!key) {
          key = 'ab'.repeat(32);
          await ledger.conn.run(`INSERT INTO meta VALUES ('${PSEUDONYM_META_KEY}', '${key}')`);
        }
      } finally {
        ledger.close();
      }
      const duckOut = path.join(root, 'duck-parquet');
      const pgOut = path.join(root, 'pg-parquet');
      await writeReport(duckFile, { format: 'parquet', out: duckOut });
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const progress: string[] = [];
      let pgEvents: number;
      try {
        await client.query('INSERT INTO meta VALUES ($1, $2)', [PSEUDONYM_META_KEY, key]);
        await writeReportPg(client, { format: 'parquet', out: pgOut, ledger: 'postgres://test', onProgress: (p) => progress.push(`${p.phase} ${p.done}/${p.total}`) });
        pgEvents = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]?.n);
      } finally {
        await client.end();
      }
      // Progress: every table copied (6, then one per supplier), then the files written.
      expect(progress).toEqual(['copy 0/8', ...Array.from({ length: 8 }, (_, i) => `copy ${i + 1}/8`), 'write 0/1', 'write 1/1']);

      // The same files: events by supplier (a Hive value, URL-encoded), then the station's local month.
      const files = await tree(duckOut);
      expect(await tree(pgOut)).toEqual(files);
      expect(files).toContain('events/supplier=Acme%20Cartons/month=2026-10/data_0.parquet');
      expect(files).toContain('events/supplier=Bolt/month=2026-11/data_0.parquet');

      const sets: Array<[string, boolean]> = [['events/**/*.parquet', true], ['imports/**/*.parquet', true], ['import_problems/**/*.parquet', true], ['stations.parquet', false], ['standards.parquet', false]];
      for (const [glob, hive] of sets) {
        if (!files.some((f) => f.startsWith(glob.split('/')[0] as string))) continue; // no problems: no folder
        const duck = await readBack(path.join(duckOut, glob), hive);
        const post = await readBack(path.join(pgOut, glob), hive);
        expect(post.columns, glob).toEqual(duck.columns);
        expect(post.rows.length, glob).toBe(duck.rows.length);
        expect(post.rows, glob).toEqual(duck.rows);
      }
      const events = await readBack(path.join(pgOut, 'events/**/*.parquet'), true);
      expect(events.rows.length).toBe(pgEvents);
      expect(pgEvents).toBeGreaterThan(500);
      expect(events.columns).toEqual(expect.arrayContaining(['artisan VARCHAR', 'at_local VARCHAR', 'at TIMESTAMP WITH TIME ZONE', 'value JSON', 'supplier VARCHAR', 'month VARCHAR']));
      expect(events.columns.some((c) => c.startsWith('actor '))).toBe(false);
    } finally {
      await db.drop();
    }
  }, 240_000);

  it('is written from the procurement service when the PostgreSQL ledger is chosen; a folder that cannot be made is told as such', async () => {
    const db = await freshDatabase();
    try {
      await importShareToPg(bolt, db.url, { nowMs: TEST_NOW, workers: 0, supplier: 'Bolt' });
      const dataDir = await dirs.make('sw-parquet-pg-svc-');
      const procurement = new Procurement({ dataDir, settings: memorySettingsStore({ procurementPg: db.url }) });
      const out = path.join(dataDir, 'exports', 'ledger-parquet');
      const r = await procurement.export({ format: 'parquet', out });
      expect(r.ok).toBe(true);
      expect(r.ok ? r.value.files.map((f) => path.relative(out, f)) : []).toEqual(expect.arrayContaining(['events/supplier=Bolt/month=2026-11/data_0.parquet', 'stations.parquet', 'README.txt']));
      // Under a file: no folder can be made there. Said as the export's problem, not PostgreSQL's.
      const blocker = path.join(dataDir, 'a-file');
      await writeFile(blocker, 'x');
      const bad = await procurement.export({ format: 'parquet', out: path.join(blocker, 'ledger-parquet') });
      expect(bad).toMatchObject({ ok: false, error: { code: 'EXPORT_NO_FOLDER' } });
      expect(bad.ok ? '' : bad.error.message).toContain(path.join(blocker, 'ledger-parquet'));
    } finally {
      await db.drop();
    }
  }, 120_000);
});
