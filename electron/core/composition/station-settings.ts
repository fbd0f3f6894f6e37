/** The station's settings at start-up: the station id the journal holds wins, and a new station gets a demo roster. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Artisan } from '../../contract';
import { STATION_FILE } from '../journal';
import type { SettingsStore } from '../settings/store';

/** A new station starts with these people on its roster, so it can be used at once. A supervisor edits it later. */
export const DEMO_ROSTER: readonly Artisan[] = Object.freeze([
  { id: 'asha-devi', name: 'Asha Devi', badge: '1001', prefs: {} },
  { id: 'ravi-kumar', name: 'Ravi Kumar', badge: '1002', prefs: {} },
  { id: 'farida-begum', name: 'Farida Begum', badge: '1003', prefs: {} },
  { id: 'suresh-patel', name: 'Suresh Patel', badge: '1004', prefs: {} },
]);

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
