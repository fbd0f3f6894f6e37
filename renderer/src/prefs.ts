/**
 * Effective preferences: the station's settings, with the selected artisan's own prefs on top.
 * Applied to the page root: text size (root font-size), theme (data-theme) and language (lang).
 */
import type { PersonalPrefs, StationSettings } from './contract';

export type ScanMode = StationSettings['scanMode'];
export type Theme = StationSettings['theme'];

export type EffectivePrefs = {
  textScale: number;
  theme: Theme;
  language: 'en' | 'hi';
  readAloud: boolean;
  scanMode: ScanMode;
  scanSpeedMs: number;
};

export const FALLBACK_PREFS: EffectivePrefs = {
  textScale: 100,
  theme: 'default',
  language: 'en',
  readAloud: false,
  scanMode: 'off',
  scanSpeedMs: 1500,
};

export const TEXT_SCALES = [100, 125, 150, 175, 200] as const;
export const SCAN_SPEEDS_MS = [500, 1000, 1500, 2000, 3000, 5000] as const;

/** Artisan prefs win over the station's settings, field by field. */
export function effectivePrefs(settings: StationSettings | null | undefined, prefs?: PersonalPrefs | null): EffectivePrefs {
  const base: EffectivePrefs = settings
    ? {
        textScale: settings.textScale,
        theme: settings.theme,
        language: settings.language,
        readAloud: settings.readAloud,
        scanMode: settings.scanMode,
        scanSpeedMs: settings.scanSpeedMs,
      }
    : { ...FALLBACK_PREFS };
  if (!prefs) return base;
  return {
    textScale: prefs.textScale ?? base.textScale,
    theme: prefs.theme ?? base.theme,
    language: prefs.language ?? base.language,
    readAloud: prefs.readAloud ?? base.readAloud,
    scanMode: prefs.scanMode ?? base.scanMode,
    scanSpeedMs: prefs.scanSpeedMs ?? base.scanSpeedMs,
  };
}

/** Put the prefs on the document: root font-size scales every rem, so layouts reflow up to 200%. */
export function applyPrefsToDocument(p: EffectivePrefs, doc: Document = document): void {
  const root = doc.documentElement;
  const scale = Math.min(200, Math.max(100, Math.round(p.textScale)));
  root.style.fontSize = `${scale}%`;
  root.dataset.theme = p.theme;
  root.dataset.textScale = String(scale);
  root.lang = p.language;
}

/**
 * Speech settings (issue 13). They are the artisan's own, with no station-wide value: kept apart from EffectivePrefs,
 * which the station settings form also edits and saves as station settings.
 */
export type SpeechPrefs = {
  /** Read each step aloud when it opens (the effective readAloud above). */
  readAloud: boolean;
  rate: 'slow' | 'normal';
  /** APP_VOICE (the voice shipped with Steadywork) or the name of one of the computer's voices. */
  voice: string;
  /** Short sounds for outcomes (earcons). */
  sounds: boolean;
};

/** The voice shipped with Steadywork (voice/engine.ts). */
export const APP_VOICE = 'app';

export function speechPrefs(effective: Pick<EffectivePrefs, 'readAloud'>, prefs?: PersonalPrefs | null): SpeechPrefs {
  return {
    readAloud: effective.readAloud,
    rate: prefs?.speechRate ?? 'normal',
    voice: prefs?.voice ?? APP_VOICE,
    sounds: prefs?.sounds ?? true,
  };
}
