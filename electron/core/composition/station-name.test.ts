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
import { DEFAULT_SETTINGS } from '../settings/schema';
import { actor, closeStations, env, open } from './station-test-support';

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
