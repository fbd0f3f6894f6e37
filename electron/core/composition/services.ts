/** The station's services, built from its options: what the composition root hands to the domains. */
import path from 'node:path';
import type { StationKeyStore } from '../journal';
import { Procurement } from '../procurement/service';
import { ReviewService } from '../review';
import { StationService } from '../runs/station-service';
import type { SettingsStore } from '../settings/store';
import { chosenStationName } from '../settings/setup-state';
import { StandardsPublisher } from '../sync';
import type { FolderPicker } from '../settings/channels';
import { SupervisorGate } from '../supervisor/gate';
import { FOLDER_CHECK_TIMEOUT_MS, type FolderCheckFs } from '../sync/folder-check';
import { stationShareWorkers, workerFolderCheckFs, workerShareFs } from '../sync/share-worker';
import type { WorkerScript } from '../files/worker-script';
import { MAX_IDENTITY_BYTES } from '../files/share-read';
import { consoleLogger } from '../log/logger';
import { SyncService, type ShareFs } from '../sync';
import type { Clock } from '../time/clock';
import type { DesktopPort } from '../desktop/port';
import type { Logger } from '../log/logger';
import { prepareStationSettings } from './station-settings';
import { acquireDataLock } from '../files/data-lock';

export type StationAppOptions = {
  /** The station's data folder: the journal lives in <dataDir>/journal. */
  dataDir: string;
  clock: Clock;
  keyStore: StationKeyStore;
  /** The standards that ship with the app (assets/standards). */
  bundledStandardsDir: string;
  /** More standards folders, after the bundled one (a later one never replaces a published version). */
  extraStandardsDirs?: string[];
  settings: SettingsStore;
  shell: 'electron' | 'browser';
  version: string;
  /** For tests: cheaper scrypt parameters for the supervisor PIN. */
  scryptParams?: { N: number; r: number; p: number; keyLen: number };
  /** Told about anything repaired at start-up; default: the logger's warn. */
  onWarning?: (message: string) => void;
  /** Where the core logs (journal repairs, sync, help alerts…); default the console. Electron passes its log file. */
  logger?: Logger;
  /** The desktop shell's OS access (dialogs, printing, kiosk, notifications); default none (the browser harness). */
  desktop?: DesktopPort;
  /** Look for help requests from other stations this often (ms); default 0: only when a run here asks for help. */
  helpAlertIntervalMs?: number;
  /** Background sync with the shared folder every this many ms (default 5 minutes; 0: only after runs and when asked). */
  syncIntervalMs?: number;
  /** A sync taking longer than this reports the share as not answering (default 60 s). */
  syncTimeoutMs?: number;
  /** For tests: the file operations used on the shared folder (default: in the share worker, sync/share-worker.ts). */
  shareFs?: ShareFs;
  /**
   * For tests: the share worker's script (a test's own, e.g. one whose share hangs), and its deadline per operation
   * (default 30 s). null: no worker (the node operations, on Node's file-I/O threads).
   */
  shareWorker?: { script?: WorkerScript | null; deadlineMs?: number; maxHung?: number; workerData?: Record<string, unknown> };
  /** For tests: the file operations of the shared-folder check (sync.checkFolder). */
  folderCheckFs?: FolderCheckFs;
  /** The computer's own folder dialog (Electron's main.ts); without one, dialog.chooseFolder answers "not available". */
  folderPicker?: FolderPicker;
};

/**
 * The station's clock: the injected one (system, or a test's), in the station's time-zone setting once a supervisor
 * has set one (settings.timeZone; first-day set-up asks for it), else in the injected clock's zone.
 */
export function stationClock(base: Clock, settings: SettingsStore): Clock {
  return {
    now: () => base.now(),
    get timeZone() {
      return settings.read().settings.timeZone ?? base.timeZone;
    },
  };
}

/** Opens the journal (through StationService) and builds every service on the station's options. */
export async function openStationServices(options: StationAppOptions) {
  // One process per data folder, before anything in it is opened (a second one refuses: DataFolderLockedError).
  const dataLock = await acquireDataLock(options.dataDir, { what: `${options.shell === 'browser' ? 'browser harness' : 'desktop app'} ${options.version}` });
  try {
    return { ...(await openServices(options)), dataLock };
  } catch (err) {
    await dataLock.release();
    throw err;
  }
}

