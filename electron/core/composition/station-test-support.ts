/** What the station tests share: a test station on a temporary folder, called through the validated channels. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryKeyStore } from '../journal';
import { memorySettingsStore, type SettingsStore } from '../settings';
import { STANDARDS } from '../sync/test-support';
import { ManualClock } from '../time/clock';
import { createStationApp, type StationApp, type StationAppOptions } from './station-app';
import { channelCaller, TEST_SUPERVISOR, type Value } from './test-support';

export { setUpStation, TEST_SUPERVISOR } from './test-support';

export const FRIDAY_0805_IST = Date.parse('2026-11-27T08:05:00+05:30');
const cheap = { N: 1024, r: 8, p: 1, keyLen: 32 };
export const actor = 'asha-devi';

const dirs: string[] = [];
const apps: StationApp[] = [];
/** Closes the stations a test opened and removes its folders (each test file's afterEach). */
export async function closeStations(): Promise<void> {
  await Promise.all(apps.splice(0).map((a) => a.close().catch(() => undefined)));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

export async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'sw-app-'));
  dirs.push(d);
  return d;
}

export type Env = { dataDir: string; clock: ManualClock; keyStore: MemoryKeyStore; settings: SettingsStore; standardsDir?: string };

export async function env(overrides: Partial<Env> = {}): Promise<Env> {
  return {
    dataDir: overrides.dataDir ?? (await tempDir()),
    clock: overrides.clock ?? new ManualClock(FRIDAY_0805_IST, 'Asia/Kolkata'),
    keyStore: overrides.keyStore ?? new MemoryKeyStore(),
    settings: overrides.settings ?? memorySettingsStore(),
    ...(overrides.standardsDir ? { standardsDir: overrides.standardsDir } : {}),
  };
}

export async function open(e: Env, more: Partial<StationAppOptions> = {}) {
  const app = await createStationApp({
    dataDir: e.dataDir,
    clock: e.clock,
    keyStore: e.keyStore,
    bundledStandardsDir: e.standardsDir ?? STANDARDS,
    settings: e.settings,
    shell: 'browser',
    version: '9.9.9',
    scryptParams: cheap,
    onWarning: () => {},
    ...more,
  });
  apps.push(app);
  return { app, ...channelCaller(app) };
}

/** A session of the station's supervisor (setUpStation made them), entered as at the station. */
export async function unlock(value: Value, pin: string = TEST_SUPERVISOR.pin): Promise<string> {
  const r = await value<{ unlocked: boolean; session?: string }>('supervisor.unlock', { pin });
  if (!r.unlocked || !r.session) throw new Error('not unlocked');
  return r.session;
}
