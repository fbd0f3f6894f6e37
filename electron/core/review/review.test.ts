import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryRow } from '../../contract';
import { publish } from '../sync';
import { openTestStation, TempDirs, TEST_NOW, type TestStation } from '../sync/test-support';
import { publishStandards } from '../sim/simulate';
import { STANDARDS } from '../sync/test-support';
import { ReviewStore } from './store';

const dirs = new TempDirs();
const stores: ReviewStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.dispose()));
  await dirs.cleanup();
});

async function publishStation(t: TestStation, share: string): Promise<void> {
  const sealed = await t.svc.seal();
  if (!sealed.ok) throw new Error(sealed.error.message);
  await publish({ share, identity: { ...t.svc.identity(), name: `Station ${t.stationId.slice(0, 4)}` }, segments: t.svc.journalSegments().closed });
}

const allRows = async (store: ReviewStore): Promise<HistoryRow[]> =>
  (await store.history({ filter: {}, sort: 'started_asc', offset: 0, limit: 500, roster: [] })).rows;

describe('review store', () => {
  it('keeps review_runs up to date incrementally: the same rows as a rebuild from scratch, after each round', async () => {
    const root = await dirs.make('sw-review-store-');
    const share = path.join(root, 'share');
    await publishStandards(STANDARDS, share);
    const a = await openTestStation(path.join(root, 'a'));
    const b = await openTestStation(path.join(root, 'b'));
    const store = new ReviewStore({ dbPath: path.join(root, 'inc.duckdb'), now: () => TEST_NOW });
    stores.push(store);
    const source = [{ dir: share, kind: 'share' as const, workers: 0 }];
    let previous: HistoryRow[] = [];
    for (let round = 0; round < 3; round++) {
      const ra = await a.run('station-start-check', 'asha-devi');
      await b.run('end-of-day-clean-down', 'ravi-kumar');
      // b countersigns a's run of this round, and (from round 1 on) re-signs an older one with another meaning.
      const signed = await b.svc.countersign({ runs: [{ runId: ra.runId, runStation: a.stationId }], meaning: 'reviewed', signer: 'Sup' });
      expect(signed.ok).toBe(true);
      if (round > 0) await b.svc.countersign({ runs: [{ runId: previous[0]!.runId, runStation: a.stationId }], meaning: 'rejected', signer: 'Sup', reason: `round ${round}` });
      await publishStation(a, share);
      await publishStation(b, share);
      const out = await store.refresh(source);
      expect(out.sources[0]).toMatchObject({ ok: true, errors: 0 });
      expect(out.fullRebuild).toBe(round === 0);

      const fresh = new ReviewStore({ dbPath: path.join(root, `full-${round}.duckdb`), now: () => TEST_NOW });
      stores.push(fresh);
      const full = await fresh.refresh(source);
      expect(full.fullRebuild).toBe(true);
      const inc = await allRows(store);
      expect(inc).toEqual(await allRows(fresh));
      expect(inc).toHaveLength(2 * (round + 1));
      expect(inc.find((r) => r.runId === ra.runId)?.signature).toMatchObject({ meaning: 'reviewed', by: 'Sup', station: b.stationId });
      if (round > 0) expect(inc.find((r) => r.runId === previous[0]!.runId)?.signature).toMatchObject({ meaning: 'rejected', reason: `round ${round}` });
      previous = inc;
    }
    // Nothing new: an up-to-date refresh adds nothing and derives nothing.
    const again = await store.refresh(source);
    expect(again.sources[0]!.eventsAdded).toBe(0);
    expect(again.runsDerived).toBe(0);
    await a.svc.close();
    await b.svc.close();
  });

  it('a database that is not a review database is made again (it is disposable)', async () => {
    const root = await dirs.make('sw-review-store-');
    const share = path.join(root, 'share');
    await publishStandards(STANDARDS, share);
    const a = await openTestStation(path.join(root, 'a'));
    await a.run();
    await publishStation(a, share);
    const dbPath = path.join(root, 'review.duckdb');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(dbPath, 'not a database');
    const store = new ReviewStore({ dbPath, now: () => TEST_NOW });
    stores.push(store);
    const out = await store.refresh([{ dir: share, kind: 'share', workers: 0 }]);
    expect(out.sources[0]).toMatchObject({ ok: true });
    expect(await allRows(store)).toHaveLength(1);
    await a.svc.close();
  });
});

describe('station service: countersign and help answers', () => {
  it('writes one journal line per run; a rejection needs a reason; help answers close the request once', async () => {
    const root = await dirs.make('sw-review-svc-');
    const a = await openTestStation(path.join(root, 'a'));
    const run = await a.run();
    expect(await a.svc.countersign({ runs: [{ runId: run.runId, runStation: a.stationId }], meaning: 'rejected', signer: 'S' })).toMatchObject({ ok: false, error: { code: 'REASON_REQUIRED' } });
    const before = a.svc.head.seq;
    const ok = await a.svc.countersign({ runs: [{ runId: run.runId, runStation: a.stationId }, { runId: run.runId, runStation: a.stationId }], meaning: 'approved', signer: 'S' });
    expect(ok).toMatchObject({ ok: true });
    expect(a.svc.head.seq).toBe(before + 2);

    const started = await a.svc.startRun({ standardId: 'carton-quality-check', actor: 'asha-devi' });
    if (!started.ok) throw new Error(started.error.message);
    await a.svc.requestHelp({ runId: started.value.runId, actor: 'asha-devi', stepId: 'pick-sample' });
    const [open] = a.svc.openHelpRequests();
    expect(open).toMatchObject({ runId: started.value.runId, stepId: 'pick-sample', actor: 'asha-devi' });
    expect(await a.svc.answerHelp({ requestId: '0190a000-0000-7000-8000-000000000000', runId: started.value.runId, requestStation: a.stationId, signer: 'S' }))
      .toMatchObject({ ok: false, error: { code: 'HELP_NOT_FOUND' } });
    expect(await a.svc.answerHelp({ requestId: open!.eventId, runId: started.value.runId, requestStation: a.stationId, signer: 'S' })).toMatchObject({ ok: true });
    expect(a.svc.openHelpRequests()).toEqual([]);
    expect(await a.svc.answerHelp({ requestId: open!.eventId, runId: started.value.runId, requestStation: a.stationId, signer: 'S' }))
      .toMatchObject({ ok: false, error: { code: 'HELP_ALREADY_ANSWERED' } });
    expect(a.svc.snapshot().anomalies).toEqual([]);
    await a.svc.close();
  });
});
