import { describe, expect, it } from 'vitest';
import { effectivePrefs, FALLBACK_PREFS } from './prefs';

const station = { stationName: 'S1', language: 'en', theme: 'default', textScale: 100, scanMode: 'off', scanSpeedMs: 1500, readAloud: false } as const;

describe('effectivePrefs', () => {
  it('uses the station settings when no one is selected', () => {
    expect(effectivePrefs(station, null)).toEqual({ textScale: 100, theme: 'default', language: 'en', readAloud: false, scanMode: 'off', scanSpeedMs: 1500 });
    expect(effectivePrefs(null)).toEqual(FALLBACK_PREFS);
  });
  it("an artisan's own prefs win, field by field", () => {
    expect(effectivePrefs(station, { textScale: 200, language: 'hi', scanMode: 'auto' })).toEqual({
      textScale: 200,
      theme: 'default',
      language: 'hi',
      readAloud: false,
      scanMode: 'auto',
      scanSpeedMs: 1500,
    });
    expect(effectivePrefs({ ...station, theme: 'high-contrast' }, { readAloud: true }).theme).toBe('high-contrast');
  });
});
