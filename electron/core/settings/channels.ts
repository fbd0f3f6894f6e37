/**
 * The station domain's channels: what the station is (open) and its settings (the guard has checked the
 * supervisor session before settings.update runs).
 */
import type { DomainImplementations, StationInfo, StationSettings, SyncStatus } from '../../contract';
import { FULL_PATH_EXAMPLES, isFullPath, StationSettings as StationSettingsSchema } from '../../contract';
import { fail, ok } from '../../contract/result';
import { changeSettings, type SettingsStore } from './store';

export type StationDeps = {
  settings: SettingsStore;
  stationId: string;
  version: string;
  shell: StationInfo['shell'];
  syncStatus: () => SyncStatus;
  /** Problems loading standards (the station's folders and the ones pulled from the share). */
  standardProblems: () => StationInfo['standardProblems'];
  /** Told when the shared folder was set, changed or removed. */
  onSharePathChanged: () => void;
};

export function stationChannels(deps: StationDeps): DomainImplementations<'station'> {
  const { settings } = deps;
  return {
    'station.info': async () => {
      const s = settings.read();
      return ok({
        stationId: deps.stationId,
        settings: s.settings,
        roster: s.roster,
        pinSet: s.pin !== undefined,
        sync: deps.syncStatus(),
        version: deps.version,
        shell: deps.shell,
        standardProblems: deps.standardProblems(),
      });
    },
    'settings.update': async ({ settings: changes }) => {
      const before = settings.read().settings.sharePath;
      const result = changeSettings<StationSettings>(settings, (s) => {
        const merged = StationSettingsSchema.safeParse({ ...s.settings, ...dropUndefined(changes) });
        if (!merged.success) return fail('BAD_ARGUMENTS', `settings.update: ${merged.error.issues[0]?.message ?? 'invalid settings'}`);
        const next: StationSettings = { ...merged.data };
        if (next.sharePath === '') delete next.sharePath;
        if (next.sharePath !== undefined && !isFullPath(next.sharePath)) {
          return fail('BAD_ARGUMENTS', `The shared folder must be a full path, like ${FULL_PATH_EXAMPLES} (found "${next.sharePath}").`);
        }
        return ok({ next: { ...s, settings: next }, value: next });
      });
      if (result.ok && result.value.sharePath !== before) deps.onSharePathChanged();
      return result;
    },
  };
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
