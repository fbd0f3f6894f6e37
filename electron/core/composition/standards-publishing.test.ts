import { cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type DueItem, type KnownStandardVersion, type RunView, type StandardCheck,
} from '../../contract';
import { MemoryKeyStore } from '../journal';
import { memorySettingsStore } from '../settings';
import type { StandardDocument } from '../standards';
import { STANDARDS, TempDirs } from '../sync/test-support';
import { ManualClock } from '../time/clock';
import { createStationApp, type StationApp } from './station-app';
import { channelCaller, setUpStation, TEST_APP_DEFAULTS, TEST_SUPERVISOR, type Value } from './test-support';

/**
 * Standards publishing through the station app (the same handlers the Electron shell and the browser harness use):
 * a supervisor at one station publishes a new version to the shared folder; another station adopts it from its
 * effective date, while a run it started before keeps the version it started with. Plain Node, real files.
 */

const MONDAY_0805 = Date.parse('2026-11-23T08:05:00+05:30');
/** The effective day of version 2 (Wednesday), early morning in the stations' time zone. */
const WEDNESDAY_0005 = Date.parse('2026-11-25T00:05:00+05:30');
const TUESDAY_2355 = Date.parse('2026-11-24T23:55:00+05:30');
const CARTON = 'carton-quality-check';

const dirs = new TempDirs();
const apps: StationApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close().catch(() => undefined)));
  await dirs.cleanup();
});

async function station(root: string, name: string, clock: ManualClock, share: string) {
  const app = await createStationApp({ ...TEST_APP_DEFAULTS, dataDir: path.join(root, name), clock, keyStore: new MemoryKeyStore(), settings: memorySettingsStore() });
  apps.push(app);
  const { call, value } = channelCaller(app);
  await setUpStation(value);
  const { session } = await value<{ session: string }>('supervisor.unlock', { pin: TEST_SUPERVISOR.pin });
  await value('settings.update', { session, settings: { sharePath: share, stationName: name } });
  // The sync the new folder started ends before the test goes on: one still running when a run starts would push the
  // run's standard version to the share (as it should), which this test's first look does not expect.
  await value('sync.now');
  return { app, call, value, session };
}

async function setup() {
  const root = await dirs.make('sw-app-standards-');
  const share = path.join(root, 'share');
  await mkdir(share);
  const clock = new ManualClock(MONDAY_0805, 'Asia/Kolkata');
  const office = await station(root, 'office', clock, share);
  const bench = await station(root, 'bench', clock, share);
  // The supervisor's new version, next to a copy of the pictures, as it would be on the office PC.
  const work = path.join(root, 'work');
  await mkdir(work);
  await cp(path.join(STANDARDS, 'pictures'), path.join(work, 'pictures'), { recursive: true });
  const v1 = JSON.parse(await readFile(path.join(STANDARDS, `${CARTON}.json`), 'utf8')) as StandardDocument;
  const v2: StandardDocument = {
    ...v1,
    version: 2,
    effectiveFrom: '2026-11-25',
    steps: v1.steps.map((s) => (s.id === 'carton-weight' && s.kind === 'measurement' ? { ...s, limits: { min: 490, max: 510 } } : s)),
  };
  const v2file = path.join(work, 'carton-quality-check.v2.json');
  await writeFile(v2file, JSON.stringify(v2, null, 2));
  return { root, share, clock, office, bench, v2file, work };
}

/** Do every remaining step of a run the good way (values in the middle of the limits, the first acceptable option). */
async function finish(value: Value, run: RunView, actor: string, weight?: number): Promise<RunView> {
  const doc = await value<StandardDocument>('standards.get', { hash: run.standard.hash });
  let view = run;
  for (const s of doc.steps) {
    if (view.steps.find((x) => x.id === s.id)?.status !== 'pending') continue;
    const a = { runId: run.runId, actor, stepId: s.id };
    if (s.kind === 'tick') view = await value('runs.tick', a);
    else if (s.kind === 'measurement') {
      const mid = s.id === 'carton-weight' && weight !== undefined ? weight : ((s.limits.min ?? 0) + (s.limits.max ?? (s.limits.min ?? 0) + 2)) / 2;
      view = await value('runs.measure', { ...a, value: mid });
    } else if (s.kind === 'choice') view = await value('runs.choose', { ...a, option: s.options.find((o) => o.acceptable)?.value });
    else view = await value('runs.skip', a);
  }
  return value('runs.complete', { runId: run.runId, actor });
}

/** Every file under the share (relative path and size). */
async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(path.join(d, e.name), `${rel}${e.name}/`);
      else out.push(`${rel}${e.name}:${(await stat(path.join(d, e.name))).size}`);
    }
  };
  await walk(dir, '');
  return out.sort();
}

const dueCarton = async (value: Value) => (await value<DueItem[]>('routines.due')).find((d) => d.standard.id === CARTON);

