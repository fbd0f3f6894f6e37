import { describe, expect, it } from 'vitest';
import type { TrendRow } from '../../contract';
import { clockWords, dayWords, durationWords, whenWords } from '../../format';
import { groupTrends, scaleMax } from './Trends';
import { cleanFilter, PAGE, pagesFor } from './historyPages';

const t = (key: string, o?: Record<string, unknown>) => `${key}${o ? JSON.stringify(o) : ''}`;

describe('history paging', () => {
  it('asks for the pages that the rows in view fall in', () => {
    expect(pagesFor(0, 10, 100_000)).toEqual([0]);
    expect(pagesFor(PAGE - 2, PAGE + 3, 100_000)).toEqual([0, 1]);
    expect(pagesFor(99_990, 99_999, 100_000)).toEqual([Math.floor(99_999 / PAGE)]);
  });
  it('asks for nothing when there is nothing', () => {
    expect(pagesFor(0, -1, 0)).toEqual([]);
    expect(pagesFor(0, 5, 0)).toEqual([]);
  });
  it('never asks past the last row', () => {
    expect(pagesFor(0, 1_000, 250)).toEqual([0, 1]);
  });
  it('drops the empty parts of a filter', () => {
    expect(cleanFilter({ from: '', to: '2026-11-27', stations: [], standards: ['a'], artisans: [], outcomes: [] })).toEqual({ to: '2026-11-27', standards: ['a'] });
  });
});

describe('times and durations in words', () => {
  it('keeps the station clock of a time with an offset', () => {
    expect(clockWords('2026-11-27T08:05:12+05:30')).toBe('08:05');
    expect(clockWords('2026-11-27T08:05:12+05:30', true)).toBe('08:05:12');
    expect(dayWords('2026-11-27T23:59:00+05:30', 'en')).toBe('27 November 2026');
    expect(whenWords('2026-11-27T08:05:00+05:30', 'en')).toBe('27 Nov 2026, 08:05');
  });
  it('says a duration in hours, minutes or seconds', () => {
    expect(durationWords(t, 3725)).toBe('review.durationHours{"h":1,"min":2}');
    expect(durationWords(t, 125)).toBe('review.durationMinutes{"min":2,"sec":5}');
    expect(durationWords(t, 40)).toBe('review.durationSeconds{"sec":40}');
    expect(durationWords(t, null)).toBe('review.noFigure');
  });
});

const row = (over: Partial<TrendRow>): TrendRow => ({
  period: '2026-11-23',
  stationId: 's1',
  stationName: 'Gluing bench 1',
  standardId: 'std-a',
  title: { en: 'A' },
  runs: 5,
  due: 5,
  completed: 5,
  onTime: 4,
  completionRate: 1,
  onTimeRate: 0.8,
  deviationsPer100Steps: 2.5,
  outOfLimitsRate: 0,
  durationCv: 0.3,
  medianDurationS: 300,
  ...over,
});

describe('trends', () => {
  it('groups rows per station and standard, with every period in order', () => {
    const { periods, groups } = groupTrends([row({ period: '2026-11-23' }), row({ period: '2026-11-16' }), row({ stationId: 's2', stationName: 'Folding bench 1' })]);
    expect(periods).toEqual(['2026-11-16', '2026-11-23']);
    expect(groups.map((g) => g.stationName)).toEqual(['Folding bench 1', 'Gluing bench 1']);
    expect(groups[1]?.rows.size).toBe(2);
  });
  it('puts rates on 0–1 and other figures on a round top', () => {
    expect(scaleMax('completionRate', [row({})])).toBe(1);
    expect(scaleMax('deviationsPer100Steps', [row({ deviationsPer100Steps: 7.2 })])).toBe(8);
    expect(scaleMax('deviationsPer100Steps', [row({ deviationsPer100Steps: 23 })])).toBe(25);
    expect(scaleMax('durationCv', [row({ durationCv: null })])).toBe(1);
  });
});
