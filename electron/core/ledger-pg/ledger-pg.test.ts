import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, freshDatabase, testPgUrl, withUrl } from '../../../test/support/pg';
import { generateStationKeyPem, Journal, keyIdOf, MemoryKeyStore } from '../journal';
import { writeJournalFixture } from '../journal/fixture';
import { runCli, EXIT_FAILURE, type CliIo } from '../../cli/cli';
import { segmentName } from '../journal/format';
import { importShare, type StationCheck } from '../ledger';
import { DUCKDB_DIALECT, POSTGRES_DIALECT } from '../ledger/dialect';
import { liveStation, rewriteSameSize } from '../ledger/test-support';
import { publish } from '../sync';
import { ManualClock } from '../time/clock';
import { simulate } from '../sim/simulate';
import { STANDARDS, TEST_NOW, TempDirs } from '../sync/test-support';
import { importShareToPg, PG_LEDGER_SCHEMA_VERSION, PgLedgerError, redactPgUrl } from '.';

/**
 * The PostgreSQL ledger against a real server (the test cluster of test/support/pg-global-setup.ts): the same
 * events as the DuckDB ledger, the same import rule, suppliers, and the failures procurement meets (wrong address,
 * server down, a role without rights, the server gone mid-import) — each a clear message and no half-imported station.
 */
const dirs = new TempDirs();
let root: string;
let original: string;
let duckTruth: Map<string, string>;
const opts = { nowMs: TEST_NOW, workers: 0 } as const;
const COLS = `station_id, seq, CAST(id AS VARCHAR) AS id, at_text, actor, type, CAST(run_id AS VARCHAR) AS run_id, standard_hash, step_id, reason, CAST(supersedes AS VARCHAR) AS supersedes, file, line`;

async function duckRows(db: string): Promise<Map<string, string>> {
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  const out = new Map<string, string>();
  for (const r of (await conn.runAndReadAll(`SELECT ${COLS}, CAST(value AS VARCHAR) AS value, CAST(data AS VARCHAR) AS data FROM events ORDER BY station_id, seq`)).getRowObjectsJson()) {
    out.set(`${String(r.station_id)}:${String(r.seq)}`, norm(r));
  }
  conn.closeSync();
  instance.closeSync();
  return out;
}
/** A row in one comparable form: JSON values compared as parsed JSON, keys sorted (jsonb keeps no key order). */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sortKeys(x)]));
  return v;
}
function norm(r: Record<string, unknown>): string {
  const j = (v: unknown) => (v === null || v === undefined ? null : sortKeys(typeof v === 'string' ? JSON.parse(v) as unknown : v));
  return JSON.stringify({ ...r, seq: Number(r.seq), line: Number(r.line), value: j(r.value), data: j(r.data) });
}
async function pgRows(url: string, supplier?: string): Promise<Map<string, string>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const out = new Map<string, string>();
  try {
    const res = await c.query(`SELECT ${COLS}, value::text AS value, data::text AS data FROM events ${supplier ? 'WHERE supplier = $1' : ''} ORDER BY station_id, seq`, supplier ? [supplier] : []);
    for (const r of res.rows as Array<Record<string, unknown>>) out.set(`${String(r.station_id)}:${String(r.seq)}`, norm(r));
  } finally {
    await c.end();
  }
  return out;
}
async function one(url: string, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as Record<string, unknown>[];
  } finally {
    await c.end();
  }
}
async function fresh(name: string): Promise<string> {
  const d = path.join(root, name);
  await cp(original, d, { recursive: true });
  return d;
}
const segDir = (share: string, station: string) => path.join(share, 'stations', station, 'segments');
const segments = async (share: string, station: string) => (await readdir(segDir(share, station))).filter((n) => /^segment-\d{12}\.jsonl$/.test(n)).sort();

