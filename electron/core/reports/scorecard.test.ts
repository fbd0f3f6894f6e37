import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeScorecard, ReportInputError } from './index';
import { ACTORS, buildFixtureLedger, STATION_A, STATION_B } from './test-fixture';

let db: string;
beforeAll(async () => {
  db = await buildFixtureLedger();
});

describe('scorecard formulas on a hand-built ledger', () => {
  it('routine strength: due, completed, on time', async () => {
    const c = await computeScorecard(db);
    expect(c.period).toMatchObject({ from: '2026-03-02', to: '2026-03-03', days: 2 });
    expect(c.summary).toMatchObject({ dueOccurrences: 4, completedDue: 3, completedOnTime: 2, completionRate: 0.75, onTimeRate: 0.5 });
    const a = c.stations.find((s) => s.stationId === STATION_A);
    const b = c.stations.find((s) => s.stationId === STATION_B);
    expect(a).toMatchObject({ site: 'default', dueOccurrences: 2, completedDue: 2, completedOnTime: 1 });
    expect(b).toMatchObject({ dueOccurrences: 2, completedDue: 1, completedOnTime: 1 });
  });

  it('decision clarity: per 100 steps and out-of-limits rate', async () => {
    const { summary: s } = await computeScorecard(db);
    expect(s).toMatchObject({ runs: 4, runsCompleted: 3, runsAbandoned: 1, stepsRecorded: 9, deviations: 1, undos: 1, helpRequests: 1, measurements: 4, outOfLimits: 1, outOfLimitsRate: 0.25 });
    expect(s.deviationsPer100Steps).toBeCloseTo(100 / 9, 6);
    expect(s.undosPer100Steps).toBeCloseTo(100 / 9, 6);
    expect(s.helpPer100Steps).toBeCloseTo(100 / 9, 6);
  });

  it('clarity hot spots rank the steps of each standard with each count', async () => {
    const c = await computeScorecard(db);
    expect(c.hotSpots).toHaveLength(1);
    expect(c.hotSpots[0]).toMatchObject({ standardId: 'daily-check', rank: 1, stepId: 's1', helpRequests: 1, undos: 1, deviations: 1, total: 3, recorded: 5, ownerName: 'Rahul Verma' });
    expect(c.hotSpots[0]?.stepTextHi).toBe('गोंद जाँचें, फिर "हस्ताक्षर" करें');
  });

  it('ownership: current owned version and adoption time', async () => {
    const c = await computeScorecard(db);
    expect(c.summary.runsOnCurrentOwnedVersion).toBe(3);
    expect(c.summary.currentOwnedRate).toBe(0.75);
    const a = c.adoptions.find((x) => x.stationId === STATION_A);
    const b = c.adoptions.find((x) => x.stationId === STATION_B);
    expect(a).toMatchObject({ version: 2, effectiveFrom: '2026-03-03' });
    expect(a?.daysToAdopt).toBeCloseTo(0.375, 9); // 09:00 on the effective day
    expect(b).toMatchObject({ version: 2, firstRunAt: null, daysToAdopt: null });
    expect(c.summary.medianDaysToAdopt).toBeCloseTo(0.375, 9);
  });

  it('ability to repeat: runs without deviation or undo, duration CV', async () => {
    const c = await computeScorecard(db);
    expect(c.summary.runsWithoutDiscussion).toBe(2);
    expect(c.summary.repeatRate).toBe(0.5);
    // completed durations 10, 20, 15 min: mean 15, population stddev sqrt(50/3)
    expect(c.summary.durationCv).toBeCloseTo(Math.sqrt(50 / 3) / 15, 9);
    expect(c.standards[0]?.durationCv).toBeCloseTo(Math.sqrt(50 / 3) / 15, 9);
    expect(c.summary.durationMeanMinutes).toBeCloseTo(15, 9);
  });

  it('a period narrows everything to its days', async () => {
    const c = await computeScorecard(db, { from: '2026-03-03', to: '2026-03-03' });
    expect(c.summary).toMatchObject({ dueOccurrences: 2, completedDue: 1, completedOnTime: 0, runs: 2, undos: 1, helpRequests: 1, deviations: 0 });
  });

  it('pseudonymises artisans, stably, never showing the raw id', async () => {
    const c1 = await computeScorecard(db);
    const c2 = await computeScorecard(db);
    const json = JSON.stringify(c1);
    for (const a of ACTORS) expect(json).not.toContain(a);
    const pseudos = new Set(c1.runs.map((r) => r.artisan));
    expect(pseudos.size).toBe(2);
    for (const p of pseudos) expect(p).toMatch(/^artisan-[0-9a-f]{12}$/);
    expect(c2.runs.map((r) => r.artisan)).toEqual(c1.runs.map((r) => r.artisan));
    expect(c1.deviations.map((d) => d.kind).sort()).toEqual(['deviation', 'help', 'out-of-limits', 'undo']);
    expect(c1.deviations.find((d) => d.kind === 'out-of-limits')?.reason).toBe('NO_GLUE');
  });

  it('is JSON-serialisable', async () => {
    const c = await computeScorecard(db);
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });

  it('rejects bad dates and a missing database clearly', async () => {
    await expect(computeScorecard(db, { from: '2026-02-30' })).rejects.toBeInstanceOf(ReportInputError);
    await expect(computeScorecard(db, { from: '2026-03-04', to: '2026-03-01' })).rejects.toThrow(/after/);
    await expect(computeScorecard(`${db}.missing`)).rejects.toThrow(/does not exist/);
    expect(readFileSync(db).length).toBeGreaterThan(0);
  });
});
