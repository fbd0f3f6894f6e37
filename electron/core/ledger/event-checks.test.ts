import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { hashBytes, SEAL_TYPE } from '../journal';
import { genesisHash, type JournalRecord } from '../journal/record';
import { serializeRecord } from '../journal/format';
import { newId } from '../journal/ids';
import { scanExpectedLine, stationBytes } from '../journal/line-scanner';
import { assertBoundedAsync } from '../../../test/support/property';
import { duration, EventChecks, MAX_UNKNOWN_STANDARDS, parseAt, type EventCheckSettings } from './event-checks';
import { sqlString } from './db';
import type { LedgerProblem } from './problems';

/**
 * The events' own checks (event-checks.ts), made from the records as the verifier hands them over, against the SQL
 * they replace: the very queries DuckDB ran over the imported rows until the checks moved into the station check
 * (kept here only as the oracle). Same problems, same order, same texts.
 */

// ------------------------------------------------------------------------------------------------ the oracle

interface OracleOptions {
  knownStandards: string[];
  nowMs: number;
  clockBackwardsMs: number;
  clockFutureMs: number;
  maxClockProblems: number;
}

const base = (file: string) => file.slice(file.lastIndexOf('/') + 1);

/** The former ledger/events-check.ts eventProblems, unchanged but for its signature. */
async function sqlProblems(conn: DuckDBConnection, ev: string, opts: OracleOptions): Promise<LedgerProblem[]> {
  const problems: LedgerProblem[] = [];
  const maxClock = opts.maxClockProblems;
  const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS();
  const back = await rows(`
    SELECT station_id, seq, prev_seq, back_ms, rn, total FROM (
      SELECT *, row_number() OVER (PARTITION BY station_id ORDER BY seq) AS rn, count(*) OVER (PARTITION BY station_id) AS total FROM (
        SELECT station_id, seq, is_new, lag(seq) OVER w AS prev_seq, epoch_ms(lag("at") OVER w) - epoch_ms("at") AS back_ms
        FROM (SELECT station_id, seq, "at", is_new FROM ${ev}) WINDOW w AS (PARTITION BY station_id ORDER BY seq)
      ) WHERE is_new AND back_ms > ${Math.round(opts.clockBackwardsMs)}
    ) WHERE rn <= ${maxClock} OR rn = total ORDER BY station_id, seq`);
  const wanted = back.flatMap((r) => [`(${sqlString(String(r.station_id))}, ${Number(r.seq)})`, `(${sqlString(String(r.station_id))}, ${Number(r.prev_seq)})`]);
  const texts = new Map<string, { file: string; line: number; at: string }>();
  if (wanted.length > 0) {
    for (const r of await rows(`SELECT e.station_id, e.seq, e.file, e.line, e.at_text FROM ${ev} e JOIN (VALUES ${wanted.join(', ')}) w(st, sq) ON e.station_id = w.st AND e.seq = w.sq`)) {
      texts.set(`${String(r.station_id)}:${Number(r.seq)}`, { file: String(r.file), line: Number(r.line), at: String(r.at_text) });
    }
  }
  for (const r of back) {
    const station = String(r.station_id);
    const total = Number(r.total);
    const here = texts.get(`${station}:${Number(r.seq)}`) ?? { file: '', line: 0, at: '?' };
    const before = texts.get(`${station}:${Number(r.prev_seq)}`)?.at ?? '?';
    if (Number(r.rn) > maxClock) {
      problems.push({ station, file: here.file.replace(/\/[^/]*$/, ''), line: 0, code: 'CLOCK_BACKWARDS', severity: 'warning', expected: 'time going forward', found: `${total} times back`,
        message: `The station's clock went back ${total} times (the first ${maxClock} are listed). Ask the supplier to check the station's clock.` });
      continue;
    }
    problems.push({
      station, file: here.file, line: here.line, seq: Number(r.seq), code: 'CLOCK_BACKWARDS', severity: 'warning',
      expected: `a time after ${before} (the event before), or at most ${duration(opts.clockBackwardsMs)} earlier`,
      found: here.at,
      message: `The station's clock went back by ${duration(Number(r.back_ms))} at line ${here.line} of ${base(here.file)} (from ${before} to ${here.at}). ` +
        'Someone set the clock back, or the computer\'s clock is failing: times (and on-time figures) around here may be wrong. Ask the supplier why.',
    });
  }
  const limit = opts.nowMs + opts.clockFutureMs;
  for (const r of await rows(`
    SELECT station_id, count(*) AS n, min(seq) AS seq, arg_min(file, seq) AS file, arg_min(line, seq) AS line, arg_min(at_text, seq) AS at_text
    FROM ${ev} WHERE is_new AND "at" > to_timestamp(${limit / 1000}) GROUP BY station_id ORDER BY station_id`)) {
    const n = Number(r.n);
    const line = Number(r.line);
    problems.push({
      station: String(r.station_id), file: String(r.file), line, seq: Number(r.seq), code: 'CLOCK_FUTURE', severity: 'warning',
      expected: `times before ${new Date(limit).toISOString()} (now plus ${duration(opts.clockFutureMs)})`,
      found: `${String(r.at_text)}${n > 1 ? ` and ${n - 1} more events` : ''}`,
      message: `${n} event${n === 1 ? ' is' : 's are'} dated in the future, from line ${line} of ${base(String(r.file))} (${String(r.at_text)}): the station's clock is set wrong. ` +
        'Their times (and on-time figures) cannot be relied on. Ask the supplier to set the station\'s clock right.',
    });
  }
  const known = opts.knownStandards;
  const list = known.length > 0 ? `[${known.map(sqlString).join(', ')}]` : '[]::VARCHAR[]';
  for (const r of await rows(`
    SELECT station_id, standard_hash, min(seq) AS seq, arg_min(file, seq) AS file, arg_min(line, seq) AS line,
      arg_min(standard_id, seq) AS sid, arg_min(standard_version, seq) AS sver
    FROM ${ev} WHERE is_new AND standard_hash IS NOT NULL AND NOT list_contains(${list}, standard_hash)
    GROUP BY station_id, standard_hash ORDER BY station_id, seq`)) {
    const hash = String(r.standard_hash);
    const line = Number(r.line);
    const file = String(r.file);
    problems.push({
      station: String(r.station_id), file, line, seq: Number(r.seq), code: 'UNKNOWN_STANDARD', severity: 'error',
      expected: 'a standard published in the shared folder\'s standards folder, or imported before',
      found: `"${String(r.sid)}" version ${String(r.sver)} (content hash ${hash.slice(0, 12)}…)`,
      message: `From line ${line} of ${base(file)} on, events use standard "${String(r.sid)}" version ${String(r.sver)} (content hash ${hash.slice(0, 12)}…), ` +
        'which is neither in the shared folder (standards/) nor known from an earlier import, so they cannot be matched to a checklist and are not imported. ' +
        'Ask the supplier to publish that standard to the shared folder, then import again.',
    });
  }
  return problems;
}

