import { cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pullStandards, pulledStandardFileName } from './pull-standards';
import { nodeShareFs, type ShareFs } from './share-fs';
import { STANDARDS, TempDirs } from './test-support';
import { ManualClock } from '../time/clock';
import { loadStandardsFromDir, StandardRegistry, type StandardDocument } from '../standards';
import { StandardsPublisher } from './standards-publisher';

/** Monday 2026-11-23, 08:05 in Kolkata. */
const MONDAY_0805 = Date.parse('2026-11-23T08:05:00+05:30');
const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

const demoJson = async (id = 'carton-quality-check'): Promise<StandardDocument> => JSON.parse(await readFile(path.join(STANDARDS, `${id}.json`), 'utf8')) as StandardDocument;

/** Every file under a folder (relative paths), to prove that nothing changed. */
async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string) => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) await walk(path.join(d, e.name), `${rel}${e.name}/`);
      else out.push(`${rel}${e.name}:${(await stat(path.join(d, e.name))).size}`);
    }
  };
  await walk(dir, '');
  return out.sort();
}

async function setup(opts: { share?: boolean; fs?: ShareFs; timeoutMs?: number } = {}) {
  const root = await dirs.make('sw-publish-');
  const share = path.join(root, 'share');
  if (opts.share !== false) await mkdir(share);
  const localDir = path.join(root, 'data', 'standards');
  const work = path.join(root, 'work');
  await mkdir(work);
  await cp(path.join(STANDARDS, 'pictures'), path.join(work, 'pictures'), { recursive: true });
  const clock = new ManualClock(MONDAY_0805, 'Asia/Kolkata');
  let sharePath: string | undefined = opts.share === false ? undefined : share;
  let changed = 0;
  const publisher = new StandardsPublisher({
    stationDirs: () => [STANDARDS],
    localDir,
    sharePath: () => sharePath,
    clock,
    station: () => ({ stationId: 'b17246e8-26e1-4693-a1db-432dc562c119', stationName: 'Gluing bench 1' }),
    onChanged: async () => {
      changed++;
    },
    ...(opts.fs ? { fs: opts.fs } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
  /** Write a standard file into the work folder (next to a copy of the demo pictures). */
  const file = async (name: string, doc: unknown): Promise<string> => {
    const p = path.join(work, name);
    await writeFile(p, typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
    return p;
  };
  const v2 = async (over: Partial<StandardDocument> = {}) => {
    const doc = await demoJson();
    return { ...doc, version: 2, effectiveFrom: '2026-11-25', steps: doc.steps.map((s) => (s.kind === 'measurement' && s.id === 'carton-weight' ? { ...s, limits: { min: 490, max: 510 } } : s)), ...over };
  };
  return { root, share, localDir, work, clock, publisher, file, v2, setShare: (p: string | undefined) => (sharePath = p), changes: () => changed };
}

describe('standards publishing: check', () => {
  it('an invalid file shows clear errors (file, field, expected, found) and publishing it changes nothing', async () => {
    const { share, localDir, publisher, file } = await setup();
    const doc = await demoJson();
    const bad = { ...doc, version: '2', schedule: { ...doc.schedule, grace_minutes: 10 } };
    const p = await file('carton-bad.json', bad);
    const before = await tree(share);

    const checked = await publisher.check({ path: p });
    expect(checked.ok).toBe(true);
    const c = checked.ok ? checked.value : null;
    expect(c).toMatchObject({ ok: false, file: p, standard: null, previous: null, changes: [], alreadyPublished: false });
    expect(c?.problems.map((x) => [x.severity, x.field])).toEqual(expect.arrayContaining([['error', 'version'], ['error', 'schedule.grace_minutes']]));
    const version = c?.problems.find((x) => x.field === 'version');
    expect(version?.message).toContain(p);
    expect(version?.message).toMatch(/whole number.*string "2"/i);
    expect(c?.problems.find((x) => x.field === 'schedule.grace_minutes')?.message).toMatch(/graceMinutes/);

    const published = await publisher.publish({ path: p });
    expect(published).toMatchObject({ ok: false, error: { code: 'STANDARD_INVALID' } });
    expect(!published.ok && published.error.message).toMatch(/^Nothing was published\. .*version/);
    expect(await tree(share)).toEqual(before);
    expect(await tree(localDir)).toEqual([]);

    // Not JSON at all, as text: the line and column.
    const text = await publisher.check({ name: 'pasted.json', text: '{ "format": 1, "id": "x" "version": 1 }' });
    expect(text.ok && text.value.problems[0]).toMatchObject({ severity: 'error', field: null });
    expect(text.ok && text.value.problems[0]?.message).toMatch(/^pasted\.json: .*line 1, column/);
    // A file that is not there.
    const missing = await publisher.check({ path: path.join(share, 'nope.json') });
    expect(missing.ok && missing.value.problems[0]?.message).toMatch(/does not exist/);
  });

  it('a new version: owner, version, effective date, the version it replaces and what changed step by step', async () => {
    const { publisher, file, v2 } = await setup();
    const p = await file('carton-v2.json', await v2());
    const r = await publisher.check({ path: p });
    expect(r.ok).toBe(true);
    const c = r.ok ? r.value : null;
    expect(c?.ok).toBe(true);
    expect(c?.standard).toMatchObject({ id: 'carton-quality-check', version: 2, owner: expect.stringMatching(/\(.+\)$/), effectiveFrom: '2026-11-25', steps: 10 });
    expect(c?.previous).toMatchObject({ version: 1, effectiveFrom: expect.stringMatching(/^\d{4}-/) });
    expect(c?.changes).toEqual([
      { change: 'changed', stepId: 'carton-weight', index: 1, title: expect.any(Object), fields: [{ field: 'limits.min', before: '480', after: '490' }, { field: 'limits.max', before: '520', after: '510' }] },
    ]);
    expect(c?.alreadyPublished).toBe(false);
    expect(c?.problems.filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('the same id and version with other content is refused: versions never change, raise the version', async () => {
    const { share, publisher, file } = await setup();
    const doc = await demoJson();
    const p = await file('carton-changed.json', { ...doc, steps: doc.steps.map((s) => (s.id === 'pick-sample' ? { ...s, text: { ...s.text, en: 'Take one carton.' } } : s)) });
    const before = await tree(share);
    const r = await publisher.check({ path: p });
    const c = r.ok ? r.value : null;
    expect(c?.ok).toBe(false);
    const conflict = c?.problems.find((x) => x.severity === 'error');
    expect(conflict?.field).toBe('version');
    expect(conflict?.message).toMatch(/already published with different content/);
    expect(conflict?.message).toMatch(/pick-sample/);
    expect(conflict?.message).toMatch(/never changes/);
    expect(conflict?.message).toMatch(/Raise "version" to 2/);
    expect(await publisher.publish({ path: p })).toMatchObject({ ok: false, error: { code: 'STANDARD_INVALID' } });
    expect(await tree(share)).toEqual(before);
  });

  it('a standard copied without its pictures folder: one problem naming the folder that was expected, not one per step', async () => {
    const { share, publisher, v2, file, work } = await setup();
    const doc = await v2({ steps: (await v2()).steps.map((s) => ({ ...s, media: { picture: `photos/${s.id}.svg` } })) });
    const c = await publisher.check({ path: await file('carton-v2.json', doc) });
    const errors = (c.ok ? c.value.problems : []).filter((x) => x.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain(`the folder "photos" is not next to the standard (expected ${path.join(work, 'photos')})`);
    expect(errors[0]?.message).toContain(`Its ${doc.steps.length} pictures or sounds`);
    expect(await tree(share)).toEqual([]);
    // The folder is there but one file is not: that file, by its step.
    await mkdir(path.join(work, 'photos'));
    for (const st of doc.steps.slice(1)) await writeFile(path.join(work, 'photos', `${st.id}.svg`), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const again = await publisher.check({ path: path.join(work, 'carton-v2.json') });
    expect((again.ok ? again.value.problems : []).filter((x) => x.severity === 'error').map((x) => x.field)).toEqual(['steps[0].media.picture']);
  });

  it('a standard given as text whose pictures cannot be found: use the path form or copy the pictures', async () => {
    const { share, publisher, v2 } = await setup();
    const doc = await v2({ steps: (await v2()).steps.map((s, i) => (i === 0 ? { ...s, media: { picture: 'pictures/only-on-my-pc.svg' } } : s)) });
    const r = await publisher.check({ name: 'carton-v2.json', text: JSON.stringify(doc) });
    const c = r.ok ? r.value : null;
    expect(c?.ok).toBe(false);
    expect(c?.problems.find((x) => x.severity === 'error')).toMatchObject({ field: 'steps[0].media.picture' });
    expect(c?.problems.find((x) => x.severity === 'error')?.message).toMatch(/cannot be found.*from its path.*copy "pictures\/only-on-my-pc\.svg" into/);
    expect(await publisher.publish({ name: 'carton-v2.json', text: JSON.stringify(doc) })).toMatchObject({ ok: false });
    expect(await tree(share)).toEqual([]);

    // The demo pictures are found at this station (bundled): copied to the share with the standard.
    const ok2 = await publisher.publish({ name: 'carton-v2.json', text: JSON.stringify(await v2()) });
    expect(ok2).toMatchObject({ ok: true, value: { id: 'carton-quality-check', version: 2, file: path.join(share, 'standards', 'carton-quality-check.v2.json') } });
    expect(await tree(path.join(share, 'standards'))).toEqual(expect.arrayContaining([expect.stringMatching(/^pictures\/carton-weight\.svg:/)]));
  });

  it('a picture that would replace a published one with other content is refused', async () => {
    const { share, publisher, file, v2, work } = await setup();
    await mkdir(path.join(share, 'standards', 'pictures'), { recursive: true });
    await writeFile(path.join(share, 'standards', 'pictures', 'carton-weight.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const p = await file('carton-v2.json', await v2());
    const r = await publisher.check({ path: p });
    const err = r.ok ? r.value.problems.find((x) => x.severity === 'error') : undefined;
    expect(err?.field).toMatch(/^steps\[\d+\]\.media\.picture$/);
    expect(err?.message).toMatch(/different "pictures\/carton-weight\.svg" is already published.*new name, e\.g\. "pictures\/carton-weight-v2\.svg"/);
    expect(await readFile(path.join(share, 'standards', 'pictures', 'carton-weight.svg'), 'utf8')).toBe('<svg xmlns="http://www.w3.org/2000/svg"/>');
    void work;
  });
});

describe('standards publishing: publish, retire, list', () => {
  it('publishes to the share create-only, this station pulls it, and publishing again is a no-op', async () => {
    const { share, localDir, publisher, file, v2, changes } = await setup();
    const p = await file('carton-v2.json', await v2());
    const r = await publisher.publish({ path: p });
    expect(r.ok).toBe(true);
    const target = path.join(share, 'standards', pulledStandardFileName('carton-quality-check', 2));
    expect(r.ok && r.value.file).toBe(target);
    expect(await readFile(target, 'utf8')).toBe(await readFile(p, 'utf8'));
    // No temporary file left; the pictures are next to it; this station has pulled it and reloaded.
    const shared = await tree(path.join(share, 'standards'));
    expect(shared.some((f) => f.includes('.tmp-'))).toBe(false);
    expect(shared.filter((f) => f.startsWith('pictures/')).length).toBeGreaterThan(0);
    expect((await loadStandardsFromDir(localDir)).standards.map((s) => `${s.ref.id}@${s.ref.version}`)).toEqual(['carton-quality-check@2']);
    expect(changes()).toBe(1);

    const again = await publisher.check({ path: p });
    expect(again.ok && again.value.alreadyPublished).toBe(true);
    const before = await tree(share);
    expect(await publisher.publish({ path: p })).toEqual(r);
    expect(await tree(share)).toEqual(before);

    // The same content written differently (key order, spaces) is the same version: nothing new.
    const reformatted = await file('carton-v2-compact.json', JSON.stringify(await v2()));
    expect(await publisher.publish({ path: reformatted })).toMatchObject({ ok: true, value: { file: target } });
    expect(await tree(share)).toEqual(before);
  });

  it('a share without hard links: rename after checking that the name is free', async () => {
    const noLinks: ShareFs = { ...nodeShareFs, link: async () => Promise.reject(Object.assign(new Error('not supported'), { code: 'EPERM' })) };
    const { share, publisher, file, v2 } = await setup({ fs: noLinks });
    const r = await publisher.publish({ path: await file('carton-v2.json', await v2()) });
    expect(r.ok).toBe(true);
    expect((await tree(path.join(share, 'standards'))).some((f) => f.includes('.tmp-'))).toBe(false);
  });

  it('a share that does not answer: the call answers SHARE_NOT_ANSWERING instead of hanging', async () => {
    const hanging: ShareFs = { ...nodeShareFs, create: () => new Promise(() => {}) };
    const { publisher, file, v2 } = await setup({ fs: hanging, timeoutMs: 300 });
    const r = await publisher.publish({ path: await file('carton-v2.json', await v2()) });
    expect(r).toMatchObject({ ok: false, error: { code: 'SHARE_NOT_ANSWERING', message: expect.stringMatching(/No answer within 1 s from the shared folder .*may not be published yet/) } });
  });

  it('a share that is not there: the check says so, nothing is created', async () => {
    const { root, publisher, file, v2, setShare } = await setup();
    const gone = path.join(root, 'not-mounted');
    setShare(gone);
    const p = await file('carton-v2.json', await v2());
    const r = await publisher.check({ path: p });
    expect(r.ok && r.value.ok).toBe(false);
    expect(r.ok && r.value.problems[0]?.message).toMatch(/not there/);
    expect(await publisher.publish({ path: p })).toMatchObject({ ok: false });
    await expect(stat(gone)).rejects.toThrow();
  });

  it('without a shared folder: published to this station only, and the check warns about it', async () => {
    const { localDir, publisher, file, v2 } = await setup({ share: false });
    const p = await file('carton-v2.json', await v2());
    const r = await publisher.check({ path: p });
    expect(r.ok && r.value.ok).toBe(true);
    expect(r.ok && r.value.problems.find((x) => x.severity === 'warning' && /this station only/.test(x.message))).toBeTruthy();
    const pub = await publisher.publish({ path: p });
    expect(pub).toMatchObject({ ok: true, value: { file: path.join(localDir, 'carton-quality-check.v2.json') } });
    const list = await publisher.list();
    expect(list.ok && list.value.find((v) => v.id === 'carton-quality-check' && v.version === 2)).toMatchObject({ state: 'upcoming', published: false });
  });

  it('list: current, upcoming, superseded and retired; retire is create-only and new runs skip the version', async () => {
    const { share, localDir, clock, publisher, file, v2 } = await setup();
    await publisher.publish({ path: await file('carton-v2.json', await v2()) });
    const byKey = async () => {
      const r = await publisher.list();
      if (!r.ok) throw new Error(r.error.message);
      return Object.fromEntries(r.value.map((v) => [`${v.id}@${v.version}`, { state: v.state, published: v.published }]));
    };
    expect(await byKey()).toMatchObject({
      'carton-quality-check@1': { state: 'current', published: false },
      'carton-quality-check@2': { state: 'upcoming', published: true },
      'station-start-check@1': { state: 'current', published: false },
    });
    clock.set(Date.parse('2026-11-25T00:30:00+05:30')); // its effective day, in the station's time zone
    expect(await byKey()).toMatchObject({ 'carton-quality-check@1': { state: 'superseded' }, 'carton-quality-check@2': { state: 'current' } });

    // Retire version 2: version 1 is in force again; the file of version 2 is still there, unchanged.
    const v2file = await readFile(path.join(share, 'standards', 'carton-quality-check.v2.json'));
    expect(await publisher.retire('carton-quality-check', 2, 'The new limits were wrong.')).toEqual({ ok: true, value: null });
    expect(await byKey()).toMatchObject({ 'carton-quality-check@1': { state: 'current' }, 'carton-quality-check@2': { state: 'retired' } });
    expect(await readFile(path.join(share, 'standards', 'carton-quality-check.v2.json'))).toEqual(v2file);
    const markerFile = path.join(share, 'standards', 'retired', 'carton-quality-check.v2.json');
    const marker = JSON.parse(await readFile(markerFile, 'utf8')) as Record<string, unknown>;
    expect(marker).toMatchObject({ format: 1, id: 'carton-quality-check', version: 2, reason: 'The new limits were wrong.', by: { stationName: 'Gluing bench 1' } });
    // Retiring again changes nothing (the first note stays).
    const markerBytes = await readFile(markerFile);
    expect(await publisher.retire('carton-quality-check', 2, 'Another reason.')).toEqual({ ok: true, value: null });
    expect(await readFile(markerFile)).toEqual(markerBytes);

    // This station pulled the note: its registry (as StationService builds it) skips version 2 for new runs.
    const registry = new StandardRegistry();
    for (const d of [STANDARDS, localDir]) registry.add((await loadStandardsFromDir(d)).standards);
    expect(registry.current('carton-quality-check', '2026-11-25')?.ref.version).toBe(1);
    expect(registry.get('carton-quality-check', 2)).toBeDefined(); // still there for runs that use it

    // A bundled version that was never on the share: published next to its note, so every station can match them.
    expect(await publisher.retire('end-of-day-clean-down', 1, 'No longer needed.')).toEqual({ ok: true, value: null });
    expect(await stat(path.join(share, 'standards', 'end-of-day-clean-down.v1.json'))).toBeTruthy();
    expect(await byKey()).toMatchObject({ 'end-of-day-clean-down@1': { state: 'retired', published: true } });

    expect(await publisher.retire('carton-quality-check', 9, 'x')).toMatchObject({ ok: false, error: { code: 'STANDARD_NOT_FOUND', message: expect.stringMatching(/known versions: 1, 2/) } });
  });
});

describe('retirement notes in the registry', () => {
  it('a note for other content than the version loaded is ignored', async () => {
    const { share, publisher, file, v2 } = await setup();
    await publisher.publish({ path: await file('carton-v2.json', await v2()) });
    await mkdir(path.join(share, 'standards', 'retired'), { recursive: true });
    await writeFile(
      path.join(share, 'standards', 'retired', 'carton-quality-check.v2.json'),
      JSON.stringify({ format: 1, id: 'carton-quality-check', version: 2, hash: 'f'.repeat(64), retiredAt: '2026-11-23T08:05:00.000+05:30', reason: 'x', by: { stationId: 's', stationName: 'n' } }),
    );
    await writeFile(path.join(share, 'standards', 'retired', 'junk.json'), '{"hello": 1}');
    const loaded = await loadStandardsFromDir(path.join(share, 'standards'));
    expect(loaded.standards.find((s) => s.ref.version === 2)?.retired).toBeUndefined();
    expect(loaded.errors.map((e) => path.basename(e.file))).toEqual(['junk.json']);
    const registry = new StandardRegistry();
    registry.add(loaded.standards);
    for (const m of loaded.retired) registry.retire(m);
    expect(registry.retirement('carton-quality-check', 2)).toBeUndefined();
    expect(registry.current('carton-quality-check', '2026-12-01')?.ref.version).toBe(2);
  });

  it('stations pull notes create-only: a second note for the same version does not replace the first; junk is reported', async () => {
    const { root, share, publisher, file, v2 } = await setup();
    await publisher.publish({ path: await file('carton-v2.json', await v2()) });
    expect((await publisher.retire('carton-quality-check', 2, 'First reason.')).ok).toBe(true);
    const other = path.join(root, 'other-station', 'standards');
    const first = await pullStandards(share, other);
    expect(first.copied.map((f) => path.relative(other, f))).toEqual(expect.arrayContaining(['carton-quality-check.v2.json', path.join('retired', 'carton-quality-check.v2.json')]));
    // Someone replaces the note on the share by hand, and drops junk next to it.
    const note = path.join(share, 'standards', 'retired', 'carton-quality-check.v2.json');
    const changed = { ...(JSON.parse(await readFile(note, 'utf8')) as Record<string, unknown>), reason: 'Edited by hand.' };
    await writeFile(note, JSON.stringify(changed));
    await writeFile(path.join(share, 'standards', 'retired', 'notes.json'), 'not json');
    const second = await pullStandards(share, other);
    expect(second.copied).toEqual([]);
    expect(second.problems.map((p) => path.basename(p.file))).toEqual(['notes.json']);
    expect(JSON.parse(await readFile(path.join(other, 'retired', 'carton-quality-check.v2.json'), 'utf8'))).toMatchObject({ reason: 'First reason.' });
  });
});
