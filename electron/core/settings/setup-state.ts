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
