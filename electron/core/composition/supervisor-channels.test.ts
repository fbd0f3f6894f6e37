/** The supervisor channels through the composition root: the PIN, its lockout, and the session's idle end. */
import { afterEach, describe, expect, it } from 'vitest';
import type { StationInfo } from '../../contract';
import { confSettingsStore } from '../settings';
import { closeStations, env, FRIDAY_0805_IST, open, setUpStation, tempDir, TEST_SUPERVISOR, unlock } from './station-test-support';

afterEach(closeStations);

describe('supervisor channels', () => {
  it('a supervisor session ends after 10 minutes without use', async () => {
    const e = await env();
    const { call, value } = await open(e);
    await setUpStation(value);
    const session = await unlock(value);
    e.clock.advance(9 * 60_000);
    expect((await call('settings.update', { session, settings: { readAloud: true } })).ok).toBe(true);
    e.clock.advance(9 * 60_000);
    expect((await call('settings.update', { session, settings: { readAloud: false } })).ok).toBe(true);
    e.clock.advance(10 * 60_000);
    expect(await call('settings.update', { session, settings: { readAloud: true } })).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
  });

  it('PIN: set by first-day set-up, unlock, wrong PINs lock it out, and the lockout survives a restart', async () => {
    const dataDir = await tempDir();
    const e = await env({ dataDir, settings: confSettingsStore(dataDir, { onWarning: () => {} }) });
    const first = await open(e);
    expect((await first.value<StationInfo>('station.info', {})).pinSet).toBe(false);
    expect(await first.call('supervisor.unlock', { pin: TEST_SUPERVISOR.pin })).toMatchObject({ ok: false, error: { code: 'PIN_NOT_SET' } });
    await setUpStation(first.value);
    expect((await first.value<StationInfo>('station.info', {})).pinSet).toBe(true);
    expect(await first.call('setup.start', { stationName: 'Mine now', supervisorName: 'Intruder', pin: '135790' })).toMatchObject({ ok: false, error: { code: 'SETUP_ALREADY_STARTED' } });
    await unlock(first.value);
    for (let i = 1; i <= 4; i++) expect(await first.value('supervisor.unlock', { pin: '000000' })).toEqual({ unlocked: false, attemptsLeft: 5 - i });
    expect(await first.value('supervisor.unlock', { pin: '000000' })).toMatchObject({ unlocked: false, attemptsLeft: 0, lockedUntil: expect.any(String) });
    expect(await first.value('supervisor.unlock', { pin: TEST_SUPERVISOR.pin })).toMatchObject({ unlocked: false, lockedUntil: expect.any(String) });
    await first.app.close();

    // A new app instance on the same data folder (settings re-read from disk): still locked.
    const second = await open({ ...e, settings: confSettingsStore(dataDir, { onWarning: () => {} }) });
    const locked = await second.value<{ unlocked: boolean; lockedUntil?: string }>('supervisor.unlock', { pin: TEST_SUPERVISOR.pin });
    // On the station's clock (Asia/Kolkata), with its offset: the screen says "try again at 08:10" in any browser.
    expect(locked).toMatchObject({ unlocked: false, lockedUntil: '2026-11-27T08:10:00.000+05:30' });
    expect(Date.parse(locked.lockedUntil!)).toBe(FRIDAY_0805_IST + 5 * 60_000);
    e.clock.advance(5 * 60_000);
    expect(await second.value('supervisor.unlock', { pin: TEST_SUPERVISOR.pin })).toMatchObject({ unlocked: true });
    expect(second.app.stationId).toBe(first.app.stationId);
  });
});
