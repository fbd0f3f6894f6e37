/**
 * The ledger's tables as Parquet (DuckDB COPY … (FORMAT parquet)), for other engines (Spark, Polars, pandas, Power BI,
 * another DuckDB): events, imports and import_problems Hive-partitioned by month (events by the station's local
 * month; imports and their problems by the import's UTC month), events by supplier first (station_suppliers);
 * stations and standards as one file each. The PostgreSQL ledger's export (./parquet-pg.ts) copies its tables into a
 * private DuckDB ledger and runs this very function, so both ledgers give the same files, columns and types. Artisans appear only as the
 * ledger's pseudonyms (never the raw actor id) and the `meta` table (which holds the pseudonym key) is not exported.
 * DuckDB writes into a private temporary folder; every file then reaches `out` through the one atomic writer.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, mkdir, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { writeStreamReplacing } from '../files/atomic-write';
import { sqlString } from '../ledger/db';
import { DEFAULT_SUPPLIER } from '../ledger/supplier';
import { ensurePseudonymKey, pseudonym } from './pseudonym';
import { localText, localTimeExpr } from './sql';

export interface ParquetPart {
  /** Folder or file under `out`. */
  name: string;
  partitionedBy: string[];
  holds: string;
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

/** Writes the Parquet export of an open (read-only) ledger into the folder `out`; answers the files and what they hold. */
export async function writeParquet(conn: DuckDBConnection, out: string): Promise<{ files: string[]; parts: ParquetPart[] }> {
  const key = await ensurePseudonymKey(conn);
  const actors = (await conn.runAndReadAll(`SELECT DISTINCT actor FROM events`)).getRowObjectsJS().map((r) => String(r.actor));
  await conn.run(`CREATE OR REPLACE TEMP TABLE pq_pseudo (actor VARCHAR, pseudonym VARCHAR)`);
  for (let i = 0; i < actors.length; i += 500) {
    await conn.run(`INSERT INTO pq_pseudo VALUES ${actors.slice(i, i + 500).map((a) => `(${sqlString(a)}, ${sqlString(pseudonym(key, a))})`).join(', ')}`);
  }
  // Every station belongs to one supplier (station_suppliers; none: DEFAULT_SUPPLIER), every import to the supplier
  // of its share (import_suppliers; an import from before suppliers has none: null).
  const supplier = `coalesce(ss.supplier, ${sqlString(DEFAULT_SUPPLIER)})`;
  const by = (...cols: string[]) => ['supplier', ...cols];
  const local = localTimeExpr();
  const eventCols = `e.* EXCLUDE (actor), p.pseudonym AS artisan, ${localText(local)} AS at_local`;

  const tmp = await mkdtemp(path.join(tmpdir(), 'steadywork-parquet-'));
  try {
    const parts: ParquetPart[] = [
      { name: 'events', partitionedBy: by('month'), holds: 'every verified event, one row each; artisans as pseudonyms (artisan), at_local = station local time' },
      { name: 'imports', partitionedBy: ['month'], holds: 'one row per import of a shared folder (what was checked and added; supplier = the share\'s)' },
      { name: 'import_problems', partitionedBy: ['month'], holds: 'every problem an import found (station, file, line, code, expected, found, message; supplier = the import\'s)' },
      { name: 'stations.parquet', partitionedBy: [], holds: 'the stations: id, name, key, head imported, supplier' },
      { name: 'standards.parquet', partitionedBy: [], holds: 'every version of every standard (doc = the standard as JSON)' },
    ];
    const copies: [string, string, string[]][] = [
      [`SELECT ${eventCols}, strftime(${local}, '%Y-%m') AS month, ${supplier} AS supplier
        FROM events e LEFT JOIN pq_pseudo p ON p.actor = e.actor LEFT JOIN station_suppliers ss ON ss.station_id = e.station_id`, 'events', by('month')],
      [`SELECT i.*, isup.supplier, strftime(timezone('UTC', i.started_at), '%Y-%m') AS month FROM imports i LEFT JOIN import_suppliers isup USING (import_id)`, 'imports', ['month']],
      [`SELECT p.*, isup.supplier, strftime(timezone('UTC', i.started_at), '%Y-%m') AS month
        FROM import_problems p LEFT JOIN imports i USING (import_id) LEFT JOIN import_suppliers isup USING (import_id)`, 'import_problems', ['month']],
      [`SELECT s.*, ${supplier} AS supplier FROM stations s LEFT JOIN station_suppliers ss USING (station_id)`, 'stations.parquet', []],
      [`SELECT * FROM standards`, 'standards.parquet', []],
    ];
    for (const [select, name, partition] of copies) {
      const target = path.join(tmp, name);
      const opts = partition.length > 0 ? `FORMAT parquet, PARTITION_BY (${partition.join(', ')}), OVERWRITE_OR_IGNORE` : 'FORMAT parquet';
      await conn.run(`COPY (${select}) TO ${sqlString(target)} (${opts})`);
    }
    const files: string[] = [];
    for (const f of await filesUnder(tmp)) {
      const dest = path.join(out, path.relative(tmp, f));
      await mkdir(path.dirname(dest), { recursive: true });
      // Streamed: a month of a large ledger's events is never held in memory whole.
      await writeStreamReplacing(dest, (to) => pipeline(createReadStream(f), to));
      files.push(dest);
    }
    return { files, parts };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
