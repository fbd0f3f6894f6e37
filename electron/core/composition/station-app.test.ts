import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, guardedHandlers, type ChannelName, type RunView, type StationInfo } from '../../contract';
import { MemoryKeyStore, verifyJournalDir } from '../journal';
import { confSettingsStore, memorySettingsStore, type SettingsStore } from '../settings';
import { ManualClock } from '../time/clock';
import type { Result } from '../../contract/result';
import { createStationApp, DEMO_ROSTER, type StationApp } from './station-app';

const STANDARDS = resolve(__dirname, '../../../assets/standards');
const FRIDAY_0805_IST = Date.parse('2026-11-27T08:05:00+05:30');
const cheap = { N: 1024, r: 8, p: 1, keyLen: 32 };
const actor = 'asha-devi';

const dirs: string[] = [];
const apps: StationApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close().catch(() => undefined)));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'sw-app-'));
  dirs.push(d);
  return d;
}

type Env = { dataDir: string; clock: ManualClock; keyStore: MemoryKeyStore; settings: SettingsStore; standardsDir?: string };

async function env(overrides: Partial<Env> = {}): Promise<Env> {
  return {
    dataDir: overrides.dataDir ?? (await tempDir()),
    clock: overrides.clock ?? new ManualClock(FRIDAY_0805_IST, 'Asia/Kolkata'),
    keyStore: overrides.keyStore ?? new MemoryKeyStore(),
    settings: overrides.settings ?? memorySettingsStore(),
    ...(overrides.standardsDir ? { standardsDir: overrides.standardsDir } : {}),
  };
}

