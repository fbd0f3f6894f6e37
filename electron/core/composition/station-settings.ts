/**
 * The station's settings at start-up: the station id the journal holds wins, and a new station gets the demo roster
 * (first-day set-up removes it again while nobody has changed it: setup.start).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { STATION_FILE } from '../journal';
import { DEMO_ROSTER } from '../roster/demo';

export { DEMO_ROSTER } from '../roster/demo';
import type { SettingsStore } from '../settings/store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The station id an existing journal was started with (the journal is the truth), or undefined. */
async function journalStationId(journalDir: string): Promise<string | undefined> {
  try {
    const found = JSON.parse(await readFile(path.join(journalDir, STATION_FILE), 'utf8')) as { stationId?: unknown };
    return typeof found.stationId === 'string' && UUID.test(found.stationId) ? found.stationId : undefined;
  } catch {
    return undefined;
  }
}

/** Settings first: the station id, and the demo roster on a new station. Answers the station id. */
export async function prepareStationSettings(settings: SettingsStore, journalDir: string, warn: (message: string) => void): Promise<string> {
  let stored = settings.read();
  let changed = false;
  const fromJournal = await journalStationId(journalDir);
  if (fromJournal !== undefined && fromJournal !== stored.stationId) {
    warn(`The settings named station ${stored.stationId}, but the journal belongs to station ${fromJournal}; the journal's id is kept.`);
    stored = { ...stored, stationId: fromJournal };
    changed = true;
  }
  if (!stored.rosterSeeded) {
    if (stored.roster.length === 0) stored = { ...stored, roster: DEMO_ROSTER.map((a) => structuredClone(a)) };
    stored = { ...stored, rosterSeeded: true };
    changed = true;
  }
  if (changed) settings.write(stored);
  return stored.stationId;
}
