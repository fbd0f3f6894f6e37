/** The composition root: every channel answered, arguments refused at the boundary, start-up and close. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, type ChannelName, type RunView, type StationInfo } from '../../contract';
import type { Result } from '../../contract/result';
import { verifyJournalDir } from '../journal';
import { memorySettingsStore } from '../settings';
import { STANDARDS } from '../sync/test-support';
import { actor, closeStations, env, open, setUpStation, TEST_SUPERVISOR } from './station-test-support';

afterEach(closeStations);

describe('createStationApp', () => {
  it('answers every channel of the contract', async () => {
    const e = await env();
    const { app, call, value } = await open(e);
    expect(Object.keys(app.impl).sort()).toEqual([...CHANNEL_NAMES].sort());

    const due = await value<Array<{ standard: { id: string; hash: string } }>>('routines.due', {});
    const hash = due.find((d) => d.standard.id === 'station-start-check')!.standard.hash;
    const run = await value<RunView>('runs.start', { standardId: 'station-start-check', actor });
    const runId = run.runId;
    const step = (stepId: string) => ({ runId, actor, stepId });
    const answers: Partial<Record<ChannelName, Result<unknown>>> = {};
    answers['station.info'] = await call('station.info', {});
    answers['routines.due'] = await call('routines.due', {});
    answers['runs.start'] = await call('runs.start', { standardId: 'station-start-check', actor });
    answers['runs.get'] = await call('runs.get', { runId });
    answers['runs.open'] = await call('runs.open', {});
    answers['runs.tick'] = await call('runs.tick', step('clear-table'));
    answers['runs.undo'] = await call('runs.undo', { runId, actor });
    await value('runs.tick', step('clear-table'));
    answers['runs.help'] = await call('runs.help', step('lamp-on'));
    answers['runs.deviate'] = await call('runs.deviate', { ...step('lamp-on'), reason: 'POWER_CUT' });
    await value('runs.tick', step('tools-ready'));
    answers['runs.choose'] = await call('runs.choose', { ...step('glue-level'), option: 'full' });
    await value('runs.tick', step('material-ready'));
    await value('runs.tick', step('first-aid-box'));
    await value('runs.choose', { ...step('walkway-clear'), option: 'clear' });
    answers['runs.skip'] = await call('runs.skip', step('start-note'));
    answers['runs.complete'] = await call('runs.complete', { runId, actor });

    const carton = await value<RunView>('runs.start', { standardId: 'carton-quality-check', actor });
    const c = (stepId: string) => ({ runId: carton.runId, actor, stepId });
    await value('runs.tick', c('pick-sample'));
    answers['runs.measure'] = await call('runs.measure', { ...c('carton-weight'), value: 600 });
    answers['runs.reason'] = await call('runs.reason', { ...c('carton-weight'), reason: 'SCALE_BROKEN' });
    for (const [id, v] of [['carton-length', 300], ['carton-width', 210], ['carton-height', 60], ['glue-seam-width', 10]] as const) {
      await value('runs.measure', { ...c(id), value: v });
    }
    await value('runs.choose', { ...c('corners'), option: 'sharp' });
    await value('runs.choose', { ...c('logo-print'), option: 'clear' });
    await value('runs.tick', c('order-label'));
    answers['runs.note'] = await call('runs.note', { ...c('carton-note'), text: 'वज़न मशीन ख़राब है' });
    answers['runs.abandon'] = await call('runs.abandon', { runId: carton.runId, actor, reason: 'NEED_HELP' });
    answers['standards.get'] = await call('standards.get', { hash });
    answers['standards.picture'] = await call('standards.picture', { hash, stepId: 'clear-table' });
    answers['standards.audio'] = await call('standards.audio', { hash, stepId: 'clear-table', lang: 'hi' });
    answers['artisans.byBadge'] = await call('artisans.byBadge', { badge: '1001' });
    answers['artisans.setPrefs'] = await call('artisans.setPrefs', { artisanId: actor, prefs: { textScale: 150 } });
    // First-day set-up makes the supervisor (setup.start, then the station's people, then setup.finish).
    await setUpStation(value);
    answers['supervisor.unlock'] = await call('supervisor.unlock', { pin: TEST_SUPERVISOR.pin });
    const session = (answers['supervisor.unlock'] as { value: { session: string } }).value.session;
    answers['settings.update'] = await call('settings.update', { session, settings: { stationName: 'Gluing' } });
    answers['roster.save'] = await call('roster.save', { session, artisan: { id: 'new-one', name: 'New One' } });
    answers['roster.remove'] = await call('roster.remove', { session, artisanId: 'new-one' });
    // Procurement (the full flow on a simulated share is in procurement.test.ts): here, before anything was imported.
    answers['procurement.status'] = await call('procurement.status', { session });
    answers['procurement.ledger'] = await call('procurement.ledger', { session });
    expect(answers['procurement.ledger']).toMatchObject({ ok: true, value: { kind: 'duckdb' } });
    answers['procurement.setLedger'] = await call('procurement.setLedger', { session, kind: 'duckdb' });
    const refused: Partial<Record<ChannelName, Result<unknown>>> = {
      'procurement.import': await call('procurement.import', { session, source: '/no/such/share' }),
      'procurement.scorecard': await call('procurement.scorecard', { session }),
      'procurement.export': await call('procurement.export', { session, format: 'csv', out: '/no/such/out' }),
      // Enrolment (full flows in ledger/enrolment.test.ts and procurement/service.test.ts).
      'procurement.enrolment': await call('procurement.enrolment', { session }),
      'procurement.enrol': await call('procurement.enrol', { session, stationId: 'x', keyId: '0123456789abcdef' }),
      'procurement.enrolmentExport': await call('procurement.enrolmentExport', { session, file: '/no/such/list.json' }),
      'procurement.enrolmentImport': await call('procurement.enrolmentImport', { session, file: '/no/such/list.json' }),
      'procurement.suppliers': await call('procurement.suppliers', { session }),
      // Spoken notes are played only once imported into the review (full flow in spoken-notes.test.ts).
      'review.attachment': await call('review.attachment', { session, stationId: 'x', hash: 'ab'.repeat(32) }),
    };
    expect(refused).toMatchObject({
      'procurement.import': { ok: false, error: { code: 'SHARE_NOT_FOUND' } },
      'procurement.scorecard': { ok: false, error: { code: 'NO_LEDGER' } },
      'procurement.export': { ok: false, error: { code: 'NO_LEDGER' } },
      'procurement.enrolment': { ok: false, error: { code: 'NO_LEDGER' } },
      'procurement.enrol': { ok: false, error: { code: 'NO_LEDGER' } },
      'procurement.enrolmentExport': { ok: false, error: { code: 'NO_LEDGER' } },
      'procurement.enrolmentImport': { ok: false, error: { code: 'ENROLMENT_FILE_MISSING' } },
      'procurement.suppliers': { ok: false, error: { code: 'NO_LEDGER' } },
      'review.attachment': { ok: false, error: { code: 'ATTACHMENT_NOT_FOUND' } },
    });
    // Supervisor review (full flows in review-station.test.ts, review-share.test.ts and standards-publishing.test.ts).
    answers['review.refresh'] = await call('review.refresh', { session });
    for (let i = 0; i < 200 && (await value<{ state: string }>('review.status', { session })).state === 'refreshing'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    answers['review.status'] = await call('review.status', { session });
    answers['review.facets'] = await call('review.facets', { session });
    answers['review.history'] = await call('review.history', { session, filter: {} });
    answers['review.timeline'] = await call('review.timeline', { session, runId });
    answers['review.sign'] = await call('review.sign', { session, target: { runIds: [runId] }, meaning: 'reviewed' });
    answers['review.trends'] = await call('review.trends', { session, period: 'week' });
    // Help requests stay open until answered or closed: the completed run's (oldest first), and one in progress.
    const stuck = await value<RunView>('runs.start', { standardId: 'end-of-day-clean-down', actor });
    await value('runs.help', { runId: stuck.runId, actor, stepId: stuck.currentStepId });
    answers['help.open'] = await call('help.open', { session });
    const [early, request] = (answers['help.open'] as { value: Array<{ eventId: string; runId: string; stationId: string }> }).value;
    expect([early?.runId, request?.runId]).toEqual([runId, stuck.runId]);
    answers['help.seen'] = await call('help.seen', { session, eventId: request!.eventId, runId: stuck.runId, stationId: request!.stationId });
    answers['help.answer'] = await call('help.answer', { session, eventId: request!.eventId, runId: stuck.runId, stationId: request!.stationId });
    answers['help.close'] = await call('help.close', { session, eventId: early!.eventId, runId, stationId: early!.stationId, note: 'Answered in person' });
    expect(await value('help.open', { session })).toEqual([]);
    answers['standards.list'] = await call('standards.list', { session });
    const demoFile = join(STANDARDS, 'station-start-check.json');
    answers['standards.check'] = await call('standards.check', { session, source: { path: demoFile } });
    answers['standards.publish'] = await call('standards.publish', { session, source: { path: demoFile } });
    answers['standards.retire'] = await call('standards.retire', { session, id: 'end-of-day-clean-down', version: 1, reason: 'replaced by the new clean-down' });
    expect(answers['review.history']).toMatchObject({ ok: true, value: { counts: { runs: 2, completed: 1, abandoned: 1 } } });
    // Named supervisors, first-day set-up and the shared-folder check (full flows in setup-channels.test.ts).
    answers['supervisors.save'] = await call('supervisors.save', { session, supervisor: { name: 'Meena Iyer', pin: '135790' } });
    const meena = (answers['supervisors.save'] as { value: Array<{ id: string; name: string }> }).value.find((x) => x.name === 'Meena Iyer');
    answers['supervisors.remove'] = await call('supervisors.remove', { session, supervisorId: meena!.id });
    answers['supervisor.changePin'] = await call('supervisor.changePin', { session, pin: '246810' });
    answers['setup.confirm'] = await call('setup.confirm', { session, step: 'standards' });
    answers['sync.checkFolder'] = await call('sync.checkFolder', { session, path: e.dataDir });
    expect(answers['sync.checkFolder']).toMatchObject({ ok: true, value: { ok: true, path: e.dataDir, problems: [], stations: 0, usedByOtherStation: false } });
    answers['dialog.chooseFolder'] = await call('dialog.chooseFolder', { session });
    expect(answers['dialog.chooseFolder']).toEqual({ ok: true, value: { available: false } });
    // Set-up is done (setUpStation): nobody can start it again and claim the station; finishing again is harmless.
    refused['setup.start'] = await call('setup.start', { stationName: 'Gluing', supervisorName: 'Someone', pin: '123456' });
    expect(refused).toMatchObject({ 'setup.start': { ok: false, error: { code: 'SETUP_ALREADY_STARTED' } } });
    answers['setup.finish'] = await call('setup.finish', { session });
    expect(answers['setup.finish']).toMatchObject({ ok: true, value: { complete: true } });
    // The desktop channels in the browser harness: About from the station itself, the OS parts "not available".
    answers['app.about'] = await call('app.about', {});
    expect(answers['app.about']).toMatchObject({ ok: true, value: { name: 'Steadywork', shell: 'browser', dataDir: e.dataDir, keyId: expect.stringMatching(/^[0-9a-f]{16}$/), logDir: null } });
    answers['help.alerts'] = await call('help.alerts', {});
    expect(answers['help.alerts']).toEqual({ ok: true, value: { alerts: [], open: null } }); // answered above
    for (const [name, args] of [
      ['dialog.chooseFile', { session, purpose: 'standard' }],
      ['print.page', { mode: 'pdf', name: 'Checklist' }],
      ['logs.openFolder', { session }],
      ['kiosk.get', {}],
      ['kiosk.set', { session, prefs: { mode: 'kiosk' } }],
    ] as const) {
      answers[name] = await call(name, args);
      expect({ name, answer: answers[name] }).toEqual({ name, answer: { ok: true, value: { available: false } } });
    }
    answers['supervisor.lock'] = await call('supervisor.lock', { session });
    answers['sync.now'] = await call('sync.now', {});

    expect(Object.keys({ ...answers, ...refused }).sort()).toEqual([...CHANNEL_NAMES].sort());
    const failed = Object.entries(answers).filter(([, answer]) => !answer.ok);
    expect(failed).toEqual([]);
    expect(answers['runs.complete']).toMatchObject({ ok: true, value: { status: 'completed' } });
    expect(answers['runs.abandon']).toMatchObject({ ok: true, value: { status: 'abandoned' } });
    expect(answers['standards.picture']).toMatchObject({ ok: true, value: { dataUrl: expect.stringMatching(/^data:image\/svg\+xml;base64,/) } });
  });

  it('a full run: start, tick every step, complete; the routine shows as done', async () => {
    const { value } = await open(await env());
    let run = await value<RunView>('runs.start', { standardId: 'end-of-day-clean-down', actor });
    while (run.currentStepId !== null) {
      const step = run.steps.find((s) => s.id === run.currentStepId)!;
      const args = { runId: run.runId, actor, stepId: step.id };
      run =
        step.kind === 'choice' ? await value<RunView>('runs.choose', { ...args, option: 'emptied' })
        : step.kind === 'note' ? await value<RunView>('runs.note', { ...args, text: 'all clean' })
        : await value<RunView>('runs.tick', args);
    }
    expect((await value<RunView>('runs.complete', { runId: run.runId, actor })).status).toBe('completed');
    const due = await value<Array<{ standard: { id: string }; status: string }>>('routines.due', {});
    expect(due.find((d) => d.standard.id === 'end-of-day-clean-down')?.status).toBe('done');
    expect(await value<RunView[]>('runs.open', {})).toEqual([]);
  });

  it('lists the three demo routines', async () => {
    const { value } = await open(await env());
    const due = await value<Array<{ standard: { id: string } }>>('routines.due', {});
    expect(due.map((d) => d.standard.id).sort()).toEqual(['carton-quality-check', 'end-of-day-clean-down', 'station-start-check']);
  });

  it('refuses bad arguments at the boundary: BAD_ARGUMENTS, nothing recorded', async () => {
    const { app, call, value } = await open(await env());
    await value('routines.due', {});
    const run = await value<RunView>('runs.start', { standardId: 'station-start-check', actor });
    const before = app.head();
    const settingsBefore = JSON.stringify((await value<StationInfo>('station.info', {})).settings);
    const bad: Array<[ChannelName, unknown]> = [
      ['runs.tick', { runId: 'not-a-uuid', actor, stepId: 'clear-table' }],
      ['runs.tick', { runId: run.runId, actor: '', stepId: 'clear-table' }],
      ['runs.tick', { runId: run.runId, actor, stepId: 'clear-table', extra: 1 }],
      ['runs.measure', { runId: run.runId, actor, stepId: 'x', value: 'ten' }],
      ['runs.start', { standardId: 'station-start-check' }],
      ['runs.start', null],
      ['runs.start', 'station-start-check'],
      ['runs.note', { runId: run.runId, actor, stepId: 'start-note', text: 'x'.repeat(2001) }],
      ['routines.due', { all: true }],
      ['standards.get', { hash: 'abc' }],
      ['standards.picture', { hash: 'a'.repeat(64), stepId: '' }],
      ['artisans.byBadge', { badge: '' }],
      ['artisans.setPrefs', { artisanId: actor, prefs: { textScale: 500 } }],
      ['setup.start', { stationName: 'Gluing', supervisorName: 'Someone', pin: '2468' }],
      ['setup.start', { stationName: 'Gluing', supervisorName: 'Someone', pin: 'abcdef' }],
      ['supervisor.unlock', { pin: 1234 }],
      ['settings.update', { session: 'nope', settings: {} }],
      ['settings.update', { session: 'ab'.repeat(32), settings: { textScale: 50 } }],
      ['roster.save', { session: 'ab'.repeat(32), artisan: { id: 'Bad Id', name: 'x' } }],
      ['roster.remove', { session: 'ab'.repeat(32) }],
    ];
    for (const [name, args] of bad) {
      const r = await call(name, args);
      expect(r, `${name} ${JSON.stringify(args)}`).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    }
    expect(app.head()).toEqual(before);
    expect(JSON.stringify((await value<StationInfo>('station.info', {})).settings)).toBe(settingsBefore);
    expect((await value<RunView>('runs.get', { runId: run.runId })).steps.every((s) => s.status === 'pending')).toBe(true);
  });

  it('station.info: id, default settings, demo roster, no PIN yet, sync not set up, no standard problems', async () => {
    const { app, value } = await open(await env());
    const info = await value<StationInfo>('station.info', {});
    expect(info).toMatchObject({
      stationId: app.stationId,
      settings: { stationName: 'Station 1', language: 'en', theme: 'default', textScale: 100, scanMode: 'off', scanSpeedMs: 1500, readAloud: false },
      pinSet: false,
      sync: { state: 'not_set_up' },
      version: '9.9.9',
      shell: 'browser',
      standardProblems: [],
    });
    expect(info.roster).toHaveLength(4);
    expect(info.roster.map((a) => a.badge)).toEqual(['1001', '1002', '1003', '1004']);
    expect(info.roster.every((a) => a.photo === undefined)).toBe(true);
  });

  it('keeps the station id of an existing journal when the settings lost it', async () => {
    const e = await env();
    const first = await open(e);
    await first.value('routines.due', {});
    await first.app.close();
    const second = await open({ ...e, settings: memorySettingsStore() });
    expect(second.app.stationId).toBe(first.app.stationId);
    expect((await second.value<unknown[]>('routines.due', {})).length).toBe(3);
  });

  it('close() seals the journal; calls after it answer CLOSED', async () => {
    const e = await env();
    const { app, call, value } = await open(e);
    await value('runs.start', { standardId: 'station-start-check', actor });
    await app.close();
    await app.close();
    expect(await call('routines.due', {})).toMatchObject({ ok: false, error: { code: 'CLOSED' } });
    const segments = await readdir(join(e.dataDir, 'journal', 'segments'));
    const lines = (await Promise.all(segments.map((s) => readFile(join(e.dataDir, 'journal', 'segments', s), 'utf8')))).join('').trim().split('\n');
    expect((JSON.parse(lines.at(-1)!) as { type: string }).type).toMatch(/seal/);
    const report = await verifyJournalDir(join(e.dataDir, 'journal'));
    expect(report).toMatchObject({ ok: true });
  });
});