let db: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
});
afterAll(() => {
  conn.closeSync();
  db.closeSync();
});

// ------------------------------------------------------------------------------------------------ the records

const STATION = 'station-ev';
const STATION_BUF = stationBytes(STATION) as Buffer;
const KNOWN = ['a'.repeat(64), 'b'.repeat(64)];
const STANDARDS = [
  { id: 'carton-check', version: 2, hash: KNOWN[0] as string },
  { id: 'glue-line', version: 1, hash: KNOWN[1] as string },
  { id: 'secret-std', version: 7, hash: 'c'.repeat(64) },
  { id: 'other-std', version: 12, hash: `${'d'.repeat(63)}e` },
  // The id, version and hash of a known one but for the hash's last character: unknown.
  { id: 'carton-check', version: 2, hash: `${'a'.repeat(63)}b` },
];
const NOW = Date.parse('2026-11-23T12:00:00Z');
const BACK_MS = 5 * 60_000;
const FUTURE_MS = 86_400_000;
const LIMIT_US = (NOW + FUTURE_MS) * 1000;

interface Rec {
  /** Microseconds since the epoch (UTC). */
  us: number;
  /** Offset of the written time, minutes. */
  off: number;
  /** Fractional digits written (0 … 9; beyond 6 the extra ones are `extra`). */
  digits: number;
  extra: string;
  std: number | null;
  type: string;
  seal: boolean;
  /** Given to the check parsed (the verifier's full check) rather than by offsets (the hot path). */
  parsed: boolean;
}

