/** First-day set-up, named supervisors and the shared folder, through the composition root as the screens call them. */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FolderCheck, RunView, StationInfo, StationSettings, SupervisorRef, SyncStatus } from '../../contract';
import { nodeFolderCheckFs } from '../sync/folder-check';
import { actor, closeStations, env, open, tempDir } from './station-test-support';

afterEach(closeStations);

const START = { stationName: 'Gluing bench 1', timeZone: 'America/New_York', supervisorName: 'Meena Iyer', pin: '135790' };
type Opened = { session: string; supervisor: SupervisorRef };

describe('first-day set-up', () => {
  it('a fresh station is being set up; setup.start names it, creates the first supervisor and opens their session, once', async () => {
    const { call, value } = await open(await env());
    const fresh = await value<StationInfo>('station.info', {});
    expect(fresh.setup).toEqual({ complete: false, steps: { station: false, supervisor: false, people: true, share: false, standards: false } });
    expect(fresh.supervisors).toEqual([]);

    expect(await call('setup.start', { ...START, pin: '1234' })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS', message: expect.stringContaining('6 to 12 digits') } });
    expect(await call('setup.start', { ...START, timeZone: 'Mars/Olympus' })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    const opened = await value<Opened>('setup.start', START);
    expect(opened.supervisor.name).toBe('Meena Iyer');

    const info = await value<StationInfo>('station.info', {});
    expect(info.settings).toMatchObject({ stationName: 'Gluing bench 1', timeZone: 'America/New_York' });
    expect(info.supervisors).toEqual([opened.supervisor]);
    expect(JSON.stringify(info)).not.toContain('scrypt');
    // The untouched demo roster is gone: set-up starts from an empty list of people.
    expect(info.roster).toEqual([]);
    expect(info.setup).toEqual({ complete: false, steps: { station: true, supervisor: true, people: false, share: false, standards: false } });

    // Afterwards set-up is closed: nobody else can claim the station.
    expect(await call('setup.start', { ...START, supervisorName: 'Intruder' })).toMatchObject({ ok: false, error: { code: 'SETUP_ALREADY_STARTED', message: expect.stringContaining('already has a supervisor') } });
    expect(await call('supervisor.changePin', { pin: '246802' })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    expect(await call('supervisor.changePin', { session: 'ab'.repeat(32), pin: '246802' })).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
    expect((await value<StationInfo>('station.info', {})).supervisors).toHaveLength(1);
  });

  it('finish needs a person; confirmed steps are flagged; the station clock takes the station time zone', async () => {
    const { call, value } = await open(await env());
    const { session } = await value<Opened>('setup.start', START);
    expect(await call('setup.finish', { session })).toMatchObject({ ok: false, error: { code: 'SETUP_NOT_READY', message: expect.stringContaining('add at least one person') } });
    await value('roster.save', { session, artisan: { id: 'asha-devi', name: 'Asha Devi', prefs: {} } });
    await value('setup.confirm', { session, step: 'share' });
    expect(await value('setup.confirm', { session, step: 'standards' })).toEqual({ complete: false, steps: { station: true, supervisor: true, people: true, share: true, standards: true } });
    expect(await value('setup.finish', { session })).toMatchObject({ complete: true });
    expect((await value<StationInfo>('station.info', {})).setup.complete).toBe(true);
    expect(await call('setup.finish', { session: 'ab'.repeat(32) })).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
    // 08:05 in Kolkata is 21:35 the day before in New York: the run's time carries New York's offset.
    const run = await value<RunView>('runs.start', { standardId: 'station-start-check', actor: 'asha-devi' });
    expect(run.startedAt).toMatch(/^2026-11-26T21:35:00\.000-05:00$/);
  });
});

describe('named supervisors through the channels', () => {
  it('who signs is the supervisor of the session; the old supervisorName setting renames the one signed in', async () => {
    const { call, value } = await open(await env());
    const { session, supervisor } = await value<Opened>('setup.start', START);
    const list = await value<SupervisorRef[]>('supervisors.save', { session, supervisor: { name: 'Ravi Shah', pin: '246801' } });
    const ravi = list.find((s) => s.name === 'Ravi Shah')!;
    expect(await call('supervisors.save', { session, supervisor: { name: 'Short Pin', pin: '1234' } })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    expect(await call('supervisor.unlock', { pin: '246801' })).toMatchObject({ ok: false, error: { code: 'CHOOSE_SUPERVISOR' } });
    const r = await value<Opened & { unlocked: boolean }>('supervisor.unlock', { supervisorId: ravi.id, pin: '246801' });
    expect(r).toMatchObject({ unlocked: true, supervisor: { id: ravi.id, name: 'Ravi Shah' } });
    await value('settings.update', { session: r.session, settings: { supervisorName: 'Ravi K. Shah' } });
    expect((await value<StationInfo>('station.info', {})).supervisors).toEqual([supervisor, { id: ravi.id, name: 'Ravi K. Shah' }]);
    expect(await value('supervisors.remove', { session, supervisorId: ravi.id })).toEqual([supervisor]);
    expect(await call('supervisors.remove', { session, supervisorId: supervisor.id })).toMatchObject({ ok: false, error: { code: 'LAST_SUPERVISOR' } });
    expect(await call('settings.update', { session: r.session, settings: { readAloud: true } })).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
  });
});

describe('the shared folder', () => {
  it('settings.update refuses a folder with a problem: nothing written; a good one is taken; changing it leaves published segments alone', async () => {
    const root = await tempDir();
    const { call, value, app } = await open(await env());
    const { session } = await value<Opened>('setup.start', START);
    const before = JSON.stringify((await value<StationInfo>('station.info', {})).settings);
    await writeFile(join(root, 'a-file'), 'x');
    const other = join(root, 'other');
    await mkdir(join(other, 'stations', app.stationId), { recursive: true });
    await writeFile(join(other, 'stations', app.stationId, 'station.json'), JSON.stringify({ stationId: app.stationId, publicKey: 'THEIRS' }));
    for (const [folder, code] of [[join(root, 'missing'), 'MISSING'], [join(root, 'a-file'), 'NOT_A_FOLDER'], [other, 'USED_BY_OTHER_STATION']] as const) {
      const check = await value<FolderCheck>('sync.checkFolder', { session, path: folder });
      expect({ folder, codes: check.problems.map((p) => p.code) }).toEqual({ folder, codes: [code] });
      const refused = await call('settings.update', { session, settings: { sharePath: folder } });
      expect(refused).toMatchObject({ ok: false, error: { code: 'SHARE_FOLDER_REFUSED', message: expect.stringContaining(folder) } });
    }
    expect(await readdir(join(root, 'missing')).catch(() => 'absent')).toBe('absent');
    expect(JSON.stringify((await value<StationInfo>('station.info', {})).settings)).toBe(before);

    const first = join(root, 'first');
    await mkdir(first);
    await value('roster.save', { session, artisan: { id: 'asha-devi', name: 'Asha Devi', prefs: {} } });
    const run = await value<RunView>('runs.start', { standardId: 'station-start-check', actor: 'asha-devi' });
    await value('runs.abandon', { runId: run.runId, actor, reason: 'NEED_HELP' });
    expect((await value<StationSettings>('settings.update', { session, settings: { sharePath: first } })).sharePath).toBe(first);
    expect(await value<SyncStatus>('sync.now')).toMatchObject({ state: 'up_to_date' });
    const segments = join(first, 'stations', app.stationId, 'segments');
    const published = await readdir(segments);
    expect(published.length).toBeGreaterThan(0);
    // The folder it already publishes to checks fine (its own station.json), and a new one is taken; the old one is untouched.
    expect(await value<FolderCheck>('sync.checkFolder', { session, path: first })).toMatchObject({ ok: true, stations: 1, usedByOtherStation: false });
    const second = join(root, 'second');
    await mkdir(second);
    await value('settings.update', { session, settings: { sharePath: second } });
    expect(await readdir(segments)).toEqual(published);
    await rm(second, { recursive: true });
  });

  it('a read-only share (the check\'s file operations refuse) is refused by settings.update', async () => {
    const root = await tempDir();
    const e = await env();
    const { call, value } = await open(e, { folderCheckFs: { ...nodeFolderCheckFs, create: async () => Promise.reject(Object.assign(new Error('EROFS'), { code: 'EROFS' })) } });
    const { session } = await value<Opened>('setup.start', START);
    expect(await call('settings.update', { session, settings: { sharePath: root } })).toMatchObject({ ok: false, error: { code: 'SHARE_FOLDER_REFUSED', message: expect.stringContaining('cannot create files') } });
    expect((await value<StationInfo>('station.info', {})).settings.sharePath).toBeUndefined();
  });
});