beforeAll(async () => {
  root = await dirs.make('sw-ledger-pg-');
  original = path.join(root, 'original');
  await simulate({ share: original, standardsDir: STANDARDS, stations: 3, days: 4, seed: 7, startDate: '2026-11-16', timeZone: 'Asia/Kolkata' });
  const db = path.join(root, 'truth.duckdb');
  await importShare(original, db, opts);
  duckTruth = await duckRows(db);
}, 120_000);
afterAll(() => dirs.cleanup());

describe('importShareToPg', () => {
  it('imports the same events as the DuckDB ledger, row for row, once', async () => {
    const db = await freshDatabase();
    try {
      const first = await importShareToPg(original, db.url, { ...opts, supplier: 'Acme Cartons' });
      expect(first.report.ok).toBe(true);
      expect(first.eventsAdded).toBe(duckTruth.size);
      expect(first.stations.every((s) => s.status === 'imported')).toBe(true);
      expect(await pgRows(db.url)).toEqual(duckTruth);
      const again = await importShareToPg(original, db.url, { ...opts, supplier: 'Acme Cartons' });
      expect(again.eventsAdded).toBe(0);
      expect(again.stations.every((s) => s.status === 'up_to_date')).toBe(true);
      expect((await pgRows(db.url)).size).toBe(duckTruth.size);
      // Partitioned by supplier, then by month: the events are in the month partitions of that supplier.
      const parts = await one(db.url, `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname LIKE 'events\\_s%' AND c.relkind = 'r' ORDER BY 1`);
      expect(parts.map((r) => String(r.relname)).join(' ')).toMatch(/^events_s[0-9a-f]{12}_202611$/);
      const imports = await one(db.url, 'SELECT supplier, events_added, ok, finished_at FROM imports ORDER BY import_id');
      expect(imports.map((r) => [r.supplier, Number(r.events_added), r.ok])).toEqual([['Acme Cartons', duckTruth.size, true], ['Acme Cartons', 0, true]]);
      expect((await one(db.url, 'SELECT max(version) AS v FROM schema_migrations'))[0]?.v).toBe(PG_LEDGER_SCHEMA_VERSION);
    } finally {
      await db.drop();
    }
  });

  it('adds only what is new, and refuses a history that was rewritten or shrank', async () => {
    const db = await freshDatabase();
    try {
      const share = await fresh('grow');
      const stations = (await readdir(path.join(share, 'stations'))).sort();
      const station = stations[0] as string;
      const names = await segments(share, station);
      const held = path.join(root, 'held');
      await rm(held, { recursive: true, force: true });
      await cp(segDir(share, station), held, { recursive: true });
      for (const n of names.slice(1)) await rm(path.join(segDir(share, station), n));
      const first = await importShareToPg(share, db.url, { ...opts, supplier: 'Acme' });
      expect(first.report.ok).toBe(true);
      await cp(held, segDir(share, station), { recursive: true });
      const second = await importShareToPg(share, db.url, { ...opts, supplier: 'Acme' });
      expect(second.stations.find((s) => s.station === station)?.status).toBe('imported');
      expect(second.eventsAdded + first.eventsAdded).toBe(duckTruth.size);
      expect(await pgRows(db.url)).toEqual(duckTruth);

      // Rewrite an event already imported (its hash chain no longer meets the remembered head).
      const file = path.join(segDir(share, station), names[0] as string);
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.replace('"actor":"', '"actor":"X'));
      const third = await importShareToPg(share, db.url, { ...opts, supplier: 'Acme' });
      // Tampered with, without the station's key: the chain is broken before the remembered head, nothing more is imported.
      expect(third.report.problems.map((p) => p.code)).toContain('CHAIN_BROKEN');
      expect(third.eventsAdded).toBe(0);
      // Shrink: the newest segment of another station deleted.
      const other = stations[1] as string;
      await rm(path.join(segDir(share, other), (await segments(share, other)).at(-1) as string));
      const fourth = await importShareToPg(share, db.url, { ...opts, supplier: 'Acme' });
      expect(fourth.report.problems.map((p) => p.code)).toContain('HISTORY_SHRANK');
      expect(fourth.eventsAdded).toBe(0);
      expect(await pgRows(db.url)).toEqual(duckTruth);
    } finally {
      await db.drop();
    }
  });

  it('holds many suppliers: a second supplier beside the first, a station never under two', async () => {
    const db = await freshDatabase();
    try {
      const other = path.join(root, 'other-supplier');
      await simulate({ share: other, standardsDir: STANDARDS, stations: 2, days: 2, seed: 99, startDate: '2026-11-18', timeZone: 'Asia/Kolkata' });
      await writeFile(path.join(other, 'supplier.json'), JSON.stringify({ supplier: 'Bharat Boxes' }));
      await importShareToPg(original, db.url, { ...opts, supplier: 'Acme Cartons' });
      const b = await importShareToPg(other, db.url, opts);
      expect(b.supplier).toBe('Bharat Boxes');
      expect(b.report.ok).toBe(true);
      const per = await one(db.url, 'SELECT supplier, count(DISTINCT station_id)::int AS stations FROM events GROUP BY supplier ORDER BY supplier');
      expect(per).toEqual([{ supplier: 'Acme Cartons', stations: 3 }, { supplier: 'Bharat Boxes', stations: 2 }]);
      expect(await pgRows(db.url, 'Acme Cartons')).toEqual(duckTruth);
      // The first supplier's share imported again under another supplier's name: every station refused.
      const wrong = await importShareToPg(original, db.url, { ...opts, supplier: 'Bharat Boxes' });
      expect(wrong.eventsAdded).toBe(0);
      expect(wrong.stations.every((s) => s.status === 'rejected')).toBe(true);
      expect(wrong.report.problems.filter((p) => p.code === 'OTHER_SUPPLIER')).toHaveLength(3);
      // No supplier anywhere: a clear refusal before anything is written.
      await expect(importShareToPg(original, db.url, opts)).rejects.toThrow(/does not say which supplier it belongs to: give --supplier NAME/);
    } finally {
      await db.drop();
    }
  });
});

