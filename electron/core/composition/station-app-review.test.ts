import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { assertBoundedAsync } from '../../../test/support/property';
import {
  guardedHandlers, type ChannelName, type HistoryFacets, type HistoryPage, type OpenHelpRequest, type ReviewStatus, type RunTimeline, type RunView, type TrendRow,
} from '../../contract';
import { MemoryKeyStore } from '../journal';
import { importShare, openLedger } from '../ledger';
import { memorySettingsStore } from '../settings';
import type { SettingsStore } from '../settings/store';
import { publishStandards } from '../sim/simulate';
import { STANDARDS, TempDirs } from '../sync/test-support';
import { ManualClock } from '../time/clock';
import type { Result } from '../../contract/result';
import { createStationApp, type StationApp } from './station-app';

/** Monday 2026-11-23 in Kolkata. */
const at = (hhmm: string) => Date.parse(`2026-11-23T${hhmm}:00+05:30`);
const dirs = new TempDirs();
const AUTO = 'auto-session';
const apps: StationApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close().catch(() => undefined)));
  await dirs.cleanup();
});

interface Station {
  app: StationApp;
  clock: ManualClock;
  dataDir: string;
  settings: SettingsStore;
  keyStore: MemoryKeyStore;
  session: string;
  call: <T = unknown>(name: ChannelName, args?: unknown) => Promise<Result<T>>;
  value: <T = unknown>(name: ChannelName, args?: unknown) => Promise<T>;
}

