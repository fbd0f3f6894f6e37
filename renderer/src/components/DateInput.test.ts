import { describe, expect, it } from 'vitest';
import { dayParts, partsDay } from './DateInput';

describe('day / month / year boxes', () => {
  it('a real day in any spelling of its numbers gives YYYY-MM-DD; empty boxes give no day', () => {
    expect(partsDay({ day: '27', month: '11', year: '2026' })).toBe('2026-11-27');
    expect(partsDay({ day: ' 4', month: '03 ', year: '2026' })).toBe('2026-03-04');
    expect(partsDay({ day: '', month: '', year: '' })).toBe('');
  });
  it('not a day: null (31 November, 29 February 2026, a two-digit year, letters, one box missing)', () => {
    for (const p of [
      { day: '31', month: '11', year: '2026' },
      { day: '29', month: '2', year: '2026' },
      { day: '1', month: '1', year: '26' },
      { day: 'x', month: '1', year: '2026' },
      { day: '1', month: '', year: '2026' },
      { day: '0', month: '1', year: '2026' },
    ]) expect(partsDay(p), JSON.stringify(p)).toBeNull();
    expect(partsDay({ day: '29', month: '2', year: '2028' })).toBe('2028-02-29');
  });
  it('round trip: a filter day shown in the boxes gives the same day back', () => {
    for (const iso of ['2026-01-01', '2026-11-27', '2028-02-29', '2026-12-31']) expect(partsDay(dayParts(iso))).toBe(iso);
    expect(dayParts(undefined)).toEqual({ day: '', month: '', year: '' });
  });
});