async function openServices(options: StationAppOptions) {
  const opts = { ...options, clock: stationClock(options.clock, options.settings) };
  const warn = opts.onWarning ?? ((m: string) => (opts.logger ? opts.logger.warn(m) : console.warn(`Steadywork: ${m}`)));
  const journalDir = path.join(opts.dataDir, 'journal');
  const stationId = await prepareStationSettings(opts.settings, journalDir, warn);
  const sharePath = () => opts.settings.read().settings.sharePath || undefined;
  // The share's file operations run in worker threads of their own, never on Node's file-I/O threads, where the
  // journal's fdatasync runs (a dead network drive blocks a worker, not a tick).
  const shareWorkers = opts.shareFs && opts.folderCheckFs ? null : stationShareWorkers({
    ...(opts.shareWorker?.script !== undefined ? { script: opts.shareWorker.script } : {}),
    ...(opts.shareWorker?.deadlineMs !== undefined ? { deadlineMs: opts.shareWorker.deadlineMs } : {}),
    ...(opts.shareWorker?.maxHung !== undefined ? { maxHung: opts.shareWorker.maxHung } : {}),
    ...(opts.shareWorker?.workerData ? { workerData: opts.shareWorker.workerData } : {}),
    folderCheckDeadlineMs: opts.shareWorker?.deadlineMs ?? FOLDER_CHECK_TIMEOUT_MS,
    onHung: (file) => (opts.logger ?? consoleLogger).warn(`The shared folder does not answer: an operation on ${file} was given up after its deadline (the station keeps every event).`),
  });
  if (!shareWorkers && !(opts.shareFs && opts.folderCheckFs) && opts.shareWorker?.script !== null) warn('No share worker could be started: the shared folder is used from the main thread.');
  const shareFs = opts.shareFs ? { fs: opts.shareFs } : shareWorkers ? { fs: workerShareFs(shareWorkers.sync) } : {};
  const folderCheckFs: FolderCheckFs | undefined = opts.folderCheckFs ?? (shareWorkers ? workerFolderCheckFs(shareWorkers.folderCheck, MAX_IDENTITY_BYTES) : undefined);

  const station = await StationService.open({
    journalDir,
    stationId,
    clock: opts.clock,
    keyStore: opts.keyStore,
    standardsDirs: [opts.bundledStandardsDir, ...(opts.extraStandardsDirs ?? [])],
    stationName: () => chosenStationName(opts.settings.read()),
    onWarning: warn,
  });
  // The station's name, signed once a person chose it (never the built-in default): recorded now if the journal does
  // not say it yet (a name changed while the app was closed); set-up's name step and renames are recorded as they
  // happen (setup.start, settings.update) and before every seal.
  const chosen = chosenStationName(opts.settings.read());
  const named = chosen === null ? null : await station.ensureNamed(chosen);
  if (named && !named.ok) warn(`The station's name could not be recorded in the journal now (${named.error.message}); it will be at the next seal.`);
  // Standards pulled from the shared folder (or just published here) go to <dataDir>/standards, loaded after the
  // bundled ones; runs in progress keep their version.
  const pulledStandardsDir = path.join(opts.dataDir, 'standards');
  const standardsDirs = [...new Set([opts.bundledStandardsDir, ...(opts.extraStandardsDirs ?? [])])];
  const loadPulledStandards = async () => {
    if (!standardsDirs.includes(pulledStandardsDir)) standardsDirs.push(pulledStandardsDir);
    await station.reloadStandards(standardsDirs);
  };
  const sync = await SyncService.create({
    station,
    identity: () => ({ ...station.identity(), name: opts.settings.read().settings.stationName }),
    sharePath,
    supplier: () => opts.settings.read().settings.supplier,
    localStandardsDir: pulledStandardsDir,
    usedStandards: () => station.usedStandards(),
    onStandardsPulled: loadPulledStandards,
    stateFile: path.join(opts.dataDir, 'sync-state.json'),
    clock: opts.clock,
    ...(opts.syncIntervalMs !== undefined ? { intervalMs: opts.syncIntervalMs } : {}),
    ...(opts.syncTimeoutMs !== undefined ? { timeoutMs: opts.syncTimeoutMs } : {}),
    ...shareFs,
    logger: opts.logger ?? consoleLogger,
  });
  const publisher = new StandardsPublisher({
    stationDirs: () => standardsDirs,
    localDir: pulledStandardsDir,
    sharePath,
    clock: opts.clock,
    // Versions the journal already holds: another content for them is refused even if their file is gone.
    knownRefs: () =>
      Object.entries(station.snapshot().adopted).map(([key, hash]) => {
        const at = key.lastIndexOf('@');
        return { id: key.slice(0, at), version: Number(key.slice(at + 1)), hash };
      }),
    station: () => ({ stationId, stationName: opts.settings.read().settings.stationName }),
    onChanged: loadPulledStandards,
    ...shareFs,
  });
  return {
    stationId,
    station,
    sync,
    folderCheckFs,
    shareWorkers,
    publisher,
    procurement: new Procurement({ dataDir: opts.dataDir, toolVersion: opts.version, logger: opts.logger ?? consoleLogger, settings: opts.settings }),
    review: new ReviewService({ dataDir: opts.dataDir, clock: opts.clock, station, sync, settings: opts.settings, toolVersion: opts.version }),
    gate: new SupervisorGate({ settings: opts.settings, clock: opts.clock, ...(opts.scryptParams ? { scryptParams: opts.scryptParams } : {}) }),
  };
}
