import { existsSync, rmSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { importShare, verifyShare, type LedgerProgress } from '../electron/core/ledger';
import { simulate } from '../electron/core/sim/simulate';
import { classifySegmentFileName, SHARE_SEGMENTS_DIR, STATIONS_DIR } from '../electron/core/sync';
import { benchDir } from './fixtures';
import { emit, nowMs, progress } from './report';

/**
 * import.verified: `steadywork import` (importShare: verify every station, then write its verified events to DuckDB)
 * of a simulated share of 1M events from 50 stations, side by side in the same process with DuckDB's own read_json of
 * the same segment files into a table (no verification) as the baseline. Ratio = our time / baseline time (target
 * <= 1.5; `ratio` is best time against best time, `pairRatios` each run against the baseline run just before it).
 * verify.only: events/s of verifyShare on the same share (simulated once per process for both).
 *
 * Env: BENCH_IMPORT_EVENTS (default 1000000), BENCH_IMPORT_STATIONS (50), BENCH_IMPORT_REPEAT (2: each side runs
 * this many times, alternating, and the best time counts), BENCH_IMPORT_WORKERS (verification threads; default one
 * per core), BENCH_DIR (where the share is written), BENCH_IMPORT_SHARE (use this share, made before by
 * `steadywork simulate --fast`, instead of simulating one; it is kept).
 */

/** The simulated share, made once per process and shared by import.verified and verify.only; removed at exit. */
let made: Promise<{ root: string; share: string; events: number; stations: number; files: string[] }> | null = null;
export function benchShare(): Promise<{ root: string; share: string; events: number; stations: number; files: string[] }> {
  made ??= (async () => {
    const total = Number(process.env.BENCH_IMPORT_EVENTS ?? 1_000_000);
    const stations = Number(process.env.BENCH_IMPORT_STATIONS ?? 50);
    const root = await benchDir('import');
    process.on('exit', () => rmSync(root, { recursive: true, force: true }));
    const given = process.env.BENCH_IMPORT_SHARE;
    const share = given ? resolve(given) : join(root, 'share');
    const standardsDir = [resolve(__dirname, '..', '..', 'assets', 'standards'), resolve(__dirname, '..', 'assets', 'standards'), resolve('assets', 'standards')]
      .find((d) => existsSync(d));
    if (!standardsDir) throw new Error('assets/standards not found');
    const t0 = nowMs();
    const events = given
      ? (await verifyShare(share, { workers: 0 })).events
      : (await simulate({
        share, standardsDir, stations, fast: true, eventsPerStation: Math.ceil(total / stations), seed: 1, workDir: join(root, 'work'),
        onProgress: (p) => {
          if (p.station % 10 === 0) progress(`import.verified: simulating station ${p.station + 1}/${p.stations}`);
        },
      })).events;
    await rm(join(root, 'work'), { recursive: true, force: true });
    const files: string[] = [];
    const folders = (await readdir(join(share, STATIONS_DIR))).sort();
    for (const st of folders) {
      const dir = join(share, STATIONS_DIR, st, SHARE_SEGMENTS_DIR);
      for (const name of (await readdir(dir)).sort()) if (classifySegmentFileName(name).kind === 'segment') files.push(join(dir, name));
    }
    progress(`import.verified: ${given ? 'using' : 'simulated'} ${events} events in ${folders.length} stations (${((nowMs() - t0) / 1000).toFixed(1)} s)`);
    return { root, share, events, stations: folders.length, files };
  })();
  return made;
}

/**
 * The ledger imported (by importShare) from the same simulated share, made once per process (for report.*).
 * BENCH_REPORT_DB: use this ledger file instead (kept); it is made there if it does not exist yet.
 */
let ledgerMade: Promise<{ db: string; events: number }> | null = null;
export function benchLedger(): Promise<{ db: string; events: number }> {
  ledgerMade ??= (async () => {
    const given = process.env.BENCH_REPORT_DB;
    if (given && existsSync(given)) {
      progress(`report: using the ledger ${given}`);
      return { db: resolve(given), events: NaN };
    }
    const { root, share, events } = await benchShare();
    const db = given ? resolve(given) : join(root, 'report-ledger.duckdb');
    const t = nowMs();
    const result = await importShare(share, db);
    if (!result.report.ok || result.eventsAdded !== events) throw new Error(`the report's ledger got ${result.eventsAdded} of ${events} events`);
    progress(`report: imported ${events} events into ${db} (${((nowMs() - t) / 1000).toFixed(1)} s)`);
    return { db, events };
  })();
  return ledgerMade;
}

export async function benchImportVerified(which: { import?: boolean; verify?: boolean } = { import: true }): Promise<void> {
  const repeat = Math.max(1, Number(process.env.BENCH_IMPORT_REPEAT ?? 2));
  const workers = process.env.BENCH_IMPORT_WORKERS !== undefined ? Number(process.env.BENCH_IMPORT_WORKERS) : undefined;
  const { root, share, events, stations, files } = await benchShare();
  const sim = { events };
  /** CPU time of the whole process (every thread: DuckDB's, the verification workers') during `run`, in ms. */
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const u = process.cpuUsage(since);
    return (u.user + u.system) / 1000;
  };
  const baselineCpu: number[] = [];
  const oursCpu: number[] = [];
  const baselineOnce = async (k: number): Promise<number> => {
    const db = join(root, `baseline-${k}.duckdb`);
    const instance = await DuckDBInstance.create(db);
    const conn = await instance.connect();
    const list = `[${files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ')}]`;
    const c = process.cpuUsage();
    const t = nowMs();
    await conn.run(`CREATE TABLE events AS SELECT * FROM read_json(${list}, format = 'newline_delimited')`);
    await conn.run('CHECKPOINT');
    const ms = nowMs() - t;
    baselineCpu.push(cpuMs(c));
    const rows = Number((await conn.runAndReadAll('SELECT count(*) AS n FROM events')).getRowObjectsJS()[0]?.n);
    conn.closeSync();
    instance.closeSync();
    await rm(db, { force: true });
    await rm(`${db}.wal`, { force: true });
    if (rows !== sim.events) throw new Error(`baseline read ${rows} rows, expected ${sim.events}`);
    progress(`import.verified: baseline read_json ${rows} rows in ${(ms / 1000).toFixed(2)} s (CPU ${((baselineCpu[baselineCpu.length - 1] as number) / 1000).toFixed(2)} s)`);
    return ms;
  };
  const oursOnce = async (k: number): Promise<number> => {
    const db = join(root, `ledger-${k}.duckdb`);
    let last = 0;
    const c = process.cpuUsage();
    const t = nowMs();
    const result = await importShare(share, db, {
      ...(workers !== undefined ? { workers } : {}),
      onProgress: (p: LedgerProgress) => {
        if (p.phase === 'import' && (p.done - last >= 10 || p.done === p.total)) {
          last = p.done;
          progress(`import.verified: ${p.done}/${p.total} stations imported`);
        }
      },
    });
    const ms = nowMs() - t;
    oursCpu.push(cpuMs(c));
    await rm(db, { force: true });
    await rm(`${db}.wal`, { force: true });
    if (!result.report.ok || result.eventsAdded !== sim.events) {
      throw new Error(`import added ${result.eventsAdded} of ${sim.events} events; problems: ${JSON.stringify(result.report.problems.slice(0, 3))}`);
    }
    progress(`import.verified: importShare ${result.eventsAdded} events in ${(ms / 1000).toFixed(2)} s (CPU ${((oursCpu[oursCpu.length - 1] as number) / 1000).toFixed(2)} s)`);
    return ms;
  };

  const baseline: number[] = [];
  const ours: number[] = [];
  for (let k = 0; which.import && k < repeat; k++) {
    baseline.push(await baselineOnce(k));
    ours.push(await oursOnce(k));
  }
  const b = Math.min(...baseline);
  const o = Math.min(...ours);
  if (which.import) emit({
    name: 'import.verified',
    value: sim.events / (o / 1000),
    unit: 'events/s',
    baseline: sim.events / (b / 1000),
    ratio: o / b,
    events: sim.events,
    stations,
    oursMs: Math.round(o),
    baselineMs: Math.round(b),
    runs: repeat,
    // Each run of ours right after a baseline run: the ratio per pair (the machine's load changes between pairs).
    pairRatios: ours.map((x, i) => Math.round((x / (baseline[i] as number)) * 100) / 100),
    // CPU time of all threads (less sensitive to other work on the machine than wall time): ours / baseline, best of each.
    oursCpuMs: Math.round(Math.min(...oursCpu)),
    baselineCpuMs: Math.round(Math.min(...baselineCpu)),
    cpuRatio: Math.round((Math.min(...oursCpu) / Math.min(...baselineCpu)) * 100) / 100,
    target: 'ratio <= 1.5 (our time / read_json time)',
  });

  const vt: number[] = [];
  for (let k = 0; which.verify && k < repeat; k++) {
    const t = nowMs();
    const report = await verifyShare(share, { ...(workers !== undefined ? { workers } : {}) });
    vt.push(nowMs() - t);
    if (!report.ok) throw new Error(`verifyShare found problems: ${JSON.stringify(report.problems.slice(0, 3))}`);
  }
  if (which.verify) emit({ name: 'verify.only', value: sim.events / (Math.min(...vt) / 1000), unit: 'events/s', events: sim.events, stations, ms: Math.round(Math.min(...vt)), runs: repeat });
}
