/** The demo roster: four people a station created without first-day set-up starts with, so it can be used at once. */
import type { Artisan } from '../../contract';

export const DEMO_ROSTER: readonly Artisan[] = Object.freeze([
  { id: 'asha-devi', name: 'Asha Devi', badge: '1001', prefs: {} },
  { id: 'ravi-kumar', name: 'Ravi Kumar', badge: '1002', prefs: {} },
  { id: 'farida-begum', name: 'Farida Begum', badge: '1003', prefs: {} },
  { id: 'suresh-patel', name: 'Suresh Patel', badge: '1004', prefs: {} },
]);

/** Whether the roster is still exactly the demo roster, untouched (no prefs, no change): set-up may replace it. */
export function isUntouchedDemoRoster(roster: readonly Artisan[]): boolean {
  return roster.length === DEMO_ROSTER.length && roster.every((a, i) => JSON.stringify(a) === JSON.stringify(DEMO_ROSTER[i]));
}
