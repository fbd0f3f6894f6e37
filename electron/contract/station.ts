/**
 * The station domain: what the station is and its settings (electron/core/settings/channels.ts).
 * station.info is open; settings.update needs the supervisor.
 */
import { z } from 'zod';
import { FullPath, Language, NoArgs, stationChannel, supervisorChannel, SupervisorSession } from './common';
import { ScanMode, ScanSpeedMs, TextScale, Theme, type Artisan } from './roster';
import { TimeZone, type SetupState, type SupervisorRef } from './supervisor';
import type { ShareSupplier, SyncStatus } from './sync';

/** Station-wide settings (defaults for everyone; an artisan's own prefs win while they work). */
export const StationSettings = z
  .object({
    stationName: z.string().trim().min(1).max(80),
    language: Language,
    theme: Theme,
    textScale: TextScale,
    scanMode: ScanMode,
    scanSpeedMs: ScanSpeedMs,
    readAloud: z.boolean(),
    /**
     * The shared folder this station publishes its journal to (a full path, e.g. //server/steadywork, S:\steadywork or
     * /mnt/steadywork). Absent: sync is not set up. In settings.update, an empty string removes it.
     */
    sharePath: z.string().trim().max(1024).optional(),
    /**
     * Before named supervisors: the name countersignatures carried. Now each supervisor has their own name; setting
     * this renames the signed-in supervisor (kept for the old screens).
     */
    supervisorName: z.string().trim().min(1).max(80).optional(),
    /** The station's IANA time zone (e.g. Asia/Kolkata): its clock, "today" and on-time. Absent: the computer's zone. */
    timeZone: TimeZone.optional(),
    /**
     * The supplier this workshop is to the buyer (issue 12), as first-day set-up or Settings named it: written to the
     * shared folder's supplier.json at the next sync when the share has none (an existing one is never replaced).
     */
    supplier: z
      .string()
      .trim()
      .min(1)
      .max(100)
      // eslint-disable-next-line no-control-regex
      .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'a supplier name without control characters')
      .optional(),
    /** Supervisor screens lock after this many minutes without a touch or key (1–30, default 3). */
    supervisorIdleMinutes: z.number().int().min(1).max(30).optional(),
  })
  .strict();
export type StationSettings = z.infer<typeof StationSettings>;

export interface StationInfo {
  stationId: string;
  settings: StationSettings;
  roster: Artisan[];
  /** Whether a supervisor exists (has a PIN); until then only first-day set-up can create one. */
  pinSet: boolean;
  /** The station's supervisors (to choose who signs in): names only, never their PIN. */
  supervisors: SupervisorRef[];
  /** First-day set-up: until complete, the artisan's screens say "This station is being set up". */
  setup: SetupState;
  sync: SyncStatus;
  /** What the shared folder's supplier.json said at the last sync (absent: no sync reached the share yet). */
  shareSupplier?: ShareSupplier;
  version: string;
  shell: 'electron' | 'browser';
  /** Problems loading standards, for the supervisor (never blocking the good ones). */
  standardProblems: Array<{ file: string; message: string }>;
  /**
   * This station's key: its keyId (16 hex) and its fingerprint (16 digits in groups of 4), shown in Settings so that
   * procurement can compare them, e.g. over the phone, before it enrols the station (docs/ledger.md, "Enrolment").
   */
  identity: { keyId: string; fingerprint: string };
  /**
   * The zone of the station's clock now (IANA, e.g. Asia/Kolkata): settings.timeZone, else the computer's. Every time the
   * station writes carries this zone's offset; the supervisor's screens name it ("Times in Asia/Kolkata").
   */
  timeZone: string;
}

/** What the check of a shared folder found (sync.checkFolder, docs/share.md). */
export interface FolderCheck {
  /** The folder can be used: no problem found. */
  ok: boolean;
  /** The folder as checked. */
  path: string;
  /**
   * What is wrong, in words that name the folder, what was expected, what was found and what to do (English); the
   * screens say the same in the reader's language from `code`, the folder it names (`folder`: the one checked, or
   * this station's folder inside it) and `found` (the system's error code, or the seconds waited).
   */
  problems: FolderProblem[];
  /** Stations that publish there (folders under stations/), this one included if it already does. */
  stations: number;
  /** Published standard files there (standards/*.json). */
  standards: number;
  /** A folder named by this station's id holds the station.json of another station (another key). */
  usedByOtherStation: boolean;
  /** What the folder's supplier.json says (a second station joining a share finds its supplier there). */
  supplier?: ShareSupplier;
}
export type FolderProblem = { code: FolderProblemCode; message: string; folder: string; found?: string };
export type FolderProblemCode = 'MISSING' | 'NOT_A_FOLDER' | 'LINK' | 'NOT_WRITABLE' | 'FULL' | 'USED_BY_OTHER_STATION' | 'NOT_ANSWERING' | 'UNREADABLE';

/** A native folder dialog (Electron); the browser harness has none and the screen shows only the typed path. */
export type ChosenFolder = { available: false } | { available: true; path: string | null };

export const UpdateSettingsArgs = z.object({ session: SupervisorSession, settings: StationSettings.partial() }).strict();

export const CheckFolderArgs = z.object({ session: SupervisorSession, path: FullPath }).strict();
/** What a folder is chosen for: the shell remembers the last folder chosen for each and opens the dialog there. */
export const FolderPurpose = z.enum(['share', 'procurement-source', 'export']);
export type FolderPurpose = z.infer<typeof FolderPurpose>;
export const ChooseFolderArgs = z
  .object({ session: SupervisorSession, title: z.string().trim().min(1).max(120).optional(), purpose: FolderPurpose.optional() })
  .strict();

export const STATION_CHANNELS = {
  'station.info': stationChannel<StationInfo>()(NoArgs),
  /** A new sharePath is checked first (sync.checkFolder): a folder with a problem is refused, nothing is written. */
  'settings.update': supervisorChannel<StationSettings>()(UpdateSettingsArgs),
  /** Check a folder before choosing it as the shared folder (exists, a folder, writable, not used by another station with this id). */
  'sync.checkFolder': supervisorChannel<FolderCheck>()(CheckFolderArgs),
  /** Ask for a folder with the computer's own dialog; path null when the person cancelled. */
  'dialog.chooseFolder': supervisorChannel<ChosenFolder>()(ChooseFolderArgs),
} as const;
