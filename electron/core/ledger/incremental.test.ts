import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertBoundedAsync } from '../../../test/support/property';
import { withTempDir } from '../../../test/support/temp-dir';
import { runCli, EXIT_FAILURE, EXIT_OK, type CliIo } from '../../cli/cli';
import { generateStationKeyPem, MemoryKeyStore } from '../journal';
import { segmentName } from '../journal/format';
import { TEST_NOW } from '../sync/test-support';
import { ReviewStore } from '../review';
import { importShare } from '.';
import { AS_REMEMBERED, importOpts as opts, liveShare, liveStation, refreshShare, rewriteSameSize, segDir, stationCheck as check, withLedger } from './test-support';

/**
 * Incremental verification (docs/ledger.md §3b): an import reads only the segments after each station's remembered
 * head; segments verified before are not read again; a full verification compares them with what was remembered.
 */

/** The ledger's events of a station, as (seq, id) pairs, and the remembered segments. */
function ledgerState(db: string) {
  return withLedger(db, async (l) => {
    const events = (await l.conn.runAndReadAll(`SELECT station_id, seq::DOUBLE AS seq, CAST(id AS VARCHAR) AS id, CAST(value AS VARCHAR) AS value FROM events ORDER BY ALL`)).getRowObjectsJS();
    const heads = (await l.conn.runAndReadAll(`SELECT station_id, head_seq::DOUBLE AS head_seq, head_hash FROM stations ORDER BY ALL`)).getRowObjectsJS();
    const segments = (await l.conn.runAndReadAll(`SELECT station_id, name, first_seq::DOUBLE AS f, last_seq::DOUBLE AS l, size::DOUBLE AS size, sha256, last_hash FROM verified_segments ORDER BY ALL`)).getRowObjectsJS();
    return { events, heads, segments };
  });
}

function cliIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), env: {} };
  return { io, out: () => out.join('') };
}

