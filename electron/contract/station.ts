/**
 * The station domain: what the station is and its settings (electron/core/settings/channels.ts).
 * station.info is open; settings.update needs the supervisor.
 */
import { z } from 'zod';
import { Language, NoArgs, stationChannel, supervisorChannel, SupervisorSession } from './common';
import { ScanMode, ScanSpeedMs, TextScale, Theme, type Artisan } from './roster';
import type { SyncStatus } from './sync';

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
    /** The name countersignatures made at this station carry (the holder of the supervisor PIN). Default "Supervisor". */
    supervisorName: z.string().trim().min(1).max(80).optional(),
    /** Supervisor screens lock after this many minutes without a touch or key (1–30, default 3). */
    supervisorIdleMinutes: z.number().int().min(1).max(30).optional(),
  })
  .strict();
export type StationSettings = z.infer<typeof StationSettings>;

export interface StationInfo {
  stationId: string;
  settings: StationSettings;
  roster: Artisan[];
  /** Whether a supervisor PIN has been set; until then Settings asks to create one. */
  pinSet: boolean;
  sync: SyncStatus;
  version: string;
  shell: 'electron' | 'browser';
  /** Problems loading standards, for the supervisor (never blocking the good ones). */
  standardProblems: Array<{ file: string; message: string }>;
}

export const UpdateSettingsArgs = z.object({ session: SupervisorSession, settings: StationSettings.partial() }).strict();

export const STATION_CHANNELS = {
  'station.info': stationChannel<StationInfo>()(NoArgs),
  'settings.update': supervisorChannel<StationSettings>()(UpdateSettingsArgs),
} as const;
