/** What the review channel tests share: stations opened through the validated channels, and a known day of runs. */
import { MemoryKeyStore } from '../journal';
import { memorySettingsStore } from '../settings';
import type { SettingsStore } from '../settings/store';
import { STANDARDS, TempDirs } from '../sync/test-support';
import { ManualClock } from '../time/clock';
import { guardedHandlers, type ChannelName, type HistoryPage, type ReviewStatus, type RunView } from '../../contract';
import type { Result } from '../../contract/result';
import { createStationApp, type StationApp } from './station-app';
import { setUpStation, TEST_SUPERVISOR } from './test-support';

/** Monday 2026-11-23 in Kolkata. */
export const at = (hhmm: string) => Date.parse(`2026-11-23T${hhmm}:00+05:30`);
export const dirs = new TempDirs();
const AUTO = 'auto-session';
const apps: StationApp[] = [];
/** Closes the stations a test opened and removes its folders (each test file's afterEach). */
export async function closeStations(): Promise<void> {
  await Promise.all(apps.splice(0).map((a) => a.close().catch(() => undefined)));
  await dirs.cleanup();
}

export interface Station {
  app: StationApp;
  clock: ManualClock;
  dataDir: string;
  settings: SettingsStore;
  keyStore: MemoryKeyStore;
  session: string;
  call: <T = unknown>(name: ChannelName, args?: unknown) => Promise<Result<T>>;
  value: <T = unknown>(name: ChannelName, args?: unknown) => Promise<T>;
}

export async function openStation(dataDir: string, reuse?: { settings?: SettingsStore; keyStore?: MemoryKeyStore; clock?: ManualClock }): Promise<Station> {
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
      const unlocked = (await h['supervisor.unlock']({ pin: TEST_SUPERVISOR.pin })) as Result<{ session: string }>;
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
  if (!reuse?.settings) await setUpStation(value);
  return { app, clock, dataDir, settings, keyStore, session: AUTO, call, value };
}

type Plan = Partial<Record<string, { deviate?: string; measure?: number; reason?: string; undo?: boolean }>>;

/** Start a run and do its steps (ticks, acceptable choices, measurements in the middle of the limits, notes skipped). */
export async function doRun(s: Station, standardId: string, actor: string, opts: { plan?: Plan; stopAfter?: number; finish?: 'complete' | 'abandon' | 'leave'; help?: string } = {}): Promise<RunView> {
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
export async function knownDay(s: Station) {
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

export async function refreshed(s: Station): Promise<ReviewStatus> {
  await s.value('review.refresh', { session: s.session });
  await s.app.review.idle();
  return s.value<ReviewStatus>('review.status', { session: s.session });
}

export const history = (s: Station, args: Record<string, unknown> = {}) => s.value<HistoryPage>('review.history', { session: s.session, ...args });
