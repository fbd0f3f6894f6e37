import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { importShareToPg, openPgLedger } from '../electron/core/ledger-pg';
import { partitionKey } from '../electron/core/ledger-pg/import';
import { COPY_COLUMNS } from '../electron/core/ledger-pg/rows';
// @ts-expect-error: a plain .mjs script without types (also used by the tests and .ci/run).
import { startPgCluster } from '../scripts/pg-test-cluster.mjs';
import { benchShare } from './import-verified';
import { emit, nowMs, progress } from './report';

/**
 * import.pg: `steadywork import --pg` (importShareToPg: verify every station, then COPY its verified events, one
 * transaction per station) of the simulated share of import.verified (1M events, 50 stations; BENCH_IMPORT_EVENTS for
 * fewer), into a fresh database, side by side with the baseline: `psql \copy events FROM` a CSV of the very same rows
 * into a fresh database of the same schema and partitions, on the same server. Ratio = our time / baseline time
 * (goal <= 1.5), best of BENCH_IMPORT_REPEAT (2) each, alternating.
 *
 * Server: STEADYWORK_BENCH_PG_URL (databases are created and dropped in it), else a throw-away cluster
 * (scripts/pg-test-cluster.mjs; fsync off — the same for both sides).
 */
type Cluster = { url: string; bin: string; stop(): void };

export async function benchImportPg(): Promise<void> {
  const sim = await benchShare();
  let cluster: Cluster | null = null;
  let url = process.env.STEADYWORK_BENCH_PG_URL;
  if (!url) {
    cluster = await (startPgCluster as (o: { log: (m: string) => void }) => Promise<Cluster>)({ log: progress });
    url = cluster.url;
  }
  const psqlBin = cluster && existsSync(join(cluster.bin, 'psql')) ? join(cluster.bin, 'psql') : 'psql';
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  const dbUrl = (name: string) => {
    const u = new URL(url as string);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const repeat = Number(process.env.BENCH_IMPORT_REPEAT ?? 2);
  const csv = join(sim.root, 'events.csv');
  const ours: number[] = [];
  const noop: number[] = [];
  const base: number[] = [];
  try {
    for (let i = 0; i < repeat; i++) {
      const a = `bench_ours_${i}`;
      await admin(`CREATE DATABASE ${a}`);
      let t = nowMs();
      const r = await importShareToPg(sim.share, dbUrl(a), { supplier: 'bench', nowMs: Date.now() });
      ours.push(nowMs() - t);
      if (!r.report.ok || r.eventsAdded !== sim.events) throw new Error(`import.pg imported ${r.eventsAdded} of ${sim.events} events`);
      progress(`import.pg: ours ${Math.round(ours[i] as number)} ms`);
      // import.pg.noop: the same share again, nothing new (every station answered from its remembered segments).
      t = nowMs();
      const again = await importShareToPg(sim.share, dbUrl(a), { supplier: 'bench', nowMs: Date.now() });
      noop.push(nowMs() - t);
      if (!again.report.ok || again.eventsAdded !== 0 || again.report.stations.some((c) => c.verification.mode !== 'incremental')) {
        throw new Error(`import.pg.noop: ${again.eventsAdded} events added, ${again.report.stations.filter((c) => c.verification.mode !== 'incremental').length} stations verified in full`);
      }
      progress(`import.pg.noop: ${Math.round(noop[i] as number)} ms`);
      const cols = COPY_COLUMNS.map((c) => `"${c}"`).join(', ');
      if (i === 0) execFileSync(psqlBin, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', dbUrl(a), '-c', `\\copy (SELECT ${cols} FROM events ORDER BY station_id, seq) TO '${csv}' CSV`]);
      // The baseline's database: the same schema and partitions (made before the clock starts), then one \copy.
      const b = `bench_base_${i}`;
      await admin(`CREATE DATABASE ${b}`);
      const client = await openPgLedger(dbUrl(b));
      try {
        const key = partitionKey('bench');
        await client.query(`CREATE TABLE "events_${key}" PARTITION OF events FOR VALUES IN ('bench') PARTITION BY RANGE ("at")`);
        const src = new pg.Client({ connectionString: dbUrl(a) });
        await src.connect();
        const months = (await src.query<{ m: string }>(`SELECT DISTINCT to_char("at" AT TIME ZONE 'UTC', 'YYYY-MM') AS m FROM events`)).rows.map((x) => x.m);
        await src.end();
        for (const m of months) {
          const [y, mo] = m.split('-').map(Number) as [number, number];
          const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
          await client.query(`CREATE TABLE "events_${key}_${m.replace('-', '')}" PARTITION OF "events_${key}" FOR VALUES FROM ('${m}-01 00:00+00') TO ('${next}-01 00:00+00')`);
        }
      } finally {
        await client.end();
      }
      t = nowMs();
      execFileSync(psqlBin, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', dbUrl(b), '-c', `\\copy events (${cols}) FROM '${csv}' CSV`]);
      base.push(nowMs() - t);
      progress(`import.pg: psql \\copy ${Math.round(base[i] as number)} ms`);
      await admin(`DROP DATABASE ${a} WITH (FORCE)`);
      await admin(`DROP DATABASE ${b} WITH (FORCE)`);
    }
  } finally {
    cluster?.stop();
  }
  const o = Math.min(...ours);
  const b = Math.min(...base);
  emit({
    name: 'import.pg', value: sim.events / (o / 1000), unit: 'events/s', baseline: sim.events / (b / 1000), ratio: o / b,
    events: sim.events, stations: sim.stations, oursMs: Math.round(o), baselineMs: Math.round(b), runs: repeat,
    pairRatios: ours.map((x, i) => Math.round((x / (base[i] as number)) * 1000) / 1000),
    server: cluster ? 'throw-away cluster (fsync off)' : 'STEADYWORK_BENCH_PG_URL',
  });
  emit({
    name: 'import.pg.noop', value: Math.min(...noop), unit: 'ms', events: sim.events, stations: sim.stations, runs: repeat,
    samplesMs: noop.map((x) => Math.round(x)), server: cluster ? 'throw-away cluster (fsync off)' : 'STEADYWORK_BENCH_PG_URL',
  });
}
