/**
 * The station domain's channels: what the station is (open); its settings, the check of a shared folder and the
 * folder dialog (the guard has checked the supervisor session before these run).
 */
import type { ChosenFolder, DomainImplementations, FolderPurpose, FolderCheck, ShareSupplier, StationInfo, StationSettings, SupervisorRef, SyncStatus } from '../../contract';
import { FULL_PATH_EXAMPLES, isFullPath, StationSettings as StationSettingsSchema } from '../../contract';
import { fail, ok } from '../../contract/result';
import { SupervisorEvent, thenRecord, type RecordSupervisorAction } from '../audit/supervisor-action';
import { setupState } from './setup-state';
import { changeSettings, type SettingsStore } from './store';

/** The computer's own folder dialog, from the shell (Electron); the browser harness has none. */
export interface FolderPicker {
  chooseFolder(title?: string, purpose?: FolderPurpose): Promise<ChosenFolder>;
}
export const NO_FOLDER_PICKER: FolderPicker = { chooseFolder: async () => ({ available: false }) };

export type StationDeps = {
  settings: SettingsStore;
  stationId: string;
  version: string;
  shell: StationInfo['shell'];
  syncStatus: () => SyncStatus;
  /** What the shared folder's supplier.json said at the last sync (core/sync/share-supplier.ts). */
  shareSupplier?: () => ShareSupplier | undefined;
  /** Problems loading standards (the station's folders and the ones pulled from the share). */
  standardProblems: () => StationInfo['standardProblems'];
  /** Told when the shared folder was set, changed or removed, or the supplier was named (the next sync writes it). */
  onSharePathChanged: () => void;
  /** Checks a folder as this station's shared folder (core/sync/folder-check.ts). */
  checkFolder: (path: string) => Promise<FolderCheck>;
  /** The supervisor of a live session (SupervisorGate.whoIs). */
  whoIs: (session: string) => SupervisorRef | undefined;
  folderPicker: FolderPicker;
  /** A change of the settings names the supervisor who made it (audit/supervisor-action.ts). */
  record: RecordSupervisorAction;
  /** This station's key, as procurement compares it before enrolling the station (docs/ledger.md, "Enrolment"). */
  identity: () => StationInfo['identity'];
  /** The zone of the station's clock now (composition/services.ts stationClock: the setting, else the computer's). */
  timeZone: () => string;
  /** Told after the station's name changed, with the supervisor who changed it: records the signed `station.named`. */
  onStationRenamed?: (name: string, signer: string | undefined) => Promise<void>;
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
        pinSet: s.supervisors.length > 0,
        supervisors: s.supervisors.map(({ id, name }) => ({ id, name })),
        setup: setupState(s),
        sync: deps.syncStatus(),
        ...(deps.shareSupplier?.() ? { shareSupplier: deps.shareSupplier()! } : {}),
        version: deps.version,
        shell: deps.shell,
        standardProblems: deps.standardProblems(),
        identity: deps.identity(),
        timeZone: deps.timeZone(),
      });
    },
    'settings.update': async ({ session, settings: changes }) => {
      const before = settings.read().settings.sharePath;
      const supplierBefore = settings.read().settings.supplier;
      const nameBefore = settings.read().settings.stationName;
      const wanted = changes.sharePath?.trim();
      // A new shared folder is checked before anything is written: a folder with a problem is refused.
      if (wanted && wanted !== before && isFullPath(wanted)) {
        const check = await deps.checkFolder(wanted);
        if (!check.ok) return fail('SHARE_FOLDER_REFUSED', `The shared folder was not changed. ${check.problems.map((p) => p.message).join(' ')}`);
      }
      const who = deps.whoIs(session);
      const result = changeSettings<StationSettings>(settings, (s) => {
        const merged = StationSettingsSchema.safeParse({ ...s.settings, ...dropUndefined(changes) });
        if (!merged.success) return fail('BAD_ARGUMENTS', `settings.update: ${merged.error.issues[0]?.message ?? 'invalid settings'}`);
        const next: StationSettings = { ...merged.data };
        if (next.sharePath === '') delete next.sharePath;
        if (next.sharePath !== undefined && !isFullPath(next.sharePath)) {
          return fail('BAD_ARGUMENTS', `The shared folder must be a full path, like ${FULL_PATH_EXAMPLES} (found "${next.sharePath}").`);
        }
        // The old screens name "the supervisor" through this setting: it renames the one signed in.
        const rename = changes.supervisorName !== undefined && who !== undefined ? { id: who.id, name: next.supervisorName ?? who.name } : undefined;
        const supervisors = rename ? s.supervisors.map((x) => (x.id === rename.id ? { ...x, name: rename.name } : x)) : s.supervisors;
        return ok({ next: { ...s, settings: next, supervisors }, value: next });
      });
      const changed = Object.keys(dropUndefined(changes)).sort();
      const recorded = await thenRecord(result, (next) =>
        changed.length === 0
          ? undefined
          : deps.record(session, {
              type: SupervisorEvent.settingsChanged,
              data: { changed, ...(next.sharePath !== before ? { sharePath: next.sharePath ?? null } : {}) },
            }),
      );
      // Told after the change is recorded, so the first sync to the new folder carries it.
      if (result.ok && (result.value.sharePath !== before || result.value.supplier !== supplierBefore)) deps.onSharePathChanged();
      if (result.ok && result.value.stationName !== nameBefore) await deps.onStationRenamed?.(result.value.stationName, who?.name);
      return recorded;
    },
    'sync.checkFolder': async ({ path }) => ok(await deps.checkFolder(path)),
    'dialog.chooseFolder': async ({ title, purpose }) => ok(await deps.folderPicker.chooseFolder(title, purpose)),
  };
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
