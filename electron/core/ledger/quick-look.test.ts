import { execFileSync } from 'node:child_process';
import { appendFile, copyFile, readdir, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withTempDir } from '../../../test/support/temp-dir';
import { TEST_NOW } from '../sync/test-support';
import { findShareWorkerScript, ShareWorker } from '../sync/share-worker';
import { ReviewStore } from '../review';
import { importShare, openLedger, type ImportResult } from '.';
import { STATION_NAMED } from './enrolment';
import { generateStationKeyPem, MemoryKeyStore } from '../journal';
import { setQuickLookWorker } from './remembered';
import { AS_REMEMBERED as quick, importOpts as opts, liveShare, liveStation, refreshShare, segDir, stationCheck as check, withLedger } from './test-support';

/**
 * The quick look (remembered.ts) in its share worker, kept across imports and refreshes (refresh.noop, issue 12):
 * every change on the share it must notice is still noticed, a worker that stalls is given up and replaced, and the
 * review writes nothing when nothing is new.
 */

afterEach(() => setQuickLookWorker(undefined));

function ownWorker(): ShareWorker {
  const script = findShareWorkerScript();
  if (!script) throw new Error('no share worker script (tsx is needed to run it from the source)');
  const w = new ShareWorker(script, { maxHung: 2 });
  setQuickLookWorker(w);
  return w;
}