async function open(e: Env) {
  const app = await createStationApp({
    dataDir: e.dataDir,
    clock: e.clock,
    keyStore: e.keyStore,
    bundledStandardsDir: e.standardsDir ?? STANDARDS,
    settings: e.settings,
    shell: 'browser',
    version: '9.9.9',
    scryptParams: cheap,
    onWarning: () => {},
  });
  apps.push(app);
  const h = guardedHandlers(app.impl);
  const call = async <T = unknown>(name: ChannelName, args?: unknown): Promise<Result<T>> => (await h[name](args)) as Result<T>;
  const value = async <T = unknown>(name: ChannelName, args?: unknown): Promise<T> => {
    const r = await call<T>(name, args);
    if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  return { app, call, value };
}

async function unlock(value: Awaited<ReturnType<typeof open>>['value'], pin = '2468'): Promise<string> {
  const r = await value<{ unlocked: boolean; session?: string }>('supervisor.unlock', { pin });
  if (!r.unlocked || !r.session) throw new Error('not unlocked');
  return r.session;
}

describe('createStationApp', () => {
  it('answers every channel of the contract', async () => {
    const { app, call, value } = await open(await env());
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
    answers['artisans.byBadge'] = await call('artisans.byBadge', { badge: '1001' });
    answers['artisans.setPrefs'] = await call('artisans.setPrefs', { artisanId: actor, prefs: { textScale: 150 } });
    answers['supervisor.setPin'] = await call('supervisor.setPin', { pin: '2468' });
    answers['supervisor.unlock'] = await call('supervisor.unlock', { pin: '2468' });
    const session = (answers['supervisor.unlock'] as { value: { session: string } }).value.session;
    answers['settings.update'] = await call('settings.update', { session, settings: { stationName: 'Gluing' } });
    answers['roster.save'] = await call('roster.save', { session, artisan: { id: 'new-one', name: 'New One' } });
    answers['roster.remove'] = await call('roster.remove', { session, artisanId: 'new-one' });
    // Procurement (the full flow on a simulated share is in procurement.test.ts): here, before anything was imported.
    answers['procurement.status'] = await call('procurement.status', { session });
    const refused = {
      'procurement.import': await call('procurement.import', { session, source: '/no/such/share' }),
      'procurement.scorecard': await call('procurement.scorecard', { session }),
      'procurement.export': await call('procurement.export', { session, format: 'csv', out: '/no/such/out' }),
    };
    expect(refused).toMatchObject({
      'procurement.import': { ok: false, error: { code: 'SHARE_NOT_FOUND' } },
      'procurement.scorecard': { ok: false, error: { code: 'NO_LEDGER' } },
      'procurement.export': { ok: false, error: { code: 'NO_LEDGER' } },
    });
    // Supervisor review (full flows in station-app-review.test.ts and station-app-standards.test.ts).
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
    // A help request is open while its run is in progress.
    const stuck = await value<RunView>('runs.start', { standardId: 'end-of-day-clean-down', actor });
    await value('runs.help', { runId: stuck.runId, actor, stepId: stuck.currentStepId });
    answers['help.open'] = await call('help.open', { session });
    const request = (answers['help.open'] as { value: Array<{ eventId: string; runId: string; stationId: string }> }).value[0];
    expect(request?.runId).toBe(stuck.runId);
    answers['help.answer'] = await call('help.answer', { session, eventId: request!.eventId, runId: stuck.runId, stationId: request!.stationId });
    expect(await value('help.open', { session })).toEqual([]);
    answers['standards.list'] = await call('standards.list', { session });
    const demoFile = join(STANDARDS, 'station-start-check.json');
    answers['standards.check'] = await call('standards.check', { session, source: { path: demoFile } });
    answers['standards.publish'] = await call('standards.publish', { session, source: { path: demoFile } });
    answers['standards.retire'] = await call('standards.retire', { session, id: 'end-of-day-clean-down', version: 1, reason: 'replaced by the new clean-down' });
    expect(answers['review.history']).toMatchObject({ ok: true, value: { counts: { runs: 2, completed: 1, abandoned: 1 } } });
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
      ['supervisor.setPin', { pin: '12' }],
      ['supervisor.setPin', { pin: 'abcd' }],
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

  it('seeds the demo roster once: removing everyone does not bring it back', async () => {
    const e = await env();
    const first = await open(e);
    await first.value('supervisor.setPin', { pin: '2468' });
    const session = await unlock(first.value);
    for (const a of DEMO_ROSTER) await first.value('roster.remove', { session, artisanId: a.id });
    await first.app.close();
    const second = await open(e);
    expect((await second.value<StationInfo>('station.info', {})).roster).toEqual([]);
  });

  it('artisans.byBadge finds the artisan, or answers BADGE_UNKNOWN with a message', async () => {
    const { call, value } = await open(await env());
    expect(await value('artisans.byBadge', { badge: '1002' })).toMatchObject({ id: 'ravi-kumar', name: 'Ravi Kumar' });
    expect(await value('artisans.byBadge', { badge: ' 1003 ' })).toMatchObject({ id: 'farida-begum' });
    const unknown = await call('artisans.byBadge', { badge: '9999' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'BADGE_UNKNOWN', message: expect.stringMatching(/badge/) } });
  });

  it('artisans.setPrefs changes only that artisan\'s prefs, without a PIN', async () => {
    const { call, value } = await open(await env());
    const updated = await value('artisans.setPrefs', { artisanId: 'ravi-kumar', prefs: { textScale: 175, theme: 'high-contrast', language: 'hi' } });
    expect(updated).toEqual({ id: 'ravi-kumar', name: 'Ravi Kumar', badge: '1002', prefs: { textScale: 175, theme: 'high-contrast', language: 'hi' } });
    const info = await value<StationInfo>('station.info', {});
    expect(info.roster.find((a) => a.id === 'ravi-kumar')?.prefs).toEqual({ textScale: 175, theme: 'high-contrast', language: 'hi' });
    expect(info.roster.find((a) => a.id === 'asha-devi')?.prefs).toEqual({});
    expect(info.settings.textScale).toBe(100);
    expect(await call('artisans.setPrefs', { artisanId: 'nobody', prefs: {} })).toMatchObject({ ok: false, error: { code: 'ARTISAN_NOT_FOUND' } });
  });

  it('settings and roster changes need a supervisor session', async () => {
    const { call, value } = await open(await env());
    const fake = 'ab'.repeat(32);
    for (const [name, args] of [
      ['settings.update', { session: fake, settings: { stationName: 'X' } }],
      ['roster.save', { session: fake, artisan: { id: 'x', name: 'X' } }],
      ['roster.remove', { session: fake, artisanId: 'asha-devi' }],
    ] as Array<[ChannelName, unknown]>) {
      expect(await call(name, args)).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED', message: expect.stringMatching(/PIN/) } });
    }
    expect((await value<StationInfo>('station.info', {})).roster).toHaveLength(4);

    await value('supervisor.setPin', { pin: '2468' });
    const session = await unlock(value);
    expect(await value('settings.update', { session, settings: { stationName: 'Gluing', theme: 'high-contrast' } })).toMatchObject({ stationName: 'Gluing', theme: 'high-contrast', textScale: 100 });
    const roster = await value<Array<{ id: string }>>('roster.save', { session, artisan: { id: 'kavita-rao', name: 'Kavita Rao', badge: '2001' } });
    expect(roster.map((a) => a.id)).toContain('kavita-rao');
    expect(await value('artisans.byBadge', { badge: '2001' })).toMatchObject({ id: 'kavita-rao', prefs: {} });
    // Editing keeps the place; a badge belongs to one person only.
    expect((await value<Array<{ id: string; name: string }>>('roster.save', { session, artisan: { id: 'asha-devi', name: 'Asha D.', badge: '1001' } }))[0]).toMatchObject({ id: 'asha-devi', name: 'Asha D.' });
    expect(await call('roster.save', { session, artisan: { id: 'kavita-rao', name: 'Kavita Rao', badge: '1002' } })).toMatchObject({ ok: false, error: { code: 'BADGE_TAKEN' } });
    expect((await value<unknown[]>('roster.remove', { session, artisanId: 'kavita-rao' }))).toHaveLength(4);
    expect(await call('roster.remove', { session, artisanId: 'kavita-rao' })).toMatchObject({ ok: false, error: { code: 'ARTISAN_NOT_FOUND' } });
    // After lock the session is gone.
    await value('supervisor.lock', { session });
    expect(await call('settings.update', { session, settings: { stationName: 'Y' } })).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
  });

  it('a supervisor session ends after 10 minutes without use', async () => {
    const e = await env();
    const { call, value } = await open(e);
    await value('supervisor.setPin', { pin: '2468' });
    const session = await unlock(value);
    e.clock.advance(9 * 60_000);
    expect((await call('settings.update', { session, settings: { readAloud: true } })).ok).toBe(true);
    e.clock.advance(9 * 60_000);
    expect((await call('settings.update', { session, settings: { readAloud: false } })).ok).toBe(true);
    e.clock.advance(10 * 60_000);
    expect(await call('settings.update', { session, settings: { readAloud: true } })).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
  });

  it('PIN: set on first run, unlock, wrong PINs lock it out, and the lockout survives a restart', async () => {
    const dataDir = await tempDir();
    const e = await env({ dataDir, settings: confSettingsStore(dataDir, { onWarning: () => {} }) });
    const first = await open(e);
    expect((await first.value<StationInfo>('station.info', {})).pinSet).toBe(false);
    expect(await first.call('supervisor.unlock', { pin: '2468' })).toMatchObject({ ok: false, error: { code: 'PIN_NOT_SET' } });
    await first.value('supervisor.setPin', { pin: '2468' });
    expect((await first.value<StationInfo>('station.info', {})).pinSet).toBe(true);
    expect(await first.call('supervisor.setPin', { pin: '1357' })).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
    await unlock(first.value);
    for (let i = 1; i <= 4; i++) expect(await first.value('supervisor.unlock', { pin: '0000' })).toEqual({ unlocked: false, attemptsLeft: 5 - i });
    expect(await first.value('supervisor.unlock', { pin: '0000' })).toMatchObject({ unlocked: false, attemptsLeft: 0, lockedUntil: expect.any(String) });
    expect(await first.value('supervisor.unlock', { pin: '2468' })).toMatchObject({ unlocked: false, lockedUntil: expect.any(String) });
    await first.app.close();

    // A new app instance on the same data folder (settings re-read from disk): still locked.
    const second = await open({ ...e, settings: confSettingsStore(dataDir, { onWarning: () => {} }) });
    const locked = await second.value<{ unlocked: boolean; lockedUntil?: string }>('supervisor.unlock', { pin: '2468' });
    expect(locked).toMatchObject({ unlocked: false, lockedUntil: new Date(FRIDAY_0805_IST + 5 * 60_000).toISOString() });
    e.clock.advance(5 * 60_000);
    expect(await second.value('supervisor.unlock', { pin: '2468' })).toMatchObject({ unlocked: true });
    expect(second.app.stationId).toBe(first.app.stationId);
  });

  it('standards.picture: the step picture as a data: URL with its alt text; null for a step without one', async () => {
    const { call, value } = await open(await env());
    const due = await value<Array<{ standard: { id: string; hash: string } }>>('routines.due', {});
    const hash = due.find((d) => d.standard.id === 'station-start-check')!.standard.hash;
    const picture = await value<{ dataUrl: string; alt?: { en: string } }>('standards.picture', { hash, stepId: 'clear-table' });
    const svg = await readFile(join(STANDARDS, 'pictures', 'clear-table.svg'));
    expect(picture.dataUrl).toBe(`data:image/svg+xml;base64,${svg.toString('base64')}`);
    const doc = await value<{ steps: Array<{ id: string; media?: { pictureAlt?: unknown } }> }>('standards.get', { hash });
    const alt = doc.steps.find((s) => s.id === 'clear-table')?.media?.pictureAlt;
    if (alt) expect(picture.alt).toEqual(alt);
    expect(await call('standards.picture', { hash, stepId: 'no-such-step' })).toMatchObject({ ok: false, error: { code: 'STEP_NOT_FOUND' } });
    expect(await call('standards.picture', { hash: 'f'.repeat(64), stepId: 'clear-table' })).toMatchObject({ ok: false, error: { code: 'STANDARD_MISSING' } });
  });

  it('standards.picture: null without a picture; refuses a missing or too large file with a message', async () => {
    const dir = await tempDir();
    const base = JSON.parse(await readFile(join(STANDARDS, 'end-of-day-clean-down.json'), 'utf8')) as { steps: Array<{ media?: { picture?: string } }> };
    delete base.steps[0]!.media;
    base.steps[1]!.media = { picture: 'pictures/missing.svg' };
    base.steps[2]!.media = { picture: 'pictures/huge.png' };
    await writeFile(join(dir, 'end-of-day-clean-down.json'), JSON.stringify(base));
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'pictures'));
    await writeFile(join(dir, 'pictures', 'huge.png'), Buffer.alloc(1024 * 1024 + 1));
    const { value, call } = await open(await env({ standardsDir: dir }));
    const hash = (await value<Array<{ standard: { hash: string } }>>('routines.due', {}))[0]!.standard.hash;
    const [s0, s1, s2] = (await value<{ steps: Array<{ id: string }> }>('standards.get', { hash })).steps;
    expect(await value('standards.picture', { hash, stepId: s0!.id })).toBeNull();
    expect(await call('standards.picture', { hash, stepId: s1!.id })).toMatchObject({ ok: false, error: { code: 'PICTURE_UNAVAILABLE', message: expect.stringMatching(/missing\.svg/) } });
    expect(await call('standards.picture', { hash, stepId: s2!.id })).toMatchObject({ ok: false, error: { code: 'PICTURE_UNAVAILABLE', message: expect.stringMatching(/1 MB/) } });
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
