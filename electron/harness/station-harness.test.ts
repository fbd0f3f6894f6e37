import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../contract';
import { clockFromEnv, offsetClock } from '../core/time/clock-env';
import { ManualClock } from '../core/time/clock';
import { defaultStandardsDir, startStationHarness, type StationHarness } from './station-harness';

const FRIDAY_0805_IST = Date.parse('2026-11-27T08:05:00+05:30');
const dirs: string[] = [];
const running: StationHarness[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.close()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function start(extra: Partial<Parameters<typeof startStationHarness>[0]> = {}): Promise<StationHarness> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sw-station-harness-'));
  dirs.push(dataDir);
  const h = await startStationHarness({ dataDir, rendererDir: dataDir, clock: new ManualClock(FRIDAY_0805_IST, 'Asia/Kolkata'), ...extra });
  running.push(h);
  return h;
}

async function post(h: StationHarness, channel: string, body?: unknown, token = h.token) {
  const res = await fetch(`${h.origin}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } } };
}

describe('startStationHarness', () => {
  it('serves every contract channel from the core on a fresh data folder', async () => {
    const h = await start();
    const due = await post(h, 'routines.due', {});
    expect(due.status).toBe(200);
    expect((due.body.value as Array<{ standard: { id: string } }>).map((d) => d.standard.id).sort()).toEqual([
      'carton-quality-check',
      'end-of-day-clean-down',
      'station-start-check',
    ]);
    // No body at all counts as {} for channels without arguments.
    expect((await post(h, 'runs.open')).body).toEqual({ ok: true, value: [] });
    const info = await post(h, 'station.info', {});
    expect(info.body).toMatchObject({ ok: true, value: { stationId: h.stationId, shell: 'browser', sync: { state: 'not_set_up' }, pinSet: false } });
    for (const name of CHANNEL_NAMES) {
      const r = await post(h, name, { nonsense: true });
      expect(r.status, name).toBe(200);
      expect(r.body.error?.code, name).toBe('BAD_ARGUMENTS');
    }
    expect((await post(h, 'ping')).body).toMatchObject({ ok: true, value: { version: expect.any(String) } });
    expect((await post(h, 'routines.due', {}, 'f'.repeat(64))).status).toBe(401);
  });

  it('keeps the station across restarts of the harness and seals the journal when closed', async () => {
    const h = await start();
    const started = await post(h, 'runs.start', { standardId: 'station-start-check', actor: 'asha-devi' });
    expect(started.body.ok).toBe(true);
    await h.close();
    const segDir = path.join(h.dataDir, 'journal', 'segments');
    const lines = (await Promise.all((await readdir(segDir)).sort().map((f) => readFile(path.join(segDir, f), 'utf8')))).join('').trim().split('\n');
    expect((JSON.parse(lines.at(-1)!) as { type: string }).type).toMatch(/seal/);

    const again = await startStationHarness({ dataDir: h.dataDir, rendererDir: h.dataDir, clock: new ManualClock(FRIDAY_0805_IST, 'Asia/Kolkata') });
    running.push(again);
    expect(again.stationId).toBe(h.stationId);
    const open = await post(again, 'runs.open', {});
    expect(open.body.value).toHaveLength(1);
  });

  it('pins "today" with STEADYWORK_FAKE_NOW', async () => {
    const h = await start({ clock: undefined, env: { STEADYWORK_FAKE_NOW: '2026-11-29T10:00:00+05:30', STEADYWORK_TIME_ZONE: 'Asia/Kolkata' } });
    // 29 November 2026 is a Sunday: none of the demo routines is due on Sundays.
    const due = (await post(h, 'routines.due', {})).body.value as Array<{ status: string }>;
    expect(due.every((d) => d.status !== 'due' && d.status !== 'overdue')).toBe(true);
  });

  it('finds the bundled standards from the source folder', () => {
    expect(defaultStandardsDir()).toBe(path.resolve(__dirname, '..', '..', 'assets', 'standards'));
  });
});

describe('clockFromEnv', () => {
  it('starts at STEADYWORK_FAKE_NOW and runs on with real time', () => {
    let real = 1_000_000;
    const clock = offsetClock(Date.parse('2026-11-27T08:05:00+05:30'), 'Asia/Kolkata', () => real);
    expect(new Date(clock.now()).toISOString()).toBe('2026-11-27T02:35:00.000Z');
    real += 1500;
    expect(new Date(clock.now()).toISOString()).toBe('2026-11-27T02:35:01.500Z');
    const fromEnv = clockFromEnv({ STEADYWORK_FAKE_NOW: '2026-11-27T08:05:00+05:30', STEADYWORK_TIME_ZONE: 'Asia/Kolkata' });
    expect(Math.abs(fromEnv.now() - Date.parse('2026-11-27T02:35:00Z'))).toBeLessThan(5000);
    expect(fromEnv.timeZone).toBe('Asia/Kolkata');
  });

  it('uses the system clock without it, and refuses nonsense', () => {
    expect(Math.abs(clockFromEnv({}).now() - Date.now())).toBeLessThan(1000);
    expect(() => clockFromEnv({ STEADYWORK_FAKE_NOW: 'tomorrow' })).toThrow(/STEADYWORK_FAKE_NOW/);
    expect(() => clockFromEnv({ STEADYWORK_TIME_ZONE: 'Mars/Olympus' })).toThrow(/STEADYWORK_TIME_ZONE/);
  });
});
