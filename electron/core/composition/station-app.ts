/**
 * The composition root: builds the station's services, asks each domain for its channels, and wraps them all in
 * the one guard (supervisor session by access rule, CLOSED while closing). Plain Node (no `electron`): the
 * Electron main process and the browser harness both serve it through guardedHandlers(), which validates every
 * call's arguments first. Adding a channel touches its domain's contract file and its domain module, not this.
 */
import type { ChannelImplementations } from '../../contract';
import { fail, type Result } from '../../contract/result';
import type { RecordSupervisorAction } from '../audit/supervisor-action';
import { procurementChannels } from '../procurement/channels';
import type { Procurement } from '../procurement/service';
import { reviewChannels } from '../review/channels';
import type { ReviewService } from '../review';
import { rosterChannels } from '../roster/channels';
import { runsChannels } from '../runs/channels';
import { NO_FOLDER_PICKER, stationChannels } from '../settings/channels';
import { chosenStationName } from '../settings/setup-state';
import { standardsChannels } from '../standards/channels';
import { supervisorChannels } from '../supervisor/channels';
import { syncChannels } from '../sync/channels';
import type { SyncService } from '../sync';
import { checkShareFolder } from '../sync/folder-check';
import { desktopChannels } from '../desktop/channels';
import { HelpAlertWatcher } from '../desktop/help-alerts';
import { NO_DESKTOP } from '../desktop/port';
import { consoleLogger } from '../log/logger';
import { guardChannels } from './guard';
import { keyFingerprint } from '../journal';
import { openStationServices, stationClock, type StationAppOptions } from './services';

export type { StationAppOptions } from './services';
export type { FolderPicker } from '../settings/channels';
export type { DesktopPort } from '../desktop/port';
export type { Logger } from '../log/logger';
export { DEMO_ROSTER } from './station-settings';
export { MAX_PICTURE_BYTES } from '../standards/picture';

export type StationApp = {
  impl: ChannelImplementations;
  stationId: string;
  /** The journal's head: for tests and diagnostics. */
  head(): { seq: number; hash: string };
  /** Sync with the shared folder (for tests and diagnostics; the UI uses the sync.now channel). */
  sync: SyncService;
  /** Procurement's imports, scorecard and exports (for tests and diagnostics; the UI uses the procurement.* channels). */
  procurement: Procurement;
  /** The supervisor's review (for tests and diagnostics; the UI uses the review.* and help.* channels). */
  review: ReviewService;
  /** Help alerts (for tests and diagnostics; the UI uses help.alerts). */
  helpAlerts: HelpAlertWatcher;
  /** Seals the journal and closes it; later calls answer CLOSED. Calling it twice is fine. */
  close(): Promise<void>;
};

