import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWithOffset } from '../time/clock';
import { atOffsetOf, keptAtText, LEDGER_SCHEMA_VERSION, LEDGER_STORAGE_VERSION, LedgerOpenError, openLedger } from './db';
import { importShare } from './import';
import { importOpts, liveShare, segDir, stationCheck, withLedger } from './test-support';
import { generateStationKeyPem, Journal, keyIdOf, MemoryKeyStore } from '../journal';
import { writeJournalFixture } from '../journal/fixture';
import { publish } from '../sync';
import { ManualClock } from '../time/clock';
import { TEST_NOW } from '../sync/test-support';

/**
 * Ledger schema version 2 (db.ts): the events are stored in event_rows without their file, line and (where the journal
 * wrote it) time text; the `events` view shows them as version 1 did, and a version-1 ledger is converted when opened.
 */

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'sw-schema-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The events table and meta of ledger schema version 1, as main's db.ts created them (before this version). */
const VERSION_1_SQL = [
  `CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)`,
  `INSERT INTO meta VALUES ('schema_version', '1')`,
  `CREATE TABLE IF NOT EXISTS events (
    station_id VARCHAR NOT NULL,
    seq BIGINT NOT NULL,
    id UUID NOT NULL,
    "at" TIMESTAMPTZ NOT NULL,
    at_text VARCHAR NOT NULL,
    actor VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    run_id UUID,
    standard_id VARCHAR,
    standard_version INTEGER,
    standard_hash VARCHAR,
    step_id VARCHAR,
    value JSON,
    reason VARCHAR,
    supersedes UUID,
    data JSON,
    file VARCHAR NOT NULL,
    line INTEGER NOT NULL,
    import_id BIGINT NOT NULL
  )`,
];

/** Time texts a share may hold: the journal's own (any offset), and what only a hand-made line has. */
const AT_TEXTS = [
  '2026-11-27T09:05:00.000+05:30', '2026-11-27T23:59:59.999-05:00', '2026-03-29T00:30:00.000+00:00', '2026-01-01T00:00:00.000+14:00',
  '2026-07-01T12:00:00.000-03:30', '2026-11-27T09:05:00.000Z', '2026-11-27T09:05+05:30', '2026-11-27T09:05:07+05:30',
  '2026-11-27T09:05:07.1+05:30', '2026-11-27T09:05:07.123456+05:30', '2026-11-27T09:05:07.123-00:00',
];

const ALL_COLUMNS = `station_id, seq, CAST(id AS VARCHAR) AS id, epoch_ms("at") AS at_ms, at_text, actor, type, CAST(run_id AS VARCHAR) AS run_id,
  standard_id, standard_version, standard_hash, step_id, value, reason, CAST(supersedes AS VARCHAR) AS supersedes, data, file, line, import_id`;