describe('incremental verification and import', () => {
  it('with nothing new, no segment is read again (a same-size forgery of an old one goes unread) and nothing changes', () => withTempDir('sw-inc-', async (root) => {
    const { share, db, stations: { 'st-a': a } } = await liveShare(root, { 'st-a': 14 });
    const first = await importShare(share, db, opts);
    expect(first.eventsAdded).toBe(a.journal.head.seq);
    expect(check(first, 'st-a').verification).toMatchObject({ mode: 'full', reason: 'nothing of it verified and imported before' });
    const names = check(first, 'st-a').verification.read;
    expect(names.length).toBeGreaterThanOrEqual(3);
    const before = await ledgerState(db);
    expect(before.segments.map((s) => s.name)).toEqual(names);

    const again = await importShare(share, db, opts);
    expect(again.eventsAdded).toBe(0);
    expect(again.report.ok).toBe(true);
    expect(check(again, 'st-a').verification).toEqual(AS_REMEMBERED);
    expect(again.stations[0]?.status).toBe('up_to_date');

    // Proof that they are not read: every old segment replaced by a same-size forgery is still "as remembered".
    for (const name of names) await rewriteSameSize(path.join(segDir(share, 'st-a'), name));
    const blind = await importShare(share, db, opts);
    expect(check(blind, 'st-a').verification.read).toEqual([]);
    expect(blind.report.ok).toBe(true);
    expect(blind.eventsAdded).toBe(0);
    expect(await ledgerState(db)).toEqual(before);
    await a.close();
  }), 90_000);

  it('a new segment is verified alone, chained from the remembered head; one that does not chain to it is refused', () => withTempDir('sw-inc-', async (root) => {
    const pem = generateStationKeyPem();
    const { share, db, stations: { 'st-a': a } } = await liveShare(root, { 'st-a': { count: 10, pem } });
    await importShare(share, db, opts);
    const oldNames = (await ledgerState(db)).segments.map((s) => String(s.name));
    // The last old segment is forged on the share (same size): the new one must chain from the *remembered* head.
    await rewriteSameSize(path.join(segDir(share, 'st-a'), oldNames[oldNames.length - 1] as string), 1);
    const headBefore = a.journal.head.seq;
    await a.append(3);
    await a.sync();
    const next = await importShare(share, db, opts);
    const c = check(next, 'st-a');
    expect(c.verification.mode).toBe('incremental');
    expect(c.verification.read).toHaveLength(1);
    expect(c.verification.read[0]).not.toBe(oldNames[oldNames.length - 1]);
    expect(next.report.ok).toBe(true);
    expect(next.eventsAdded).toBe(a.journal.head.seq - headBefore);
    const after = await ledgerState(db);
    expect(after.segments.map((s) => s.name)).toEqual([...oldNames, c.verification.read[0]]);

    // A fork: another journal with the same key and id whose first segment ends exactly at a's head (so its next one
    // starts where a's next one would), with other events: that next segment is validly sealed but does not chain to a.
    const h = a.journal.head.seq;
    const forkShare = path.join(root, 'fork-share');
    await mkdir(path.join(forkShare, 'stations'), { recursive: true });
    const b = await liveStation(path.join(root, 'fork'), forkShare, 'st-a', pem, h);
    await b.append(h - 1, 'other'); // sealed automatically at line h
    await b.append(3, 'other');
    await b.sync();
    const extra = (await readdir(segDir(forkShare, 'st-a'))).find((n) => n === segmentName(h + 1));
    expect(extra).toBeDefined();
    await writeFile(path.join(segDir(share, 'st-a'), extra as string), await readFile(path.join(segDir(forkShare, 'st-a'), extra as string)));
    const refused = await importShare(share, db, opts);
    expect(check(refused, 'st-a').verification.read).toEqual([extra]);
    expect(refused.report.problems).toContainEqual(expect.objectContaining({ code: 'CHAIN_BROKEN', file: `stations/st-a/segments/${extra as string}`, line: 1 }));
    expect(refused.eventsAdded).toBe(0);
    expect((await ledgerState(db)).events).toEqual(after.events);
    await a.close();
    await b.close();
  }), 90_000);

  it('an old segment rewritten with the same size: the incremental import changes nothing; verify --full and import --full report HISTORY_REWRITTEN (exit 1)', () => withTempDir('sw-inc-', async (root) => {
    const { share, db, stations: { 'st-a': a, 'st-b': b } } = await liveShare(root, { 'st-a': 14, 'st-b': 5 });
    await importShare(share, db, opts);
    const before = await ledgerState(db);
    const victim = String(before.segments.find((s) => s.station_id === 'st-a' && Number(s.f) === 1)?.name);
    await rewriteSameSize(path.join(segDir(share, 'st-a'), victim), 3);

    const quick = await importShare(share, db, opts);
    expect(quick.report.ok).toBe(true);
    expect(quick.eventsAdded).toBe(0);
    const afterQuick = await ledgerState(db);
    expect(afterQuick.events).toEqual(before.events);
    expect(afterQuick.heads).toEqual(before.heads);

    const v = cliIo();
    expect(await runCli(['verify', share, '--db', db, '--full', '--quiet'], v.io)).toBe(EXIT_FAILURE);
    expect(v.out()).toContain('HISTORY_REWRITTEN');
    expect(v.out()).toContain(`stations/st-a/segments/${victim}`);
    expect(v.out()).toMatch(/the same size, other bytes/);
    const j = cliIo();
    expect(await runCli(['verify', share, '--db', db, '--full', '--json', '--quiet'], j.io)).toBe(EXIT_FAILURE);
    const doc = JSON.parse(j.out()) as { problems: Array<{ code: string; station: string; file: string }>; stations: Array<{ station: string; verification: { mode: string } }> };
    expect(doc.problems).toContainEqual(expect.objectContaining({ code: 'HISTORY_REWRITTEN', station: 'st-a', file: `stations/st-a/segments/${victim}` }));
    expect(doc.problems.filter((p) => p.code === 'HISTORY_REWRITTEN').every((p) => p.station === 'st-a')).toBe(true);
    expect(doc.stations.map((s) => s.verification.mode)).toEqual(['full', 'full']);
    // Without --full: only what is new, so nothing to report.
    const q = cliIo();
    expect(await runCli(['verify', share, '--db', db, '--quiet'], q.io)).toBe(EXIT_OK);
    expect(q.out()).toContain('new segments only (0 files read)');

    // A new segment arrives: imported incrementally, from the remembered head, whatever the old file now holds.
    await a.append(4);
    await a.sync();
    const grown = await importShare(share, db, opts);
    expect(grown.report.ok).toBe(true);
    expect(grown.eventsAdded).toBeGreaterThan(0);
    // The full import: the station is rejected, nothing of it changes; the other station is fine.
    const full = await importShare(share, db, { ...opts, full: true });
    expect(full.report.problems).toContainEqual(expect.objectContaining({ code: 'HISTORY_REWRITTEN', station: 'st-a', file: `stations/st-a/segments/${victim}`, severity: 'error' }));
    expect(full.stations.find((s) => s.station === 'st-a')?.status).toBe('rejected');
    expect(full.stations.find((s) => s.station === 'st-b')?.status).toBe('up_to_date');
    const afterFull = await ledgerState(db);
    expect(afterFull.events.filter((e) => e.station_id === 'st-a')).toEqual((await ledgerState(db)).events.filter((e) => e.station_id === 'st-a'));
    expect(afterFull.events.filter((e) => Number(e.seq) <= Number(before.heads.find((h) => h.station_id === 'st-a')?.head_seq)))
      .toEqual(expect.arrayContaining(before.events));
    await a.close();
    await b.close();
  }), 90_000);

  it('an old segment cut short or removed: the import looks closer (full, saying why) and rejects the station; the ledger keeps its events', () => withTempDir('sw-inc-', async (root) => {
    const { share, db, stations: { 'st-a': a } } = await liveShare(root, { 'st-a': 20 });
    await importShare(share, db, opts);
    const before = await ledgerState(db);
    const [first, second] = before.segments.map((s) => String(s.name));
    const file = path.join(segDir(share, 'st-a'), first as string);
    const original = await readFile(file);
    await truncate(file, original.length - 40);
    const cut = await importShare(share, db, opts);
    expect(check(cut, 'st-a').verification.mode).toBe('full');
    expect(check(cut, 'st-a').verification.reason).toMatch(new RegExp(`${first as string}, verified before as ${original.length} bytes, now has ${original.length - 40} bytes`));
    expect(cut.report.problems).toContainEqual(expect.objectContaining({ code: 'HISTORY_REWRITTEN', file: `stations/st-a/segments/${first as string}` }));
    expect(cut.stations[0]?.status).toBe('rejected');
    expect(await ledgerState(db)).toEqual(before);

    await writeFile(file, original);
    await rm(path.join(segDir(share, 'st-a'), second as string));
    const gone = await importShare(share, db, opts);
    expect(check(gone, 'st-a').verification.reason).toMatch(/is not there/);
    expect(gone.report.problems).toContainEqual(expect.objectContaining({ code: 'HISTORY_SHRANK', file: `stations/st-a/segments/${second as string}` }));
    expect(gone.stations[0]?.status).toBe('rejected');
    expect(await ledgerState(db)).toEqual(before);
    await a.close();
  }), 90_000);

  it('remembered segments missing or not adding up: a full verification, said so, and the memory made again', () => withTempDir('sw-inc-', async (root) => {
    const { share, db, stations: { 'st-a': a } } = await liveShare(root, { 'st-a': 15 });
    await importShare(share, db, opts);
    const before = await ledgerState(db);
    const edit = (sql: string) => withLedger(db, (l) => l.conn.run(sql));
    for (const [sql, why] of [
      [`UPDATE verified_segments SET last_hash = '${'0'.repeat(64)}' WHERE last_seq = (SELECT max(last_seq) FROM verified_segments)`, /do not add up|not at the remembered head/],
      [`DELETE FROM verified_segments WHERE first_seq = (SELECT min(first_seq) FROM verified_segments)`, /do not add up/],
      [`UPDATE verified_segments SET sha256 = 'not a hash'`, /do not add up/],
      [`DELETE FROM verified_segments`, /does not remember/],
    ] as const) {
      await edit(sql);
      const r = await importShare(share, db, opts);
      expect(check(r, 'st-a').verification.mode).toBe('full');
      expect(check(r, 'st-a').verification.reason).toMatch(why);
      expect(check(r, 'st-a').verification.read).toHaveLength(before.segments.length);
      expect(r.report.ok).toBe(true);
      expect(r.eventsAdded).toBe(0);
      expect(await ledgerState(db)).toEqual(before); // the memory is whole again
      expect(check(await importShare(share, db, opts), 'st-a').verification).toEqual(AS_REMEMBERED);
    }
    await a.close();
  }), 90_000);

  it('the review verifies in full once a day: in between only what is new; the daily check reports a forged old segment', () => withTempDir('sw-inc-', async (root) => {
    const { share, stations: { 'st-a': a } } = await liveShare(root, { 'st-a': 14 });
    let now = TEST_NOW;
    const store = new ReviewStore({ dbPath: path.join(root, 'review.duckdb'), now: () => now });
    try {
      const refresh = () => refreshShare(store, share);
      const first = await refresh();
      expect(first).toMatchObject({ full: true, ok: true, eventsAdded: a.journal.head.seq });
      now += 3600_000;
      expect(await refresh()).toMatchObject({ full: false, ok: true, eventsAdded: 0 });
      const victim = path.join(segDir(share, 'st-a'), (await readdir(segDir(share, 'st-a'))).sort()[0] as string);
      await rewriteSameSize(victim, 2);
      now += 3600_000;
      expect(await refresh()).toMatchObject({ full: false, ok: true, eventsAdded: 0 }); // not read: the ledger holds the events
      now += 24 * 3600_000;
      const daily = await refresh();
      expect(daily?.full).toBe(true);
      expect(daily?.problems).toContainEqual(expect.objectContaining({ code: 'HISTORY_REWRITTEN', station: 'st-a', file: `stations/st-a/segments/${path.basename(victim)}` }));
      expect((await store.history({ filter: {}, sort: 'started_desc', offset: 0, limit: 10, roster: [] })).counts.runs).toBe(0); // test events: no runs
      now += 3600_000;
      expect(await refresh()).toMatchObject({ full: false }); // the next day's check is the next full one
    } finally {
      await store.dispose();
      await a.close();
    }
  }), 90_000);

  it('the quick look remembers station.json by its stamp: a same-size rewrite with the old mtime, or a FIFO in its place, is still noticed', () => withTempDir('sw-inc-', async (root) => {
    const { share, db, stations: { 'st-a': a } } = await liveShare(root, { 'st-a': 8 });
    expect((await importShare(share, db, opts)).eventsAdded).toBe(a.journal.head.seq);
    // Nothing new, twice: the second quick look answers from the station.json it read the first time.
    for (let k = 0; k < 2; k++) {
      const again = await importShare(share, db, opts);
      expect(again.report.ok).toBe(true);
      expect(check(again, 'st-a').verification).toEqual(AS_REMEMBERED);
    }
    // Another key, the same size and the same modification time as before: only its change time tells.
    const file = path.join(share, 'stations', 'st-a', 'station.json');
    const before = await stat(file);
    const other = await new MemoryKeyStore(generateStationKeyPem()).loadOrCreate();
    const text = (await readFile(file, 'utf8')).replace(a.journal.publicKey, other.publicKey).replace(a.journal.keyId, other.keyId);
    expect(Buffer.byteLength(text)).toBe(before.size);
    const ref = path.join(root, 'station.json.times');
    execFileSync('cp', ['-p', file, ref]); // its times to the nanosecond
    await writeFile(file, text);
    execFileSync('touch', ['-r', ref, file]);
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
    const changed = await importShare(share, db, opts);
    expect(changed.report.problems).toContainEqual(expect.objectContaining({ station: 'st-a', code: 'KEY_CHANGED' }));
    // A FIFO where station.json was: refused, never opened for reading as the file remembered.
    await rm(file);
    execFileSync('mkfifo', [file]);
    const t = performance.now();
    const fifo = await importShare(share, db, opts);
    expect(performance.now() - t, 'a FIFO never blocks the import').toBeLessThan(30_000);
    expect(check(fifo, 'st-a').trusted).toBe(false);
    expect(fifo.report.problems).toContainEqual(expect.objectContaining({ station: 'st-a', code: 'NOT_A_FILE' }));
    expect(fifo.eventsAdded).toBe(0);
    await a.close();
  }), 90_000);

  it('property: incremental and full imports agree over random appends and syncs', () => withTempDir('sw-inc-prop-', async (root) => {
    let run = 0;
    await assertBoundedAsync(fc.asyncProperty(
      fc.array(fc.record({ station: fc.integer({ min: 0, max: 1 }), append: fc.integer({ min: 0, max: 9 }), sync: fc.boolean(), importNow: fc.boolean() }), { minLength: 1, maxLength: 6 }),
      async (steps) => {
        const dir = path.join(root, `run-${++run}`);
        const share = path.join(dir, 'share');
        await mkdir(path.join(share, 'stations'), { recursive: true });
        const stations = [await liveStation(dir, share, 'p-0', undefined, 4), await liveStation(dir, share, 'p-1', undefined, 5)];
        const inc = path.join(dir, 'incremental.duckdb');
        try {
          for (const [k, s] of [...steps, { station: 0, append: 0, sync: true, importNow: true }].entries()) {
            const st = stations[s.station] as Awaited<ReturnType<typeof liveStation>>;
            await st.append(s.append);
            if (s.sync) await st.sync();
            if (!s.importNow) continue;
            const i = await importShare(share, inc, opts);
            const f = await importShare(share, path.join(dir, `full-${k}.duckdb`), { ...opts, full: true });
            expect(i.report.ok).toBe(true);
            expect(f.report.ok).toBe(true);
            const [si, sf] = [await ledgerState(inc), await ledgerState(path.join(dir, `full-${k}.duckdb`))];
            expect(si.events).toEqual(sf.events);
            expect(si.heads).toEqual(sf.heads);
            expect(si.segments).toEqual(sf.segments);
            expect(i.report.stations.map((c) => [c.station, c.records, c.verifiedThrough])).toEqual(f.report.stations.map((c) => [c.station, c.records, c.verifiedThrough]));
          }
        } finally {
          for (const st of stations) await st.close();
          await rm(dir, { recursive: true, force: true });
        }
      },
    ), { numRuns: 12, timeLimitMs: 40_000 });
  }), 120_000);
});