describe('times the journal never writes but its format allows', () => {
  it('a time without seconds (a hand-made line) is imported by both ledgers, not a failed import', async () => {
    const share = path.join(root, 'no-seconds');
    await mkdir(path.join(share, 'stations'), { recursive: true });
    const dir = path.join(root, 'fx-no-seconds');
    const keyStore = new MemoryKeyStore(generateStationKeyPem());
    // One line a minute; every other line at HH:MM (with an offset, or Z), the others as the journal writes them.
    const at = (i: number) => {
      const ms = Date.parse('2026-11-20T06:00:00Z') + i * 60_000;
      const local = new Date(ms + 330 * 60_000).toISOString();
      if (i % 4 === 0) return `${new Date(ms).toISOString().slice(0, 16)}Z`;
      return i % 2 === 0 ? `${local.slice(0, 16)}+05:30` : `${local.slice(0, 19)}.250+05:30`;
    };
    await writeJournalFixture({ dir, stationId: 'st-hhmm', keyStore, events: 12, segmentMaxRecords: 5, sealEnd: true, at,
      event: (i) => ({ actor: 'artisan-1', type: 'test.event', value: i }) });
    const journal = await Journal.open({ dir, stationId: 'st-hhmm', clock: new ManualClock(TEST_NOW - 86_400_000), keyStore });
    const files = journal.segmentFiles();
    await journal.close();
    await publish({ share, identity: { stationId: 'st-hhmm', name: 'Bench', publicKey: journal.publicKey, keyId: keyIdOf(journal.publicKey) }, segments: files.closed });
    const duck = path.join(root, 'no-seconds.duckdb');
    const d = await importShare(share, duck, opts);
    expect(d.report.problems).toEqual([]);
    const lines = d.stations[0]?.headSeq ?? 0;
    expect(lines).toBeGreaterThan(12);
    const db = await freshDatabase();
    try {
      const p = await importShareToPg(share, db.url, { ...opts, supplier: 'Acme Cartons' });
      expect(p.report.problems).toEqual([]);
      expect(p.eventsAdded).toBe(lines);
      // The same instants in both ledgers (HH:MM read as HH:MM:00).
      const pgTimes = (await one(db.url, `SELECT seq, (extract(epoch from "at") * 1000)::bigint AS ms FROM events ORDER BY seq`)).map((r) => [Number(r.seq), Number(r.ms)]);
      const instance = await DuckDBInstance.create(duck, { access_mode: 'READ_ONLY' });
      const conn = await instance.connect();
      const duckTimes = (await conn.runAndReadAll('SELECT seq, epoch_ms("at") AS ms FROM events ORDER BY seq')).getRowObjectsJS().map((r) => [Number(r.seq), Number(r.ms)]);
      conn.closeSync();
      instance.closeSync();
      expect(pgTimes).toEqual(duckTimes);
      expect(duckTimes[0]).toEqual([1, Date.parse('2026-11-20T06:00:00Z')]);
      // The station's local time (the scorecards' days and hours) is the clock the line shows, HH:MM as HH:MM:00 — not
      // the UTC time it fell back to when the line had no seconds.
      const localOf = (text: string) => `${text.slice(0, 16)}:${text[16] === ':' ? text.slice(17, 19) : '00'}`;
      const pgLocal = (await one(db.url, `SELECT e.seq, e.at_text, ${POSTGRES_DIALECT.localText(POSTGRES_DIALECT.localTime())} AS local FROM events e ORDER BY seq`))
        .map((r) => [String(r.at_text), String(r.local)]);
      const ro = await DuckDBInstance.create(duck, { access_mode: 'READ_ONLY' });
      const rc = await ro.connect();
      const duckLocal = (await rc.runAndReadAll(`SELECT e.seq, e.at_text, ${DUCKDB_DIALECT.localText(DUCKDB_DIALECT.localTime())} AS local FROM events e ORDER BY seq`))
        .getRowObjectsJS().map((r) => [String(r.at_text), String(r.local)]);
      rc.closeSync();
      ro.closeSync();
      expect(pgLocal.some(([text]) => /T\d\d:\d\d\+05:30$/.test(text as string))).toBe(true);
      expect(duckLocal).toEqual(pgLocal);
      for (const [text, local] of duckLocal) expect(local, text).toBe(localOf(text as string));
    } finally {
      await db.drop();
    }
  });
});

