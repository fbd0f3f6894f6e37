import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HistoryFilter, HistorySort, RunOutcome } from '../electron/contract';
import { ReviewStore } from '../electron/core/review';
import { seededRandom, simulate } from '../electron/core/sim/simulate';
import { benchDir } from './fixtures';
import { emit, nowMs, percentile, progress } from './report';

/**
 * history.query: the supervisor's history (review.history: filter + counts of the whole filtered set + first page)
 * over a review database built from a simulated share of about 1M events / 100k runs from 50 stations, the same
 * simulated share as import.verified (simulate --fast). Prints p50, p95 and max of ~50 varied queries plus every outcome
 * alone with every sort (8 × 6; also reported on their own as history.query.outcomes) (target p50 <= 50 ms),
 * and how long the first refresh (verified import + derivation of the runs table) and an up-to-date refresh take.
 *
 * Env: BENCH_REVIEW_EVENTS (default 1150000, about 100k runs), BENCH_REVIEW_STATIONS (50), BENCH_REVIEW_QUERIES (50),
 * BENCH_REVIEW_SHARE (use this share, made before by `steadywork simulate --fast`, instead of simulating one; when the
 * folder does not exist yet, the simulated share is written there and kept), BENCH_DIR.
 */
export async function benchHistoryQuery(): Promise<void> {
  const total = Number(process.env.BENCH_REVIEW_EVENTS ?? 1_150_000);
  const stations = Number(process.env.BENCH_REVIEW_STATIONS ?? 50);
  const queries = Number(process.env.BENCH_REVIEW_QUERIES ?? 50);
  const root = await benchDir('review');
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  const given = process.env.BENCH_REVIEW_SHARE;
  const share = given ? resolve(given) : join(root, 'share');
  if (!given || !existsSync(join(share, 'stations'))) {
    const standardsDir = [resolve(__dirname, '..', '..', 'assets', 'standards'), resolve(__dirname, '..', 'assets', 'standards'), resolve('assets', 'standards')]
      .find((d) => existsSync(d));
    if (!standardsDir) throw new Error('assets/standards not found');
    const t0 = nowMs();
    const sim = await simulate({
      share, standardsDir, stations, fast: true, eventsPerStation: Math.ceil(total / stations), seed: 1, workDir: join(root, 'work'),
      onProgress: (p) => {
        if (p.station % 10 === 0) progress(`history.query: simulating station ${p.station + 1}/${p.stations}`);
      },
    });
    progress(`history.query: simulated ${sim.events} events in ${sim.stations.length} stations (${((nowMs() - t0) / 1000).toFixed(1)} s)`);
  }

  const store = new ReviewStore({ dbPath: join(root, 'review.duckdb') });
  const t1 = nowMs();
  const first = await store.refresh([{ dir: share, kind: 'share' }]);
  const refreshMs = nowMs() - t1;
  const src = first.sources[0]!;
  if (src.error || src.errors > 0) throw new Error(`refresh: ${src.error?.message ?? JSON.stringify(src.problems.slice(0, 3))}`);
  progress(`history.query: first refresh ${(refreshMs / 1000).toFixed(2)} s (import ${(first.importMs / 1000).toFixed(2)} s, derive ${(first.deriveMs / 1000).toFixed(2)} s, ${first.runsDerived} runs)`);
  const t2 = nowMs();
  const second = await store.refresh([{ dir: share, kind: 'share' }]);
  const upToDateMs = nowMs() - t2;

  const facets = await store.facets([]);
  const all = await store.history({ filter: {}, sort: 'started_desc', offset: 0, limit: 1, roster: [] });
  const runs = all.counts.runs;
  const rng = seededRandom(7);
  const pickSome = <T>(xs: readonly T[], max: number): T[] => {
    const n = 1 + Math.floor(rng() * max);
    return Array.from(new Set(Array.from({ length: n }, () => xs[Math.floor(rng() * xs.length)] as T)));
  };
  const sorts: HistorySort[] = ['started_desc', 'started_asc', 'duration_desc', 'station', 'standard', 'artisan'];
  const outcomes: RunOutcome[] = ['completed', 'on_time', 'late', 'deviation', 'out_of_limits', 'abandoned', 'in_progress', 'not_reviewed'];
  const days = facets.firstDay && facets.lastDay ? [facets.firstDay, facets.lastDay] : [];
  const samples: number[] = [];
  const kinds: string[] = [];
  for (let i = 0; i < queries + 5; i++) {
    const filter: HistoryFilter = {};
    const kind: string[] = [];
    if (rng() < 0.4) {
      filter.stations = pickSome(facets.stations.map((s) => s.id), 5);
      kind.push('stations');
    }
    if (rng() < 0.4) {
      filter.standards = pickSome(facets.standards.map((s) => s.id), 2);
      kind.push('standards');
    }
    if (rng() < 0.3) {
      filter.artisans = pickSome(facets.artisans.map((s) => s.id), 3);
      kind.push('artisans');
    }
    if (rng() < 0.4) {
      filter.outcomes = pickSome(outcomes, 2);
      kind.push('outcomes');
    }
    if (rng() < 0.3 && days.length) {
      filter.from = days[0];
      filter.to = days[1];
      kind.push('period');
    }
    const sort = sorts[Math.floor(rng() * sorts.length)] as HistorySort;
    const offset = rng() < 0.2 ? Math.floor(rng() * 1000) : 0;
    store.forgetCounts(); // every query pays for its counts (a repeated filter would find them remembered)
    const t = nowMs();
    const page = await store.history({ filter, sort, offset, limit: 100, roster: [] });
    const ms = nowMs() - t;
    if (page.counts.runs > runs) throw new Error('counts larger than the whole set');
    if (i >= 5) {
      samples.push(ms); // the first 5 warm the caches
      kinds.push(kind.join('+') || 'none');
    }
  }
  // Every outcome alone with every sort (first page + counts): a slow single-outcome case cannot hide among the
  // random mixes above. Timed twice each; the second (warm) time counts.
  const perOutcome: Record<string, number> = {};
  const sweep: number[] = [];
  for (const o of outcomes) {
    for (const sort of sorts) {
      let ms = 0;
      for (let k = 0; k < 2; k++) {
        store.forgetCounts(); // counts + page, as for a filter just applied
        const t = nowMs();
        const page = await store.history({ filter: { outcomes: [o] }, sort, offset: 0, limit: 100, roster: [] });
        ms = nowMs() - t;
        if (page.counts.runs > runs) throw new Error('counts larger than the whole set');
      }
      sweep.push(ms);
      samples.push(ms);
      kinds.push(`outcome:${o}`);
      perOutcome[`${o}/${sort}`] = Math.round(ms * 10) / 10;
    }
  }
  const worst = Object.entries(perOutcome).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, v]) => `${k} ${v} ms`).join(', ');
  progress(`history.query: each outcome alone × each sort: p50 ${percentile(sweep, 50).toFixed(1)} ms, p95 ${percentile(sweep, 95).toFixed(1)} ms, max ${Math.max(...sweep).toFixed(1)} ms (slowest: ${worst})`);
  // A run's timeline and the trends, for information.
  const someRun = (await store.history({ filter: {}, sort: 'started_asc', offset: Math.floor(runs / 2), limit: 1, roster: [] })).rows[0]!;
  const tt = nowMs();
  await store.runEvents(someRun.runId, someRun.stationId);
  const timelineMs = nowMs() - tt;
  const tr = nowMs();
  const trends = await store.trends('week', {});
  const trendsMs = nowMs() - tr;
  await store.dispose();

  emit({
    name: 'history.query',
    value: percentile(samples, 50),
    unit: 'ms',
    p50: Math.round(percentile(samples, 50) * 100) / 100,
    p95: Math.round(percentile(samples, 95) * 100) / 100,
    max: Math.round(Math.max(...samples) * 100) / 100,
    queries: samples.length,
    events: src.eventsAdded,
    runs,
    stations: facets.stations.length,
    target: 'p50 <= 50 ms (filter + counts + first page of 100)',
  });
  emit({
    name: 'history.query.outcomes',
    value: percentile(sweep, 50),
    unit: 'ms',
    p50: Math.round(percentile(sweep, 50) * 100) / 100,
    p95: Math.round(percentile(sweep, 95) * 100) / 100,
    max: Math.round(Math.max(...sweep) * 100) / 100,
    queries: sweep.length,
    slowest: worst,
    target: 'every single-outcome filter with every sort well under 200 ms',
  });
  emit({
    name: 'history.refresh',
    value: refreshMs,
    unit: 'ms',
    importMs: Math.round(first.importMs),
    deriveMs: Math.round(first.deriveMs),
    runsDerived: first.runsDerived,
    upToDateRefreshMs: Math.round(upToDateMs),
    upToDateDeriveMs: Math.round(second.deriveMs),
    events: src.eventsAdded,
  });
  emit({ name: 'history.timeline', value: timelineMs, unit: 'ms', note: 'events of one run, from 1M events' });
  emit({ name: 'history.trends', value: trendsMs, unit: 'ms', rows: trends.length, note: 'weekly trends, whole set' });
}
