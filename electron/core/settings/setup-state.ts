/** Where first-day set-up stands, read from the settings (docs/station-ui.md "First-day set-up"). */
import type { SetupState } from '../../contract';
import type { StoredSettings } from './schema';

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
 * built-in default ("Station 1") is never signed (issue 11: a fresh station must not show procurement a name history
 * it never had). The one rule for the journal's `station.named` events (composition/services.ts, station-app.ts).
 * A station with a supervisor was named by one (setup.start makes the first; a station from before set-up kept its
 * name in use); a finished set-up had its name step.
 */
export function chosenStationName(s: StoredSettings): string | null {
  return s.setup.started || s.setup.complete || s.supervisors.length > 0 ? s.settings.stationName : null;
}
