/**
 * First-day set-up (issue 10): on a station with no supervisor, setup.start names the station (and its time zone)
 * and creates the first supervisor in one settings write, and answers their session. The demo roster a new station
 * got at start-up is removed while nobody has changed it, so set-up starts from an empty list of people.
 * setup.confirm marks the parts a supervisor confirms by hand; setup.finish ends set-up once the station has a
 * name, a supervisor and at least one person (the shared folder and the standards can come later, in Settings).
 */
import type { ParsedArgsOf, SetupConfirmable, SetupState } from '../../contract';
import { fail, ok, type Result } from '../../contract/result';
import { isUntouchedDemoRoster } from '../roster/demo';
import type { StoredSettings } from '../settings/schema';
import { setupState } from '../settings/setup-state';
import { changeSettings, type SettingsStore } from '../settings/store';
import type { SupervisorGate } from './gate';

export function startSetup(gate: SupervisorGate, args: ParsedArgsOf<'setup.start'>) {
  return gate.addFirst(args.supervisorName, args.pin, (s: StoredSettings) => ({
    ...s,
    settings: { ...s.settings, stationName: args.stationName, ...(args.timeZone ? { timeZone: args.timeZone } : {}) },
    roster: isUntouchedDemoRoster(s.roster) ? [] : s.roster,
    setup: { ...s.setup, started: true },
  }));
}

export function confirmSetupStep(settings: SettingsStore, step: SetupConfirmable): Result<SetupState> {
  return changeSettings(settings, (s) => {
    const next = { ...s, setup: { ...s.setup, confirmed: [...new Set([...s.setup.confirmed, step])] } };
    return ok({ next, value: setupState(next) });
  });
}

export function finishSetup(settings: SettingsStore): Result<SetupState> {
  return changeSettings(settings, (s) => {
    const missing = Object.entries(setupState(s).steps)
      .filter(([step, done]) => !done && (step === 'station' || step === 'supervisor' || step === 'people'))
      .map(([step]) => step);
    if (missing.length > 0) {
      return fail('SETUP_NOT_READY', `Set-up cannot be finished yet: ${missing.map((m) => WHAT[m]).join('; ')}.`);
    }
    const next = { ...s, setup: { ...s.setup, complete: true } };
    return ok({ next, value: setupState(next) });
  });
}

const WHAT: Record<string, string> = {
  station: "give the station its name (start set-up)",
  supervisor: 'add the first supervisor',
  people: 'add at least one person who works at this station',
};
