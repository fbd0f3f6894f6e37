/**
 * The roster domain's channels: find an artisan by badge, an artisan's own prefs (open), and the supervisor's
 * changes to the roster (the guard has checked the session before these run).
 */
import type { Artisan, DomainImplementations } from '../../contract';
import { fail, ok } from '../../contract/result';
import { SupervisorEvent, thenRecord, type RecordSupervisorAction } from '../audit/supervisor-action';
import { MAX_ROSTER } from '../settings/schema';
import { changeSettings, type SettingsStore } from '../settings/store';

export type RosterDeps = {
  settings: SettingsStore;
  /** Adding, changing or removing a person names the supervisor who did it (audit/supervisor-action.ts). */
  record: RecordSupervisorAction;
};

export function rosterChannels({ settings, record }: RosterDeps): DomainImplementations<'roster'> {
  return {
    'artisans.byBadge': async ({ badge }) => {
      const found = settings.read().roster.find((a) => a.badge === badge);
      return found ? ok(found) : fail('BADGE_UNKNOWN', 'This badge is not on the list of this station. Tap your name instead, or ask a supervisor to add the badge.');
    },
    'artisans.setPrefs': async ({ artisanId, prefs }) => {
      const s = settings.read();
      const index = s.roster.findIndex((a) => a.id === artisanId);
      const current = s.roster[index];
      if (current === undefined) return fail('ARTISAN_NOT_FOUND', `There is no artisan "${artisanId}" on this station.`);
      // The artisan's own prefs replace the old ones: leaving one out goes back to the station's setting.
      const updated: Artisan = { ...current, prefs: { ...prefs } };
      const roster = s.roster.map((a, i) => (i === index ? updated : a));
      settings.write({ ...s, roster });
      return ok(updated);
    },
    'roster.save': async ({ session, artisan }) =>
      thenRecord(changeSettings<Artisan[]>(settings, (s) => {
        const taken = artisan.badge !== undefined ? s.roster.find((a) => a.badge === artisan.badge && a.id !== artisan.id) : undefined;
        if (taken) return fail('BADGE_TAKEN', `Badge ${artisan.badge} already belongs to ${taken.name}. Each badge can belong to one person only.`);
        const exists = s.roster.some((a) => a.id === artisan.id);
        if (!exists && s.roster.length >= MAX_ROSTER) return fail('ROSTER_FULL', `A station can list at most ${MAX_ROSTER} people.`);
        const roster = exists ? s.roster.map((a) => (a.id === artisan.id ? artisan : a)) : [...s.roster, artisan];
        return ok({ next: { ...s, roster }, value: roster });
      }), () => record(session, { type: SupervisorEvent.rosterChanged, data: { change: 'saved', artisanId: artisan.id, name: artisan.name } })),
    'roster.remove': async ({ session, artisanId }) => {
      const name = settings.read().roster.find((a) => a.id === artisanId)?.name;
      return thenRecord(changeSettings<Artisan[]>(settings, (s) => {
        if (!s.roster.some((a) => a.id === artisanId)) return fail('ARTISAN_NOT_FOUND', `There is no artisan "${artisanId}" on this station.`);
        const roster = s.roster.filter((a) => a.id !== artisanId);
        return ok({ next: { ...s, roster }, value: roster });
      }), () => record(session, { type: SupervisorEvent.rosterChanged, data: { change: 'removed', artisanId, name } }));
    },
  };
}
