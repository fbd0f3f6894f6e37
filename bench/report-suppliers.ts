import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { importShare, openLedger } from '../electron/core/ledger';
import { importShareToPg } from '../electron/core/ledger-pg';
import { duckdbEngine } from '../electron/core/reports/compute';
import { postgresEngine } from '../electron/core/reports/compute-pg';
import { compareSuppliers } from '../electron/core/reports/suppliers';
import { enrolEveryStation, enrolEveryStationPg } from '../electron/core/reports/test-fixture';
import { simulate } from '../electron/core/sim/simulate';
// @ts-expect-error: a plain .mjs script without types (also used by the tests and .ci/run).
import { startPgCluster } from '../scripts/pg-test-cluster.mjs';
import { benchDir } from './fixtures';
import { emit, nowMs, progress } from './report';

/**
 * report.suppliers: the side-by-side scorecard (reports/suppliers.ts, `steadywork report --suppliers`, the procurement
 * screen's "Suppliers side by side") over BENCH_SUPPLIERS (10) suppliers × BENCH_SUPPLIER_EVENTS (100 000) events each,
 * every station enrolled, on both engines: the DuckDB ledger and the PostgreSQL ledger holding the same shares. One JSON
 * line per engine (best of BENCH_REPORT_REPEAT, 2); `ratio` on the PostgreSQL line is PostgreSQL / DuckDB.
 * Server: STEADYWORK_BENCH_PG_URL (a database is created and dropped in it), else a throw-away cluster.
 */
export async function benchReportSuppliers(): Promise<void> {
  const suppliers = Number(process.env.BENCH_SUPPLIERS ?? 10);
  const perSupplier = Number(process.env.BENCH_SUPPLIER_EVENTS ?? 100_000);
  const stations = 5;
  const repeat = Number(process.env.BENCH_REPORT_REPEAT ?? 2);
  const root = await benchDir('suppliers');
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  const standardsDir = [resolve(__dirname, '..', '..', 'assets', 'standards'), resolve(__dirname, '..', 'assets', 'standards'), resolve('assets', 'standards')]
    .find((d) => existsSync(d));
  if (!standardsDir) throw new Error('assets/standards not found');
  type Cluster = { url: string; stop(): void };
  let cluster: Cluster | null = null;
  let url = process.env.STEADYWORK_BENCH_PG_URL;
  if (!url) {
    cluster = await (startPgCluster as (o: { log: (m: string) => void }) => Promise<Cluster>)({ log: progress });
    url = cluster.url;
  }
  const dbName = `bench_suppliers_${process.pid}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  const u = new URL(url);
  u.pathname = `/${dbName}`;
  const pgUrl = u.toString();
  const duckFile = join(root, 'suppliers.duckdb');
  let events = 0;
  try {
    await admin(`CREATE DATABASE ${dbName}`);
    for (let i = 0; i < suppliers; i++) {
      const share = join(root, `share-${i + 1}`);
      const supplier = `Supplier ${String(i + 1).padStart(2, '0')}`;
      const sim = await simulate({ share, standardsDir, stations, fast: true, eventsPerStation: Math.ceil(perSupplier / stations), seed: 100 + i, workDir: join(root, `work-${i}`) });
      events += sim.events;
      await importShare(share, duckFile, { supplier });
      await importShareToPg(share, pgUrl, { supplier });
      rmSync(share, { recursive: true, force: true });
      rmSync(join(root, `work-${i}`), { recursive: true, force: true });
      progress(`report.suppliers: ${supplier} imported into both ledgers (${sim.events} events)`);
    }
    await enrolEveryStation(duckFile);
    await enrolEveryStationPg(pgUrl);
    const times = { duckdb: [] as number[], postgres: [] as number[] };
    let shape = { suppliers: 0, stations: 0 };
    for (let r = 0; r < repeat; r++) {
      const ledger = await openLedger(duckFile);
      try {
        const t = nowMs();
        const cmp = await compareSuppliers(duckdbEngine(ledger.conn));
        times.duckdb.push(nowMs() - t);
        shape = { suppliers: cmp.suppliers.length, stations: cmp.stations.length };
      } finally {
        ledger.close();
      }
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      try {
        await client.query(`SET TIME ZONE 'UTC'`);
        const t = nowMs();
        const cmp = await compareSuppliers(postgresEngine(client));
        times.postgres.push(nowMs() - t);
        if (cmp.suppliers.length !== shape.suppliers || cmp.stations.length !== shape.stations) throw new Error('report.suppliers: the engines disagree on the suppliers or stations');
      } finally {
        await client.end();
      }
      progress(`report.suppliers: DuckDB ${Math.round(times.duckdb[r] as number)} ms, PostgreSQL ${Math.round(times.postgres[r] as number)} ms`);
    }
    const d = Math.min(...times.duckdb);
    const p = Math.min(...times.postgres);
    emit({ name: 'report.suppliers', engine: 'duckdb', value: d, unit: 'ms', events, ...shape, runs: repeat });
    emit({ name: 'report.suppliers', engine: 'postgres', value: p, unit: 'ms', baseline: d, ratio: p / d, events, ...shape, runs: repeat,
      server: cluster ? 'throw-away cluster (fsync off)' : 'STEADYWORK_BENCH_PG_URL' });
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    cluster?.stop();
  }
}
