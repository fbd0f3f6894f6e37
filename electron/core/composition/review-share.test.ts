/** The review channels over the shared folder: every station once, across stations, a tampered station reported. */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryFacets, OpenHelpRequest, ReviewStatus, RunTimeline } from '../../contract';
import { importShare, openLedger } from '../ledger';
import { publishStandards } from '../sim/simulate';
import { STANDARDS } from '../sync/test-support';
import { at, closeStations, dirs, doRun, history, openStation, refreshed } from './review-test-support';

afterEach(closeStations);

describe('supervisor review: the shared folder', () => {
  it('shows every station once, signatures and help answers cross stations, a tampered station is reported and nothing false is shown', async () => {
    const root = await dirs.make('sw-review-share-');
    const share = path.join(root, 'share');
    await mkdir(share);
    await publishStandards(STANDARDS, share);
    const a = await openStation(path.join(root, 'a'));
    const b = await openStation(path.join(root, 'b'));
    const c = await openStation(path.join(root, 'c'));
    for (const [st, name] of [[a, 'Gluing A'], [b, 'Folding B'], [c, 'Packing C']] as const) {
      await st.value('settings.update', { session: st.session, settings: { sharePath: share, stationName: name } });
    }
    const ra = await doRun(a, 'station-start-check', 'asha-devi');
    b.clock.set(at('08:10'));
    const rb = await doRun(b, 'station-start-check', 'ravi-kumar');
    c.clock.set(at('08:10'));
    await doRun(c, 'station-start-check', 'farida-begum');
    a.clock.set(at('11:10'));
    const help = await doRun(a, 'carton-quality-check', 'suresh-patel', { stopAfter: 1, finish: 'leave', help: 'pick-sample' });
    for (const st of [a, b, c]) await st.app.sync.syncNow();

    // Someone changes a value in station C's published segment.
    const cSeg = path.join(share, 'stations', c.app.stationId, 'segments');
    // (The segment with the run: setting the shared folder is an event of its own, which the first sync may publish alone.)
    const names = (await readdir(cSeg)).filter((n) => n.endsWith('.jsonl')).sort();
    const texts = await Promise.all(names.map((n) => readFile(path.join(cSeg, n), 'utf8')));
    const i = texts.findIndex((x) => x.includes('"farida-begum"'));
    await writeFile(path.join(cSeg, names[i]!), texts[i]!.replace('"farida-begum"', '"ravi-kumar"'));

    const statusB = await refreshed(b);
    expect(statusB).toMatchObject({ state: 'ready', source: 'share', sharePath: share, integrity: { ok: false } });
    expect(statusB.integrity!.errors).toBe(1);
    // This station's own lines came from the share first; the mirror added nothing twice.
    const outcome = b.app.review.lastOutcome!;
    expect(outcome.sources.map((x) => x.kind)).toEqual(['share', 'mirror']);
    expect(outcome.sources[1]!.eventsAdded).toBe(0);
    expect(outcome.sources[1]!.errors).toBe(0);

    let page = await history(b);
    expect(page.counts.runs).toBe(3); // A's two runs and B's own; nothing of C
    expect(page.rows.map((r) => r.stationId).sort()).toEqual([a.app.stationId, a.app.stationId, b.app.stationId].sort());
    expect(page.rows.find((r) => r.runId === ra.runId)).toMatchObject({ stationName: 'Gluing A', actorName: 'Asha Devi' });
    const facets = await b.value<HistoryFacets>('review.facets', { session: b.session });
    expect(facets.stations.map((x) => x.name).sort()).toEqual(['Folding B', 'Gluing A']);

    // B countersigns A's run and answers A's help request.
    expect(await b.value('review.sign', { session: b.session, target: { runIds: [ra.runId] }, meaning: 'approved' })).toMatchObject({ preview: false, signed: 1, runs: [{ runId: ra.runId, stationId: a.app.stationId, stationName: 'Gluing A' }], skipped: [] });
    const open = await b.value<OpenHelpRequest[]>('help.open', { session: b.session });
    expect(open).toEqual([expect.objectContaining({ stationId: a.app.stationId, stationName: 'Gluing A', runId: help.runId, stepId: 'pick-sample' })]);
    await b.value('help.answer', { session: b.session, eventId: open[0]!.eventId, runId: help.runId, stationId: a.app.stationId });
    expect(await b.value('help.open', { session: b.session })).toEqual([]);
    page = await history(b);
    expect(page.rows.find((r) => r.runId === ra.runId)?.signature).toMatchObject({ meaning: 'approved', station: b.app.stationId });

    // A sees B's signature and answer once B's lines are on the share; so does procurement's verified import.
    await b.app.sync.syncNow();
    const ledgerPath = path.join(root, 'procurement.duckdb');
    await importShare(share, ledgerPath, { workers: 0, nowMs: at('23:00') });
    const ledger = await openLedger(ledgerPath);
    const found = (await ledger.conn.runAndReadAll(`SELECT type, station_id, CAST(run_id AS VARCHAR) AS run, data->>'$.meaning' AS meaning FROM events
      WHERE type IN ('run.countersigned', 'help.answered')`)).getRowObjectsJS();
    ledger.close();
    expect(found).toEqual(expect.arrayContaining([
      { type: 'run.countersigned', station_id: b.app.stationId, run: ra.runId, meaning: 'approved' },
      expect.objectContaining({ type: 'help.answered', station_id: b.app.stationId, run: help.runId }),
    ]));
    expect((await a.value<OpenHelpRequest[]>('help.open', { session: a.session })).length).toBe(1);
    await refreshed(a);
    expect(await a.value('help.open', { session: a.session })).toEqual([]);
    const t = await a.value<RunTimeline>('review.timeline', { session: a.session, runId: ra.runId });
    expect(t.signatures).toEqual([expect.objectContaining({ meaning: 'approved', station: b.app.stationId })]);
    expect(t.events.at(-1)).toMatchObject({ type: 'run.countersigned', stationId: b.app.stationId });
    expect((await history(a)).rows.find((r) => r.runId === rb.runId)).toMatchObject({ stationName: 'Folding B' });

    // The share behind the station's own journal (unreachable for a while) is no integrity problem.
    await doRun(a, 'end-of-day-clean-down', 'asha-devi');
    // (A shared folder is checked when chosen: choose one that is there, then it goes away.)
    await mkdir(path.join(root, 'gone'));
    await a.value('settings.update', { session: a.session, settings: { sharePath: path.join(root, 'gone') } });
    await a.value('sync.now', {}); // the background sync it started is over before the folder goes
    await rm(path.join(root, 'gone'), { recursive: true });
    const cut = await refreshed(a);
    expect(cut).toMatchObject({ state: 'ready', source: 'station', error: { code: 'SHARE_UNREADABLE' } });
    await a.value('settings.update', { session: a.session, settings: { sharePath: share } });
    await a.value('review.refresh', { session: a.session }); // this one syncs
    await a.app.review.idle();
    const back = await a.value<ReviewStatus>('review.status', { session: a.session });
    expect(back).toMatchObject({ state: 'ready', source: 'share' });
    expect(a.app.review.lastOutcome!.sources.find((x) => x.kind === 'share')!.problems.filter((p) => p.station === a.app.stationId)).toEqual([]);
  }, 90_000); // about 7 s on CI; several times that on a machine shared with other work
});
