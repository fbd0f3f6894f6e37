/** Where first-day set-up stands, read from the settings (docs/station-ui.md "First-day set-up"). */
import type { SetupState } from '../../contract';
import { DEFAULT_SETTINGS, type StoredSettings } from './schema';

export function setupState(s: StoredSettings): SetupState {
  const confirmed = new Set(s.setup.confirmed);
  return {
    complete: s.setup.complete,
    steps: {
      station: s.setup.started,
      supervisor: s.supervisors.length > 0,
      people: s.roster.length > 0 || confirmed.has('people'),
      share: s.settings.sharePath !== undefined || confirmed.has('share'),
      standards: confirmed.has('standards'),
    },
  };
}

/**
 * The station's name as a person chose it (first-day set-up's name step, or Settings), or null while nobody has: the
 * built-in default ("Station 1") is never signed by the station on its own (issue 11: a fresh station must not show
 * procurement a name history it never had). The one rule for the journal's `station.named` events
 * (composition/services.ts, station-app.ts). A station with a supervisor was named by one (setup.start makes the
 * first; a station from before set-up kept the name it was given in use); a finished set-up had its name step.
 *
 * `signer`: the supervisor who gives the name there and then (set-up's name step, a rename in Settings). Only they
 * make the built-in default a chosen name: a station from before set-up that kept "Station 1" was never named by
 * anyone (its settings were migrated as set up), so signing it at open or at a seal gave procurement two names once
 * a supervisor named it.
 */
export function chosenStationName(s: StoredSettings, signer?: string): string | null {
  if (!(s.setup.started || s.setup.complete || s.supervisors.length > 0)) return null;
  if (signer === undefined && isBuiltInStationName(s.settings.stationName)) return null;
  return s.settings.stationName;
}

/** Whether a name is the built-in default ("Station 1", as the settings store it and a station signed it), which nobody chose. */
export function isBuiltInStationName(name: string): boolean {
  return name.trim() === DEFAULT_SETTINGS.stationName;
}
