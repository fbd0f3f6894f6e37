/**
 * The station's signed name (issue 11, item 2): a fresh station signs no name until a person chooses one (first-day
 * set-up's name step, or Settings); the built-in default ("Station 1") is never signed, so procurement sees no name
 * history the station never had.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StationInfo } from '../../contract';
import { STATION_NAMED } from '../runs/events';
import { memorySettingsStore } from '../settings';
import { DEFAULT_SETTINGS } from '../settings/schema';
import { hashPin } from '../supervisor/pin';
import { actor, closeStations, env, open, unlock } from './station-test-support';

afterEach(closeStations);

/** Every record of the station's journal, read from its segment files as the share and the ledger get them. */
async function journalRecords(dataDir: string): Promise<Array<{ seq: number; type: string; value?: unknown; data?: Record<string, unknown> }>> {
  const files = (await readdir(join(dataDir, 'journal'), { recursive: true })).filter((f) => /segment-\d{12}\.jsonl$/.test(f)).sort();
  const lines = (await Promise.all(files.map((f) => readFile(join(dataDir, 'journal', f), 'utf8')))).flatMap((t) => t.split('\n').filter(Boolean));
  return lines.map((l) => JSON.parse(l) as { seq: number; type: string }).sort((a, b) => a.seq - b.seq);
}
const named = async (dataDir: string) => (await journalRecords(dataDir)).filter((r) => r.type === STATION_NAMED);

describe("the station's signed name", () => {
  it('is not signed before set-up names the station (not at open, a run, a seal or a reopen); then exactly once, with the chosen name', async () => {
    const e = await env();
    const first = await open(e);
    expect((await first.value<StationInfo>('station.info', {})).settings.stationName).toBe(DEFAULT_SETTINGS.stationName);
    await first.value('runs.start', { standardId: 'station-start-check', actor });
    await first.app.close(); // seals
    const before = await journalRecords(e.dataDir);
    expect(before.some((r) => r.type === 'journal.seal')).toBe(true);
    expect(before.filter((r) => r.type === STATION_NAMED)).toEqual([]);

    const again = await open(e);
    expect(await named(e.dataDir)).toEqual([]);
    const { supervisor } = await again.value<{ supervisor: { name: string } }>('setup.start', { stationName: 'Gluing bench 1', supervisorName: 'Meena Iyer', pin: '135790' });
    // Signed at once by the supervisor who named it, not left for the next seal.
    expect(await named(e.dataDir)).toEqual([
      expect.objectContaining({ type: STATION_NAMED, value: 'Gluing bench 1', data: expect.objectContaining({ previous: null, signer: supervisor.name }) }),
    ]);
    await again.app.close();
    const third = await open(e);
    await third.app.close();
    const names = await named(e.dataDir);
    expect(names.map((r) => r.value)).toEqual(['Gluing bench 1']);
    // Covered by a seal after it.
    expect((await journalRecords(e.dataDir)).some((r) => r.type === 'journal.seal' && r.seq > (names[0]?.seq ?? Infinity))).toBe(true);
  });

  it('a rename in Settings is a second signed name, by the supervisor who made it', async () => {
    const e = await env();
    const { value } = await open(e);
    const { session } = await value<{ session: string }>('setup.start', { stationName: 'Gluing bench 1', supervisorName: 'Meena Iyer', pin: '135790' });
    await value('settings.update', { session, settings: { stationName: 'Gluing bench 2' } });
    expect((await named(e.dataDir)).map((r) => [r.value, r.data?.previous, r.data?.signer])).toEqual([
      ['Gluing bench 1', null, 'Meena Iyer'],
      ['Gluing bench 2', 'Gluing bench 1', 'Meena Iyer'],
    ]);
  });
});

describe('a station from before first-day set-up (settings with one PIN, never named)', () => {
  /** settings.json as a version before set-up wrote it: one PIN, the built-in default name nobody chose. */
  const oldSettings = async () => ({
    stationId: undefined,
    settings: { stationName: DEFAULT_SETTINGS.stationName, language: 'en', theme: 'default', textScale: 100, scanMode: 'off', scanSpeedMs: 1500, readAloud: false },
    roster: [{ id: 'asha', name: 'Asha', prefs: {} }],
    pin: await hashPin('4711', { N: 1024, r: 8, p: 1, keyLen: 32 }),
    pinFailures: { count: 0, lockouts: 0 },
    rosterSeeded: true,
  });

  it('signs no name at open, a run or a seal; the name a supervisor then gives is its one name', async () => {
    const e = await env({ settings: memorySettingsStore(await oldSettings(), { onWarning: () => {} }) });
    const first = await open(e);
    await first.value('runs.start', { standardId: 'station-start-check', actor: 'asha' });
    await first.app.close(); // seals
    expect(await named(e.dataDir)).toEqual([]);

    const again = await open(e);
    expect(await named(e.dataDir)).toEqual([]);
    const session = await unlock(again.value, '4711');
    await again.value('settings.update', { session, settings: { stationName: 'Gluing bench 1' } });
    await again.app.close();
    expect((await named(e.dataDir)).map((r) => [r.value, r.data?.previous])).toEqual([['Gluing bench 1', null]]);
  });

  it('keeps signing a name it was given before set-up existed (not the default)', async () => {
    const old = await oldSettings();
    const e = await env({ settings: memorySettingsStore({ ...old, settings: { ...old.settings, stationName: 'Gluing bench 3' } }, { onWarning: () => {} }) });
    const { app } = await open(e);
    await app.close();
    expect((await named(e.dataDir)).map((r) => r.value)).toEqual(['Gluing bench 3']);
  });

  it('"Station 1" typed at set-up\'s name step is a chosen name, signed by that supervisor', async () => {
    const e = await env();
    const { value } = await open(e);
    await value('setup.start', { stationName: DEFAULT_SETTINGS.stationName, supervisorName: 'Meena Iyer', pin: '135790' });
    expect((await named(e.dataDir)).map((r) => [r.value, r.data?.signer])).toEqual([[DEFAULT_SETTINGS.stationName, 'Meena Iyer']]);
  });
});
