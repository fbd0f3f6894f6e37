import { z } from 'zod';
import { v4 as uuidv4 } from 'uuid';
import { Artisan, SetupConfirmable, StationSettings } from '../../contract';

/**
 * What the station keeps in its settings file (electron-store / conf). Settings only: nothing that grows
 * with use lives here (runs and events go to the journal).
 */
export const DEFAULT_SETTINGS: StationSettings = Object.freeze({
  stationName: 'Station 1',
  language: 'en',
  theme: 'default',
  textScale: 100,
  scanMode: 'off',
  scanSpeedMs: 1500,
  readAloud: false,
}) as StationSettings;

/** At most this many artisans on one station's roster (the settings file is read whole). */
export const MAX_ROSTER = 100;

const Base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);

/** A scrypt hash of the supervisor PIN. Parameters are bounded so a tampered file cannot make a check take forever. */
export const PinHash = z
  .object({
    algo: z.literal('scrypt'),
    salt: Base64.min(16).max(128),
    N: z.number().int().min(1024).max(2 ** 20).refine((n) => (n & (n - 1)) === 0, 'a power of two'),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    keyLen: z.number().int().min(16).max(128),
    hash: Base64.min(16).max(256),
  })
  .strict();
export type PinHash = z.infer<typeof PinHash>;

export const PinFailures = z
  .object({
    /** Wrong PINs in a row since the last success or the last lockout. */
    count: z.number().int().min(0),
    /** While set and in the future, every PIN (even the right one) is refused. */
    lockedUntil: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'a date and time').optional(),
    /** Lockouts in a row without a successful unlock: each one lasts twice as long as the one before. */
    lockouts: z.number().int().min(0).default(0),
  })
  .strict();
export type PinFailures = z.infer<typeof PinFailures>;

export const StationId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

/** At most this many named supervisors on one station. */
export const MAX_SUPERVISORS = 20;

/** One named supervisor: their own PIN hash and their own count of wrong PINs (lockout per person). */
export const StoredSupervisor = z
  .object({
    id: z.string().trim().min(1).max(128),
    name: z.string().trim().min(1).max(80),
    pin: PinHash,
    pinFailures: PinFailures,
  })
  .strict();
export type StoredSupervisor = z.infer<typeof StoredSupervisor>;

/** First-day set-up: a station is "being set up" until a supervisor finishes it (docs/station-ui.md). */
export const StoredSetup = z
  .object({
    complete: z.boolean(),
    /** Set by setup.start: the station's name (and zone) were given. */
    started: z.boolean().default(false),
    /** The parts a supervisor confirmed by hand (the others are read from the settings). */
    confirmed: z.array(SetupConfirmable).max(3).default([]),
  })
  .strict();
export type StoredSetup = z.infer<typeof StoredSetup>;

export const StoredSettings = z
  .object({
    stationId: StationId,
    settings: StationSettings,
    roster: z.array(Artisan).max(MAX_ROSTER),
    supervisors: z.array(StoredSupervisor).max(MAX_SUPERVISORS),
    setup: StoredSetup,
    /** True once the demo roster was put on a new station (so removing everyone does not bring it back). */
    rosterSeeded: z.boolean().optional(),
    /**
     * Procurement's PostgreSQL ledger (postgres://USER:PASSWORD@HOST:PORT/DATABASE), when chosen instead of the DuckDB
     * file (core/procurement/ledger-choice.ts). Never sent to the screen or written to a log with its password.
     */
    procurementPg: z.string().min(1).max(2000).optional(),
  })
  .strict();
export type StoredSettings = z.infer<typeof StoredSettings>;

export function defaultStoredSettings(stationId: string = uuidv4()): StoredSettings {
  return {
    stationId,
    settings: { ...DEFAULT_SETTINGS },
    roster: [],
    supervisors: [],
    setup: { complete: false, started: false, confirmed: [] },
  };
}

