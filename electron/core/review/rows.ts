/** Rows of the review database as the contract's shapes (history rows, counts, countersignatures). */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Countersignature, HistoryCounts, HistoryRow } from '../../contract';

export type Row = Record<string, unknown>;

export const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const int = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
export const title = (en: unknown, hi: unknown, fallback: string): { en: string; hi?: string } => ({
  en: str(en) ?? fallback,
  ...(str(hi) ? { hi: str(hi) as string } : {}),
});

export async function rows(conn: DuckDBConnection, sql: string): Promise<Row[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Row[];
}

function toSignature(r: Row): Countersignature | null {
  const meaning = str(r.sig_meaning);
  if (meaning !== 'reviewed' && meaning !== 'approved' && meaning !== 'rejected') return null;
  return {
    meaning,
    by: str(r.sig_by) ?? 'Supervisor',
    station: String(r.sig_station),
    eventId: String(r.sig_event_id),
    at: String(r.sig_at),
    ...(str(r.sig_reason) ? { reason: str(r.sig_reason) as string } : {}),
  };
}

/** Every artisan who worked on the run, in order; the one who started it when the list is not there. */
function toActors(list: unknown, actor: string, name: string | null): HistoryRow['actors'] {
  if (!Array.isArray(list) || list.length === 0) return [{ id: actor, name }];
  return list.map((a: { id?: unknown; name?: unknown }) => ({ id: String(a.id), name: str(a.name) }));
}

export function toHistoryRow(r: Row): HistoryRow {
  return {
    runId: String(r.run_id),
    stationId: String(r.station_id),
    stationName: str(r.station_name),
    standardId: String(r.standard_id ?? ''),
    standardVersion: int(r.standard_version),
    standardHash: String(r.standard_hash ?? ''),
    title: title(r.title_en, r.title_hi, String(r.standard_id ?? '')),
    actor: String(r.actor),
    actorName: str(r.actor_name),
    startedAt: String(r.started_text),
    finishedAt: str(r.finished_text),
    durationS: num(r.duration_s),
    status: r.status === 'completed' ? 'completed' : r.status === 'abandoned' ? 'abandoned' : 'in_progress',
    onTime: r.on_time === null || r.on_time === undefined ? null : r.on_time === true,
    steps: int(r.steps),
    deviations: int(r.deviations),
    undos: int(r.undos),
    outOfLimits: int(r.out_of_limits),
    helpRequests: int(r.help_requests),
    abandonReason: str(r.abandon_reason),
    abandonReasonText: str(r.abandon_en) ? title(r.abandon_en, r.abandon_hi, '') : null,
    actors: toActors(r.actor_list, String(r.actor), str(r.actor_name)),
    signature: toSignature(r),
  };
}

export function toCounts(c: Row): HistoryCounts {
  return {
    runs: int(c.runs),
    completed: int(c.completed),
    onTime: int(c.on_time),
    late: int(c.late),
    deviation: int(c.deviation),
    outOfLimits: int(c.out_of_limits),
    abandoned: int(c.abandoned),
    inProgress: int(c.in_progress),
    notReviewed: int(c.not_reviewed),
    steps: int(c.steps),
    deviations: int(c.deviations),
    helpRequests: int(c.help_requests),
  };
}
