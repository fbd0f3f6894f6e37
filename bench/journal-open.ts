import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { DEFAULT_SEGMENT_MAX_RECORDS, FileKeyStore } from '../electron/core/journal';
import { writeJournalFixture } from '../electron/core/journal/fixture';
import type { EventInput } from '../electron/core/journal/record';
import { RunEvent } from '../electron/core/runs';
import { StationService } from '../electron/core/runs/station-service';
import { standardHash } from '../electron/core/standards';
import { ManualClock } from '../electron/core/time/clock';
import { benchDir, tickStandard, writeStandards } from './fixtures';
import { emit, nowMs, percentile, progress } from './report';

/**
 * journal.open: time from nothing to a station service that is open and has answered "what is due",
 * with 1k, 100k and 1M events of history. History is written fast by the journal's fixture writer
 * (same format, chain, seals), then the station is opened once (it folds everything and saves its
 * checkpoint, as on the first start after an upgrade) and the timed opens follow: the ordinary start.
 *
 * journal.open-no-checkpoint (issue 12): the same, with checkpoint.json deleted before each timed open. The open
 * starts from the state saved where the newest segment closed (checkpoints/) and folds only the active segment;
 * `baseline` is the full fold (checkpoint.json and checkpoints/ both deleted), timed in the same process on the same
 * journal. `foldedEvents`: what the no-checkpoint open folded (at most one segment, 9 999 events, plus seals).
 * journal.open-no-checkpoint.full-segment: the worst case of that bound, 29 995 events whose active segment is as
 * full as it gets without being sealed, so the open without checkpoint.json folds a whole segment.
 */
export async function benchJournalOpen(sizes = (process.env.BENCH_OPEN_SIZES ?? '1000,100000,1000000').split(',').map(Number)): Promise<void> {
  const doc = tickStandard(10);
  const ref = { id: doc.id, version: doc.version, hash: standardHash(doc) };
  const results = new Map<number, number>();
  // Two closed segments of 9 999 events + seal, then 9 997 events: with the standard.adopted event the first open
  // appends, the active segment holds 9 998 lines, one short of being sealed.
  const worst = 3 * (DEFAULT_SEGMENT_MAX_RECORDS - 1) - 2;
  const cases = [...sizes.map((events) => ({ events, name: label(events), ordinary: true })), { events: worst, name: 'full-segment', ordinary: false }];
  for (const { events, name, ordinary } of cases) {
    const root = await benchDir(`open-${events}`);
    await writeStandards(join(root, 'standards'), [doc]);
    const keyStore = new FileKeyStore(join(root, 'keys', 'station.key'));
    // Realistic history: runs of 10 ticks, started and completed, one event a second.
    let runId = uuidv7();
    const event = (i: number): EventInput => {
      const k = i % 12;
      if (k === 0) runId = uuidv7();
      const base = { actor: `artisan-${i % 7}`, run: runId, standard: ref };
      if (k === 0) return { ...base, type: RunEvent.started };
      if (k === 11) return { ...base, type: RunEvent.completed };
      return { ...base, type: RunEvent.stepDone, step: `step-${k}` };
    };
    const t0 = nowMs();
    const startMs = Date.parse('2026-01-01T06:00:00Z');
    await writeJournalFixture({ dir: join(root, 'journal'), stationId: 'bench-station', keyStore, events, event, startMs });
    progress(`journal.open: wrote ${events} events in ${((nowMs() - t0) / 1000).toFixed(1)} s`);
    const clock = new ManualClock(startMs + events * 1000 + 60_000, 'UTC');
    const open = () => StationService.open({ journalDir: join(root, 'journal'), stationId: 'bench-station', clock, keyStore, standardsDirs: [join(root, 'standards')] });

    const firstStart = nowMs();
    const first = await open();
    await first.listDue();
    const firstMs = nowMs() - firstStart;
    await first.close({ seal: false });

    const samples: number[] = [];
    for (let i = 0; i < (ordinary ? 7 : 0); i++) {
      const t = nowMs();
      const svc = await open();
      const due = await svc.listDue();
      samples.push(nowMs() - t);
      if (!due.ok) throw new Error(due.error.message);
      await svc.close({ seal: false });
    }
    if (ordinary) {
      const p50 = percentile(samples, 50);
      results.set(events, p50);
      emit({ name: `journal.open.${name}`, value: p50, unit: 'ms', events, samples: samples.length, firstOpenWithoutCheckpointMs: Math.round(firstMs) });
    }

    // Without checkpoint.json: from checkpoints/ (the first open above saved the state at the newest seal there).
    const timedOpen = async (remove: string[]): Promise<{ ms: number; folded: number }> => {
      for (const name of remove) await rm(join(root, 'journal', name), { recursive: true, force: true });
      const t = nowMs();
      const svc = await open();
      const due = await svc.listDue();
      const ms = nowMs() - t;
      if (!due.ok) throw new Error(due.error.message);
      const journal = (svc as unknown as { journal: { checkpoint: { seq: number } | null; head: { seq: number } } }).journal;
      const folded = journal.head.seq - (journal.checkpoint?.seq ?? 0);
      await svc.close({ seal: false });
      return { ms, folded };
    };
    const noCheckpoint: number[] = [];
    let folded = 0;
    for (let i = 0; i < 7; i++) {
      const r = await timedOpen(['checkpoint.json']);
      noCheckpoint.push(r.ms);
      folded = r.folded;
    }
    // The full fold, as every open without checkpoint.json was before: fewer samples at 1M (each takes seconds).
    const fullFold: number[] = [];
    for (let i = 0; i < (events >= 1_000_000 ? 3 : 5); i++) fullFold.push((await timedOpen(['checkpoint.json', 'checkpoints'])).ms);
    const noCpP50 = percentile(noCheckpoint, 50);
    const fullP50 = percentile(fullFold, 50);
    emit({ name: `journal.open-no-checkpoint.${name}`, value: noCpP50, unit: 'ms', baseline: fullP50, ratio: noCpP50 / fullP50, events,
      samples: noCheckpoint.length, baselineSamples: fullFold.length, foldedEvents: folded });
    await rm(root, { recursive: true, force: true });
  }
  const small = results.get(Math.min(...results.keys()));
  const large = results.get(Math.max(...results.keys()));
  if (small !== undefined && large !== undefined && results.size > 1) {
    emit({ name: 'journal.open.growth', value: large / small, unit: 'x', baseline: 1, ratio: large / small, target: `${label(Math.max(...results.keys()))} <= 2x ${label(Math.min(...results.keys()))}` });
  }
}

const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));
