/**
 * The roster domain: the people of this station and their own settings (electron/core/roster/channels.ts).
 * An artisan finds themself by badge and changes their own prefs without a PIN; the roster itself is the supervisor's.
 */
import { z } from 'zod';
import { Language, stationChannel, supervisorChannel, SupervisorSession } from './common';

export const Theme = z.enum(['default', 'high-contrast']);
/** Text size in percent, 100–200. */
export const TextScale = z.number().int().min(100).max(200);
/** Auto-scan interval in milliseconds, 0.5–5 s. */
export const ScanSpeedMs = z.number().int().min(500).max(5000);
export const ScanMode = z.enum(['off', 'auto', 'two-switch']);
/** How fast Read aloud speaks. */
export const SpeechRate = z.enum(['slow', 'normal']);
/** Which voice reads aloud: "app" is the voice shipped with Steadywork; otherwise the name of one of the computer's voices. */
export const SpeechVoice = z.string().trim().min(1).max(200);

/** Settings that follow an artisan: they apply as soon as that artisan is selected, at any station. */
export const PersonalPrefs = z
  .object({
    textScale: TextScale.optional(),
    theme: Theme.optional(),
    language: Language.optional(),
    readAloud: z.boolean().optional(),
    scanMode: ScanMode.optional(),
    scanSpeedMs: ScanSpeedMs.optional(),
    speechRate: SpeechRate.optional(),
    voice: SpeechVoice.optional(),
    /** Short sounds for step recorded, undone, out of limits, help sent, run finished. */
    sounds: z.boolean().optional(),
  })
  .strict();
export type PersonalPrefs = z.infer<typeof PersonalPrefs>;

export const ArtisanId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
export const Artisan = z
  .object({
    id: ArtisanId,
    name: z.string().trim().min(1).max(80),
    /** What a badge reader types (ends with Enter). Unique per station. */
    badge: z.string().trim().min(1).max(64).optional(),
    /** A small picture as a data: URL (PNG/JPEG/SVG), shown on the tile; initials otherwise. */
    photo: z.string().max(400_000).regex(/^data:image\/(png|jpeg|svg\+xml);base64,/).optional(),
    prefs: PersonalPrefs.default({}),
  })
  .strict();
export type Artisan = z.infer<typeof Artisan>;

export const BadgeArgs = z.object({ badge: z.string().trim().min(1).max(64) }).strict();
/** An artisan changes their own settings: no PIN (it is their own), and only their own prefs. */
export const SetPrefsArgs = z.object({ artisanId: ArtisanId, prefs: PersonalPrefs }).strict();
export const SaveArtisanArgs = z.object({ session: SupervisorSession, artisan: Artisan }).strict();
export const RemoveArtisanArgs = z.object({ session: SupervisorSession, artisanId: ArtisanId }).strict();

export const ROSTER_CHANNELS = {
  'artisans.byBadge': stationChannel<Artisan>()(BadgeArgs),
  'artisans.setPrefs': stationChannel<Artisan>()(SetPrefsArgs),
  'roster.save': supervisorChannel<Artisan[]>()(SaveArtisanArgs),
  'roster.remove': supervisorChannel<Artisan[]>()(RemoveArtisanArgs),
} as const;
