import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from './db';
import type { LedgerProblem } from './problems';

/**
 * Checks of single events that the chain does not cover, in SQL, run by DuckDB over events it has read anyway (the
 * rows just imported, or an in-memory read of the verified files for `verify`). One implementation for both.
 *
 * - CLOCK_BACKWARDS (warning): an event dated more than `clockBackwardsMs` before the event before it.
 * - CLOCK_FUTURE (warning): events dated more than `clockFutureMs` after "now" (one problem per station).
 * - UNKNOWN_STANDARD (error): an event refers to a standard content hash that is neither published in the share's
 *   standards folder nor known to the ledger (one problem per station and standard, at its first use).
 *
 * The relation `ev` must have the columns station_id, seq, "at" (TIMESTAMPTZ), at_text, standard_id,
 * standard_version, standard_hash, file, line, is_new (only new events are reported; older ones give the clock
 * check its starting point).
 */
export interface EventCheckOptions {
  knownStandards: Iterable<string>;
  nowMs: number;
  clockBackwardsMs: number;
  clockFutureMs: number;
  /** Most CLOCK_BACKWARDS problems listed per station (default 20). */
  maxClockProblems?: number;
}

export function duration(ms: number): string {
  const m = Math.round(ms / 60000);
  if (m < 120) return `${m} minute${m === 1 ? '' : 's'}`;
  const h = Math.round(ms / 3600000);
  if (h < 72) return `${h} hours`;
  return `${Math.round(ms / 86400000)} days`;
}

const base = (file: string) => file.slice(file.lastIndexOf('/') + 1);

export async function eventProblems(conn: DuckDBConnection, ev: string, opts: EventCheckOptions): Promise<LedgerProblem[]> {
  const problems: LedgerProblem[] = [];
  const maxClock = opts.maxClockProblems ?? 20;
  const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS();

  // The window carries only what it must (station, seq, time); the texts are fetched for the few events found.
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

  const known = [...opts.knownStandards];
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