describe('importShareToPg and a history rewritten with the station\'s own key', () => {
  async function fixtureStation(share: string, pem: string, stationId: string, events: number, tag: string) {
    const dir = path.join(root, `fx-${tag}`);
    await rm(dir, { recursive: true, force: true });
    const keyStore = new MemoryKeyStore(pem);
    await writeJournalFixture({ dir, stationId, keyStore, events, segmentMaxRecords: 20, sealEnd: true, startMs: Date.parse('2026-11-20T06:00:00Z'),
      event: (i) => ({ actor: `artisan-${tag}`, type: 'test.event', value: i }) });
    const journal = await Journal.open({ dir, stationId, clock: new ManualClock(TEST_NOW - 86_400_000), keyStore });
    const files = journal.segmentFiles();
    await journal.close();
    return publish({ share, identity: { stationId, name: tag, publicKey: journal.publicKey, keyId: keyIdOf(journal.publicKey) }, segments: files.closed });
  }

  it('detects it (HISTORY_REWRITTEN) and imports nothing more of that station', async () => {
    const db = await freshDatabase();
    try {
      const share = path.join(root, 'rewrite');
      await mkdir(path.join(share, 'stations'), { recursive: true });
      const pem = generateStationKeyPem();
      await fixtureStation(share, pem, 'fork-station', 50, 'one');
      expect((await importShareToPg(share, db.url, { ...opts, supplier: 'A' })).eventsAdded).toBe(53);
      await rm(path.join(share, 'stations', 'fork-station'), { recursive: true });
      await fixtureStation(share, pem, 'fork-station', 70, 'two');
      const again = await importShareToPg(share, db.url, { ...opts, supplier: 'A' });
      expect(again.report.problems).toContainEqual(expect.objectContaining({ station: 'fork-station', code: 'HISTORY_REWRITTEN', severity: 'error' }));
      expect(again.eventsAdded).toBe(0);
      expect(again.stations[0]?.status).toBe('rejected');
      expect(await one(db.url, 'SELECT count(*)::int AS n, max(head_seq)::int AS head FROM events JOIN stations USING (supplier, station_id)')).toEqual([{ n: 53, head: 53 }]);
    } finally {
      await db.drop();
    }
  });
});

