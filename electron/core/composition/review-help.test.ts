/**
 * Help requests have a life cycle (issue 10, item 6): open → seen → answered, or closed with a note; finishing,
 * abandoning or forgetting the run (the live state keeps finished runs a day) never closes them. Through the channels.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OpenHelpRequest, RunTimeline } from '../../contract';
import { at, closeStations, dirs, doRun, openStation, refreshed } from './review-test-support';

afterEach(closeStations);

async function journalLines(dataDir: string): Promise<Array<{ type: string; run?: string; supersedes?: string; actor: string; data?: Record<string, unknown> }>> {
  const dir = path.join(dataDir, 'journal', 'segments');
  const text = (await Promise.all((await readdir(dir)).sort().map((f) => readFile(path.join(dir, f), 'utf8')))).join('');
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; actor: string });
}

describe('help requests: a life cycle that outlives the run', () => {
  it('stay open after the run finishes, oldest first; seen, answered and closed are journal events naming the supervisor', async () => {
    const root = await dirs.make('sw-help-');
    const dataDir = path.join(root, 'data');
    const s = await openStation(dataDir);
    await s.value('settings.update', { session: s.session, settings: { supervisorName: 'Meena Supervisor' } });
    const open = () => s.value<OpenHelpRequest[]>('help.open', { session: s.session });
    const key = (o: OpenHelpRequest) => ({ run: o.runId, state: o.state, runFinished: o.runFinished });

    s.clock.set(at('09:00'));
    const done = await doRun(s, 'carton-quality-check', 'asha-devi', { help: 'pick-sample' }); // asks, then completes
    s.clock.set(at('10:00'));
    const left = await doRun(s, 'station-start-check', 'ravi-kumar', { stopAfter: 2, finish: 'abandon', help: 'clear-table' });
    s.clock.set(at('11:00'));
    const going = await doRun(s, 'end-of-day-clean-down', 'farida-begum', { stopAfter: 1, finish: 'leave' });
    await s.value('runs.help', { runId: going.runId, actor: 'farida-begum' });

    let list = await open();
    expect(list.map(key)).toEqual([
      { run: done.runId, state: 'open', runFinished: true },
      { run: left.runId, state: 'open', runFinished: true },
      { run: going.runId, state: 'open', runFinished: false },
    ]);
    const [first, second] = list as [OpenHelpRequest, OpenHelpRequest];
    const ref = (o: OpenHelpRequest) => ({ session: s.session, eventId: o.eventId, runId: o.runId, stationId: o.stationId });

    // Seen: still listed, with who and when.
    s.clock.set(at('11:05'));
    await s.value('help.seen', ref(first));
    list = await open();
    // Asked at 09:00:20 (the first step), seen at 11:05: waited 2 h 4 min 40 s by the station's clock.
    expect(list[0]).toMatchObject({ eventId: first.eventId, state: 'seen', seen: { by: 'Meena Supervisor', at: expect.stringMatching(/^2026-11-23T11:05:00/) }, waitedS: 7480 });
    // Answered: gone; answering again says so.
    await s.value('help.answer', ref(first));
    expect(await s.call('help.answer', ref(first))).toMatchObject({ ok: false, error: { code: 'HELP_ALREADY_ANSWERED' } });
    // Closed: needs a note.
    expect(await s.call('help.close', { ...ref(second), note: ' ' })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    await s.value('help.close', { ...ref(second), note: 'Ravi went home; the station was restarted.' });
    expect(await s.call('help.seen', ref(second))).toMatchObject({ ok: false, error: { code: 'HELP_ALREADY_CLOSED' } });
    expect((await open()).map((o) => o.runId)).toEqual([going.runId]);

    const lines = (await journalLines(dataDir)).filter((l) => l.type.startsWith('help.') && l.type !== 'help.requested');
    expect(lines.map((l) => [l.type, l.supersedes, l.actor, l.data])).toEqual([
      ['help.seen', first.eventId, 'supervisor', { requestStation: s.app.stationId, signer: 'Meena Supervisor' }],
      ['help.answered', first.eventId, 'supervisor', { requestStation: s.app.stationId, signer: 'Meena Supervisor' }],
      ['help.closed', second.eventId, 'supervisor', { requestStation: s.app.stationId, signer: 'Meena Supervisor', note: 'Ravi went home; the station was restarted.' }],
    ]);
    const t = await s.value<RunTimeline>('review.timeline', { session: s.session, runId: done.runId });
    expect(t.events.filter((e) => e.type.startsWith('help.')).map((e) => e.type)).toEqual(['help.requested', 'help.seen', 'help.answered']);
    // The artisan's run no longer shows a closed request as open.
    expect((await s.value<{ openHelp: unknown[] }>('runs.get', { runId: left.runId })).openHelp).toEqual([]);
  });

  it('a request whose run the live state has forgotten (finished over a day ago) is still listed, and can be answered', async () => {
    const root = await dirs.make('sw-help-');
    const s = await openStation(path.join(root, 'data'));
    s.clock.set(at('09:00'));
    const old = await doRun(s, 'carton-quality-check', 'asha-devi', { help: 'pick-sample' });
    await refreshed(s);
    // Two days later another run finishes: the live state forgets the old one.
    s.clock.set(at('09:00') + 2 * 86_400_000);
    await doRun(s, 'station-start-check', 'ravi-kumar');
    expect(await s.call('runs.get', { runId: old.runId })).toMatchObject({ ok: false });
    const list = await s.value<OpenHelpRequest[]>('help.open', { session: s.session });
    expect(list).toEqual([expect.objectContaining({ runId: old.runId, state: 'open', runFinished: true, actorName: 'Asha Devi', stepId: 'pick-sample', since: expect.stringMatching(/^2026-11-23T09:00:20/) })]);
    await s.value('help.answer', { session: s.session, eventId: list[0]!.eventId, runId: old.runId, stationId: s.app.stationId });
    expect(await s.value('help.open', { session: s.session })).toEqual([]);
  });
});