describe('station app: publishing standards', () => {
  it('publish a new version: a station adopts it from its effective date while a run in progress keeps the old one', async () => {
    const { share, clock, office, bench, v2file } = await setup();

    // Monday: the bench starts the carton check on version 1 and does the first step.
    let old = await bench.value<RunView>('runs.start', { standardId: CARTON, actor: 'asha-devi' });
    expect(old.standard.version).toBe(1);
    old = await bench.value<RunView>('runs.tick', { runId: old.runId, actor: 'asha-devi', stepId: 'pick-sample' });

    // The supervisor, at the office, checks the new version: owner, version, effective date, what changed.
    const check = await office.value<StandardCheck>('standards.check', { session: office.session, source: { path: v2file } });
    expect(check).toMatchObject({
      ok: true,
      standard: { id: CARTON, version: 2, effectiveFrom: '2026-11-25', owner: 'Rahul Verma (Quality manager)' },
      previous: { version: 1, effectiveFrom: '2026-01-01' },
      alreadyPublished: false,
    });
    expect(check.changes).toEqual([
      expect.objectContaining({ change: 'changed', stepId: 'carton-weight', fields: [{ field: 'limits.min', before: '480', after: '490' }, { field: 'limits.max', before: '520', after: '510' }] }),
    ]);
    const published = await office.value<{ id: string; version: number; hash: string; file: string }>('standards.publish', { session: office.session, source: { path: v2file } });
    expect(published).toMatchObject({ id: CARTON, version: 2, hash: check.standard?.hash, file: path.join(share, 'standards', 'carton-quality-check.v2.json') });
    const list = await office.value<KnownStandardVersion[]>('standards.list', { session: office.session });
    expect(list.filter((v) => v.id === CARTON).map((v) => [v.version, v.state, v.published])).toEqual([
      [1, 'current', false],
      [2, 'upcoming', true],
    ]);

    // The bench syncs: it has version 2 now, but it is not in force before Wednesday.
    await bench.value('sync.now');
    expect(await readdir(path.join(path.dirname(share), 'bench', 'standards'))).toContain('carton-quality-check.v2.json');
    clock.set(TUESDAY_2355);
    expect((await dueCarton(bench.value))?.standard.version).toBe(1);

    // Wednesday (station time zone; still Tuesday in UTC): version 2 is in force. The run started on Monday stays on version 1.
    clock.set(WEDNESDAY_0005);
    const due = await dueCarton(bench.value);
    expect(due).toMatchObject({ standard: { version: 2, hash: published.hash }, status: 'in_progress', runId: old.runId });
    const resumed = await bench.value<RunView>('runs.start', { standardId: CARTON, actor: 'asha-devi' });
    expect(resumed.runId).toBe(old.runId);
    expect(resumed.standard).toEqual(old.standard);
    // 485 g: inside version 1's limits (480–520), outside version 2's (490–510).
    const done = await finish(bench.value, resumed, 'asha-devi', 485);
    expect(done.status).toBe('completed');
    expect(done.standard.version).toBe(1);
    expect(done.steps.find((s) => s.id === 'carton-weight')).toMatchObject({ value: 485, acceptable: true });

    // A new run today uses version 2, with its new limits.
    const fresh = await bench.value<RunView>('runs.start', { standardId: CARTON, actor: 'ravi-kumar' });
    expect(fresh.runId).not.toBe(old.runId);
    expect(fresh.standard).toEqual({ id: CARTON, version: 2, hash: published.hash });
    await bench.value('runs.tick', { runId: fresh.runId, actor: 'ravi-kumar', stepId: 'pick-sample' });
    const weighed = await bench.value<RunView>('runs.measure', { runId: fresh.runId, actor: 'ravi-kumar', stepId: 'carton-weight', value: 485 });
    expect(weighed.steps.find((s) => s.id === 'carton-weight')).toMatchObject({ value: 485, acceptable: false });
    // The old run is still shown with version 1.
    expect((await bench.value<RunView>('runs.get', { runId: old.runId })).standard.version).toBe(1);

    // The office station adopted it too (it pulled what it published).
    expect((await dueCarton(office.value))?.standard.version).toBe(2);
  });

  it('an invalid standard file shows a clear error and changes nothing (share, stations)', async () => {
    const { share, office, bench, work } = await setup();
    await bench.value('sync.now');
    const shareBefore = await tree(share);
    const benchList = await bench.value<KnownStandardVersion[]>('standards.list', { session: bench.session });

    const v1 = JSON.parse(await readFile(path.join(STANDARDS, `${CARTON}.json`), 'utf8')) as Record<string, unknown>;
    const bad = { ...v1, version: 2, effectiveFrom: '2026-02-30', steps: [] };
    const badFile = path.join(work, 'carton-bad.json');
    await writeFile(badFile, JSON.stringify(bad, null, 2));
    const check = await office.value<StandardCheck>('standards.check', { session: office.session, source: { path: badFile } });
    expect(check.ok).toBe(false);
    expect(check.standard).toBeNull();
    const fields = check.problems.filter((p) => p.severity === 'error').map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['effectiveFrom', 'steps']));
    for (const p of check.problems) expect(p.message.startsWith(`${badFile}: `)).toBe(true);

    const r = await office.call('standards.publish', { session: office.session, source: { path: badFile } });
    expect(r).toMatchObject({ ok: false, error: { code: 'STANDARD_INVALID', message: expect.stringMatching(/^Nothing was published\. .*effectiveFrom/) } });
    // Pasted text that is not JSON: refused the same way.
    const text = await office.call('standards.publish', { session: office.session, source: { name: 'carton.json', text: '{ "id": "carton-quality-check", }' } });
    expect(text).toMatchObject({ ok: false, error: { code: 'STANDARD_INVALID', message: expect.stringMatching(/carton\.json: .*line 1/) } });

    expect(await tree(share)).toEqual(shareBefore);
    await bench.value('sync.now');
    expect(await bench.value<KnownStandardVersion[]>('standards.list', { session: bench.session })).toEqual(benchList);
    expect((await dueCarton(bench.value))?.standard.version).toBe(1);
  });

  it('retire: new runs no longer start on the version; a run in progress on it finishes on it', async () => {
    const { root, clock, office, bench, v2file, share } = await setup();
    await office.value('standards.publish', { session: office.session, source: { path: v2file } });
    clock.set(WEDNESDAY_0005);
    await bench.value('sync.now');
    const onV2 = await bench.value<RunView>('runs.start', { standardId: CARTON, actor: 'asha-devi' });
    expect(onV2.standard.version).toBe(2);

    // Two days later the supervisor enters the PIN again (a session ends after 10 minutes without use).
    const { session } = await office.value<{ session: string }>('supervisor.unlock', { pin: TEST_SUPERVISOR.pin });
    expect(await office.call('standards.retire', { session, id: CARTON, version: 2, reason: 'The new weight limits are too tight.' })).toEqual({ ok: true, value: null });
    expect(JSON.parse(await readFile(path.join(share, 'standards', 'retired', 'carton-quality-check.v2.json'), 'utf8'))).toMatchObject({ reason: 'The new weight limits are too tight.', by: { stationName: 'office' } });
    // Publishing and retiring are journal events naming the supervisor who did them (issue 10).
    const who = (await office.value<{ supervisors: Array<{ id: string; name: string }> }>('station.info')).supervisors[0]!;
    const journal = path.join(root, 'office', 'journal', 'segments');
    const lines = (await Promise.all((await readdir(journal)).filter((f) => f.endsWith('.jsonl')).sort().map((f) => readFile(path.join(journal, f), 'utf8'))))
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string; actor: string; standard?: { id: string; version: number }; reason?: string; data?: Record<string, unknown> });
    expect(lines.find((l) => l.type === 'standard.published')).toMatchObject({ actor: 'supervisor', standard: { id: CARTON, version: 2 }, data: { signer: who.name, supervisorId: who.id } });
    expect(lines.find((l) => l.type === 'standard.retired')).toMatchObject({ actor: 'supervisor', reason: 'The new weight limits are too tight.', data: { signer: who.name, supervisorId: who.id, id: CARTON, version: 2 } });
    expect(lines.find((l) => l.type === 'settings.changed')).toMatchObject({ data: { signer: who.name, changed: ['sharePath', 'stationName'], sharePath: share } });
    await bench.value('sync.now');
    const benchSession = (await bench.value<{ session: string }>('supervisor.unlock', { pin: TEST_SUPERVISOR.pin })).session;
    expect((await bench.value<KnownStandardVersion[]>('standards.list', { session: benchSession })).filter((v) => v.id === CARTON).map((v) => v.state)).toEqual(['current', 'retired']);
    expect(await dueCarton(bench.value)).toMatchObject({ standard: { version: 1 }, status: 'in_progress', runId: onV2.runId });

    const done = await finish(bench.value, onV2, 'asha-devi', 500);
    expect(done).toMatchObject({ status: 'completed', standard: { version: 2 } });
    const next = await bench.value<RunView>('runs.start', { standardId: CARTON, actor: 'asha-devi' });
    expect(next.standard.version).toBe(1);
  });

  it('only a supervisor: every standards channel checks the session first', async () => {
    const { office, v2file, share } = await setup();
    for (const [name, args] of [
      ['standards.list', {}],
      ['standards.check', { source: { path: v2file } }],
      ['standards.publish', { source: { path: v2file } }],
      ['standards.retire', { id: CARTON, version: 1, reason: 'x' }],
    ] as const) {
      expect(await office.call(name, { ...args, session: 'ab'.repeat(16) })).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
    }
    expect(await office.call('standards.publish', { session: office.session, source: { path: 'relative.json' } })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    expect(await tree(path.join(share, 'standards'))).toEqual([]);
  });
});
