/**
 * A small hand-built ledger whose scorecard is known by hand (see the expectations in scorecard.test.ts and the
 * worked example in docs/scorecard.md). Two stations, one standard in two versions, Monday 2026-03-02 and
 * Tuesday 2026-03-03, India time (+05:30).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openLedger, sqlString } from '../ledger/db';
import { enrolmentList, enrolStation } from '../ledger/enrolment';

export const STATION_A = 'aaaaaaaa-0000-4000-8000-000000000001';
export const STATION_B = 'bbbbbbbb-0000-4000-8000-000000000002';
export const ACTORS = ['sunita.devi', 'ravi.kumar'];
export const HINDI_S1 = 'गोंद जाँचें, फिर "हस्ताक्षर" करें';
export const STATION_B_NAME = 'Cutting, bench "B"';
export const PROBLEM_MESSAGE = 'Line 7 was changed, "seal" broken;\r\nask the station for its original files';

const steps = [
  { id: 's1', kind: 'tick', text: { en: 'Check the glue, then sign', hi: HINDI_S1 } },
  { id: 's2', kind: 'measurement', unit: 'mm', limits: { min: 4, max: 6 }, text: { en: 'Measure the seam width', hi: 'जोड़ की चौड़ाई नापें' } },
];
const doc = (version: number, effectiveFrom: string) => ({
  format: 1, id: 'daily-check', version, title: { en: 'Daily check', hi: 'दैनिक जाँच' }, owner: { role: 'Quality manager', name: 'Rahul Verma' },
  effectiveFrom, schedule: { every: 'day', at: '08:00', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], graceMinutes: 30 },
  reasonCodes: [{ code: 'NO_GLUE', label: { en: 'No glue' } }], steps,
});

type Ev = { type: string; time: string; actor?: string; run?: string; version?: number; step?: string; reason?: string; data?: unknown; value?: unknown };

export async function buildFixtureLedger(dir = mkdtempSync(path.join(tmpdir(), 'sw-report-'))): Promise<string> {
  const dbPath = path.join(dir, 'ledger.duckdb');
  const ledger = await openLedger(dbPath);
  const c = ledger.conn;
  await c.run(`INSERT INTO imports VALUES (1, TIMESTAMPTZ '2026-03-04 10:00:00+00', TIMESTAMPTZ '2026-03-04 10:00:05+00', '/share', '0.1.0', 2, 2, 0, 20, 1, 0, false)`);
  await c.run(`INSERT INTO import_problems VALUES (1, ${sqlString(STATION_B)}, 'stations/b/segments/000001.jsonl', 7, 7, 'TORN_TAIL', 'warning', 'a valid seal', 'a changed line', ${sqlString(PROBLEM_MESSAGE)})`);
  for (const [id, name] of [[STATION_A, 'Gluing bench A'], [STATION_B, STATION_B_NAME]] as const) {
    await c.run(`INSERT INTO stations VALUES (${sqlString(id)}, ${sqlString(name)}, 'pk', 'kid', 0, 'h', now(), now())`);
    // Both stations are enrolled (only enrolled stations count: docs/ledger.md, "Enrolment").
    await c.run(`INSERT INTO enrolments VALUES (${sqlString(id)}, 'kid', 'pk', ${sqlString(name)}, now(), 'fixture', 'here')`);
  }
  for (const [v, eff] of [[1, '2026-01-01'], [2, '2026-03-03']] as const) {
    await c.run(`INSERT INTO standards VALUES ('hash-v${v}', 'daily-check', ${v}, 'Quality manager', 'Rahul Verma', DATE '${eff}', ${sqlString(JSON.stringify(doc(v, eff)))}, now())`);
  }
  const seqs = new Map<string, number>();
  const add = async (station: string, e: Ev) => {
    const seq = (seqs.get(station) ?? 0) + 1;
    seqs.set(station, seq);
    const atText = `${e.time}+05:30`;
    const q = (v: string | undefined | null) => (v === undefined || v === null ? 'NULL' : sqlString(v));
    // (event_rows: the stored table behind the events view, db.ts; the time with its offset, +05:30 = 330 minutes)
    await c.run(`INSERT INTO event_rows VALUES (${sqlString(station)}, ${seq}, '${randomUUID()}', TIMESTAMPTZ ${sqlString(atText)}, 330, ${sqlString(atText)},
      ${sqlString(e.actor ?? 'system')}, ${sqlString(e.type)}, ${e.run ? `'${e.run}'` : 'NULL'}, 'daily-check', ${e.version ?? 'NULL'}, ${e.version ? `'hash-v${e.version}'` : 'NULL'},
      ${q(e.step)}, ${e.value === undefined ? 'NULL' : sqlString(JSON.stringify(e.value))}, ${q(e.reason)}, NULL, ${e.data === undefined ? 'NULL' : sqlString(JSON.stringify(e.data))},
      1, 1)`);
  };
  const run = async (station: string, actor: string, version: number, events: [string, string, Partial<Ev>?][]) => {
    const id = randomUUID();
    for (const [type, time, extra] of events) await add(station, { type, time, actor, run: id, version, ...extra });
  };
  const [sunita, ravi] = ACTORS as [string, string];
  const ok = { data: { acceptable: true }, value: 5 };
  for (const s of [STATION_A, STATION_B]) await add(s, { type: 'standard.adopted', time: '2026-03-02T07:00:00.000', version: 1 });
  // A, Monday: on time (done 08:10, due 08:00 + 30), one measurement out of limits.
  await run(STATION_A, sunita, 1, [
    ['run.started', '2026-03-02T08:00:00.000'], ['step.done', '2026-03-02T08:02:00.000', { step: 's1' }],
    ['step.measured', '2026-03-02T08:05:00.000', { step: 's2', value: 7, data: { acceptable: false } }],
    ['step.reasoned', '2026-03-02T08:06:00.000', { step: 's2', reason: 'NO_GLUE' }], ['run.completed', '2026-03-02T08:10:00.000'],
  ]);
  // A, Tuesday: v2 (in force from today), late (done 09:20), one help request.
  await run(STATION_A, sunita, 2, [
    ['run.started', '2026-03-03T09:00:00.000'], ['help.requested', '2026-03-03T09:02:00.000', { step: 's1' }], ['step.done', '2026-03-03T09:10:00.000', { step: 's1' }],
    ['step.measured', '2026-03-03T09:15:00.000', { step: 's2', ...ok }], ['run.completed', '2026-03-03T09:20:00.000'],
  ]);
  // B, Monday: on time (08:20), one deviation.
  await run(STATION_B, ravi, 1, [
    ['run.started', '2026-03-02T08:05:00.000'], ['step.deviated', '2026-03-02T08:07:00.000', { step: 's1', reason: 'NO_GLUE' }],
    ['step.measured', '2026-03-02T08:12:00.000', { step: 's2', ...ok }], ['run.completed', '2026-03-02T08:20:00.000'],
  ]);
  // B, Tuesday: still on v1 (not current), one undo, abandoned: the due routine is not completed.
  await run(STATION_B, ravi, 1, [
    ['run.started', '2026-03-03T08:00:00.000'], ['step.done', '2026-03-03T08:01:00.000', { step: 's1' }], ['step.undone', '2026-03-03T08:02:00.000', { step: 's1' }],
    ['step.done', '2026-03-03T08:03:00.000', { step: 's1' }], ['step.measured', '2026-03-03T08:05:00.000', { step: 's2', ...ok }],
    ['run.abandoned', '2026-03-03T08:15:00.000', { reason: 'NO_GLUE' }],
  ]);
  ledger.close();
  return dbPath;
}

/**
 * Procurement enrols every station awaiting enrolment in the DuckDB ledger `file` (tests: only enrolled stations
 * count, docs/ledger.md §5).
 */
export async function enrolEveryStation(file: string): Promise<void> {
  const ledger = await openLedger(file);
  try {
    for (const s of await enrolmentList(ledger.conn)) {
      if (s.status === 'awaiting' && s.keyId) await enrolStation(ledger.conn, { stationId: s.stationId, keyId: s.keyId, by: 'test' });
    }
  } finally {
    ledger.close();
  }
}

/** The same in the PostgreSQL ledger at `url` (every supplier's stations awaiting enrolment), except `except`. */
export async function enrolEveryStationPg(url: string, except: ReadonlySet<string> = new Set()): Promise<void> {
  const { connectPg, enrolmentListPg, enrolStationPg } = await import('../ledger-pg');
  const client = await connectPg(url);
  try {
    for (const s of await enrolmentListPg(client)) {
      if (s.status === 'awaiting' && s.keyId && !except.has(s.stationId)) await enrolStationPg(client, { stationId: s.stationId, keyId: s.keyId, by: 'test' });
    }
  } finally {
    await client.end();
  }
}
