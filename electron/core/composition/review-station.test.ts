/** The review channels on one station: history, timeline, countersigning, help requests, trends. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { assertBoundedAsync } from '../../../test/support/property';
import type { HistoryFacets, OpenHelpRequest, RunTimeline, RunView, SignResult, TrendRow } from '../../contract';
import { closeStations, dirs, history, knownDay, openStation, refreshed } from './review-test-support';

afterEach(closeStations);

describe('supervisor review: this station', () => {
  it('history: rows, filters, counts and sorting on a known day; facets; every channel needs the supervisor', async () => {
    const root = await dirs.make('sw-review-');
    const s = await openStation(path.join(root, 'data'));
    const { r1, r2, r3, r4, r5 } = await knownDay(s);

    expect(await s.call('review.history', {})).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    expect(await s.call('review.history', { session: 'ab'.repeat(16) })).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });

    const status = await refreshed(s);
    expect(status).toMatchObject({ state: 'ready', source: 'station', integrity: { ok: true, errors: 0, stationsRejected: 0 } });

    const all = await history(s);
    expect(all.counts).toEqual({
      runs: 5, completed: 3, onTime: 2, late: 1, deviation: 1, outOfLimits: 1, abandoned: 1, inProgress: 1, notReviewed: 5,
      steps: 9 + 10 + 8 + 2 + 1, deviations: 1, helpRequests: 1,
    });
    expect(all.rows.map((r) => r.runId)).toEqual([r5.runId, r4.runId, r3.runId, r2.runId, r1.runId]);
    const row1 = all.rows.find((r) => r.runId === r1.runId)!;
    expect(row1).toMatchObject({
      stationId: s.app.stationId, stationName: 'Station 1', standardId: 'station-start-check', standardVersion: 1, standardHash: r1.standard.hash,
      title: { en: expect.any(String) }, actor: 'asha-devi', actorName: 'Asha Devi', status: 'completed', onTime: true, undos: 1, deviations: 0,
      steps: 9, signature: null, abandonReason: null,
    });
    expect(row1.startedAt).toMatch(/^2026-11-23T08:05:00\.000\+05:30$/);
    expect(row1.durationS).toBe(180); // the test clock: 20 s per step
    expect(all.rows.find((r) => r.runId === r3.runId)).toMatchObject({ status: 'completed', onTime: false });
    expect(all.rows.find((r) => r.runId === r4.runId)).toMatchObject({ status: 'abandoned', onTime: null, abandonReason: 'NOT_SAFE', steps: 2 });
    expect(all.rows.find((r) => r.runId === r5.runId)).toMatchObject({ status: 'in_progress', finishedAt: null, durationS: null, helpRequests: 1, steps: 1 });
    expect(all.rows.find((r) => r.runId === r2.runId)).toMatchObject({ outOfLimits: 1, deviations: 1, onTime: true });

    const ids = async (filter: Record<string, unknown>, sort?: string) => (await history(s, { filter, ...(sort ? { sort } : {}) })).rows.map((r) => r.runId);
    expect(await ids({ outcomes: ['late'] })).toEqual([r3.runId]);
    expect(await ids({ outcomes: ['on_time'] })).toEqual([r2.runId, r1.runId]);
    expect(await ids({ outcomes: ['deviation', 'out_of_limits'] })).toEqual([r2.runId]);
    expect(await ids({ outcomes: ['abandoned'] })).toEqual([r4.runId]);
    expect(await ids({ outcomes: ['in_progress'] })).toEqual([r5.runId]);
    expect(await ids({ outcomes: ['completed', 'late'] })).toEqual([r3.runId]);
    // "Which runs were late or deviated?": any of the outcomes ticked.
    expect((await ids({ outcomes: ['late', 'deviation'], outcomeMatch: 'any' })).sort()).toEqual([r3.runId, r2.runId].sort());
    expect(await ids({ outcomes: ['late', 'deviation'], outcomeMatch: 'all' })).toEqual([]);
    expect(await ids({ artisans: ['asha-devi'] })).toEqual([r5.runId, r1.runId]);
    expect(await ids({ standards: ['station-start-check'] })).toEqual([r4.runId, r1.runId]);
    expect(await ids({ stations: [s.app.stationId], from: '2026-11-23', to: '2026-11-23' })).toHaveLength(5);
    expect(await ids({ from: '2026-11-24' })).toEqual([]);
    expect(await ids({ stations: ['someone-else'] })).toEqual([]);
    expect(await ids({}, 'started_asc')).toEqual([r1.runId, r2.runId, r3.runId, r4.runId, r5.runId]);
    expect((await ids({}, 'artisan'))[0]).toBe(r5.runId); // Asha Devi first, her latest run first
    expect((await ids({}, 'duration_desc')).at(-1)).toBe(r5.runId); // no duration: last
    const filtered = await history(s, { filter: { outcomes: ['completed'] } });
    expect(filtered.counts).toMatchObject({ runs: 3, completed: 3, onTime: 2, late: 1, abandoned: 0, steps: 27 });
    expect(await s.call('review.history', { session: s.session, filter: { from: '2026-11-24', to: '2026-11-23' } })).toMatchObject({ ok: false, error: { code: 'BAD_PERIOD' } });

    const facets = await s.value<HistoryFacets>('review.facets', { session: s.session });
    expect(facets.stations).toEqual([{ id: s.app.stationId, name: 'Station 1' }]);
    expect(facets.standards.map((x) => x.id).sort()).toEqual(['carton-quality-check', 'end-of-day-clean-down', 'station-start-check']);
    expect(facets.artisans).toContainEqual({ id: 'ravi-kumar', name: 'Ravi Kumar' });
    expect(facets).toMatchObject({ firstDay: '2026-11-23', lastDay: '2026-11-23' });

    // Property: paging through the whole filtered set, with any page size and sort, gives each run once and as many as counted.
    await assertBoundedAsync(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom('started_desc', 'started_asc', 'duration_desc', 'station', 'standard', 'artisan'),
        fc.subarray(['completed', 'on_time', 'late', 'deviation', 'out_of_limits', 'abandoned', 'in_progress', 'not_reviewed']),
        async (limit, sort, outcomes) => {
          const seen: string[] = [];
          let counted = -1;
          for (let offset = 0; offset < 10; offset += limit) {
            const page = await history(s, { filter: { outcomes }, sort, offset, limit });
            counted = page.counts.runs;
            seen.push(...page.rows.map((r) => r.runId));
            if (page.rows.length < limit) break;
          }
          expect(new Set(seen).size).toBe(seen.length);
          expect(seen.length).toBe(counted);
        },
      ),
      { numRuns: 25, timeLimitMs: 10_000 },
    );
  });

  it('a run continued by a second artisan is listed under both, with both names; a stopped run gives its reason in words (en, hi)', async () => {
    const root = await dirs.make('sw-review-');
    const s = await openStation(path.join(root, 'data'));
    const { r1, r4 } = await knownDay(s);
    // Ravi starts the clean-down, Farida continues it at the same station and finishes it.
    let run = await s.value<RunView>('runs.start', { standardId: 'end-of-day-clean-down', actor: 'ravi-kumar' });
    run = await s.value<RunView>('runs.tick', { runId: run.runId, actor: 'ravi-kumar', stepId: 'close-glue-pot' });
    run = await s.value<RunView>('runs.tick', { runId: run.runId, actor: 'farida-begum', stepId: 'wash-glue-brush' });
    await s.value('runs.abandon', { runId: run.runId, actor: 'farida-begum', reason: 'NO_WATER' });
    await refreshed(s);

    const all = await history(s);
    const shared = all.rows.find((r) => r.runId === run.runId)!;
    expect(shared).toMatchObject({
      actor: 'ravi-kumar',
      actorName: 'Ravi Kumar',
      actors: [{ id: 'ravi-kumar', name: 'Ravi Kumar' }, { id: 'farida-begum', name: 'Farida Begum' }],
      status: 'abandoned',
      abandonReason: 'NO_WATER',
      abandonReasonText: { en: 'There is no water.', hi: expect.stringMatching(/[\u0900-\u097F]/) },
    });
    // One artisan's run: that artisan only; not stopped: no reason.
    expect(all.rows.find((r) => r.runId === r1.runId)).toMatchObject({ actors: [{ id: 'asha-devi', name: 'Asha Devi' }], abandonReasonText: null });
    expect(all.rows.find((r) => r.runId === r4.runId)).toMatchObject({ abandonReason: 'NOT_SAFE', abandonReasonText: { en: 'It is not safe to do this now.', hi: 'अभी यह करना सुरक्षित नहीं है।' } });
    // Listed under both artisans' names in the filter, and both are among the filter's artisans.
    const ids = async (artisans: string[]) => (await history(s, { filter: { artisans } })).rows.map((r) => r.runId);
    expect(await ids(['farida-begum'])).toContain(run.runId);
    expect(await ids(['ravi-kumar'])).toContain(run.runId);
    expect(await ids(['asha-devi'])).not.toContain(run.runId);
    const facets = await s.value<HistoryFacets>('review.facets', { session: s.session });
    expect(facets.artisans.map((a) => a.id).sort()).toEqual(['asha-devi', 'farida-begum', 'ravi-kumar', 'suresh-patel']);
    // The timeline's run says the same.
    const timeline = await s.value<RunTimeline>('review.timeline', { session: s.session, runId: run.runId });
    expect(timeline.run.actors.map((a) => a.name)).toEqual(['Ravi Kumar', 'Farida Begum']);
    expect(timeline.run.abandonReasonText?.en).toBe('There is no water.');
  });

  it('timeline: events in order with step titles, limits, undo and what it superseded; integrity verified', async () => {
    const root = await dirs.make('sw-review-');
    const s = await openStation(path.join(root, 'data'));
    const { r1, r2 } = await knownDay(s);
    await refreshed(s);
    const t1 = await s.value<RunTimeline>('review.timeline', { session: s.session, runId: r1.runId });
    expect(t1.integrity).toEqual({ status: 'verified', problems: [] });
    expect(t1.standard).toMatchObject({ id: 'station-start-check', version: 1, hash: r1.standard.hash, owner: expect.any(String) });
    const types = t1.events.map((e) => e.type);
    expect(types[0]).toBe('run.started');
    expect(types.at(-1)).toBe('run.completed');
    expect(t1.events.map((e) => e.seq)).toEqual([...t1.events.map((e) => e.seq)].sort((a, b) => a - b));
    const undo = t1.events.find((e) => e.type === 'step.undone')!;
    const undone = t1.events.find((e) => e.eventId === undo.supersedes)!;
    expect(undone).toMatchObject({ type: 'step.done', stepId: 'clear-table', supersededBy: undo.eventId, actorName: 'Asha Devi' });
    expect(undone.stepTitle?.en).toEqual(expect.any(String));
    expect(t1.events.filter((e) => e.supersededBy !== null)).toHaveLength(1);
    expect(undone.file).toMatch(/^stations\/.+\/segments\/segment-\d{12}\.jsonl$/);
    expect(undone.line).toBe(8); // after the station's signed name (station.named), the 4 people set-up saved (roster.changed), standard.adopted and run.started

    const t2 = await s.value<RunTimeline>('review.timeline', { session: s.session, runId: r2.runId });
    const weight = t2.events.find((e) => e.type === 'step.measured' && e.stepId === 'carton-weight')!;
    expect(weight).toMatchObject({ value: 530, unit: 'g', limits: { min: 480, max: 520 }, acceptable: false });
    expect(t2.events.find((e) => e.type === 'step.reasoned')).toMatchObject({ reason: 'SCALE_BROKEN', stepId: 'carton-weight' });
    expect(t2.events.find((e) => e.type === 'step.deviated')).toMatchObject({ reason: 'NO_SAMPLE', stepId: 'order-label' });
    expect(await s.call('review.timeline', { session: s.session, runId: '0190a000-0000-7000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'RUN_NOT_FOUND' } });
  });

  it('countersign: journal events, only finished runs, an approval is final, rejection needs a reason, filter target with a preview, survives a restart', async () => {
    const root = await dirs.make('sw-review-');
    const dataDir = path.join(root, 'data');
    const s = await openStation(dataDir);
    const { r1, r2, r3, r4, r5 } = await knownDay(s);
    const ids = (runs: Array<{ runId: string }>) => runs.map((r) => r.runId);
    const skips = (res: SignResult) => res.skipped.map((r) => [r.runId, r.why]);
    await s.value('settings.update', { session: s.session, settings: { supervisorName: 'Meena Supervisor' } });
    await refreshed(s);

    const first = await s.value<SignResult>('review.sign', { session: s.session, target: { runIds: [r1.runId] }, meaning: 'approved' });
    expect(first).toEqual({
      preview: false, signed: 1, skipped: [],
      runs: [{ runId: r1.runId, stationId: s.app.stationId, stationName: 'Station 1', standardId: 'station-start-check', title: expect.objectContaining({ en: expect.any(String) }), actor: 'asha-devi', actorName: 'Asha Devi', startedAt: expect.stringMatching(/^2026-11-23T08:05:00/) }],
    });
    // An approval is final: neither the same nor another meaning signs it again.
    expect(skips(await s.value<SignResult>('review.sign', { session: s.session, target: { runIds: [r1.runId] }, meaning: 'approved' }))).toEqual([[r1.runId, 'already_approved']]);
    expect(await s.value('review.sign', { session: s.session, target: { runIds: [r1.runId] }, meaning: 'rejected', reason: 'x' })).toMatchObject({ signed: 0, runs: [], skipped: [{ runId: r1.runId, why: 'already_approved' }] });
    // A run in progress cannot be signed.
    expect(await s.value('review.sign', { session: s.session, target: { runIds: [r5.runId] }, meaning: 'reviewed' })).toMatchObject({ signed: 0, runs: [], skipped: [{ runId: r5.runId, why: 'in_progress' }] });
    expect(await s.call('review.sign', { session: s.session, target: { runIds: [r2.runId] }, meaning: 'rejected' })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    expect(await s.call('review.sign', { session: s.session, target: { runIds: ['0190a000-0000-7000-8000-000000000000'] }, meaning: 'reviewed' })).toMatchObject({ ok: false, error: { code: 'RUN_NOT_FOUND' } });
    expect(await s.value('review.sign', { session: s.session, target: { runIds: [r2.runId] }, meaning: 'rejected', reason: 'Scale reading not checked' })).toMatchObject({ signed: 1, skipped: [] });

    // At once in the history (no refresh asked).
    let page = await history(s, { filter: { outcomes: ['completed'] } });
    expect(page.rows.find((r) => r.runId === r1.runId)?.signature).toMatchObject({ meaning: 'approved', by: 'Meena Supervisor', station: s.app.stationId });
    expect(page.rows.find((r) => r.runId === r2.runId)?.signature).toMatchObject({ meaning: 'rejected', reason: 'Scale reading not checked' });
    expect(page.counts.notReviewed).toBe(1);

    // A filtered set: the three completed runs; r2 gets a newer signature with the new meaning, r1 stays approved.
    const set = await s.value<SignResult>('review.sign', { session: s.session, target: { filter: { outcomes: ['completed'] } }, meaning: 'reviewed' });
    expect([set.signed, ids(set.runs), skips(set)]).toEqual([2, [r2.runId, r3.runId], [[r1.runId, 'already_approved']]]);
    const again = await s.value<SignResult>('review.sign', { session: s.session, target: { filter: { outcomes: ['completed'] } }, meaning: 'reviewed' });
    expect([again.signed, skips(again)]).toEqual([0, [[r1.runId, 'already_approved'], [r2.runId, 'already_signed'], [r3.runId, 'already_signed']]]);
    // Every run, as a preview: what it would sign and skip, oldest first; nothing is written.
    const preview = await s.value<SignResult>('review.sign', { session: s.session, target: { filter: {} }, meaning: 'approved', preview: true });
    expect([preview.preview, preview.signed, ids(preview.runs), skips(preview)]).toEqual([true, 3, [r2.runId, r3.runId, r4.runId], [[r1.runId, 'already_approved'], [r5.runId, 'in_progress']]]);
    page = await history(s, { filter: { outcomes: ['not_reviewed'] } });
    expect(page.counts.runs).toBe(2);

    // The journal holds one line per signature; nothing else changed.
    const journalDir = path.join(dataDir, 'journal', 'segments');
    const lines = (await Promise.all((await readdir(journalDir)).map((f) => readFile(path.join(journalDir, f), 'utf8')))).join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; run?: string; actor: string; data?: Record<string, unknown>; reason?: string });
    const sigs = lines.filter((l) => l.type === 'run.countersigned');
    expect(sigs).toHaveLength(4);
    expect(sigs[0]).toMatchObject({ actor: 'supervisor', run: r1.runId, data: { meaning: 'approved', signer: 'Meena Supervisor', runStation: s.app.stationId } });
    expect(sigs[1]).toMatchObject({ run: r2.runId, reason: 'Scale reading not checked', data: { meaning: 'rejected' } });

    const t = await s.value<RunTimeline>('review.timeline', { session: s.session, runId: r1.runId });
    expect(t.signatures.map((x) => x.meaning)).toEqual(['approved']);

    // Restart: the signatures are in the journal, so they come back.
    await s.app.close();
    const reopened = await openStation(dataDir, { settings: s.settings, keyStore: s.keyStore, clock: s.clock });
    await refreshed(reopened);
    const after = await history(reopened, { filter: {} });
    expect(after.rows.find((r) => r.runId === r3.runId)?.signature).toMatchObject({ meaning: 'reviewed', by: 'Meena Supervisor' });
    expect(after.counts).toMatchObject({ runs: 5, notReviewed: 2 });
  });

  it('help requests: open ones are listed with station, step and since when; answering writes an event and closes them', async () => {
    const root = await dirs.make('sw-review-');
    const s = await openStation(path.join(root, 'data'));
    const { r5 } = await knownDay(s);
    const open = await s.value<OpenHelpRequest[]>('help.open', { session: s.session });
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ stationId: s.app.stationId, stationName: 'Station 1', runId: r5.runId, standardId: 'carton-quality-check', stepId: 'pick-sample', actor: 'asha-devi', actorName: 'Asha Devi' });
    expect(open[0]!.since).toMatch(/^2026-11-23T18:30:20/);
    expect(open[0]!.stepTitle?.en).toEqual(expect.any(String));
    await s.value('help.answer', { session: s.session, eventId: open[0]!.eventId, runId: r5.runId, stationId: s.app.stationId });
    expect(await s.value('help.open', { session: s.session })).toEqual([]);
    expect(await s.call('help.answer', { session: s.session, eventId: open[0]!.eventId, runId: r5.runId, stationId: s.app.stationId })).toMatchObject({ ok: false, error: { code: 'HELP_ALREADY_ANSWERED' } });
    const t = await s.value<RunTimeline>('review.timeline', { session: s.session, runId: r5.runId });
    expect(t.events.find((e) => e.type === 'help.answered')).toMatchObject({ supersedes: open[0]!.eventId, actor: 'supervisor' });
  });

  it('trends per week and month agree with the scorecard definitions', async () => {
    const root = await dirs.make('sw-review-');
    const s = await openStation(path.join(root, 'data'));
    await knownDay(s);
    await refreshed(s);
    const week = await s.value<TrendRow[]>('review.trends', { session: s.session, period: 'week' });
    const byStd = new Map(week.map((r) => [r.standardId, r]));
    expect(week.every((r) => r.period === '2026-11-23' && r.stationId === s.app.stationId)).toBe(true);
    expect(byStd.get('station-start-check')).toMatchObject({ runs: 2, due: 1, completed: 1, onTime: 1, completionRate: 1, onTimeRate: 1, durationCv: null });
    expect(byStd.get('end-of-day-clean-down')).toMatchObject({ runs: 1, due: 1, completed: 1, onTime: 0, onTimeRate: 0 });
    expect(byStd.get('carton-quality-check')).toMatchObject({ runs: 2, due: 1, completed: 1, onTime: 1, outOfLimitsRate: 0.2 }); // 5 measurements, 1 out
    expect(byStd.get('carton-quality-check')!.deviationsPer100Steps).toBeCloseTo(100 / 11); // 10 + 1 steps recorded
    const month = await s.value<TrendRow[]>('review.trends', { session: s.session, period: 'month', filter: { standards: ['carton-quality-check'] } });
    expect(month).toHaveLength(1);
    expect(month[0]).toMatchObject({ period: '2026-11-01', standardId: 'carton-quality-check', runs: 2 });
  });
});
