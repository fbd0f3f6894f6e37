import { describe, expect, it } from 'vitest';
import { sameZone, utcOffsetWords } from './TimesIn';

describe('the zone of a run recorded by another station', () => {
  it('is named by the offset its times carry', () => {
    expect(utcOffsetWords('2026-11-27T08:05:00.000+05:30')).toBe('UTC+05:30');
    expect(utcOffsetWords('2026-11-27T03:35:00.000+01:00')).toBe('UTC+01:00');
    expect(utcOffsetWords('2026-11-26T21:35:00.000-05:00')).toBe('UTC-05:00');
    expect(utcOffsetWords('2026-11-27T02:35:00.000Z')).toBe('UTC');
    expect(utcOffsetWords('2026-11-27')).toBeNull();
    expect(utcOffsetWords(undefined)).toBeNull();
  });
});

describe("whether the computer is on the station's clock (Settings names the zone only where it is not)", () => {
  it('compares zones, not names', () => {
    expect(sameZone('Asia/Kolkata', 'Asia/Kolkata')).toBe(true);
    expect(sameZone('Asia/Calcutta', 'Asia/Kolkata')).toBe(true);
    expect(sameZone('Asia/Kolkata', 'America/New_York')).toBe(false);
    expect(sameZone('Asia/Kolkata', 'Not/AZone')).toBe(false);
  });
});
