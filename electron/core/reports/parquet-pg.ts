/**
 * The PostgreSQL ledger as Parquet, with the DuckDB ledger's very export (./parquet.ts): its tables are copied into a
 * private DuckDB ledger (the DuckDB ledger's own schema, in a 0700 temporary folder with an unpredictable name), then
 * `writeParquet` writes the same files, partitions, columns and types as for a DuckDB ledger. No extension (no
 * postgres_scanner) and no row in JavaScript: each table leaves PostgreSQL as CSV (`COPY … TO STDOUT`, streamed into
 * a create-only file of that folder) and DuckDB reads it with `read_csv`; events go one supplier at a time, so memory
 * stays bounded whatever the ledger's size (the private ledger is on disk; only one supplier's CSV at a time).
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { eventsAsPlainTable, openLedger, sqlString } from '../ledger/db';
import { PSEUDONYM_META_KEY } from './pseudonym';
import { postgresEngine } from './compute-pg';
import { writeParquet, type ParquetPart } from './parquet';

/** What the export has done so far: tables copied out of PostgreSQL, then the Parquet files written. */
export interface ParquetPgProgress {
  phase: 'copy' | 'write';
  done: number;
  total: number;
}

/** The private DuckDB ledger's memory limit (DuckDB's default is 80 % of the computer's memory). */
export const PARQUET_PG_MEMORY = '256MB';

/** Each DuckDB ledger table filled from PostgreSQL, and the PostgreSQL rows it is made of (columns by DuckDB's names). */
const TABLES: ReadonlyArray<{ table: string; from: string }> = [
  { table: 'standards', from: 'standards' },
  { table: 'stations', from: 'stations' },
  { table: 'station_suppliers', from: 'stations' },
  { table: 'imports', from: 'imports' },
  { table: 'import_suppliers', from: 'imports' },
  { table: 'import_problems', from: 'import_problems' },
];

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function columnsOf(conn: DuckDBConnection, table: string): Promise<Array<{ name: string; type: string }>> {
  const rows = (await conn.runAndReadAll(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ${sqlString(table)} ORDER BY ordinal_position`)).getRowObjectsJS();
  return rows.map((r) => ({ name: String(r.column_name), type: String(r.data_type) }));
}

/** One PostgreSQL column as text DuckDB reads back exactly: instants in UTC ISO form, booleans as true/false. */
function pgText(name: string, type: string): string {
  if (type === 'BOOLEAN') return `CASE WHEN ${ident(name)} THEN 'true' WHEN NOT ${ident(name)} THEN 'false' END`;
  if (type === 'TIMESTAMP WITH TIME ZONE') return `to_char(${ident(name)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  return `${ident(name)}::text`;
}

/** Copies `SELECT cols FROM pgTable [where]` into the DuckDB table of the same columns, through a CSV file in `dir`. */
async function copyTable(client: pg.Client, conn: DuckDBConnection, dir: string, table: string, pgFrom: string, where = ''): Promise<void> {
  const cols = await columnsOf(conn, table);
  const file = path.join(dir, `${table}.csv`);
  const select = `SELECT ${cols.map((c) => `${pgText(c.name, c.type)} AS ${ident(c.name)}`).join(', ')} FROM ${ident(pgFrom)} ${where}`;
  // 'wx': created here or not at all (never through a link or over a file someone put there).
  await pipeline(client.query(copyTo(`COPY (${select}) TO STDOUT (FORMAT csv, NULL '\\N')`)), createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  const struct = `{${cols.map((c) => `${sqlString(c.name)}: 'VARCHAR'`).join(', ')}}`;
  await conn.run(`INSERT INTO ${table} (${cols.map((c) => ident(c.name)).join(', ')})
    SELECT ${cols.map((c) => `CAST(${ident(c.name)} AS ${c.type})`).join(', ')}
    FROM read_csv(${sqlString(file)}, columns = ${struct}, header = false, delim = ',', quote = '"', escape = '"', nullstr = '\\N',
      allow_quoted_nulls = false, auto_detect = false, parallel = false)`);
  await rm(file);
}

/**
 * Writes the Parquet export of the PostgreSQL ledger on `client` into the folder `out` (as writeParquet does for a
 * DuckDB ledger); answers the files and what they hold.
 */
export async function writeParquetFromPg(client: pg.Client, out: string, onProgress?: (p: ParquetPgProgress) => void): Promise<{ files: string[]; parts: ParquetPart[] }> {
  const tmp = await mkdtemp(path.join(tmpdir(), 'steadywork-parquet-pg-'));
  try {
    const ledger = await openLedger(path.join(tmp, 'ledger.duckdb'));
    try {
      const { conn } = ledger;
      // The events are copied as PostgreSQL holds them (a table of the events view's columns: no DuckDB-side storage to derive).
      await eventsAsPlainTable(conn);
      // Bounded memory whatever the ledger's size: DuckDB spills to the private folder beyond this.
      await conn.run(`SET preserve_insertion_order = false; SET memory_limit = '${PARQUET_PG_MEMORY}'; SET temp_directory = ${sqlString(path.join(tmp, 'spill'))}`);
      // The PostgreSQL ledger's own pseudonym key: artisans get the pseudonyms of its other exports.
      const key = await postgresEngine(client).pseudonymKey();
      await conn.run(`INSERT OR REPLACE INTO meta VALUES (${sqlString(PSEUDONYM_META_KEY)}, ${sqlString(key.toString('hex'))})`);
      await client.query(`SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'`);
      const suppliers = (await client.query<{ supplier: string }>(`SELECT supplier FROM suppliers ORDER BY supplier`)).rows.map((r) => r.supplier);
      const total = TABLES.length + suppliers.length;
      let done = 0;
      const step = () => onProgress?.({ phase: 'copy', done: ++done, total });
      onProgress?.({ phase: 'copy', done, total });
      // A repeatable view of the ledger while it is copied (an import may commit meanwhile).
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        for (const t of TABLES) {
          await copyTable(client, conn, tmp, t.table, t.from);
          step();
        }
        // Events one supplier at a time (each one its own partition in PostgreSQL).
        for (const s of suppliers) {
          await copyTable(client, conn, tmp, 'events', 'events', `WHERE supplier = ${client.escapeLiteral(s)}`);
          step();
        }
      } catch (err) {
        // The first failure is the one told (a ROLLBACK on a lost connection fails too).
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
      await client.query('COMMIT');
      onProgress?.({ phase: 'write', done: 0, total: 1 });
      const written = await writeParquet(conn, out);
      onProgress?.({ phase: 'write', done: 1, total: 1 });
      return written;
    } finally {
      ledger.close();
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