export async function createStationApp(opts: StationAppOptions): Promise<StationApp> {
  const { stationId, station, sync, publisher, procurement, review, gate, dataLock, folderCheckFs, shareWorkers } = await openStationServices(opts);
  const checkFolder = (folder: string) =>
    checkShareFolder(folder, { station: station.identity(), ...(folderCheckFs ? { fs: folderCheckFs } : {}) });
  let closing: Promise<void> | undefined;
  // What a supervisor changes is recorded in the journal in their name (audit/supervisor-action.ts).
  const record: RecordSupervisorAction = async (session, action) => {
    const who = gate.whoIs(session);
    if (!who) return fail('SUPERVISOR_REQUIRED', 'The supervisor session ended before the change could be recorded.');
    return station.recordSupervisorAction(who, action);
  };
  const logger = opts.logger ?? consoleLogger;
  const desktop = opts.desktop ?? NO_DESKTOP;
  const helpAlerts = new HelpAlertWatcher({
    list: () => review.helpOpen(),
    notify: (alert, onClick) => desktop.notifyHelp(alert, onClick),
    logger,
    intervalMs: opts.helpAlertIntervalMs ?? 0,
  });
  // The screen stays awake while a run is open here (the shell's power-save blocker).
  const runOpenChanged = async () => {
    const open = await station.openRuns();
    if (open.ok) desktop.keepAwake(open.value.length > 0);
  };
  const base = runsChannels({ station, onRunFinished: () => { if (!closing) { sync.kick(); void runOpenChanged(); } }, rosterIds: () => new Set(opts.settings.read().roster.map((a) => a.id)) });
  const runs: typeof base = {
    ...base,
    'runs.start': async (a) => {
      const res = await base['runs.start'](a);
      if (res.ok) desktop.keepAwake(true);
      return res;
    },
    'runs.help': async (a) => {
      const res = await base['runs.help'](a);
      if (res.ok && !closing) void helpAlerts.kick();
      return res;
    },
  };

  // A request seen, answered or closed leaves the alerts at once, not at the next look.
  const reviewBase = reviewChannels({ review, whoIs: (session) => gate.whoIs(session) });
  const afterHelpChange = <A,>(channel: (a: A) => Promise<Result<unknown>>) => async (a: A) => {
    const res = await channel(a);
    if (res.ok && !closing) void helpAlerts.kick();
    return res;
  };
  const reviewed: typeof reviewBase = {
    ...reviewBase,
    'help.seen': afterHelpChange(reviewBase['help.seen']),
    'help.answer': afterHelpChange(reviewBase['help.answer']),
    'help.close': afterHelpChange(reviewBase['help.close']),
  } as typeof reviewBase;

  // The station's name is signed (`station.named`) only once a person chose it, never the built-in default
  // (settings/setup-state.ts chosenStationName): at set-up's name step, at a rename in Settings, and before each seal.
  const signChosenName = async (signer?: string) => {
    const name = chosenStationName(opts.settings.read(), signer);
    if (name === null) return;
    const named = await station.ensureNamed(name, signer);
    if (!named.ok) (opts.onWarning ?? console.warn)(`The station's name could not be recorded in the journal now (${named.error.message}); it will be at the next seal.`);
  };
  const supervisor = supervisorChannels({ gate, settings: opts.settings, record });

  const impl: ChannelImplementations = {
    ...stationChannels({
      settings: opts.settings,
      stationId,
      version: opts.version,
      shell: opts.shell,
      syncStatus: () => sync.status(),
      shareSupplier: () => sync.shareSupplier(),
      standardProblems: () => [...station.standardProblems(), ...sync.standardProblems()].map((p) => ({ file: p.file, message: p.message })),
      onSharePathChanged: () => sync.kick(),
      checkFolder,
      whoIs: (session) => gate.whoIs(session),
      folderPicker: opts.folderPicker ?? NO_FOLDER_PICKER,
      record,
      identity: () => ({ keyId: station.identity().keyId, fingerprint: keyFingerprint(station.identity().publicKey) }),
      timeZone: () => stationClock(opts.clock, opts.settings).timeZone,
      onStationRenamed: (_name, signer) => signChosenName(signer),
    }),
    ...runs,
    ...rosterChannels({ settings: opts.settings, record }),
    ...supervisor,
    // First-day set-up's name step: the name a person chose is signed at once, by the supervisor set-up makes.
    'setup.start': async (a) => {
      const res = await supervisor['setup.start'](a);
      if (res.ok) await signChosenName(res.value.supervisor.name);
      return res;
    },
    ...standardsChannels({ standards: station, publisher, record }),
    ...syncChannels({ sync }),
    ...reviewed,
    ...procurementChannels({ procurement, whoIs: (session) => gate.whoIs(session)?.name }),
    ...desktopChannels({ desktop, dataDir: opts.dataDir, version: opts.version, shell: opts.shell, identity: () => station.identity(), helpAlerts }),
  };

  sync.start();
  helpAlerts.start();
  void runOpenChanged();
  return {
    impl: guardChannels(impl, { closing: () => closing !== undefined, checkSession: (session) => gate.check(session) }),
    stationId,
    head: () => station.head,
    sync,
    procurement,
    review,
    helpAlerts,
    close: () =>
      (closing ??= (async () => {
        helpAlerts.stop();
        desktop.keepAwake(false);
        await helpAlerts.idle();
        await procurement.close();
        await review.close();
        await sync.stop();
        // Never waits for the share: a worker blocked on it is ended when its call returns.
        shareWorkers?.close();
        try {
          await station.close({ seal: true });
        } finally {
          await dataLock.release();
        }
      })()),
  };
}
