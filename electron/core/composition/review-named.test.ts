/** Countersignatures and help answers name the supervisor of the session that made them (issue 10: named supervisors). */
import { afterEach, describe, expect, it } from 'vitest';
import type { OpenHelpRequest, RunTimeline, SupervisorRef } from '../../contract';
import { closeStations, dirs, doRun, history, openStation } from './review-test-support';
import { TEST_SUPERVISOR } from './test-support';

afterEach(closeStations);

describe('named supervisors in the review', () => {
  it('review.sign and help.answer carry the name of the supervisor signed in, not a station-wide name', async () => {
    const s = await openStation(await dirs.make('sw-review-named-'));
    const first = await s.value<{ session: string }>('supervisor.unlock', { pin: TEST_SUPERVISOR.pin });
    const list = await s.value<SupervisorRef[]>('supervisors.save', { session: first.session, supervisor: { name: 'Ravi Shah', pin: '246801' } });
    const ravi = list.find((x) => x.name === 'Ravi Shah')!;
    const { session } = await s.value<{ session: string }>('supervisor.unlock', { supervisorId: ravi.id, pin: '246801' });

    const done = await doRun(s, 'station-start-check', 'asha-devi');
    const stuck = await doRun(s, 'carton-quality-check', 'asha-devi', { stopAfter: 1, finish: 'leave', help: 'pick-sample' });
    await s.value('review.refresh', { session });
    await s.app.review.idle();
    expect(await s.value('review.sign', { session, target: { runIds: [done.runId] }, meaning: 'approved' })).toMatchObject({ preview: false, signed: 1, skipped: [] });
    expect((await history(s, { session })).rows.find((r) => r.runId === done.runId)?.signature).toMatchObject({ meaning: 'approved', by: 'Ravi Shah' });

    const [request] = await s.value<OpenHelpRequest[]>('help.open', { session: first.session });
    await s.value('help.answer', { session, eventId: request!.eventId, runId: stuck.runId, stationId: request!.stationId });
    const timeline = await s.value<RunTimeline>('review.timeline', { session, runId: stuck.runId });
    expect(JSON.stringify(timeline.events.find((e) => e.type === 'help.answered'))).toContain('Ravi Shah');
  });
});
