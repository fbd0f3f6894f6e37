import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importShare, verifyShare } from '../ledger';
import { publishStandards } from '../sim/simulate';
import { publish, pullStandards, pulledStandardFileName, ShareError, SyncService, type ShareFs } from '.';
import { memoryLogger, type Logger } from '../log/logger';
import { errnoError, faultyFs, openTestStation, STANDARDS, TempDirs, TEST_NOW, walk, type TestStation } from './test-support';

const dirs = new TempDirs();
const stations: TestStation[] = [];
afterEach(async () => {
  await Promise.all(stations.splice(0).map((s) => s.svc.close({ seal: false }).catch(() => undefined)));
  await dirs.cleanup();
});

async function setup(opts: { fs?: ShareFs; timeoutMs?: number; share?: string; logger?: Logger } = {}) {
  const root = await dirs.make();
  const share = opts.share ?? path.join(root, 'share');
  const st = await openTestStation(path.join(root, 'station'));
  stations.push(st);
  let sharePath: string | undefined = share;
  const sync = await SyncService.create({
    station: st.svc,
    identity: () => ({ ...st.svc.identity(), name: 'Gluing bench' }),
    sharePath: () => sharePath,
    localStandardsDir: path.join(root, 'station', 'standards'),
    stateFile: path.join(root, 'station', 'sync-state.json'),
    clock: st.clock,
    intervalMs: 0,
    ...(opts.fs ? { fs: opts.fs } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  return { root, share, st, sync, setShare: (p: string | undefined) => void (sharePath = p) };
}

/** A shared folder as procurement sets it up: the published standards in it. */
async function makeShare(share: string): Promise<void> {
  await mkdir(share, { recursive: true });
  await publishStandards(STANDARDS, share);
}

/** The importer's view after recovery: everything the station recorded, verified, nothing twice, nothing partial. */
async function expectCompleteOnShare(share: string, st: TestStation, root: string): Promise<void> {
  const files = await walk(share);
  expect(files.filter((f) => /\.tmp-/.test(f))).toEqual([]);
  const report = await verifyShare(share, { nowMs: TEST_NOW, workers: 0 });
  expect(report.problems).toEqual([]);
  expect(report.ok).toBe(true);
  const mine = report.stations.find((s) => s.station === st.stationId);
  expect(mine?.verifiedThrough?.seq).toBe(st.svc.head.seq);
  const db = path.join(root, `ledger-${Math.random().toString(16).slice(2)}.duckdb`);
  const imported = await importShare(share, db, { nowMs: TEST_NOW, workers: 0 });
  expect(imported.eventsAdded).toBe(st.svc.head.seq);
  const again = await importShare(share, db, { nowMs: TEST_NOW, workers: 0 });
  expect(again.eventsAdded).toBe(0);
}

describe('publish', () => {
  it('copies closed segments and the identity into the station\'s own folder, and never rewrites a published file', async () => {
    const root = await dirs.make();
    const share = path.join(root, 'share');
    await mkdir(share);
    const st = await openTestStation(path.join(root, 'station'));
    stations.push(st);
    await st.run();
    await st.svc.seal();
    const identity = { ...st.svc.identity(), name: 'Gluing bench' };
    const first = await publish({ share, identity, segments: st.svc.journalSegments().closed });
    expect(first.published).toEqual(['segment-000000000001.jsonl']);
    expect(first.head?.seq).toBe(st.svc.head.seq);
    expect(await walk(share)).toEqual([
      `stations/${st.stationId}/segments/segment-000000000001.jsonl`,
      `stations/${st.stationId}/station.json`,
    ]);
    const seg = path.join(share, 'stations', st.stationId, 'segments', 'segment-000000000001.jsonl');
    expect(await readFile(seg)).toEqual(await readFile(st.svc.journalSegments().closed[0] as string));
    const id = JSON.parse(await readFile(path.join(share, 'stations', st.stationId, 'station.json'), 'utf8'));
    expect(id).toEqual({ format: 1, stationId: st.stationId, name: 'Gluing bench', publicKey: identity.publicKey, keyId: identity.keyId, head: first.head });

    const second = await publish({ share, identity, segments: st.svc.journalSegments().closed });
    expect(second).toMatchObject({ published: [], alreadyPublished: ['segment-000000000001.jsonl'] });

    // Someone changed the published file: it is never overwritten, and it is a conflict.
    const bytes = await readFile(seg);
    const changed = Buffer.from(bytes);
    changed[10] = changed[10] === 0x31 ? 0x32 : 0x31;
    await writeFile(seg, changed);
    const err = await publish({ share, identity, segments: st.svc.journalSegments().closed }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShareError);
    expect((err as ShareError).code).toBe('SHARE_CONFLICT');
    expect(await readFile(seg)).toEqual(changed);
  });

  it('never creates a missing share, and refuses a station.json of another key', async () => {
    const root = await dirs.make();
    const st = await openTestStation(path.join(root, 'station'));
    stations.push(st);
    await st.run();
    await st.svc.seal();
    const identity = { ...st.svc.identity(), name: 'A' };
    const missing = path.join(root, 'no-such-share');
    await expect(publish({ share: missing, identity, segments: st.svc.journalSegments().closed })).rejects.toMatchObject({ code: 'SHARE_MISSING' });
    expect(existsSync(missing)).toBe(false);

    const share = path.join(root, 'share');
    await mkdir(path.join(share, 'stations', st.stationId), { recursive: true });
    await writeFile(path.join(share, 'stations', st.stationId, 'station.json'), JSON.stringify({ stationId: st.stationId, publicKey: 'CtYXRIrlQ+/5wFIR3N6GeCbJWXsgx66aS6v/ZSNka1c=', keyId: 'x' }));
    await expect(publish({ share, identity, segments: st.svc.journalSegments().closed })).rejects.toMatchObject({ code: 'SHARE_CONFLICT' });
    expect(await walk(path.join(share, 'stations', st.stationId, 'segments'))).toEqual([]);
  });
});

describe('SyncService', () => {
  it("a last sync kept as a UTC instant (an older state file) is told on the station's clock", async () => {
    const first = await setup();
    await makeShare(first.share);
    await first.sync.syncNow();
    const stateFile = path.join(first.root, 'station', 'sync-state.json');
    const state = JSON.parse(await readFile(stateFile, 'utf8')) as Record<string, unknown>;
    await writeFile(stateFile, JSON.stringify({ ...state, lastSyncAt: '2026-11-23T02:35:00.000Z' }));
    const again = await SyncService.create({ station: first.st.svc, identity: () => ({ ...first.st.svc.identity(), name: 'Gluing bench' }), sharePath: () => first.share, localStandardsDir: path.join(first.root, 'station', 'standards'), stateFile, clock: first.st.clock, intervalMs: 0 });
    expect(first.st.clock.timeZone).toBe('Asia/Kolkata');
    expect(again.status()).toEqual({ state: 'up_to_date', lastSyncAt: '2026-11-23T08:05:00.000+05:30' });
  });

  it('reports not set up, waiting, up to date, and waiting again after new events', async () => {
    const { share, st, sync, setShare } = await setup();
    await makeShare(share);
    setShare(undefined);
    expect(sync.status()).toEqual({ state: 'not_set_up' });
    setShare(share);
    await st.run();
    expect(sync.status()).toEqual({ state: 'waiting', events: st.svc.head.seq });
    const done = await sync.syncNow();
    expect(done).toEqual({ state: 'up_to_date', lastSyncAt: expect.stringMatching(/^2026-11-23T/) });
    const published = st.svc.head.seq;
    await st.run('end-of-day-clean-down');
    expect(sync.status()).toMatchObject({ state: 'waiting', events: st.svc.head.seq - published });
    expect(st.svc.head.seq - published).toBeGreaterThan(9);
  });

  it('share missing: the station keeps every event; a later sync publishes everything', async () => {
    const { root, share, st, sync } = await setup();
    await st.run();
    const status = await sync.syncNow();
    expect(status).toMatchObject({ state: 'unreachable', events: st.svc.head.seq, reason: expect.stringContaining('is not there') });
    expect(existsSync(share)).toBe(false); // never created: it may be an unmounted network drive
    await st.run('carton-quality-check'); // work goes on
    expect(sync.status()).toMatchObject({ state: 'unreachable', events: st.svc.head.seq });
    await makeShare(share);
    expect(await sync.syncNow()).toMatchObject({ state: 'up_to_date' });
    await expectCompleteOnShare(share, st, root);
  });

  it('writes a failed sync, the share answering again and a standard not copied to the app log, once each', async () => {
    const logger = memoryLogger();
    const { share, st, sync } = await setup({ logger });
    await st.run();
    await sync.syncNow();
    await sync.syncNow(); // the same failure again: not logged twice
    expect(logger.lines).toEqual([{ level: 'warn', message: expect.stringMatching(/^Sync with the shared folder .*share failed \(SHARE_MISSING\): .*is not there.* Events waiting to be published: \d+\.$/) }]);
    await makeShare(share);
    await writeFile(path.join(share, 'standards', 'broken.json'), '{ "id": "x", ');
    expect(await sync.syncNow()).toMatchObject({ state: 'up_to_date' });
    await sync.syncNow();
    expect(logger.lines.slice(1)).toEqual([
      { level: 'info', message: expect.stringMatching(/^Sync with the shared folder .*share works again\.$/) },
      { level: 'warn', message: expect.stringContaining(`A standard on the shared folder was not copied to this station: ${path.join(share, 'standards', 'broken.json')}`) },
    ]);
  });

  it('share read-only: reported in plain words; nothing partial; a later sync completes', async () => {
    // Tests run as root, where chmod does not stop writes: the share refuses writes through an injected EROFS.
    let readOnly = true;
    const fs = faultyFs((op) => {
      if (readOnly && (op === 'create' || op === 'mkdir' || op === 'link' || op === 'rename')) throw errnoError('EROFS', 'read-only file system');
    });
    const { root, share, st, sync } = await setup({ fs });
    await makeShare(share);
    await st.run();
    expect(await sync.syncNow()).toMatchObject({ state: 'unreachable', reason: expect.stringContaining('read-only'), events: st.svc.head.seq });
    expect((await walk(share)).filter((f) => f.startsWith('stations/'))).toEqual([]);
    readOnly = false;
    expect(await sync.syncNow()).toMatchObject({ state: 'up_to_date' });
    await expectCompleteOnShare(share, st, root);
  });

  it('share full: a half-written temporary file is removed, never renamed; a later sync completes', async () => {
    let full = true;
    let writes = 0;
    const fs = faultyFs(async (op) => {
      if (op === 'write' && full && ++writes > 0) throw errnoError('ENOSPC', 'no space left on device');
    });
    const { root, share, st, sync } = await setup({ fs });
    await makeShare(share);
    await st.run();
    await st.run('carton-quality-check');
    expect(await sync.syncNow()).toMatchObject({ state: 'unreachable', reason: expect.stringContaining('is full') });
    expect((await walk(share)).filter((f) => f.includes('segment-'))).toEqual([]);
    full = false;
    await st.run('end-of-day-clean-down');
    expect(await sync.syncNow()).toMatchObject({ state: 'up_to_date' });
    await expectCompleteOnShare(share, st, root);
  });

  it('share removed in the middle of a write: no partial file; after it comes back everything is published once', async () => {
    let removeOnWrite = true;
    let share = '';
    const fs = faultyFs((op) => {
      if (op === 'write' && removeOnWrite) {
        removeOnWrite = false;
        rmSync(share, { recursive: true, force: true });
      }
    });
    const s = await setup({ fs });
    share = s.share;
    await makeShare(share);
    await s.st.run();
    expect(await s.sync.syncNow()).toMatchObject({ state: 'unreachable', reason: expect.stringContaining('is not there') });
    expect(existsSync(share)).toBe(false);
    await makeShare(share);
    await s.st.run('carton-quality-check');
    expect(await s.sync.syncNow()).toMatchObject({ state: 'up_to_date' });
    await expectCompleteOnShare(share, s.st, s.root);
  });

  it('a leftover temporary file is ignored by readers and removed by the next sync; lock files are left alone', async () => {
    const { root, share, st, sync } = await setup();
    await makeShare(share);
    await st.run();
    expect(await sync.syncNow()).toMatchObject({ state: 'up_to_date' });
    const segDir = path.join(share, 'stations', st.stationId, 'segments');
    await writeFile(path.join(segDir, '.segment-000000000099.jsonl.tmp-0123456789ab'), '{"v":1,"seq":99,"half a line');
    await writeFile(path.join(segDir, '~$lock.segment-000000000001.jsonl'), 'lock');
    const report = await verifyShare(share, { nowMs: TEST_NOW, workers: 0 });
    expect(report.problems).toEqual([]);
    expect(report.stations[0]?.ignored.sort()).toEqual([
      `stations/${st.stationId}/segments/.segment-000000000099.jsonl.tmp-0123456789ab`,
      `stations/${st.stationId}/segments/~$lock.segment-000000000001.jsonl`,
    ]);
    await st.run('carton-quality-check');
    expect(await sync.syncNow()).toMatchObject({ state: 'up_to_date' });
    expect(existsSync(path.join(segDir, '.segment-000000000099.jsonl.tmp-0123456789ab'))).toBe(false);
    expect(existsSync(path.join(segDir, '~$lock.segment-000000000001.jsonl'))).toBe(true);
    await rm(path.join(segDir, '~$lock.segment-000000000001.jsonl'));
    await expectCompleteOnShare(share, st, root);
  });

  it('a sync client\'s identical conflict copy is treated as the same segment; syncing goes on', async () => {
    const { root, share, st, sync } = await setup();
    await makeShare(share);
    await st.run();
    expect(await sync.syncNow()).toMatchObject({ state: 'up_to_date' });
    const segDir = path.join(share, 'stations', st.stationId, 'segments');
    await copyFile(path.join(segDir, 'segment-000000000001.jsonl'), path.join(segDir, 'segment-000000000001 (Ravi\'s conflicted copy 2026-11-23).jsonl'));
    await copyFile(path.join(segDir, 'segment-000000000001.jsonl'), path.join(segDir, 'segment-000000000001.sync-conflict-20261123-101010-ABCDEFG.jsonl'));
    await st.run('carton-quality-check');
    expect(await sync.syncNow()).toMatchObject({ state: 'up_to_date' });
    const report = await verifyShare(share, { nowMs: TEST_NOW, workers: 0 });
    expect(report.problems).toEqual([]);
    expect(report.stations[0]?.duplicates).toHaveLength(2);
    await expectCompleteOnShare(share, st, root);
  });

  it('a share that does not answer never holds up the artisan, and is not touched again until it answers', async () => {
    let release: (() => void) | null = null;
    let hang = true;
    const fs = faultyFs(async (op) => {
      if (op === 'stat' && hang) await new Promise<void>((r) => (release = r));
    });
    const { root, share, st, sync } = await setup({ fs, timeoutMs: 150 });
    await makeShare(share);
    await st.run();
    const pending = sync.syncNow();
    const t = Date.now();
    await st.run('carton-quality-check'); // the artisan's work is recorded while the share hangs
    expect(Date.now() - t).toBeLessThan(5000);
    expect(await pending).toMatchObject({ state: 'unreachable', reason: expect.stringContaining('does not answer') });
    const statsBefore = fs.calls.stat ?? 0;
    expect(await sync.syncNow()).toMatchObject({ state: 'unreachable', reason: expect.stringContaining('still does not answer') });
    expect(fs.calls.stat ?? 0).toBe(statsBefore);
    hang = false;
    (release as unknown as () => void)();
    // The hung sync goes on once the share answers; after it, syncing works again.
    let after = await sync.syncNow();
    for (let i = 0; i < 100 && after.state !== 'up_to_date'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await sync.syncNow();
    }
    expect(after).toMatchObject({ state: 'up_to_date' });
    await expectCompleteOnShare(share, st, root);
  });

  it('runs one sync at a time; a request during a sync runs one more sync after it', async () => {
    let active = 0;
    let most = 0;
    const fs = faultyFs(async (op) => {
      if (op === 'create') {
        active++;
        most = Math.max(most, active);
        await new Promise((r) => setTimeout(r, 20));
        active--;
      }
    });
    const { root, share, st, sync } = await setup({ fs });
    await makeShare(share);
    await st.run();
    const results = await Promise.all([sync.syncNow(), sync.syncNow(), sync.syncNow()]);
    expect(results.every((r) => r.state === 'up_to_date')).toBe(true);
    expect(most).toBe(1);
    await expectCompleteOnShare(share, st, root);
  });

  it('remembers what was published across restarts', async () => {
    const { root, share, st, sync } = await setup();
    await makeShare(share);
    await st.run();
    await sync.syncNow();
    const again = await SyncService.create({
      station: st.svc,
      identity: () => ({ ...st.svc.identity(), name: 'Gluing bench' }),
      sharePath: () => share,
      localStandardsDir: path.join(root, 'station', 'standards'),
      stateFile: path.join(root, 'station', 'sync-state.json'),
      clock: st.clock,
      intervalMs: 0,
    });
    expect(again.status()).toMatchObject({ state: 'up_to_date' });
  });
});

describe('pullStandards', () => {
  it('copies valid published standards (with pictures), reports invalid and changed ones without copying them', async () => {
    const root = await dirs.make();
    const share = path.join(root, 'share');
    const local = path.join(root, 'local');
    await mkdir(path.join(share, 'standards', 'pictures'), { recursive: true });
    const carton = JSON.parse(await readFile(path.join(STANDARDS, 'carton-quality-check.json'), 'utf8'));
    await writeFile(path.join(share, 'standards', 'carton.json'), JSON.stringify(carton));
    await copyFile(path.join(STANDARDS, 'pictures', 'pick-sample.svg'), path.join(share, 'standards', 'pictures', 'pick-sample.svg'));
    await writeFile(path.join(share, 'standards', 'broken.json'), '{ "id": "x", ');
    await writeFile(path.join(share, 'standards', '.hidden.json'), '{}');

    const first = await pullStandards(share, local);
    expect(first.problems).toHaveLength(1);
    expect(first.problems[0]).toMatchObject({ file: path.join(share, 'standards', 'broken.json') });
    expect(first.copied.map((f) => path.relative(local, f)).sort()).toEqual([pulledStandardFileName('carton-quality-check', 1), path.join('pictures', 'pick-sample.svg')].sort());
    expect(await walk(local)).not.toContain('broken.json');

    const second = await pullStandards(share, local);
    expect(second).toMatchObject({ copied: [], unchanged: 1 });

    // The same version with other content: refused (a published version never changes).
    await writeFile(path.join(share, 'standards', 'carton.json'), JSON.stringify({ ...carton, title: { en: 'Changed', hi: 'बदला' } }));
    const third = await pullStandards(share, local);
    expect(third.copied).toEqual([]);
    expect(third.problems.map((p) => p.message).join('\n')).toContain('never changes');
    expect(JSON.parse(await readFile(path.join(local, pulledStandardFileName('carton-quality-check', 1)), 'utf8')).title.en).toBe(carton.title.en);
  });
});