async function query(db: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, unknown>>;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** A version-1 ledger with one event per time text (station st-a, segments of 4 lines from seq 1), and its rows. */
async function version1Ledger(name: string, file = (seq: number) => `stations/st-a/segments/segment-${String(seq - ((seq - 1) % 4)).padStart(12, '0')}.jsonl`) {
  const db = path.join(root, `${name}.duckdb`);
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  for (const sql of VERSION_1_SQL) await conn.run(sql);
  let seq = 0;
  for (const text of AT_TEXTS) {
    seq++;
    const at = text[16] === ':' ? text : `${text.slice(0, 16)}:00${text.slice(16)}`; // (as import.ts reads a time without seconds)
    await conn.run(`INSERT INTO events VALUES ('st-a', ${seq}, gen_random_uuid(), '${at}'::TIMESTAMPTZ, '${text}', 'artisan-${seq}', 'step.done',
      ${seq % 2 ? 'gen_random_uuid()' : 'NULL'}, 'daily-check', 2, 'h2', 's${seq}', '${seq}', ${seq % 3 ? 'NULL' : "'NO_GLUE'"}, NULL, '{"acceptable":true}',
      '${file(seq)}', ${(seq - 1) % 4 + 1}, 7)`);
  }
  const rows = (await conn.runAndReadAll(`SELECT ${ALL_COLUMNS} FROM events ORDER BY seq`)).getRowObjectsJson();
  conn.closeSync();
  instance.closeSync();
  return { db, rows };
}

describe('the ledger file\'s storage format', () => {
  const storageOf = async (db: string) => (await query(db, `SELECT tags['storage_version'] AS v FROM duckdb_databases() WHERE path = '${db}'`))[0]?.v;

  it('a new ledger is written in LEDGER_STORAGE_VERSION; a ledger made before keeps its own format and is read and written as it is', async () => {
    const fresh = path.join(root, 'storage-new.duckdb');
    await withLedger(fresh, async () => undefined);
    expect(await storageOf(fresh)).toBe(`${LEDGER_STORAGE_VERSION}+`);

    const { db, rows } = await version1Ledger('storage-old');
    expect(await storageOf(db)).toBe('v1.0.0+');
    await withLedger(db, async () => undefined); // converted to schema version 2 …
    expect(await storageOf(db)).toBe('v1.0.0+'); // … in the file's own storage format
    expect(await query(db, `SELECT ${ALL_COLUMNS} FROM events ORDER BY seq`)).toEqual(rows);
  });
});

describe('ledger schema version 2', () => {
  it('converts a version-1 ledger when opened: the events view shows every row as it was, the journal\'s time texts are not stored', async () => {
    const { db, rows } = await version1Ledger('v1');
    await withLedger(db, async () => undefined);
    expect(await query(db, `SELECT ${ALL_COLUMNS} FROM events ORDER BY seq`)).toEqual(rows);
    expect(await query(db, `SELECT value FROM meta WHERE key = 'schema_version'`)).toEqual([{ value: String(LEDGER_SCHEMA_VERSION) }]);
    expect(await query(db, `SELECT table_type FROM information_schema.tables WHERE table_name = 'events'`)).toEqual([{ table_type: 'VIEW' }]);
    // Only the texts the journal would not write for that instant and offset are kept (Z, no seconds, other precisions, -00:00).
    const kept = await query(db, `SELECT at_text_kept, at_offset FROM event_rows WHERE at_text_kept IS NOT NULL ORDER BY seq`);
    expect(kept.map((r) => r.at_text_kept)).toEqual(AT_TEXTS.slice(5));
    expect(await query(db, `SELECT at_offset FROM event_rows ORDER BY seq LIMIT 5`)).toEqual([330, -300, 0, 840, -210].map((at_offset) => ({ at_offset })));
    // Opened again: nothing more to do.
    await withLedger(db, async () => undefined);
    expect(await query(db, `SELECT ${ALL_COLUMNS} FROM events ORDER BY seq`)).toEqual(rows);
  });

  it('a converted ledger imports on: the next events go to the stored table and read back through the view', async () => {
    const { db, rows } = await version1Ledger('v1-import');
    const live = await liveShare(path.join(root, 'live'), { 'st-b': 5 });
    try {
      const r = await importShare(live.share, db, importOpts);
      expect(r.eventsAdded).toBeGreaterThan(5);
      const b = await query(db, `SELECT count(*)::INTEGER AS n, min(file) AS file, min(line) AS line FROM events WHERE station_id = 'st-b'`);
      expect(b).toEqual([{ n: r.eventsAdded, file: 'stations/st-b/segments/segment-000000000001.jsonl', line: 1 }]);
      expect(await query(db, `SELECT ${ALL_COLUMNS} FROM events WHERE station_id = 'st-a' ORDER BY seq`)).toEqual(rows);
    } finally {
      await live.close();
    }
  });

  it('refuses to convert a version-1 ledger whose file and line are not a segment\'s, and leaves it as it was', async () => {
    const { db, rows } = await version1Ledger('v1-odd', (seq) => (seq === 3 ? 'segments/000001.jsonl' : `stations/st-a/segments/segment-${String(seq - ((seq - 1) % 4)).padStart(12, '0')}.jsonl`));
    const err = await openLedger(db).then((l) => l.close(), (e: unknown) => e);
    expect(err).toBeInstanceOf(LedgerOpenError);
    expect(String((err as Error).message)).toMatch(/has 1 events whose file and line are not those of a segment file \(e\.g\. "segments\/000001\.jsonl"\).*Import the shared folder again/);
    expect(await query(db, `SELECT ${ALL_COLUMNS} FROM events ORDER BY seq`)).toEqual(rows);
    expect(await query(db, `SELECT value FROM meta WHERE key = 'schema_version'`)).toEqual([{ value: '1' }]);
    expect(await query(db, `SELECT table_type FROM information_schema.tables WHERE table_name = 'events'`)).toEqual([{ table_type: 'BASE TABLE' }]);
  });

  it('reproduces the journal\'s time text (clock.ts isoWithOffset) in every zone: 6 000 instants over 50 years, none stored', async () => {
    const zones = ['Asia/Kolkata', 'America/New_York', 'Europe/London', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham', 'Pacific/Kiritimati',
      'Pacific/Pago_Pago', 'Australia/Lord_Howe', 'Africa/Casablanca', 'America/Sao_Paulo', 'Etc/GMT+12'];
    let x = 12345;
    const next = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
    const texts: string[] = [];
    for (let i = 0; i < 6000; i++) {
      const ms = Date.parse('2000-01-01T00:00:00Z') + Math.floor(next() * 50 * 365.25 * 86_400_000);
      texts.push(isoWithOffset(i % 7 === 0 ? ms - (ms % 60_000) : ms, zones[i % zones.length] as string));
    }
    const db = path.join(root, 'texts.duckdb');
    await withLedger(db, async (l) => {
      const values = texts.map((t, i) => `('st-t', ${i + 1}, gen_random_uuid(), '${t}'::TIMESTAMPTZ, '${t}')`).join(', ');
      await l.conn.run(`INSERT INTO event_rows SELECT station_id, seq, id, "at", ${atOffsetOf('at_text')}, ${keptAtText('at_text', '"at"', atOffsetOf('at_text'))},
        'a', 't', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1, 1 FROM (VALUES ${values}) v(station_id, seq, id, "at", at_text)`);
      const got = (await l.conn.runAndReadAll(`SELECT at_text, e.at_text IS NOT DISTINCT FROM r.at_text_kept AS kept FROM events e JOIN event_rows r USING (station_id, seq) ORDER BY seq`)).getRowObjectsJS();
      expect(got.map((r) => r.at_text)).toEqual(texts);
      expect(got.filter((r) => r.kept)).toEqual([]);
    });
  });

  it('an import stores only the time texts the view would not give back, and the view shows every line\'s text as the share has it', async () => {
    const share = path.join(root, 'mixed-share');
    await mkdir(path.join(share, 'stations'), { recursive: true });
    // st-own: every line as the journal writes it (India). st-mixed: every third line hand-made (Z, no seconds, -00:00, more digits).
    const instant = (i: number) => Date.parse('2026-11-20T06:00:00Z') + i * 61_000;
    const odd = [
      (ms: number) => new Date(ms).toISOString(), // Z
      (ms: number) => `${isoWithOffset(ms, 'Asia/Kolkata').slice(0, 16)}+05:30`, // no seconds
      (ms: number) => `${new Date(ms).toISOString().slice(0, 23)}-00:00`,
      (ms: number) => `${isoWithOffset(ms, 'Asia/Kolkata').slice(0, 23)}456+05:30`, // microseconds
    ];
    const stations = {
      'st-own': undefined,
      'st-mixed': (i: number) => (i % 3 === 0 ? (odd[(i / 3) % odd.length] as (ms: number) => string)(instant(i)) : isoWithOffset(instant(i), 'Asia/Kolkata')),
    };
    for (const [stationId, at] of Object.entries(stations)) {
      const dir = path.join(root, `fx-${stationId}`);
      const keyStore = new MemoryKeyStore(generateStationKeyPem());
      await writeJournalFixture({ dir, stationId, keyStore, events: 20, segmentMaxRecords: 7, sealEnd: true, timeZone: 'Asia/Kolkata',
        startMs: Date.parse('2026-11-20T06:00:00Z'), ...(at ? { at } : {}), event: (i) => ({ actor: 'artisan-1', type: 'test.event', value: i }) });
      const journal = await Journal.open({ dir, stationId, clock: new ManualClock(TEST_NOW - 86_400_000), keyStore });
      const files = journal.segmentFiles();
      await journal.close();
      await publish({ share, identity: { stationId, name: stationId, publicKey: journal.publicKey, keyId: keyIdOf(journal.publicKey) }, segments: files.closed });
    }
    const db = path.join(root, 'mixed.duckdb');
    const r = await importShare(share, db, importOpts);
    expect(r.report.problems).toEqual([]);
    // What the station check saw: every file of st-own holds only the journal's texts; st-mixed's files do not.
    expect(stationCheck(r, 'st-own').files.map((f) => f.journalAtTexts)).toEqual(stationCheck(r, 'st-own').files.map(() => true));
    expect(stationCheck(r, 'st-mixed').files.some((f) => f.journalAtTexts)).toBe(false);
    for (const station of Object.keys(stations)) {
      const lines: Array<{ seq: number; at: string }> = [];
      for (const name of (await readdir(segDir(share, station))).sort()) {
        for (const line of (await readFile(path.join(segDir(share, station), name), 'utf8')).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as { seq: number; at: string });
      }
      const shown = await query(db, `SELECT seq::INTEGER AS seq, at_text AS "at" FROM events WHERE station_id = '${station}' ORDER BY seq`);
      expect(shown).toEqual(lines.map((l) => ({ seq: l.seq, at: l.at })));
      const kept = await query(db, `SELECT at_text_kept FROM event_rows WHERE station_id = '${station}' AND at_text_kept IS NOT NULL ORDER BY seq`);
      expect(kept.map((k) => k.at_text_kept)).toEqual(lines.filter((l) => !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+\d\d:\d\d$/.test(l.at)).map((l) => l.at));
    }
  });
});
