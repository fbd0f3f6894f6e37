/**
 * The station's time zone on the supervisor's side: station.info names the zone of the station's clock (the setting,
 * else the computer's), and review.status says when the history was brought up to date on that clock (with its
 * offset, like every time of a run), never as a UTC instant that the screen would show in the viewer's zone.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReviewStatus, StationInfo } from '../../contract';
import { closeStations, dirs, doRun, openStation, refreshed } from './review-test-support';

afterEach(closeStations);

describe("the station's time zone in review", () => {
  it('station.info.timeZone and review.status.lastRefreshAt follow the station clock, also after the zone is changed', async () => {
    const root = await dirs.make('sw-review-tz-');
    const s = await openStation(path.join(root, 'data'));
    // No zone set: the injected clock's (Asia/Kolkata in these tests).
    expect((await s.value<StationInfo>('station.info', {})).timeZone).toBe('Asia/Kolkata');
    const run = await doRun(s, 'station-start-check', 'asha-devi');
    const status = await refreshed(s);
    expect(status.lastRefreshAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+05:30$/);
    expect(Date.parse(status.lastRefreshAt!)).toBe(s.clock.now());
    const row = (await s.value<{ rows: Array<{ runId: string; startedAt: string }> }>('review.history', { session: s.session })).rows.find((r) => r.runId === run.runId);
    expect(row?.startedAt).toMatch(/\+05:30$/);

    // A supervisor sets another zone: the station's clock, and what it names, follow.
    await s.value('settings.update', { session: s.session, settings: { timeZone: 'Europe/Berlin' } });
    expect((await s.value<StationInfo>('station.info', {})).timeZone).toBe('Europe/Berlin');
    s.clock.advance(60_000);
    const again = await refreshed(s);
    expect(again.lastRefreshAt).toMatch(/\+01:00$/);
    expect(Date.parse(again.lastRefreshAt!)).toBe(s.clock.now());
    expect((await s.value<ReviewStatus>('review.status', { session: s.session })).lastRefreshAt).toBe(again.lastRefreshAt);
  });
});
