/**
 * The station app: every contract channel implemented with the core services. Plain Node (no `electron`):
 * the Electron main process and the browser harness both build their handlers from this, through
 * guardedHandlers(), which validates every call's arguments before anything here runs.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Artisan, ChannelImplementations, Picture, StationInfo, StationSettings } from '../../contract';
import { FULL_PATH_EXAMPLES, isFullPath, StationSettings as StationSettingsSchema } from '../../contract';
import type { StationKeyStore } from '../journal';
import { STATION_FILE } from '../journal';
import { StationService } from '../runs/station-service';
import { MAX_ROSTER, type StoredSettings } from '../settings/schema';
import type { SettingsStore } from '../settings/store';
import { resolveMediaPath } from '../standards';
import { SupervisorGate } from '../supervisor/pin';
import { StandardsPublisher, SyncService, type ShareFs } from '../sync';
import type { Clock } from '../time/clock';
import { fail, ok, type Result } from '../../contract/result';
import { Procurement } from '../procurement/service';
import { ReviewService } from '../review';

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
  /** Told about anything repaired at start-up; default console.warn. */
  onWarning?: (message: string) => void;
  /** Background sync with the shared folder every this many ms (default 5 minutes; 0: only after runs and when asked). */
  syncIntervalMs?: number;
  /** A sync taking longer than this reports the share as not answering (default 60 s). */
  syncTimeoutMs?: number;
  /** For tests: the file operations used on the shared folder. */
  shareFs?: ShareFs;
};

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
  /** Seals the journal and closes it; later calls answer CLOSED. Calling it twice is fine. */
  close(): Promise<void>;
};

/** Pictures larger than this are not sent to the screen. */
export const MAX_PICTURE_BYTES = 1024 * 1024;

const PICTURE_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
};

