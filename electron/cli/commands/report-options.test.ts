/**
 * `steadywork report`'s options from the reports branch on the merged command: `--stale-days` (checked, and carried to
 * both engines) and `--format parquet` (either ledger's tables; refused with --supplier, saying why).
 */
import { readFile } from 'node:fs/promises';
import { enrolEveryStation, enrolEveryStationPg } from '../../core/reports/test-fixture';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/support/pg';
import { TempDirs } from '../../core/sync/test-support';
import { EXIT_OK, EXIT_USAGE, runCli, type CliIo } from '../cli';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), env: {} };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

const dirs = new TempDirs();
let root: string;
let share: string;
let db: string;
beforeAll(async () => {
  root = await dirs.make('sw-report-opts-');
  share = path.join(root, 'share');
  db = path.join(root, 'ledger.duckdb');
  const t = io();
  expect(await runCli(['simulate', '--share', share, '--stations', '2', '--days', '2', '--seed', '3', '--start', '2026-11-16', '--quiet'], t.io)).toBe(EXIT_OK);
  expect(await runCli(['import', share, '--db', db, '--quiet', '--workers', '0'], t.io)).toBe(EXIT_OK);
  await enrolEveryStation(db);
}, 120_000);
afterAll(() => dirs.cleanup());

/** The status column of station_status.csv, one per station. */
async function statuses(folder: string): Promise<string[]> {
  const [header, ...rows] = (await readFile(path.join(folder, 'station_status.csv'), 'utf8')).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const col = (header ?? '').split(',').indexOf('status');
  expect(col).toBeGreaterThanOrEqual(0);
  return rows.map((r) => r.split(',')[col] as string);
}

describe('steadywork report --stale-days and --format parquet', () => {
  it.each(['0', '2.5', 'seven', '10000'])('--stale-days %s is a usage error (exit 2) naming the rule', async (n) => {
    const t = io();
    expect(await runCli(['report', '--db', db, '--format', 'csv', '--out', path.join(root, 'x'), '--stale-days', n], t.io)).toBe(EXIT_USAGE);
    expect(t.err()).toContain(`--stale-days must be a whole number of days from 1 to 9999 (found "${n}")`);
  });

  it('a station quiet for --stale-days days before the end of the period is stale; with more days it is not', async () => {
    const quiet = path.join(root, 'quiet');
    expect(await runCli(['report', '--db', db, '--format', 'csv', '--out', quiet, '--to', '2026-11-21', '--stale-days', '2'], io().io)).toBe(EXIT_OK);
    expect(await statuses(quiet)).toEqual(['STALE', 'STALE']);
    const patient = path.join(root, 'patient');
    expect(await runCli(['report', '--db', db, '--format', 'csv', '--out', patient, '--to', '2026-11-21', '--stale-days', '9'], io().io)).toBe(EXIT_OK);
    expect(await statuses(patient)).toEqual(['verified', 'verified']);
  });

  it('the same on the PostgreSQL ledger (--pg)', async () => {
    const pg = await freshDatabase();
    try {
      expect(await runCli(['import', share, '--pg', pg.url, '--supplier', 'Acme', '--quiet', '--workers', '0'], io().io)).toBe(EXIT_OK);
      await enrolEveryStationPg(pg.url); // as on DuckDB: a station counts once procurement enrolled it
      const out = path.join(root, 'pg-quiet');
      const t = io();
      expect(await runCli(['report', '--pg', pg.url, '--format', 'csv', '--out', out, '--to', '2026-11-21', '--stale-days', '2'], t.io)).toBe(EXIT_OK);
      expect(await statuses(out)).toEqual(['STALE', 'STALE']);
    } finally {
      await pg.drop();
    }
  });

  it('--format parquet with --pg writes the PostgreSQL ledger\'s tables, by supplier and month, every event once', async () => {
    const pg = await freshDatabase();
    try {
      expect(await runCli(['import', share, '--pg', pg.url, '--supplier', 'Acme', '--quiet', '--workers', '0'], io().io)).toBe(EXIT_OK);
      const out = path.join(root, 'pg-parquet');
      const t = io();
      expect(await runCli(['report', '--pg', pg.url, '--format', 'parquet', '--out', out, '--json'], t.io)).toBe(EXIT_OK);
      const files = (JSON.parse(t.out()) as { files: string[] }).files;
      expect(files.some((f) => /events\/supplier=Acme\/month=\d{4}-\d{2}\/data_0\.parquet$/.test(f))).toBe(true);
      const instance = await DuckDBInstance.create(':memory:');
      const conn = await instance.connect();
      const [n] = (await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet('${out}/events/**/*.parquet', hive_partitioning = true)`)).getRowObjectsJS();
      conn.closeSync();
      instance.closeSync();
      const ledger = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
      const lc = await ledger.connect();
      const [m] = (await lc.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM events`)).getRowObjectsJS();
      lc.closeSync();
      ledger.closeSync();
      expect(n?.n).toBe(m?.n); // the same share in the DuckDB ledger: the same events
    } finally {
      await pg.drop();
    }
  });

  it('--format parquet with --pg and --supplier is refused before anything is read', async () => {
    const t = io();
    const pg = await freshDatabase();
    try {
      expect(await runCli(['report', '--pg', pg.url, '--format', 'parquet', '--out', path.join(root, 'p'), '--supplier', 'Acme'], t.io)).toBe(EXIT_USAGE);
      expect(t.err()).toContain('it cannot keep one supplier (--supplier Acme)');
    } finally {
      await pg.drop();
    }
  });

  it('a ledger whose every station awaits enrolment: the report says so and how to enrol, never "the period is empty"', async () => {
    const fresh = path.join(root, 'not-enrolled.duckdb');
    expect(await runCli(['import', share, '--db', fresh, '--quiet', '--workers', '0'], io().io)).toBe(EXIT_OK);
    // Only --to: the first day defaults to the first counted one, and there is none.
    const t = io();
    expect(await runCli(['report', '--db', fresh, '--format', 'csv', '--out', path.join(root, 'not-enrolled'), '--to', '2026-11-17'], t.io)).toBe(EXIT_OK);
    expect(t.err()).toBe('');
    expect(t.out()).toContain('No station is enrolled yet: the 2 station(s) of the ledger all await enrolment, so none of their records counts in any figure.');
    expect(t.out()).toContain(`on the procurement screen (Enrolment), or with "steadywork enrol STATION --key KEYID --db ${fresh}"`);
    expect(await statuses(path.join(root, 'not-enrolled'))).toEqual(['AWAITING ENROLMENT', 'AWAITING ENROLMENT']);
    // Once a ledger has an enrolled station, no such words.
    const enrolled = io();
    expect(await runCli(['report', '--db', db, '--format', 'csv', '--out', path.join(root, 'enrolled'), '--json'], enrolled.io)).toBe(EXIT_OK);
    expect(enrolled.out()).not.toContain('noStationEnrolled');
  });

  it('--format parquet with --supplier is refused (it would write every supplier\'s tables)', async () => {
    const t = io();
    expect(await runCli(['report', '--db', db, '--format', 'parquet', '--out', path.join(root, 'p'), '--supplier', 'Acme'], t.io)).toBe(EXIT_USAGE);
    expect(t.err()).toContain('it cannot keep one supplier (--supplier Acme)');
  });
});
