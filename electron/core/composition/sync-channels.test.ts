import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type DueItem, type RunView, type StationInfo, type SyncStatus } from '../../contract';
import { MemoryKeyStore } from '../journal';
import { verifyShare } from '../ledger';
import { memorySettingsStore } from '../settings';
import { publishStandards } from '../sim/simulate';
import { STANDARDS, TempDirs, TEST_NOW } from '../sync/test-support';
import { ManualClock } from '../time/clock';
import { createStationApp, type StationApp } from './station-app';
import { channelCaller, setUpStation, TEST_APP_DEFAULTS, TEST_SUPERVISOR } from './test-support';

const MONDAY_0805 = Date.parse('2026-11-23T08:05:00+05:30');
const dirs = new TempDirs();
const apps: StationApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close().catch(() => undefined)));
  await dirs.cleanup();
});

async function open(opts: { standardsOnShare?: boolean } = {}) {
  const root = await dirs.make('sw-app-sync-');
  const share = path.join(root, 'share');
  await mkdir(share);
  if (opts.standardsOnShare !== false) await publishStandards(STANDARDS, share);
  const app = await createStationApp({
    ...TEST_APP_DEFAULTS,
    dataDir: path.join(root, 'data'),
    clock: new ManualClock(MONDAY_0805, 'Asia/Kolkata'),
    keyStore: new MemoryKeyStore(),
    settings: memorySettingsStore(),
  });
  apps.push(app);
  const { call, value } = channelCaller(app);
  await setUpStation(value);
  const { session } = await value<{ session: string }>('supervisor.unlock', { pin: TEST_SUPERVISOR.pin });
  return { root, share, app, call, value, session };
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('timed out');
}

describe('station app: sync with the shared folder', () => {
  it('puts the standards its runs use on an empty share, so an import can match every event', async () => {
    const { share, value, session } = await open({ standardsOnShare: false });
    await value('settings.update', { session, settings: { sharePath: share } });
    const actor = 'asha-devi';
    const run = await value<RunView>('runs.start', { standardId: 'carton-quality-check', actor });
    await value('runs.tick', { runId: run.runId, actor, stepId: 'pick-sample' });
    await value('runs.abandon', { runId: run.runId, actor, reason: 'NEED_HELP' });
    await value('sync.now', {});
    const files = (await readdir(path.join(share, 'standards'))).sort();
    expect(files).toContain('carton-quality-check.v1.json');
    // Only what the records use; the bytes are the bundled file's (same content hash); pictures come along.
    expect(files).not.toContain('end-of-day-clean-down.v1.json');
    expect(await readFile(path.join(share, 'standards', 'carton-quality-check.v1.json'))).toEqual(await readFile(path.join(STANDARDS, 'carton-quality-check.json')));
    expect(files).toContain('pictures');
    const report = await verifyShare(share);
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    // A second sync writes nothing new and reports nothing.
    await value('sync.now', {});
    expect((await readdir(path.join(share, 'standards'))).sort()).toEqual(files);
  });

  it('a supervisor sets the shared folder; finished runs are published in the background; sync.now answers the status', async () => {
    const { share, app, call, value, session } = await open();
    expect((await value<StationInfo>('station.info')).sync).toEqual({ state: 'not_set_up' });
    expect(await call('settings.update', { session, settings: { sharePath: 'relative/folder' } })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    expect(await call('settings.update', { settings: { sharePath: share } })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    expect(await value('settings.update', { session, settings: { sharePath: share } })).toMatchObject({ sharePath: share });
    await until(async () => (await value<StationInfo>('station.info')).sync.state === 'up_to_date');

    // A run, finished: published without anyone asking.
    let run = await value<RunView>('runs.start', { standardId: 'station-start-check', actor: 'asha-devi' });
    for (const step of run.steps) {
      const a = { runId: run.runId, actor: 'asha-devi', stepId: step.id };
      if (step.kind === 'tick') run = await value('runs.tick', a);
      else if (step.kind === 'choice') run = await value('runs.choose', { ...a, option: step.id === 'glue-level' ? 'full' : 'clear' });
      else run = await value('runs.skip', a);
    }
    expect((await value<StationInfo>('station.info')).sync).toMatchObject({ state: 'waiting' });
    await value('runs.complete', { runId: run.runId, actor: 'asha-devi' });
    await until(async () => (await value<StationInfo>('station.info')).sync.state === 'up_to_date');
    const report = await verifyShare(share, { nowMs: TEST_NOW, workers: 0 });
    expect(report.ok).toBe(true);
    expect(report.stations[0]?.verifiedThrough?.seq).toBe(app.head().seq);
    expect(report.stations[0]?.name).toBe('Station 1');

    expect(await value<SyncStatus>('sync.now')).toMatchObject({ state: 'up_to_date' });
    // Removing the path turns sync off.
    expect(await value('settings.update', { session, settings: { sharePath: '' } })).not.toHaveProperty('sharePath');
    expect(await value<SyncStatus>('sync.now')).toEqual({ state: 'not_set_up' });
  });

  it("the last sync is on the station's clock as it is now, also after a supervisor changed its zone", async () => {
    const { share, value, session } = await open();
    await value('settings.update', { session, settings: { sharePath: share } });
    expect(await value<SyncStatus>('sync.now', {})).toEqual({ state: 'up_to_date', lastSyncAt: '2026-11-23T08:05:00.000+05:30' });
    // The station's clock was in the wrong zone at set-up; a supervisor corrects it: the same instant, on the new clock
    // (it said 08:05 beside times of 03:35 before).
    await value('settings.update', { session, settings: { timeZone: 'Europe/Berlin' } });
    expect((await value<StationInfo>('station.info', {})).sync).toMatchObject({ lastSyncAt: '2026-11-23T03:35:00.000+01:00' });
  });

  it('the share unreachable is a status, never a failed action', async () => {
    const { root, value, session } = await open();
    // A shared folder is checked when chosen: it is there then, and the drive goes away afterwards.
    await mkdir(path.join(root, 'not-mounted'));
    await value('settings.update', { session, settings: { sharePath: path.join(root, 'not-mounted') } });
    await value<SyncStatus>('sync.now');
    await rm(path.join(root, 'not-mounted'), { recursive: true });
    const status = await value<SyncStatus>('sync.now');
    expect(status).toMatchObject({ state: 'unreachable', reason: expect.stringContaining('not there') });
    const run = await value<RunView>('runs.start', { standardId: 'carton-quality-check', actor: 'asha-devi' });
    expect(run.status).toBe('in_progress');
  });

  it('a new version published on the share reaches the station with the next sync', async () => {
    const { share, value, session } = await open();
    const doc = JSON.parse(await readFile(path.join(STANDARDS, 'station-start-check.json'), 'utf8'));
    await writeFile(path.join(share, 'standards', 'station-start-check.v2.json'), JSON.stringify({ ...doc, version: 2, effectiveFrom: '2026-11-01', title: { en: 'Start check (new)', hi: doc.title.hi } }));
    await value('settings.update', { session, settings: { sharePath: share } });
    expect(await value<SyncStatus>('sync.now')).toMatchObject({ state: 'up_to_date' });
    const due = await value<DueItem[]>('routines.due');
    expect(due.find((d) => d.standard.id === 'station-start-check')).toMatchObject({ standard: { version: 2 }, title: { en: 'Start check (new)' } });
  });
});
