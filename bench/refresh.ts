import { rmSync } from 'node:fs';
import { link, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Journal, MemoryKeyStore, generateStationKeyPem } from '../electron/core/journal';
import { writeJournalFixture } from '../electron/core/journal/fixture';
import { ReviewStore, type RefreshOutcome } from '../electron/core/review';
import { publish } from '../electron/core/sync';
import { ManualClock } from '../electron/core/time/clock';
import { benchDir } from './fixtures';
import { benchShare } from './import-verified';
import { emit, nowMs, percentile, progress } from './report';

/**
 * refresh.noop and refresh.one-segment: the supervisor's refresh of the review (ReviewStore.refresh of the shared
 * folder: verified import, then the runs table) over the simulated share of import.verified (1M events, 50 stations;
 * BENCH_IMPORT_EVENTS for a smaller one, BENCH_IMPORT_SHARE to reuse one), with incremental verification
 * (docs/ledger.md §3b). The baseline, in the same process on the same database: the same refresh verifying in full
 * (every segment read and verified again, as every refresh did before).
 *
 * - refresh.noop: nothing new on the share (goal <= 50 ms); p50 of BENCH_REFRESH_REPEAT (default 7) refreshes.
 * - refresh.one-segment: one new segment (10 000 lines, the journal's default) of a 51st station on top of the
 *   history; one value per round (BENCH_REFRESH_SEGMENTS rounds, default 3), the median reported.
 *
 * The share is a hard-linked copy of the simulated one (segments are immutable), so the bench station can publish into
 * it without touching a share given by BENCH_IMPORT_SHARE.
 */
interface Prepared {
  share: string;
  events: number;
  stations: number;
  perSegment: number;
  segmentBytes: number;
  /** Publish the bench station's segments up to the n-th (1-based). */
  publishUpTo(n: number): Promise<void>;
  refresh(full: boolean): Promise<{ ms: number; outcome: RefreshOutcome }>;
  /** Best of two full-verification refreshes with nothing new. */
  fullMs(): Promise<number>;
  published: () => number;
  rounds: number;
}

/** The share, the bench station and the review database with the first import done: made once per process, removed at exit. */
let prepared: Promise<Prepared> | null = null;
function prepare(): Promise<Prepared> {
  prepared ??= (async () => {
    const rounds = Math.max(1, Number(process.env.BENCH_REFRESH_SEGMENTS ?? 3));
    const { share: source, events } = await benchShare();
    const root = await benchDir('refresh');
    process.on('exit', () => rmSync(root, { recursive: true, force: true }));
    const share = join(root, 'share');
    await linkTree(source, share);

    // The bench's own station: its journal written ahead (1 + rounds segments of 10 000 lines, each ended by the
    // automatic seal), published one segment at a time.
    const perSegment = 10_000;
    const stationId = 'bench-refresh-station';
    const keyStore = new MemoryKeyStore(generateStationKeyPem());
    const jdir = join(root, 'bench-journal');
    await writeJournalFixture({ dir: jdir, stationId, keyStore, events: (rounds + 1) * (perSegment - 1), segmentMaxRecords: perSegment, startMs: Date.now() - 2 * 86_400_000,
      event: (i) => ({ actor: `artisan-${i % 5}`, type: 'test.event', value: i }) });
    const journal = await Journal.open({ dir: jdir, stationId, clock: new ManualClock(Date.now()), keyStore, segmentMaxRecords: perSegment });
    const closed = journal.segmentFiles().closed;
    await journal.close();
    if (closed.length !== rounds + 1) throw new Error(`the bench station has ${closed.length} closed segments, expected ${rounds + 1}`);
    const identity = { stationId, name: 'Bench refresh', publicKey: journal.publicKey, keyId: journal.keyId };
    let published = 0;
    const publishUpTo = async (n: number) => {
      published = (await publish({ share, identity, segments: closed.slice(0, n), publishedThrough: published })).head?.seq ?? published;
    };
    await publishUpTo(1);

    const store = new ReviewStore({ dbPath: join(root, 'review.duckdb') });
    const refresh = async (full: boolean): Promise<{ ms: number; outcome: RefreshOutcome }> => {
      const t = nowMs();
      const outcome = await store.refresh([{ dir: share, kind: 'share', full }]);
      const ms = nowMs() - t;
      const src = outcome.sources[0];
      if (!src || src.error || src.errors > 0) throw new Error(`refresh: ${src?.error?.message ?? JSON.stringify(src?.problems.slice(0, 3))}`);
      return { ms, outcome };
    };
    const t0 = nowMs();
    const first = await refresh(true);
    const total = events + published;
    progress(`refresh: first refresh (import of ${total} events) ${((nowMs() - t0) / 1000).toFixed(1)} s`);
    if (first.outcome.sources[0]?.eventsAdded !== total) throw new Error(`the first refresh imported ${first.outcome.sources[0]?.eventsAdded} of ${total} events`);
    const fullMs = async () => {
      const full: number[] = [];
      for (let k = 0; k < 2; k++) full.push((await refresh(true)).ms);
      progress(`refresh: full verification, nothing new: ${full.map((x) => x.toFixed(0)).join(', ')} ms`);
      return Math.min(...full);
    };
    return {
      share, events, stations: (await readdir(join(share, 'stations'))).length, perSegment, segmentBytes: (await stat(closed[1] as string)).size,
      publishUpTo, refresh, fullMs, published: () => published, rounds,
    };
  })();
  return prepared;
}