describe('the quick look in a share worker', () => {
  it('notices a segment turned into a link or a FIFO, a segment grown, a new segment and a new station; otherwise reads nothing', () => withTempDir('sw-ql-', async (root) => {
    const w = ownWorker();
    const { share, db, stations: { 'st-a': a, 'st-b': b } } = await liveShare(root, { 'st-a': 14, 'st-b': 14 });
    expect((await importShare(share, db, opts)).eventsAdded).toBe(a.journal.head.seq + b.journal.head.seq);
    const idle = await importShare(share, db, opts);
    expect(check(idle, 'st-a').verification).toEqual(quick);
    expect(check(idle, 'st-b').verification).toEqual(quick);
    expect(w.threads, 'the look ran in the worker, which stays').toBe(1);

    const names = (await readdir(segDir(share, 'st-a'))).sort();
    const victim = path.join(segDir(share, 'st-a'), names[1] as string);
    const kept = path.join(root, 'kept.jsonl');
    await copyFile(victim, kept);

    // A symbolic link to the same bytes in place of a segment verified before: LINK, never followed.
    await rm(victim);
    await symlink(kept, victim);
    const linked = await importShare(share, db, opts);
    expect(linked.report.problems).toContainEqual(expect.objectContaining({ station: 'st-a', code: 'LINK' }));
    expect(check(linked, 'st-a').verification.mode).toBe('full');
    expect(check(linked, 'st-b').verification).toEqual(quick);

    // A FIFO in its place: NOT_A_FILE at once, never opened as the segment remembered.
    await rm(victim);
    execFileSync('mkfifo', [victim]);
    const t = performance.now();
    const fifo = await importShare(share, db, opts);
    expect(performance.now() - t, 'a FIFO never blocks the import').toBeLessThan(30_000);
    expect(fifo.report.problems).toContainEqual(expect.objectContaining({ station: 'st-a', code: 'NOT_A_FILE' }));

    // The same bytes back (another inode, the same size): as remembered again.
    await rm(victim);
    await copyFile(kept, victim);
    expect(check(await importShare(share, db, opts), 'st-a').verification).toEqual(quick);

    // The segment grown by a byte: looked at closer (verified in full), the station refused, nothing imported.
    await appendFile(victim, ' ');
    const grown = await importShare(share, db, opts);
    expect(check(grown, 'st-a').verification.mode).toBe('full');
    expect(grown.report.ok).toBe(false);
    expect(grown.eventsAdded).toBe(0);
    await rm(victim);
    await rename(kept, victim);

    // A new segment of st-b and a new station: both imported, st-a still as remembered.
    const bHead = b.journal.head.seq;
    await b.append(6);
    await b.sync();
    const c = await liveStation(root, share, 'st-c');
    await c.append(3);
    await c.sync();
    const more = await importShare(share, db, opts);
    expect(more.report.ok).toBe(true);
    expect(more.eventsAdded).toBe(b.journal.head.seq - bHead + c.journal.head.seq);
    expect(check(more, 'st-a').verification).toEqual(quick);
    expect(check(more, 'st-b').verification.mode).toBe('incremental');
    expect(check(more, 'st-b').verification.read.length, 'only the new segments are read').toBeGreaterThan(0);
    expect(check(more, 'st-b').verification.read.filter((n) => names.includes(n) || n <= (names[names.length - 1] as string))).toEqual([]);
    for (const s of [a, b, c]) await s.close();
  }), 120_000);

  it('a look that stalls: given up after its deadline, the stations checked without it, and the next look runs in a new worker', () => withTempDir('sw-ql-', async (root) => {
    const w = ownWorker();
    const { share, db, stations: { 'st-a': a } } = await liveShare(root, { 'st-a': 14 });
    await importShare(share, db, opts);
    expect(check(await importShare(share, db, opts), 'st-a').verification).toEqual(quick);

    const t = performance.now();
    const stalled = await importShare(share, db, { ...opts, deadlineMs: 1500, lookStall: { station: 'st-a', ms: 60_000 } });
    expect(performance.now() - t, 'far less than the 60 s the look stalls').toBeLessThan(30_000);
    // Checked without the quick look (nothing new: nothing imported), and told as up to date.
    expect(stalled.report.ok).toBe(true);
    expect(stalled.stations).toEqual([expect.objectContaining({ station: 'st-a', status: 'up_to_date', added: 0 })]);
    expect(w.threads, 'the stalled worker is left behind, no live one').toBeLessThanOrEqual(1);

    // The next refresh: a new worker answers (the stalled one still blocked or ended).
    const aHead = a.journal.head.seq;
    await a.append(6);
    await a.sync();
    const next = await importShare(share, db, opts);
    expect(next.eventsAdded).toBe(a.journal.head.seq - aHead);
    expect(check(await importShare(share, db, opts), 'st-a').verification).toEqual(quick);
    expect(w.threads).toBeGreaterThanOrEqual(1);
    await a.close();
  }), 120_000);

  it('the review: a refresh with nothing new writes nothing; a change on the share is still reported', () => withTempDir('sw-ql-', async (root) => {
    ownWorker();
    const { share, stations: { 'st-a': a } } = await liveShare(root, { 'st-a': 14 });
    const dbPath = path.join(root, 'review.duckdb');
    const store = new ReviewStore({ dbPath, now: () => TEST_NOW });
    const imports = async () => {
      await store.close();
      return withLedger(dbPath, async (l) => {
        const [r] = (await l.conn.runAndReadAll(`SELECT count(*)::INTEGER AS n, (SELECT value FROM review_state WHERE key = 'last_refresh_at') AS at FROM imports`)).getRowObjectsJS();
        return { n: Number(r?.n), at: r?.at };
      });
    };
    try {
      const refresh = () => refreshShare(store, share);
      expect(await refresh()).toMatchObject({ full: true, ok: true, eventsAdded: a.journal.head.seq });
      expect(await refresh()).toMatchObject({ full: false, ok: true, eventsAdded: 0 });
      const after = await imports();
      for (let k = 0; k < 2; k++) expect(await refresh()).toMatchObject({ full: false, ok: true, eventsAdded: 0, problems: [] });
      expect(await imports(), 'no import row, no write').toEqual(after);

      // A segment verified before turned into a FIFO: reported at the next refresh, and kept in review_problems.
      const victim = path.join(segDir(share, 'st-a'), (await readdir(segDir(share, 'st-a'))).sort()[0] as string);
      const kept = path.join(root, 'kept.jsonl');
      await rename(victim, kept);
      execFileSync('mkfifo', [victim]);
      expect(await refresh()).toMatchObject({ ok: false, eventsAdded: 0 });
      expect((await store.stationProblems('st-a')).map((p) => p.code)).toContain('NOT_A_FILE');
      // The same problem again: still there (nothing written, nothing lost).
      expect(await refresh()).toMatchObject({ ok: false });
      expect((await store.stationProblems('st-a')).map((p) => p.code)).toContain('NOT_A_FILE');
      // The segment back, and a new one: imported.
      await rm(victim);
      await rename(kept, victim);
      await a.append(6);
      await a.sync();
      expect((await refresh())?.eventsAdded).toBeGreaterThan(0);
    } finally {
      await store.dispose();
      await a.close();
    }
  }), 120_000);

  it('an import on a ledger kept open reuses the signed names only while no event was imported: a new name is seen at once', () => withTempDir('sw-ql-', async (root) => {
    const { share, db, stations: { 'st-a': a } } = await liveShare(root, { 'st-a': 0 });
    const named = async (name: string) => {
      await a.journal.append({ actor: 'supervisor-1', type: STATION_NAMED, value: name, data: { signer: 'Supervisor One' } });
      await a.sync();
    };
    await a.append(4);
    await named('Gluing A');
    const ledger = await openLedger(db);
    try {
      const o = { ...opts, instance: ledger.instance, recordEmpty: false }; // as the review: an import with nothing new leaves no row
      const nameOf = (r: ImportResult) => r.enrolment.find((e) => e.stationId === 'st-a');
      expect(nameOf(await importShare(share, db, o))).toMatchObject({ name: 'Gluing A', signedName: true });
      for (let k = 0; k < 2; k++) expect(nameOf(await importShare(share, db, o))).toMatchObject({ name: 'Gluing A', signedName: true });
      await named('Gluing bench 2');
      expect(nameOf(await importShare(share, db, o))?.names.map((n) => n.name)).toEqual(['Gluing A', 'Gluing bench 2']);
      const again = nameOf(await importShare(share, db, o));
      expect(again).toMatchObject({ name: 'Gluing bench 2' });
      // The rows hand out copies: changing one changes nothing the next import tells.
      again?.names.splice(0);
      expect(nameOf(await importShare(share, db, o))?.names).toHaveLength(2);
    } finally {
      ledger.close();
      await a.close();
    }
  }), 120_000);

  it('an import on a ledger kept open reuses what the ledger knows only while nothing changed it: an enrolment made meanwhile counts at once', () => withTempDir('sw-ql-', async (root) => {
    const { share, db, stations: { 'st-a': a } } = await liveShare(root, { 'st-a': 4 });
    const ledger = await openLedger(db);
    try {
      const o = { ...opts, instance: ledger.instance, recordEmpty: false }; // as the review: an import with nothing new leaves no row
      await importShare(share, db, o);
      for (let k = 0; k < 2; k++) expect((await importShare(share, db, o)).report.ok).toBe(true);
      // st-b enrolled (from another ledger's list) with another key than the one its folder will present.
      const other = await new MemoryKeyStore(generateStationKeyPem()).loadOrCreate();
      const c = await ledger.instance.connect();
      await c.run(`INSERT INTO enrolments VALUES ('st-b', $1, $2, 'Bench B', $3::TIMESTAMPTZ, 'procurement', 'imported')`, [other.keyId, other.publicKey, new Date(TEST_NOW).toISOString()]);
      c.closeSync();
      const b = await liveStation(root, share, 'st-b');
      await b.append(4);
      await b.sync();
      const r = await importShare(share, db, o);
      expect(r.report.problems).toContainEqual(expect.objectContaining({ station: 'st-b', code: 'KEY_CHANGED' }));
      expect(r.stations.find((s) => s.station === 'st-b')).toMatchObject({ status: 'rejected', added: 0 });
      await b.close();
    } finally {
      ledger.close();
      await a.close();
    }
  }), 120_000);
});
