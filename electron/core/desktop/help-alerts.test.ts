import { describe, expect, it, vi } from 'vitest';
import type { OpenHelpRequest } from '../../contract';
import { fail, ok, type Result } from '../../contract/result';
import { memoryLogger } from '../log/logger';
import { HelpAlertWatcher } from './help-alerts';

const req = (n: number, over: Partial<OpenHelpRequest> = {}): OpenHelpRequest => ({
  eventId: `00000000-0000-4000-8000-00000000000${n}`,
  stationId: 'st-b',
  stationName: 'Press 2',
  runId: `00000000-0000-4000-8000-10000000000${n}`,
  standardId: 'station-start-check',
  title: { en: 'Start-of-shift station check' },
  stepId: 'lamp',
  stepTitle: { en: 'Switch on the lamp' },
  actor: 'asha-devi',
  actorName: 'Asha Devi',
  since: `2026-12-07T05:0${n}:00Z`,
  waitedS: 10,
  state: 'open',
  seen: null,
  runFinished: false,
  ...over,
});

describe('HelpAlertWatcher', () => {
  it('tells the desktop once per new open request (oldest first); seen requests do not alert; the page gets the newest first', async () => {
    let list = [req(1), req(2, { state: 'seen', seen: { at: 'x', by: 'Meena' } })];
    const notify = vi.fn();
    const w = new HelpAlertWatcher({ list: async () => ok(list), notify, logger: memoryLogger(), intervalMs: 0 });
    await w.kick();
    await w.kick();
    expect(notify).toHaveBeenCalledTimes(1);
    expect(notify.mock.calls[0]![0]).toMatchObject({ person: 'Asha Devi', stationName: 'Press 2', step: { en: 'Switch on the lamp' } });
    list = [req(1), req(3), req(4, { actorName: null })];
    await w.kick();
    expect(notify.mock.calls.map((c) => (c[0] as { eventId: string }).eventId.slice(-1))).toEqual(['1', '3', '4']);
    expect(notify.mock.calls[2]![0]).toMatchObject({ person: 'asha-devi' });
    const shown = await w.alerts();
    expect(shown.alerts.map((a) => a.eventId.slice(-1))).toEqual(['4', '3', '1']);
    // A click on the notification marks it to open; the page says it opened it.
    (notify.mock.calls[1]![1] as () => void)();
    expect((await w.alerts()).open).toBe(req(3).eventId);
    expect(await w.alerts({ opened: req(3).eventId, dismiss: [req(4).eventId] })).toMatchObject({ open: null, alerts: [{ eventId: req(3).eventId }, { eventId: req(1).eventId }] });
  });

  it('a request answered elsewhere leaves the page at the next look; a list that cannot be read is logged, not thrown', async () => {
    let answer: Result<OpenHelpRequest[]> = ok([req(1)]);
    const logger = memoryLogger();
    const w = new HelpAlertWatcher({ list: async () => answer, notify: () => {}, logger, intervalMs: 0 });
    await w.kick();
    expect((await w.alerts()).alerts).toHaveLength(1);
    answer = fail('REVIEW_UNAVAILABLE', 'The review database is busy.');
    await w.kick();
    expect(logger.lines).toContainEqual({ level: 'warn', message: 'Help alerts: the open help requests could not be read: The review database is busy.' });
    answer = ok([]);
    await w.kick();
    expect((await w.alerts()).alerts).toEqual([]);
    w.stop();
  });
});