/** refresh.noop: a refresh with nothing new (goal <= 50 ms); p50 of BENCH_REFRESH_REPEAT (default 7). */
export async function benchRefreshNoop(): Promise<void> {
  const repeat = Math.max(1, Number(process.env.BENCH_REFRESH_REPEAT ?? 7));
  const p = await prepare();
  const fullMs = await p.fullMs();
  const noop: number[] = [];
  for (let k = 0; k < repeat; k++) {
    const r = await p.refresh(false);
    if (r.outcome.sources[0]?.eventsAdded !== 0) throw new Error('refresh.noop imported something');
    noop.push(r.ms);
  }
  progress(`refresh: incremental, nothing new: ${noop.map((x) => x.toFixed(1)).join(', ')} ms`);
  const value = percentile(noop, 50);
  emit({
    name: 'refresh.noop', value, unit: 'ms', baseline: fullMs, ratio: value / fullMs, events: p.events + p.published(), stations: p.stations, samples: noop.length,
    minMs: Math.round(Math.min(...noop) * 10) / 10, maxMs: Math.round(Math.max(...noop) * 10) / 10,
    target: '<= 50 ms (baseline: the same refresh verifying every segment again, as before)',
  });
}

/** refresh.one-segment: one new segment of 10 000 lines on top of the history, BENCH_REFRESH_SEGMENTS rounds (default 3), the median. */
export async function benchRefreshOneSegment(): Promise<void> {
  const p = await prepare();
  const one: number[] = [];
  for (let k = 1; k <= p.rounds; k++) {
    await p.publishUpTo(k + 1);
    const r = await p.refresh(false);
    if (r.outcome.sources[0]?.eventsAdded !== p.perSegment) throw new Error(`refresh.one-segment imported ${r.outcome.sources[0]?.eventsAdded} events, expected ${p.perSegment}`);
    one.push(r.ms);
  }
  // The baseline, with the new segments: the same refresh verifying the whole history in full.
  const fullMs = await p.fullMs();
  progress(`refresh: incremental, one new segment each: ${one.map((x) => x.toFixed(0)).join(', ')} ms`);
  const value = percentile(one, 50);
  emit({
    name: 'refresh.one-segment', value, unit: 'ms', baseline: fullMs, ratio: value / fullMs, events: p.events + p.published(), segmentEvents: p.perSegment,
    segmentBytes: p.segmentBytes, samples: one.map((x) => Math.round(x)), usPerSegmentEvent: Math.round((value * 1000) / p.perSegment),
    target: 'proportional to the segment, not the history (baseline: a full verification of the whole history)',
  });
}

/** A copy of a folder tree whose files are hard links (segments and standards never change). */
async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const e of await readdir(from, { withFileTypes: true })) {
    if (e.isDirectory()) await linkTree(join(from, e.name), join(to, e.name));
    else if (e.isFile()) await link(join(from, e.name), join(to, e.name));
  }
}