describe('importShareToPg when the server is not what it should be', () => {
  it('a wrong address, a server that is down, a wrong password, a missing database: one clear line each', async () => {
    const url = testPgUrl();
    const u = new URL(url);
    await expect(importShareToPg(original, 'not a url', { ...opts, supplier: 'A' })).rejects.toThrow(/is not a PostgreSQL address: write it as postgres:\/\/USER:PASSWORD@HOST:PORT\/DATABASE/);
    await expect(importShareToPg(original, 'http://x/y', { ...opts, supplier: 'A' })).rejects.toThrow(/is not a PostgreSQL address \(it starts with http:\/\/\)/);
    const srv = await import('node:net').then((net) => new Promise<number>((resolve) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    }));
    const down = withUrl(url, { port: srv });
    const err = await importShareToPg(original, down, { ...opts, supplier: 'A' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PgLedgerError);
    expect((err as Error).message).toBe(`No PostgreSQL server answers at 127.0.0.1:${srv} (connection refused): start the server, or check the host and port in the address.`);
    const badPw = await importShareToPg(original, withUrl(url, { password: 'wrong-secret' }), { ...opts, supplier: 'A' }).then(() => new Error('it did not fail'), (e: unknown) => e as Error);
    expect(badPw.message).toMatch(/refused the login of "steadywork" .*check the user name and password/);
    expect(badPw.message).not.toContain('wrong-secret');
    expect(badPw.message).not.toContain(u.password);
    await expect(importShareToPg(original, withUrl(url, { database: 'no_such_db' }), { ...opts, supplier: 'A' })).rejects.toThrow(/has no database "no_such_db": create it/);
    expect(redactPgUrl(url)).not.toContain(u.password);
    expect(redactPgUrl(url)).toBe(`postgres://steadywork@${u.host}/steadywork_test`);
  });

  it('a role without rights: told what it may not do, nothing written', async () => {
    const db = await freshDatabase();
    const role = `norights_${db.name.slice(-6)}`;
    try {
      await adminQuery(`CREATE ROLE ${role} LOGIN PASSWORD 'pw-${role}'`);
      await adminQuery(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`, db.name);
      const url = withUrl(db.url, { user: role, password: `pw-${role}` });
      const err = await importShareToPg(original, url, { ...opts, supplier: 'A' }).then(() => new Error('it did not fail'), (e: unknown) => e as Error);
      expect(err).toBeInstanceOf(PgLedgerError);
      expect(err.message).toMatch(new RegExp(`^The role "${role}" may not create the ledger's tables in database "${db.name}" at 127\\.0\\.0\\.1:\\d+ \\(permission denied for schema public\\): ask the database's owner`));
      expect(err.message).not.toContain(`pw-${role}`);
      expect(await one(db.url, `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`)).toEqual([{ n: 0 }]);
    } finally {
      await db.drop();
      await adminQuery(`DROP ROLE IF EXISTS ${role}`);
    }
  });

  it('the server gone mid-import: stations before are whole, the one being written is not there at all; importing again completes it', async () => {
    const db = await freshDatabase();
    try {
      const duckFile = path.join(root, 'untouched.duckdb');
      await importShare(original, duckFile, opts);
      const duckBefore = createHash('sha256').update(await readFile(duckFile)).digest('hex');
      let n = 0;
      const err = await importShareToPg(original, db.url, {
        ...opts,
        supplier: 'Acme',
        beforeCommit: async (_station, client) => {
          if (++n < 2) return;
          const pid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0]?.pid as number;
          await adminQuery(`SELECT pg_terminate_backend(${pid})`);
        },
      }).then(() => new Error('it did not fail'), (e: unknown) => e as Error);
      expect(err).toBeInstanceOf(PgLedgerError);
      expect(err.message).toMatch(/^The connection to the PostgreSQL server at 127\.0\.0\.1:\d+ was lost while trying to import station \S+ \(.*\)\. What was being written when it happened was rolled back, so no station is half imported \(1 station was imported completely before\)\. Import again when the server is back: nothing is imported twice\.$/);
      const heads = await one(db.url, 'SELECT station_id, head_seq FROM stations');
      expect(heads).toHaveLength(1);
      const after = await pgRows(db.url);
      const station = String(heads[0]?.station_id);
      expect([...after.keys()].every((k) => k.startsWith(`${station}:`))).toBe(true);
      expect(after.size).toBe(Number(heads[0]?.head_seq));
      for (const [k, row] of after) expect(row).toBe(duckTruth.get(k));
      const again = await importShareToPg(original, db.url, { ...opts, supplier: 'Acme' });
      expect(again.stations.find((s) => s.station === station)?.status).toBe('up_to_date');
      expect(await pgRows(db.url)).toEqual(duckTruth);
      expect(createHash('sha256').update(await readFile(duckFile)).digest('hex')).toBe(duckBefore);
    } finally {
      await db.drop();
    }
  });
});

/** The PostgreSQL ledger's events, heads and remembered segments (as ledger/incremental.test.ts's ledgerState). */
async function pgState(url: string) {
  const events = await one(url, `SELECT station_id, seq::int AS seq, id::text AS id, value::text AS value FROM events ORDER BY station_id, seq`);
  const heads = await one(url, `SELECT station_id, head_seq::int AS head_seq, head_hash FROM stations ORDER BY station_id`);
  const segments = await one(url, `SELECT station_id, name, first_seq::int AS f, last_seq::int AS l, size::int AS size, sha256, last_hash FROM verified_segments ORDER BY station_id, first_seq`);
  return { events, heads, segments };
}
const checkOf = (r: { report: { stations: StationCheck[] } }, id: string) => r.report.stations.find((s) => s.station === id) as StationCheck;
function cliIo() {
  const out: string[] = [];
  const io: CliIo = { out: (t) => void out.push(t), err: (t) => void out.push(t), env: {} };
  return { io, out: () => out.join('') };
}

describe('importShareToPg verifies only what is new (the DuckDB ledger\'s incremental verification, ledger/remembered.ts)', () => {
  const inc = { ...opts, supplier: 'Acme' } as const;

  it('with nothing new, no segment is read again (a same-size forgery goes unread) and nothing changes; a new segment is verified alone, from the remembered head', async () => {
    const db = await freshDatabase();
    const base = path.join(root, 'inc-noop');
    const share = path.join(base, 'share');
    try {
      await mkdir(path.join(share, 'stations'), { recursive: true });
      const pem = generateStationKeyPem();
      const a = await liveStation(base, share, 'st-a', pem);
      await a.append(14);
      await a.sync();
      const first = await importShareToPg(share, db.url, inc);
      expect(first.eventsAdded).toBe(a.journal.head.seq);
      expect(checkOf(first, 'st-a').verification).toMatchObject({ mode: 'full', reason: 'nothing of it verified and imported before' });
      const names = checkOf(first, 'st-a').verification.read;
      expect(names.length).toBeGreaterThanOrEqual(3);
      const before = await pgState(db.url);
      expect(before.segments.map((s) => s.name)).toEqual(names);
      expect(before.segments.at(-1)).toMatchObject({ l: a.journal.head.seq, last_hash: before.heads[0]?.head_hash });

      const again = await importShareToPg(share, db.url, inc);
      expect(again.eventsAdded).toBe(0);
      expect(again.report.ok).toBe(true);
      expect(checkOf(again, 'st-a').verification).toEqual({ mode: 'incremental', reason: null, read: [] });
      expect(again.stations[0]?.status).toBe('up_to_date');
      // Not read: every old segment replaced by a same-size forgery is still "as remembered".
      for (const name of names) await rewriteSameSize(path.join(segDir(share, 'st-a'), name));
      const blind = await importShareToPg(share, db.url, inc);
      expect(checkOf(blind, 'st-a').verification.read).toEqual([]);
      expect(blind.report.ok).toBe(true);
      expect(await pgState(db.url)).toEqual(before);

      // New events: only the new segment is read, chained from the remembered head (the forged old files are not).
      const headBefore = a.journal.head.seq;
      await a.append(3);
      await a.sync();
      const next = await importShareToPg(share, db.url, inc);
      const c = checkOf(next, 'st-a');
      expect(c.verification.mode).toBe('incremental');
      expect(c.verification.read).toHaveLength(1);
      expect(next.report.ok).toBe(true);
      expect(next.eventsAdded).toBe(a.journal.head.seq - headBefore);
      const after = await pgState(db.url);
      expect(after.segments.map((s) => s.name)).toEqual([...names, c.verification.read[0]]);
      expect(after.events.slice(0, before.events.length)).toEqual(before.events);
      expect(after.heads[0]).toMatchObject({ head_seq: a.journal.head.seq, head_hash: after.segments.at(-1)?.last_hash });

      // A fork with the same key whose next segment starts where a's next would, with other events: it does not chain.
      const h = a.journal.head.seq;
      const forkShare = path.join(base, 'fork-share');
      await mkdir(path.join(forkShare, 'stations'), { recursive: true });
      const b = await liveStation(path.join(base, 'fork'), forkShare, 'st-a', pem, h);
      await b.append(h - 1, 'other');
      await b.append(3, 'other');
      await b.sync();
      const extra = (await readdir(segDir(forkShare, 'st-a'))).find((n) => n === segmentName(h + 1)) as string;
      expect(extra).toBeDefined();
      await writeFile(path.join(segDir(share, 'st-a'), extra), await readFile(path.join(segDir(forkShare, 'st-a'), extra)));
      const refused = await importShareToPg(share, db.url, inc);
      expect(checkOf(refused, 'st-a').verification.read).toEqual([extra]);
      expect(refused.report.problems).toContainEqual(expect.objectContaining({ code: 'CHAIN_BROKEN', file: `stations/st-a/segments/${extra}`, line: 1 }));
      expect(refused.eventsAdded).toBe(0);
      expect(await pgState(db.url)).toEqual(after);
      await a.close();
      await b.close();
    } finally {
      await db.drop();
    }
  }, 90_000);

  it('an old segment rewritten with the same size: the import changes nothing; import --pg --full reports HISTORY_REWRITTEN (exit 1) and still changes nothing', async () => {
    const db = await freshDatabase();
    const base = path.join(root, 'inc-rewrite');
    const share = path.join(base, 'share');
    try {
      await mkdir(path.join(share, 'stations'), { recursive: true });
      const a = await liveStation(base, share, 'st-a');
      const b = await liveStation(base, share, 'st-b');
      await a.append(14);
      await b.append(5);
      await a.sync();
      await b.sync();
      await importShareToPg(share, db.url, inc);
      const before = await pgState(db.url);
      const victim = String(before.segments.find((s) => s.station_id === 'st-a' && s.f === 1)?.name);
      await rewriteSameSize(path.join(segDir(share, 'st-a'), victim), 3);

      const quick = await importShareToPg(share, db.url, inc);
      expect(quick.report.ok).toBe(true);
      expect(quick.eventsAdded).toBe(0);
      expect(await pgState(db.url)).toEqual(before);

      // A new segment arrives: imported from the remembered head, whatever the old file now holds.
      await a.append(4);
      await a.sync();
      const grown = await importShareToPg(share, db.url, inc);
      expect(grown.report.ok).toBe(true);
      expect(grown.eventsAdded).toBeGreaterThan(0);
      const afterGrown = await pgState(db.url);

      const cli = cliIo();
      expect(await runCli(['import', share, '--pg', db.url, '--supplier', 'Acme', '--full', '--json', '--quiet'], cli.io)).toBe(EXIT_FAILURE);
      const doc = JSON.parse(cli.out()) as { problems: Array<{ code: string; station: string; file: string }>; stations: Array<{ station: string; verification: { mode: string } }>;
        imported: Array<{ station: string; status: string }> };
      expect(doc.problems).toContainEqual(expect.objectContaining({ code: 'HISTORY_REWRITTEN', station: 'st-a', file: `stations/st-a/segments/${victim}` }));
      expect(doc.problems.filter((p) => p.code === 'HISTORY_REWRITTEN').every((p) => p.station === 'st-a')).toBe(true);
      expect(doc.stations.map((s) => s.verification.mode)).toEqual(['full', 'full']);
      expect(doc.imported.find((s) => s.station === 'st-a')?.status).toBe('rejected');
      expect(doc.imported.find((s) => s.station === 'st-b')?.status).toBe('up_to_date');
      // The events stay as they were verified; the memory stays as it was (the rejected station's is not replaced).
      expect(await pgState(db.url)).toEqual(afterGrown);
      // Without --full: only what is new, nothing to report.
      const quiet = await importShareToPg(share, db.url, inc);
      expect(quiet.report.ok).toBe(true);
      await a.close();
      await b.close();
    } finally {
      await db.drop();
    }
  }, 90_000);

  it('an old segment cut short or removed: a closer look (full, saying why), the station rejected, the ledger unchanged; memory from an older version made again', async () => {
    const db = await freshDatabase();
    const base = path.join(root, 'inc-cut');
    const share = path.join(base, 'share');
    try {
      await mkdir(path.join(share, 'stations'), { recursive: true });
      const a = await liveStation(base, share, 'st-a');
      await a.append(20);
      await a.sync();
      await importShareToPg(share, db.url, inc);
      const before = await pgState(db.url);
      const [first, second] = before.segments.map((s) => String(s.name));
      const file = path.join(segDir(share, 'st-a'), first as string);
      const bytes = await readFile(file);
      await writeFile(file, bytes.subarray(0, bytes.length - 40));
      const cut = await importShareToPg(share, db.url, inc);
      expect(checkOf(cut, 'st-a').verification.mode).toBe('full');
      expect(checkOf(cut, 'st-a').verification.reason).toContain(`${first as string}, verified before as ${bytes.length} bytes, now has ${bytes.length - 40} bytes`);
      expect(cut.report.problems).toContainEqual(expect.objectContaining({ code: 'HISTORY_REWRITTEN', file: `stations/st-a/segments/${first as string}` }));
      expect(cut.stations[0]?.status).toBe('rejected');
      expect(await pgState(db.url)).toEqual(before);

      await writeFile(file, bytes);
      await rm(path.join(segDir(share, 'st-a'), second as string));
      const gone = await importShareToPg(share, db.url, inc);
      expect(checkOf(gone, 'st-a').verification.reason).toMatch(/is not there/);
      expect(gone.report.problems).toContainEqual(expect.objectContaining({ code: 'HISTORY_SHRANK', file: `stations/st-a/segments/${second as string}` }));
      expect(gone.stations[0]?.status).toBe('rejected');
      expect(await pgState(db.url)).toEqual(before);

      // Back as it was, but the ledger remembers no segments (imported by a version before migration 4): verified in
      // full, said so, and the memory made again; the next import is incremental.
      await a.sync();
      await adminQuery('DELETE FROM verified_segments', db.name);
      const older = await importShareToPg(share, db.url, inc);
      expect(checkOf(older, 'st-a').verification).toMatchObject({ mode: 'full', reason: expect.stringMatching(/imported by an older version/) as unknown });
      expect(older.report.ok).toBe(true);
      expect(await pgState(db.url)).toEqual(before);
      expect(checkOf(await importShareToPg(share, db.url, inc), 'st-a').verification).toEqual({ mode: 'incremental', reason: null, read: [] });
      await a.close();
    } finally {
      await db.drop();
    }
  }, 90_000);
});