/** The `at` text of a time, in local time at `off` minutes, with `digits` fractional digits (cut, as a writer would). */
function atText(r: Rec): string {
  const local = r.us + r.off * 60_000_000;
  const sec = Math.floor(local / 1_000_000);
  const frac = String(local - sec * 1_000_000).padStart(6, '0');
  const date = new Date(sec * 1000).toISOString().slice(0, 19);
  const fraction = r.digits === 0 ? '' : `.${(frac + r.extra).slice(0, r.digits)}`;
  const a = Math.abs(r.off);
  const tz = r.off === 0 && r.digits % 2 === 0 ? 'Z' : `${r.off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
  return `${date}${fraction}${tz}`;
}

/** Steps of the clock between events: forward, equal, around the threshold (to the millisecond and below), far back. */
const step = fc.oneof(
  { arbitrary: fc.constantFrom(0, 1, 999, 1000, 1500, 60_000_000, 3_600_000_000), weight: 4 },
  { arbitrary: fc.constantFrom(-BACK_MS * 1000, -BACK_MS * 1000 - 1, -BACK_MS * 1000 - 999, -BACK_MS * 1000 - 1000, -BACK_MS * 1000 - 1001, -BACK_MS * 1000 + 999,
    -7_200_000_000, -1), weight: 3 },
  { arbitrary: fc.integer({ min: -900_000_000, max: 900_000_000 }), weight: 1 },
);
/** Where the next time comes from: the one before plus a step, or around the future limit, or around the epoch. */
const when = fc.oneof(
  { arbitrary: step.map((s) => ({ kind: 'step' as const, s })), weight: 8 },
  { arbitrary: fc.constantFrom(-1000, -1, 0, 1, 999, 1000, 1001, 86_400_000_000).map((s) => ({ kind: 'limit' as const, s })), weight: 1 },
  { arbitrary: fc.constantFrom(-1_000_001, -1000, -999, -1, 0, 1, 500).map((s) => ({ kind: 'epoch' as const, s })), weight: 1 },
);
const recordArb = fc.record({
  when,
  off: fc.constantFrom(0, 0, 0, 330, -180, -30, 345, 14 * 60 + 59, -(11 * 60)),
  digits: fc.constantFrom(0, 3, 3, 3, 1, 2, 6, 7, 9),
  extra: fc.constantFrom('000', '999', '500', '123'),
  std: fc.oneof({ arbitrary: fc.constant(null), weight: 2 }, { arbitrary: fc.constantFrom(0, 0, 0, 1, 2, 3, 4), weight: 3 }),
  type: fc.constantFrom('step.done', 'step.done', 'run.started', 'run.completed', 'run.abandoned', 'run.note'),
  parsed: fc.boolean(),
});
/** Segments (each ended by a seal), `from` and `to` at seals, full or incremental, and the settings. */
const caseArb = fc.record({
  segments: fc.array(fc.record({ events: fc.array(recordArb, { minLength: 0, maxLength: 12 }), seal: recordArb }), { minLength: 1, maxLength: 5 }),
  fromAt: fc.nat(),
  toAt: fc.nat(),
  incremental: fc.boolean(),
  headKnown: fc.boolean(),
  maxClock: fc.constantFrom(20, 20, 2, 0, 1),
  start: fc.constantFrom(Date.parse('2026-11-23T08:00:00Z') * 1000, -5_000_000, Date.parse('1960-06-01T00:00:00Z') * 1000 + 123),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function buildRecords(c: Case): { recs: Rec[]; sealAt: number[] } {
  const recs: Rec[] = [];
  const sealAt: number[] = [];
  let us = c.start;
  for (const seg of c.segments) {
    for (const r of [...seg.events, { ...seg.seal, type: SEAL_TYPE, std: null }]) {
      const w = r.when;
      us = w.kind === 'step' ? us + w.s : w.kind === 'limit' ? LIMIT_US + w.s : w.s;
      const seal = r.type === SEAL_TYPE;
      recs.push({ us, off: r.off, digits: r.digits, extra: r.extra, std: r.std, type: r.type, seal, parsed: seal || r.parsed });
      if (seal) sealAt.push(recs.length);
    }
  }
  return { recs, sealAt };
}

/** What the cases found, so that the property is known to have compared problems, not only empty lists. */
const seen = new Map<string, number>();

async function compare(c: Case): Promise<void> {
  const { recs, sealAt } = buildRecords(c);
  const from = c.fromAt % 3 === 0 ? 0 : (sealAt[c.fromAt % sealAt.length] as number);
  const after = sealAt.filter((s) => s > from);
  if (after.length === 0) return;
  const to = after[c.toAt % after.length] as number;
  const settings: EventCheckSettings = { knownStandards: KNOWN, nowMs: NOW, clockBackwardsMs: BACK_MS, clockFutureMs: FUTURE_MS, maxClockProblems: c.maxClock, countRuns: true };
  const texts = recs.map(atText);
  // Incremental: the records start after `from`, whose time comes from the ledger (or not at all when it lacks it).
  const incremental = c.incremental && from > 0;
  const headAt = incremental && c.headKnown ? texts[from - 1] as string : null;
  const checks = new EventChecks(settings, STATION, from, headAt);
  const fileOf = (seq: number) => `/share/stations/${STATION}/segments/segment-${String(sealAt.filter((s) => s < seq).reduce((m, s) => Math.max(m, s), 0) + 1).padStart(12, '0')}.jsonl`;
  const firstOf = (seq: number) => sealAt.filter((s) => s < seq).reduce((m, s) => Math.max(m, s), 0) + 1;
  let prev = genesisHash(STATION);
  recs.forEach((r, i) => {
    const seq = i + 1;
    const std = r.std === null ? undefined : STANDARDS[r.std];
    const record = { v: 1, seq, id: newId(), station: STATION, at: texts[i] as string, actor: 'op', type: r.type, ...(std ? { standard: { ...std } } : {}), prev } as JournalRecord;
    const line = Buffer.from(serializeRecord(record), 'utf8');
    prev = hashBytes(line);
    if (incremental && seq <= from) return;
    const fileLine = seq - firstOf(seq) + 1;
    if (r.parsed) {
      checks.onRecord(line, seq, fileOf(seq), fileLine, JSON.parse(line.toString('utf8')) as JournalRecord);
    } else {
      expect(scanExpectedLine(line, 0, line.length, STATION_BUF, record.prev)).toBe(seq);
      checks.onRecord(line, seq, fileOf(seq), fileLine, null);
    }
  });
  // A record out of order (the verifier reports it; nothing after it is trusted) changes nothing.
  const again = JSON.parse(serializeRecord({ v: 1, seq: 1, id: newId(), station: STATION, at: '2000-01-01T00:00:00Z', actor: 'op', type: 'run.started',
    standard: { ...(STANDARDS[2] as (typeof STANDARDS)[number]) }, prev: genesisHash(STATION) } as JournalRecord)) as JournalRecord;
  checks.onRecord(Buffer.alloc(0), 1, fileOf(1), 1, again);
  const rel = (file: string) => file.slice('/share/'.length);
  const got = checks.finish(to, rel);

  // The oracle: the rows the import wrote, (from, to], with the ledger's row at `from` (not when it lacks it).
  const rows: string[] = [];
  const first = incremental && !c.headKnown ? from + 1 : Math.max(1, from);
  for (let seq = first; seq <= to; seq++) {
    const r = recs[seq - 1] as Rec;
    const std = r.std === null ? undefined : STANDARDS[r.std];
    rows.push(`(${sqlString(STATION)}, ${seq}, CAST(${sqlString(texts[seq - 1] as string)} AS TIMESTAMPTZ), ${sqlString(texts[seq - 1] as string)}, ` +
      `${std ? sqlString(std.id) : 'NULL'}, ${std ? std.version : 'NULL'}, ${std ? sqlString(std.hash) : 'NULL'}, ${sqlString(rel(fileOf(seq)))}, ${seq - firstOf(seq) + 1}, ${seq > from}, ${sqlString(r.type)})`);
  }
  await conn.run(`CREATE OR REPLACE TEMP TABLE ev (station_id VARCHAR, seq BIGINT, "at" TIMESTAMPTZ, at_text VARCHAR, standard_id VARCHAR,
    standard_version INTEGER, standard_hash VARCHAR, file VARCHAR, line INTEGER, is_new BOOLEAN, type VARCHAR)`);
  await conn.run(`INSERT INTO ev VALUES ${rows.join(', ')}`);
  const want = await sqlProblems(conn, 'ev', { knownStandards: KNOWN, nowMs: NOW, clockBackwardsMs: BACK_MS, clockFutureMs: FUTURE_MS, maxClockProblems: c.maxClock });
  expect(got.problems).toEqual(want);
  for (const p of want) seen.set(p.line === 0 ? 'summary' : p.code, (seen.get(p.line === 0 ? 'summary' : p.code) ?? 0) + 1);
  const [runs] = (await conn.runAndReadAll(`SELECT count(*) FILTER (WHERE type = 'run.started')::INTEGER AS started,
    count(*) FILTER (WHERE type = 'run.completed')::INTEGER AS completed, count(*) FILTER (WHERE type = 'run.abandoned')::INTEGER AS abandoned FROM ev WHERE is_new`)).getRowObjectsJS();
  expect(got.runs).toEqual({ started: Number(runs?.started), completed: Number(runs?.completed), abandoned: Number(runs?.abandoned) });
}

describe('the events\' own checks against the SQL they replace (property)', () => {
  it('the same problems, in the same order, on random clocks and standards (offsets, fractions, equal times, jumps around the threshold, the future, unknown standards before and after seals)', async () => {
    await assertBoundedAsync(fc.asyncProperty(caseArb, compare), { numRuns: 300, timeLimitMs: 25_000 });
    for (const code of ['CLOCK_BACKWARDS', 'CLOCK_FUTURE', 'UNKNOWN_STANDARD', 'summary']) expect(seen.get(code), code).toBeGreaterThan(0);
  }, 90_000);

  it('times parse to DuckDB\'s microseconds, whatever the offset and the fractional digits (property)', async () => {
    const arb = fc.record({
      us: fc.integer({ min: Date.parse('1900-01-01T00:00:00Z') * 1000, max: Date.parse('2200-01-01T00:00:00Z') * 1000 }),
      off: fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
      digits: fc.integer({ min: 0, max: 9 }),
      extra: fc.constantFrom('000', '999', '507'),
    });
    await assertBoundedAsync(fc.asyncProperty(fc.array(arb, { minLength: 1, maxLength: 50 }), async (xs) => {
      const texts = xs.map((x) => atText({ ...x, std: null, type: 'x', seal: false, parsed: false }));
      const got = texts.map((t) => {
        const out = { ms: 0, us: 0 };
        parseAt(Buffer.from(t, 'latin1'), 0, t.length, out);
        return `${BigInt(out.ms) * 1000n + BigInt(out.us)} ${out.ms < 0 && out.us > 0 ? out.ms + 1 : out.ms}`;
      });
      const want = (await conn.runAndReadAll(`SELECT epoch_us(t)::VARCHAR AS us, epoch_ms(t) AS e
        FROM (SELECT unnest([${texts.map((t) => `CAST(${sqlString(t)} AS TIMESTAMPTZ)`).join(', ')}]) AS t)`)).getRowObjectsJS()
        .map((r) => `${String(r.us)} ${Number(r.e)}`);
      expect(got).toEqual(want);
    }), { numRuns: 200, timeLimitMs: 10_000 });
  }, 40_000);

  it('keeps bounded memory on a station whose every event goes back in time: the first 20 and the count', () => {
    const settings: EventCheckSettings = { knownStandards: [], nowMs: NOW, clockBackwardsMs: BACK_MS, clockFutureMs: FUTURE_MS };
    const checks = new EventChecks(settings, STATION, 0, null);
    const n = 200_000;
    let us = NOW * 1000;
    const file = `/share/stations/${STATION}/segments/segment-000000000001.jsonl`;
    for (let seq = 1; seq <= n; seq++) {
      us -= 3_600_000_000;
      const at = atText({ us, off: 0, digits: 3, extra: '', std: null, type: 'x', seal: false, parsed: true });
      const rec = { v: 1, seq, id: newId(), station: STATION, at, actor: 'op', type: seq === n ? SEAL_TYPE : 'step.done', prev: '0'.repeat(64) } as JournalRecord;
      checks.onRecord(Buffer.alloc(0), seq, file, seq, rec);
    }
    const internal = checks as unknown as { backs: unknown[]; snapshots: unknown[] };
    expect(internal.backs).toHaveLength(20);
    const { problems } = checks.finish(n, (f) => f.slice('/share/'.length));
    expect(problems).toHaveLength(21);
    expect(problems[20]).toMatchObject({ code: 'CLOCK_BACKWARDS', file: `stations/${STATION}/segments`, line: 0, found: `${n - 1} times back` });
  });

  it('lists at most MAX_UNKNOWN_STANDARDS unknown standards of a station, the first one (which decides what is imported) always', () => {
    const settings: EventCheckSettings = { knownStandards: KNOWN, nowMs: NOW, clockBackwardsMs: BACK_MS, clockFutureMs: FUTURE_MS };
    const checks = new EventChecks(settings, STATION, 0, null);
    const n = MAX_UNKNOWN_STANDARDS * 3;
    const file = `/share/stations/${STATION}/segments/segment-000000000001.jsonl`;
    for (let seq = 1; seq <= n; seq++) {
      const rec = { v: 1, seq, id: newId(), station: STATION, at: '2026-11-23T08:00:00.000Z', actor: 'op', type: seq === n ? SEAL_TYPE : 'step.done',
        ...(seq === n ? {} : { standard: { id: 'forged', version: seq, hash: seq.toString(16).padStart(64, 'f') } }), prev: '0'.repeat(64) } as JournalRecord;
      checks.onRecord(Buffer.alloc(0), seq, file, seq, rec);
    }
    const { problems } = checks.finish(n, (f) => f.slice('/share/'.length));
    expect(problems).toHaveLength(MAX_UNKNOWN_STANDARDS);
    expect(problems[0]).toMatchObject({ code: 'UNKNOWN_STANDARD', seq: 1, line: 1 });
  });
});
