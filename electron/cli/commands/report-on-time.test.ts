/**
 * One rule for "on time" (issue 10, item 8; docs/scorecard.md "Local time"): the same shared folder gives the same
 * on-time figure in procurement's scorecard, the supervisor's history and trends, and `steadywork report`. The
 * station is in India (+05:30) and the computer that reads it in New York (−05:00 in November), so a rule that
 * used the reading computer's zone would move the runs to other days and due times.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EnrolmentStation, ProcurementStatus, ScorecardView, TrendRow } from '../../contract';
import { at, closeStations, dirs, doRun, history, openStation, refreshed } from '../../core/composition/review-test-support';
import { publishStandards } from '../../core/sim/simulate';
import { STANDARDS } from '../../core/sync/test-support';
import { ManualClock } from '../../core/time/clock';
import { runCli } from '../cli';
// `steadywork report` loads its implementation on first use (./specs); import it here so that Vitest transforms it
// (the reports, exceljs) with the test file, not inside this test's time.
import './report-command';

afterEach(closeStations);

describe('"on time": one rule, each station\'s local time', () => {
  it('the scorecard, the history, the trends and the CLI report agree on a station in another time zone', async () => {
    const root = await dirs.make('sw-on-time-');
    const share = path.join(root, 'share');
    await mkdir(share);
    await publishStandards(STANDARDS, share);
    // The station (Asia/Kolkata) on Monday 2026-11-23, local time.
    const station = await openStation(path.join(root, 'station'));
    await station.value('settings.update', { session: station.session, settings: { sharePath: share, stationName: 'Gluing A' } });
    station.clock.set(at('08:05'));
    await doRun(station, 'station-start-check', 'asha-devi'); // due 08:00 + 30: on time (New York: Sunday 21:35, no occurrence)
    station.clock.set(at('11:10'));
    await doRun(station, 'carton-quality-check', 'ravi-kumar'); // due 11:00 + 60: on time
    station.clock.set(at('18:10'));
    await doRun(station, 'end-of-day-clean-down', 'farida-begum'); // due 17:30 + 30: late (New York: 07:40, "on time")
    // Tuesday: two runs on time (New York: the first is Monday 21:35, "late"); the clean-down is not done.
    station.clock.set(Date.parse('2026-11-24T08:05:00+05:30'));
    await doRun(station, 'station-start-check', 'asha-devi');
    station.clock.set(Date.parse('2026-11-24T11:10:00+05:30'));
    await doRun(station, 'carton-quality-check', 'ravi-kumar');
    await station.app.sync.syncNow();

    // The office computer in New York: procurement imports the share first (before the office's own journal is on it).
    const office = await openStation(path.join(root, 'office'), { clock: new ManualClock(Date.parse('2026-11-24T23:00:00+05:30'), 'America/New_York') });
    await office.value('procurement.import', { session: office.session, source: share });
    for (let i = 0; i < 500; i++) {
      const st = await office.value<ProcurementStatus>('procurement.status', { session: office.session });
      if (st.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    // Procurement enrols the station (only enrolled stations count: docs/ledger.md, "Enrolment").
    const { stations } = await office.value<{ stations: EnrolmentStation[] }>('procurement.enrolment', { session: office.session });
    for (const s of stations) await office.value('procurement.enrol', { session: office.session, stationId: s.stationId, keyId: s.keyId });
    const card = await office.value<ScorecardView>('procurement.scorecard', { session: office.session });
    const mine = card.stations.find((s) => s.stationId === station.app.stationId)!;

    await office.value('settings.update', { session: office.session, settings: { sharePath: share } });
    await refreshed(office);
    const counts = (await history(office, { filter: { stations: [station.app.stationId] } })).counts;
    const trends = await office.value<TrendRow[]>('review.trends', { session: office.session, period: 'week', filter: { stations: [station.app.stationId] } });

    const out = path.join(root, 'report');
    const io = { out: () => {}, err: (t: string) => { throw new Error(t); }, env: {} };
    expect(await runCli(['report', '--db', path.join(office.dataDir, 'ledger.duckdb'), '--format', 'csv', '--out', out], io)).toBe(0);
    const summary = (await readFile(path.join(out, 'summary.csv'), 'utf8')).replace(/^\uFEFF/, '').split('\r\n').map((l) => l.split(','));
    const col = (name: string) => Number(summary[1]![summary[0]!.indexOf(name)]);

    const figures = {
      scorecard: { due: mine.dueOccurrences, onTime: mine.completedOnTime, rate: mine.onTimeRate },
      history: { onTime: counts.onTime, late: counts.late },
      trends: { due: trends.reduce((n, t) => n + (t.due ?? 0), 0), onTime: trends.reduce((n, t) => n + t.onTime, 0) },
      cli: { due: col('due routines'), onTime: col('completed on time'), rate: col('on-time rate') },
    };
    expect(figures).toEqual({
      scorecard: { due: 6, onTime: 4, rate: 4 / 6 },
      history: { onTime: 4, late: 1 },
      trends: { due: 6, onTime: 4 },
      cli: { due: 6, onTime: 4, rate: expect.closeTo(4 / 6, 4) },
    });
  });
});