async function openStation(dataDir: string, reuse?: { settings: SettingsStore; keyStore: MemoryKeyStore; clock?: ManualClock }): Promise<Station> {
  const clock = reuse?.clock ?? new ManualClock(at('08:05'), 'Asia/Kolkata');
  const settings = reuse?.settings ?? memorySettingsStore();
  const keyStore = reuse?.keyStore ?? new MemoryKeyStore();
  const app = await createStationApp({
    dataDir, clock, keyStore, bundledStandardsDir: STANDARDS, settings, shell: 'browser', version: '9.9.9',
    scryptParams: { N: 1024, r: 8, p: 1, keyLen: 32 }, onWarning: () => {}, syncIntervalMs: 0,
  });
  apps.push(app);
  const h = guardedHandlers(app.impl);
  // The test clock walks through the day, past the supervisor's idle timeout: `session: AUTO` enters the PIN again.
  const call = async <T = unknown>(name: ChannelName, args?: unknown): Promise<Result<T>> => {
    if (args && typeof args === 'object' && (args as { session?: unknown }).session === AUTO) {
      const unlocked = (await h['supervisor.unlock']({ pin: '2468' })) as Result<{ session: string }>;
      if (!unlocked.ok) throw new Error(unlocked.error.message);
      args = { ...args, session: unlocked.value.session };
    }
    return (await h[name](args)) as Result<T>;
  };
  const value = async <T = unknown>(name: ChannelName, args?: unknown): Promise<T> => {
    const r = await call<T>(name, args);
    if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  if (!reuse) await value('supervisor.setPin', { pin: '2468' });
  return { app, clock, dataDir, settings, keyStore, session: AUTO, call, value };
}

type Plan = Partial<Record<string, { deviate?: string; measure?: number; reason?: string; undo?: boolean }>>;

/** Start a run and do its steps (ticks, acceptable choices, measurements in the middle of the limits, notes skipped). */
async function doRun(s: Station, standardId: string, actor: string, opts: { plan?: Plan; stopAfter?: number; finish?: 'complete' | 'abandon' | 'leave'; help?: string } = {}): Promise<RunView> {
  let run = await s.value<RunView>('runs.start', { standardId, actor });
  const doc = await s.value<{ steps: Array<{ id: string; kind: string; limits?: { min?: number; max?: number }; options?: Array<{ value: string; acceptable: boolean }> }> }>('standards.get', { hash: run.standard.hash });
  let n = 0;
  for (const step of doc.steps) {
    if (opts.stopAfter !== undefined && n >= opts.stopAfter) break;
    n++;
    s.clock.advance(20_000);
    const a = { runId: run.runId, actor, stepId: step.id };
    const p = opts.plan?.[step.id];
    if (opts.help === step.id) await s.value('runs.help', a);
    if (p?.deviate) {
      run = await s.value('runs.deviate', { ...a, reason: p.deviate });
      continue;
    }
    const once = async () => {
      if (step.kind === 'tick') run = await s.value('runs.tick', a);
      else if (step.kind === 'choice') run = await s.value('runs.choose', { ...a, option: step.options!.find((o) => o.acceptable)!.value });
      else if (step.kind === 'measurement') {
        run = await s.value('runs.measure', { ...a, value: p?.measure ?? ((step.limits!.min ?? 0) + (step.limits!.max ?? 0)) / 2 });
        if (p?.reason) run = await s.value('runs.reason', { ...a, reason: p.reason });
      } else run = await s.value('runs.skip', a);
    };
    await once();
    if (p?.undo) {
      run = await s.value('runs.undo', { runId: run.runId, actor });
      await once();
    }
  }
  s.clock.advance(20_000);
  if ((opts.finish ?? 'complete') === 'complete') run = await s.value('runs.complete', { runId: run.runId, actor });
  else if (opts.finish === 'abandon') run = await s.value('runs.abandon', { runId: run.runId, actor, reason: 'NOT_SAFE' });
  return run;
}

/** The known day at one station: five runs with known outcomes. */
async function knownDay(s: Station) {
  s.clock.set(at('08:05'));
  const r1 = await doRun(s, 'station-start-check', 'asha-devi', { plan: { 'clear-table': { undo: true } } }); // on time, 1 undo
  s.clock.set(at('11:10'));
  const r2 = await doRun(s, 'carton-quality-check', 'ravi-kumar', {
    plan: { 'carton-weight': { measure: 530, reason: 'SCALE_BROKEN' }, 'order-label': { deviate: 'NO_SAMPLE' } },
  }); // on time, 1 out of limits, 1 deviation
  s.clock.set(at('18:10'));
  const r3 = await doRun(s, 'end-of-day-clean-down', 'farida-begum'); // late (due 17:30 + 30 min)
  s.clock.set(at('18:20'));
  const r4 = await doRun(s, 'station-start-check', 'suresh-patel', { stopAfter: 2, finish: 'abandon' });
  s.clock.set(at('18:30'));
  const r5 = await doRun(s, 'carton-quality-check', 'asha-devi', { stopAfter: 1, finish: 'leave', help: 'pick-sample' });
  return { r1, r2, r3, r4, r5 };
}

async function refreshed(s: Station): Promise<ReviewStatus> {
  await s.value('review.refresh', { session: s.session });
  await s.app.review.idle();
  return s.value<ReviewStatus>('review.status', { session: s.session });
}

const history = (s: Station, args: Record<string, unknown> = {}) => s.value<HistoryPage>('review.history', { session: s.session, ...args });

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
    expect(row1.durationS).toBeGreaterThan(0);
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
    expect(undone.line).toBeGreaterThan(0);

    const t2 = await s.value<RunTimeline>('review.timeline', { session: s.session, runId: r2.runId });
    const weight = t2.events.find((e) => e.type === 'step.measured' && e.stepId === 'carton-weight')!;
    expect(weight).toMatchObject({ value: 530, unit: 'g', limits: { min: 480, max: 520 }, acceptable: false });
    expect(t2.events.find((e) => e.type === 'step.reasoned')).toMatchObject({ reason: 'SCALE_BROKEN', stepId: 'carton-weight' });
    expect(t2.events.find((e) => e.type === 'step.deviated')).toMatchObject({ reason: 'NO_SAMPLE', stepId: 'order-label' });
    expect(await s.call('review.timeline', { session: s.session, runId: '0190a000-0000-7000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'RUN_NOT_FOUND' } });
  });

  it('countersign: journal events, idempotent for the same meaning, rejection needs a reason, filter target, survives a restart', async () => {
    const root = await dirs.make('sw-review-');
    const dataDir = path.join(root, 'data');
    const s = await openStation(dataDir);
    const { r1, r2, r3 } = await knownDay(s);
    await s.value('settings.update', { session: s.session, settings: { supervisorName: 'Meena Supervisor' } });
    await refreshed(s);

    expect(await s.value('review.sign', { session: s.session, target: { runIds: [r1.runId] }, meaning: 'approved' })).toEqual({ signed: 1, alreadySigned: 0 });
    expect(await s.value('review.sign', { session: s.session, target: { runIds: [r1.runId] }, meaning: 'approved' })).toEqual({ signed: 0, alreadySigned: 1 });
    expect(await s.call('review.sign', { session: s.session, target: { runIds: [r2.runId] }, meaning: 'rejected' })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    expect(await s.call('review.sign', { session: s.session, target: { runIds: ['0190a000-0000-7000-8000-000000000000'] }, meaning: 'reviewed' })).toMatchObject({ ok: false, error: { code: 'RUN_NOT_FOUND' } });
    expect(await s.value('review.sign', { session: s.session, target: { runIds: [r2.runId] }, meaning: 'rejected', reason: 'Scale reading not checked' })).toEqual({ signed: 1, alreadySigned: 0 });

    // At once in the history (no refresh asked).
    let page = await history(s, { filter: { outcomes: ['completed'] } });
    expect(page.rows.find((r) => r.runId === r1.runId)?.signature).toMatchObject({ meaning: 'approved', by: 'Meena Supervisor', station: s.app.stationId });
    expect(page.rows.find((r) => r.runId === r2.runId)?.signature).toMatchObject({ meaning: 'rejected', reason: 'Scale reading not checked' });
    expect(page.counts.notReviewed).toBe(1);

    // A filtered set: the three completed runs; r1 and r2 get a newer signature with the new meaning.
    expect(await s.value('review.sign', { session: s.session, target: { filter: { outcomes: ['completed'] } }, meaning: 'reviewed' })).toEqual({ signed: 3, alreadySigned: 0 });
    expect(await s.value('review.sign', { session: s.session, target: { filter: { outcomes: ['completed'] } }, meaning: 'reviewed' })).toEqual({ signed: 0, alreadySigned: 3 });
    page = await history(s, { filter: { outcomes: ['not_reviewed'] } });
    expect(page.counts.runs).toBe(2);

    // The journal holds one line per signature; nothing else changed.
    const journalDir = path.join(dataDir, 'journal', 'segments');
    const lines = (await Promise.all((await readdir(journalDir)).map((f) => readFile(path.join(journalDir, f), 'utf8')))).join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; run?: string; actor: string; data?: Record<string, unknown>; reason?: string });
    const sigs = lines.filter((l) => l.type === 'run.countersigned');
    expect(sigs).toHaveLength(5);
    expect(sigs[0]).toMatchObject({ actor: 'supervisor', run: r1.runId, data: { meaning: 'approved', signer: 'Meena Supervisor', runStation: s.app.stationId } });
    expect(sigs[1]).toMatchObject({ run: r2.runId, reason: 'Scale reading not checked', data: { meaning: 'rejected' } });

    const t = await s.value<RunTimeline>('review.timeline', { session: s.session, runId: r1.runId });
    expect(t.signatures.map((x) => x.meaning)).toEqual(['approved', 'reviewed']);

    // Restart: the signatures are in the journal, so they come back.
    await s.app.close();
    const again = await openStation(dataDir, { settings: s.settings, keyStore: s.keyStore, clock: s.clock });
    await refreshed(again);
    const after = await history(again, { filter: {} });
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
    const [first] = (await readdir(cSeg)).filter((n) => n.endsWith('.jsonl')).sort();
    const text = await readFile(path.join(cSeg, first!), 'utf8');
    await writeFile(path.join(cSeg, first!), text.replace('"farida-begum"', '"ravi-kumar"'));

    const statusB = await refreshed(b);
    expect(statusB).toMatchObject({ state: 'ready', source: 'share', sharePath: share, integrity: { ok: false } });
    expect(statusB.integrity!.errors).toBeGreaterThan(0);
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
    expect(await b.value('review.sign', { session: b.session, target: { runIds: [ra.runId] }, meaning: 'approved' })).toEqual({ signed: 1, alreadySigned: 0 });
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
    await a.value('settings.update', { session: a.session, settings: { sharePath: path.join(root, 'gone') } });
    const cut = await refreshed(a);
    expect(cut).toMatchObject({ state: 'ready', source: 'station', error: { code: 'SHARE_UNREADABLE' } });
    await a.value('settings.update', { session: a.session, settings: { sharePath: share } });
    await a.value('review.refresh', { session: a.session }); // this one syncs
    await a.app.review.idle();
    const back = await a.value<ReviewStatus>('review.status', { session: a.session });
    expect(back).toMatchObject({ state: 'ready', source: 'share' });
    expect(a.app.review.lastOutcome!.sources.find((x) => x.kind === 'share')!.problems.filter((p) => p.station === a.app.stationId)).toEqual([]);
  });
});