export type Normalized = {
  value: StoredSettings;
  /** What was wrong and replaced by defaults; empty when the stored data was fine. */
  warnings: string[];
  /** True when `value` differs from what was stored (first run or repair): it should be written back. */
  changed: boolean;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Turns whatever was read from the settings file into valid settings, keeping every part that is still
 * valid (the station id above all, then each setting, each artisan, the PIN) and using defaults for the rest.
 * `unreadableText` is the raw text of a file that was not JSON: the station id is recovered from it if possible.
 */
export function normalizeStoredSettings(raw: unknown, unreadableText?: string): Normalized {
  const warnings: string[] = [];
  const whole = StoredSettings.safeParse(raw);
  if (whole.success) return { value: whole.data, warnings, changed: false };

  const firstRun = raw === undefined || (isObject(raw) && Object.keys(raw).length === 0 && unreadableText === undefined);
  const obj = isObject(raw) ? raw : {};
  if (unreadableText !== undefined) warnings.push('The settings file is not valid JSON; defaults are used for what could not be read.');
  else if (!firstRun && !isObject(raw)) warnings.push('The settings file does not hold an object; defaults are used.');

  // Station id: from the data, else from the unreadable text, else a new one.
  let stationId: string | undefined;
  const idParsed = StationId.safeParse(obj.stationId);
  if (idParsed.success) stationId = idParsed.data;
  else if (unreadableText !== undefined) {
    const m = /"stationId"\s*:\s*"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"/.exec(unreadableText);
    if (m?.[1]) stationId = m[1];
  }
  if (stationId === undefined) {
    if (!firstRun && obj.stationId !== undefined) warnings.push('The station id in the settings file is not valid; a new one was made.');
    stationId = uuidv4();
  }
  const value = defaultStoredSettings(stationId);

  // Settings: each field on its own.
  if (isObject(obj.settings)) {
    const shape = StationSettings.shape;
    const merged: Record<string, unknown> = { ...value.settings };
    for (const key of Object.keys(shape) as Array<keyof typeof shape>) {
      if (!(key in obj.settings)) continue;
      const one = shape[key].safeParse(obj.settings[key]);
      if (one.success) merged[key] = one.data;
      else warnings.push(`The setting "${key}" is not valid; the default is used.`);
    }
    value.settings = StationSettings.parse(merged);
  } else if (obj.settings !== undefined) {
    warnings.push('The station settings are not valid; defaults are used.');
  }

  // Roster: each artisan on its own; ids and badges stay unique.
  if (Array.isArray(obj.roster)) {
    const ids = new Set<string>();
    const badges = new Set<string>();
    for (const [i, entry] of obj.roster.entries()) {
      const one = Artisan.safeParse(entry);
      if (!one.success) {
        warnings.push(`Artisan ${i + 1} in the roster is not valid and was left out.`);
        continue;
      }
      if (ids.has(one.data.id) || (one.data.badge !== undefined && badges.has(one.data.badge)) || value.roster.length >= MAX_ROSTER) {
        warnings.push(`Artisan "${one.data.id}" appears twice (same id or badge) or the roster is full; it was left out.`);
        continue;
      }
      ids.add(one.data.id);
      if (one.data.badge !== undefined) badges.add(one.data.badge);
      value.roster.push(one.data);
    }
  } else if (obj.roster !== undefined) {
    warnings.push('The roster is not valid; it is empty now.');
  }

  value.supervisors = supervisorsFrom(obj, value.settings.supervisorName, warnings);
  const setup = StoredSetup.safeParse(obj.setup);
  if (setup.success) value.setup = setup.data;
  else {
    if (obj.setup !== undefined) warnings.push('The set-up state is not valid; set-up is shown as not finished.');
    // A station made before first-day set-up existed, with a supervisor: it is in use, so it is set up.
    const inUse = obj.setup === undefined && value.supervisors.length > 0;
    value.setup = { complete: inUse, started: inUse, confirmed: [] };
  }
  if (typeof obj.rosterSeeded === 'boolean') value.rosterSeeded = obj.rosterSeeded;
  if (typeof obj.procurementPg === 'string' && obj.procurementPg.length > 0 && obj.procurementPg.length <= 2000) value.procurementPg = obj.procurementPg;

  return { value, warnings, changed: true };
}

/**
 * The supervisors: each one valid on their own (ids unique). A file from before named supervisors holds one `pin`
 * (and one `pinFailures`): it becomes one supervisor named from the "supervisorName" setting, or "Supervisor".
 */
function supervisorsFrom(obj: Record<string, unknown>, supervisorName: string | undefined, warnings: string[]): StoredSupervisor[] {
  const out: StoredSupervisor[] = [];
  if (Array.isArray(obj.supervisors)) {
    for (const [i, entry] of obj.supervisors.entries()) {
      const one = StoredSupervisor.safeParse(entry);
      if (!one.success || out.some((s) => s.id === one.data.id) || out.length >= MAX_SUPERVISORS) {
        warnings.push(`Supervisor ${i + 1} in the settings is not valid (or appears twice) and was left out; another supervisor can add them again.`);
        continue;
      }
      out.push(one.data);
    }
  } else if (obj.supervisors !== undefined) {
    warnings.push('The list of supervisors is not valid; set-up asks for a first supervisor again.');
  }
  if (obj.pin !== undefined && out.length === 0) {
    const pin = PinHash.safeParse(obj.pin);
    const failures = PinFailures.safeParse(obj.pinFailures ?? { count: 0, lockouts: 0 });
    if (!pin.success) warnings.push('The stored supervisor PIN is not valid; a new PIN must be set.');
    else {
      if (!failures.success) warnings.push('The PIN attempt counter is not valid; it starts again from zero.');
      const pinFailures = failures.success ? failures.data : { count: 0, lockouts: 0 };
      out.push({ id: uuidv4(), name: supervisorName ?? 'Supervisor', pin: pin.data, pinFailures });
    }
  }
  return out;
}