/** A new station starts with these people on its roster, so it can be used at once. A supervisor edits it later. */
export const DEMO_ROSTER: readonly Artisan[] = Object.freeze([
  { id: 'asha-devi', name: 'Asha Devi', badge: '1001', prefs: {} },
  { id: 'ravi-kumar', name: 'Ravi Kumar', badge: '1002', prefs: {} },
  { id: 'farida-begum', name: 'Farida Begum', badge: '1003', prefs: {} },
  { id: 'suresh-patel', name: 'Suresh Patel', badge: '1004', prefs: {} },
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The station id an existing journal was started with (the journal is the truth), or undefined. */
async function journalStationId(journalDir: string): Promise<string | undefined> {
  try {
    const found = JSON.parse(await readFile(path.join(journalDir, STATION_FILE), 'utf8')) as { stationId?: unknown };
    return typeof found.stationId === 'string' && UUID.test(found.stationId) ? found.stationId : undefined;
  } catch {
    return undefined;
  }
}

export async function createStationApp(opts: StationAppOptions): Promise<StationApp> {
  const warn = opts.onWarning ?? ((m: string) => console.warn(`Steadywork: ${m}`));
  const journalDir = path.join(opts.dataDir, 'journal');

  // Settings first: the station id, and the demo roster on a new station.
  let stored = opts.settings.read();
  let changed = false;
  const fromJournal = await journalStationId(journalDir);
  if (fromJournal !== undefined && fromJournal !== stored.stationId) {
    warn(`The settings named station ${stored.stationId}, but the journal belongs to station ${fromJournal}; the journal's id is kept.`);
    stored = { ...stored, stationId: fromJournal };
    changed = true;
  }
  if (!stored.rosterSeeded) {
    if (stored.roster.length === 0) stored = { ...stored, roster: DEMO_ROSTER.map((a) => structuredClone(a)) };
    stored = { ...stored, rosterSeeded: true };
    changed = true;
  }
  if (changed) opts.settings.write(stored);
  const stationId = stored.stationId;

  const service = await StationService.open({
    journalDir,
    stationId,
    clock: opts.clock,
    keyStore: opts.keyStore,
    standardsDirs: [opts.bundledStandardsDir, ...(opts.extraStandardsDirs ?? [])],
  });
  // Standards pulled from the shared folder go to <dataDir>/standards, loaded after the bundled ones.
  const pulledStandardsDir = path.join(opts.dataDir, 'standards');
  const standardsDirs = [...new Set([opts.bundledStandardsDir, ...(opts.extraStandardsDirs ?? [])])];
  const sync = await SyncService.create({
    station: service,
    identity: () => ({ ...service.identity(), name: opts.settings.read().settings.stationName }),
    sharePath: () => opts.settings.read().settings.sharePath || undefined,
    localStandardsDir: pulledStandardsDir,
    usedStandards: () => service.usedStandards(),
    onStandardsPulled: async () => {
      if (!standardsDirs.includes(pulledStandardsDir)) standardsDirs.push(pulledStandardsDir);
      await service.reloadStandards(standardsDirs);
    },
    stateFile: path.join(opts.dataDir, 'sync-state.json'),
    clock: opts.clock,
    ...(opts.syncIntervalMs !== undefined ? { intervalMs: opts.syncIntervalMs } : {}),
    ...(opts.syncTimeoutMs !== undefined ? { timeoutMs: opts.syncTimeoutMs } : {}),
    ...(opts.shareFs ? { fs: opts.shareFs } : {}),
  });
  const procurement = new Procurement({ dataDir: opts.dataDir, timeZone: opts.clock.timeZone, toolVersion: opts.version });
  const review = new ReviewService({ dataDir: opts.dataDir, clock: opts.clock, station: service, sync, settings: opts.settings, toolVersion: opts.version });
  const gate = new SupervisorGate({ settings: opts.settings, clock: opts.clock, ...(opts.scryptParams ? { scryptParams: opts.scryptParams } : {}) });

  let closing: Promise<void> | undefined;
  const closedResult = () => fail<never>('CLOSED', 'The station is shutting down. Start Steadywork again to continue.');
  const afterRun = async <T>(done: Promise<Result<T>>): Promise<Result<T>> => {
    const result = await done;
    if (result.ok && !closing) sync.kick();
    return result;
  };

  /** Read-modify-write of the settings after a supervisor session check. */
  const asSupervisor = <T>(session: string, change: (s: StoredSettings) => Result<{ next: StoredSettings; value: T }>): Result<T> => {
    const check = gate.check(session);
    if (!check.ok) return check;
    const changed = change(opts.settings.read());
    if (!changed.ok) return changed;
    opts.settings.write(changed.value.next);
    return ok(changed.value.value);
  };

  const picture = async (hash: string, stepId: string): Promise<Result<Picture>> => {
    const loaded = service.loadedStandardByHash(hash);
    if (!loaded) return fail('STANDARD_MISSING', `The standard with content hash ${hash.slice(0, 12)}… is not loaded at this station.`);
    const step = loaded.doc.steps.find((s) => s.id === stepId);
    if (!step) return fail('STEP_NOT_FOUND', `Standard "${loaded.ref.id}" has no step "${stepId}".`);
    const file = step.media?.picture;
    const alt = step.media?.pictureAlt;
    if (!file) return ok(null);
    const unavailable = (why: string) =>
      fail<Picture>('PICTURE_UNAVAILABLE', `The picture of step "${stepId}" in ${loaded.file} cannot be shown: ${why}.`);
    const full = resolveMediaPath(loaded, file);
    const type = PICTURE_TYPES[path.extname(file).toLowerCase()];
    if (full === null || type === undefined) return unavailable(`"${file}" is not a picture file inside the standard's folder`);
    try {
      // Follow links, then check again that the file is still inside the standard's folder.
      const [real, base] = await Promise.all([realpathOr(full), realpathOr(loaded.dir)]);
      if (!real.startsWith(base + path.sep)) return unavailable(`"${file}" leads outside the standard's folder`);
      const st = await stat(real);
      if (!st.isFile()) return unavailable(`"${file}" is not a file`);
      if (st.size > MAX_PICTURE_BYTES) return unavailable(`the file is larger than 1 MB (${st.size} bytes)`);
      const data = await readFile(real);
      if (data.length > MAX_PICTURE_BYTES) return unavailable('the file is larger than 1 MB');
      return ok({ dataUrl: `data:${type};base64,${data.toString('base64')}`, ...(alt ? { alt: { ...alt } } : {}) });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return unavailable(code === 'ENOENT' ? `there is no file "${file}"` : `it cannot be read (${code ?? String(err)})`);
    }
  };

  const info = (): StationInfo => {
    const s = opts.settings.read();
    return {
      stationId,
      settings: s.settings,
      roster: s.roster,
      pinSet: s.pin !== undefined,
      sync: sync.status(),
      version: opts.version,
      shell: opts.shell,
      standardProblems: [
        ...service.standardProblems().map((p) => ({ file: p.file, message: p.message })),
        ...sync.standardProblems().map((p) => ({ file: p.file, message: p.message })),
      ],
    };
  };

  const impl: ChannelImplementations = {
    'station.info': async () => ok(info()),
    'routines.due': () => service.listDue(),
    'runs.start': (a) => service.startRun(a),
    'runs.get': (a) => service.getRun(a),
    'runs.open': () => service.openRuns(),
    'runs.tick': (a) => service.tick(a),
    'runs.measure': (a) => service.measure(a),
    'runs.choose': (a) => service.choose(a),
    'runs.note': (a) => service.note(a),
    'runs.skip': (a) => service.skip(a),
    'runs.deviate': (a) => service.deviate(a),
    'runs.reason': (a) => service.giveReason(a),
    'runs.undo': (a) => service.undo(a),
    'runs.help': (a) => service.requestHelp(a),
    // A finished run is published in the background; the artisan never waits for the share.
    'runs.complete': (a) => afterRun(service.complete(a)),
    'runs.abandon': (a) => afterRun(service.abandon(a)),
    'standards.get': async (a) => service.standardByHash(a.hash),
    'standards.picture': (a) => picture(a.hash, a.stepId),

    'artisans.byBadge': async ({ badge }) => {
      const found = opts.settings.read().roster.find((a) => a.badge === badge);
      return found ? ok(found) : fail('BADGE_UNKNOWN', 'This badge is not on the list of this station. Tap your name instead, or ask a supervisor to add the badge.');
    },
    'artisans.setPrefs': async ({ artisanId, prefs }) => {
      const s = opts.settings.read();
      const index = s.roster.findIndex((a) => a.id === artisanId);
      const current = s.roster[index];
      if (current === undefined) return fail('ARTISAN_NOT_FOUND', `There is no artisan "${artisanId}" on this station.`);
      // The artisan's own prefs replace the old ones: leaving one out goes back to the station's setting.
      const updated: Artisan = { ...current, prefs: { ...prefs } };
      const roster = s.roster.map((a, i) => (i === index ? updated : a));
      opts.settings.write({ ...s, roster });
      return ok(updated);
    },

    'supervisor.unlock': ({ pin }) => gate.unlock(pin),
    'supervisor.lock': async ({ session }) => gate.lock(session),
    'supervisor.setPin': ({ pin, session }) => gate.setPin(pin, session),

    'settings.update': async ({ session, settings }) => {
      const before = opts.settings.read().settings.sharePath;
      const result = asSupervisor<StationSettings>(session, (s) => {
        const merged = StationSettingsSchema.safeParse({ ...s.settings, ...dropUndefined(settings) });
        if (!merged.success) return fail('BAD_ARGUMENTS', `settings.update: ${merged.error.issues[0]?.message ?? 'invalid settings'}`);
        const next: StationSettings = { ...merged.data };
        if (next.sharePath === '') delete next.sharePath;
        if (next.sharePath !== undefined && !isFullPath(next.sharePath)) {
          return fail('BAD_ARGUMENTS', `The shared folder must be a full path, like ${FULL_PATH_EXAMPLES} (found "${next.sharePath}").`);
        }
        return ok({ next: { ...s, settings: next }, value: next });
      });
      if (result.ok && result.value.sharePath !== before) sync.kick();
      return result;
    },
    'sync.now': async () => ok(await sync.syncNow()),
    'roster.save': async ({ session, artisan }) =>
      asSupervisor<Artisan[]>(session, (s) => {
        const taken = artisan.badge !== undefined ? s.roster.find((a) => a.badge === artisan.badge && a.id !== artisan.id) : undefined;
        if (taken) return fail('BADGE_TAKEN', `Badge ${artisan.badge} already belongs to ${taken.name}. Each badge can belong to one person only.`);
        const exists = s.roster.some((a) => a.id === artisan.id);
        if (!exists && s.roster.length >= MAX_ROSTER) return fail('ROSTER_FULL', `A station can list at most ${MAX_ROSTER} people.`);
        const roster = exists ? s.roster.map((a) => (a.id === artisan.id ? artisan : a)) : [...s.roster, artisan];
        return ok({ next: { ...s, roster }, value: roster });
      }),
    'roster.remove': async ({ session, artisanId }) =>
      asSupervisor<Artisan[]>(session, (s) => {
        if (!s.roster.some((a) => a.id === artisanId)) return fail('ARTISAN_NOT_FOUND', `There is no artisan "${artisanId}" on this station.`);
        const roster = s.roster.filter((a) => a.id !== artisanId);
        return ok({ next: { ...s, roster }, value: roster });
      }),

    // Procurement (the read side) on this computer, behind the supervisor PIN for now.
    'procurement.import': async ({ session, source }) => {
      const check = gate.check(session);
      return check.ok ? procurement.start(source) : check;
    },
    'procurement.status': async ({ session }) => {
      const check = gate.check(session);
      return check.ok ? ok(await procurement.status()) : check;
    },
    'procurement.scorecard': async ({ session, from, to }) => {
      const check = gate.check(session);
      return check.ok ? procurement.scorecard({ from, to }) : check;
    },
    'procurement.export': async ({ session, format, out, from, to }) => {
      const check = gate.check(session);
      return check.ok ? procurement.export({ format, out, from, to }) : check;
    },

    // ---- supervisor review (issue 5): electron/core/review; every channel checks the supervisor session first.
    'review.status': async ({ session }) => {
      const check = gate.check(session);
      return check.ok ? ok(review.status()) : check;
    },
    'review.refresh': async ({ session }) => {
      const check = gate.check(session);
      return check.ok ? ok(review.refresh({ share: 'sync' })) : check;
    },
    'review.facets': async ({ session }) => {
      const check = gate.check(session);
      return check.ok ? review.facets() : check;
    },
    'review.history': async ({ session, filter, sort, offset, limit }) => {
      const check = gate.check(session);
      return check.ok ? review.history({ filter, sort, offset, limit }) : check;
    },
    'review.timeline': async ({ session, runId }) => {
      const check = gate.check(session);
      return check.ok ? review.timeline(runId) : check;
    },
    'review.sign': async ({ session, target, meaning, reason }) => {
      const check = gate.check(session);
      return check.ok ? review.sign({ target, meaning, reason }) : check;
    },
    'review.trends': async ({ session, period, filter }) => {
      const check = gate.check(session);
      return check.ok ? review.trends(period, filter) : check;
    },
    'help.open': async ({ session }) => {
      const check = gate.check(session);
      return check.ok ? review.helpOpen() : check;
    },
    'help.answer': async ({ session, eventId, runId, stationId }) => {
      const check = gate.check(session);
      return check.ok ? review.helpAnswer({ eventId, runId, stationId }) : check;
    },
    // ---- end of supervisor review

    // ---- standards publishing (issue 5, item 7): electron/core/standards/publish.ts, docs/standards.md. Supervisor only.
    ...((): Pick<ChannelImplementations, 'standards.list' | 'standards.check' | 'standards.publish' | 'standards.retire'> => {
      const publisher = new StandardsPublisher({
        stationDirs: () => standardsDirs,
        localDir: pulledStandardsDir,
        sharePath: () => opts.settings.read().settings.sharePath || undefined,
        clock: opts.clock,
        // Versions the journal already holds: another content for them is refused even if their file is gone.
        knownRefs: () =>
          Object.entries(service.snapshot().adopted).map(([key, hash]) => {
            const at = key.lastIndexOf('@');
            return { id: key.slice(0, at), version: Number(key.slice(at + 1)), hash };
          }),
        station: () => ({ stationId, stationName: opts.settings.read().settings.stationName }),
        // The publisher has pulled what it wrote into <dataDir>/standards: load it (runs in progress keep their version).
        onChanged: async () => {
          if (!standardsDirs.includes(pulledStandardsDir)) standardsDirs.push(pulledStandardsDir);
          await service.reloadStandards(standardsDirs);
        },
        ...(opts.shareFs ? { fs: opts.shareFs } : {}),
      });
      return {
        'standards.list': async ({ session }) => {
          const check = gate.check(session);
          return check.ok ? publisher.list() : check;
        },
        'standards.check': async ({ session, source }) => {
          const check = gate.check(session);
          return check.ok ? publisher.check(source) : check;
        },
        'standards.publish': async ({ session, source }) => {
          const check = gate.check(session);
          return check.ok ? publisher.publish(source) : check;
        },
        'standards.retire': async ({ session, id, version, reason }) => {
          const check = gate.check(session);
          return check.ok ? publisher.retire(id, version, reason) : check;
        },
      };
    })(),
    // ---- end of standards publishing
  };

  // Once closing has begun, every channel answers CLOSED instead of touching the closed journal.
  const guarded = {} as Record<string, (a: unknown) => Promise<Result<unknown>>>;
  for (const [name, fn] of Object.entries(impl) as Array<[string, (a: unknown) => Promise<Result<unknown>>]>) {
    guarded[name] = (a: unknown) => (closing ? Promise.resolve(closedResult()) : fn(a));
  }

  sync.start();

  return {
    impl: guarded as unknown as ChannelImplementations,
    stationId,
    head: () => service.head,
    sync,
    procurement,
    review,
    close: () =>
      (closing ??= (async () => {
        await procurement.idle();
        await review.close();
        await sync.stop();
        await service.close({ seal: true });
      })()),
  };
}


/** realpath, or the path itself where links cannot be resolved (e.g. inside an Electron asar archive). ENOENT still throws. */
async function realpathOr(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw err;
    return path.resolve(p);
  }
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
