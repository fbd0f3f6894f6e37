import type { VerifiedSegment } from './verified';

/**
 * Verified journal lines → rows of the PostgreSQL `events` table, in COPY's text format (one string per event), and
 * the few columns the events' checks (ledger/events-check.ts) need. The same columns as the DuckDB ledger's
 * events, plus the supplier; `file` and `line` say where the event is on the share.
 */
export const COPY_COLUMNS = ['supplier', 'station_id', 'seq', 'id', 'at', 'at_text', 'actor', 'type', 'run_id', 'standard_id', 'standard_version',
  'standard_hash', 'step_id', 'value', 'reason', 'supersedes', 'data', 'file', 'line', 'import_id'] as const;

export interface CheckRow {
  seq: number;
  at: string;
  standardId: string | null;
  standardVersion: number | null;
  standardHash: string | null;
  file: string;
  line: number;
}

export interface StationRows {
  /** COPY text lines (each ending with "\n"), in seq order, for seq from+1 … */
  copy: string[];
  checks: CheckRow[];
  /** The UTC month (YYYY-MM) of each row, for the partitions. */
  months: string[];
  from: number;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in COPY's text format (\N for null). */
export function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : String(v);
  return NEEDS_ESCAPE.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] as string) : s;
}
const json = (v: unknown) => (v === undefined || v === null ? '\\N' : copyText(JSON.stringify(v)));

interface Line {
  seq: number;
  id: string;
  at: string;
  actor: string;
  type: string;
  run?: string | null;
  standard?: { id?: string; version?: number; hash?: string } | null;
  step?: string | null;
  value?: unknown;
  reason?: string | null;
  supersedes?: string | null;
  data?: unknown;
}

/** The rows of seq in (from, to] of a station's verified segments. */
export function rowsOf(supplier: string, station: string, segments: VerifiedSegment[], from: number, to: number, importId: number): StationRows {
  const copy: string[] = [];
  const checks: CheckRow[] = [];
  const months: string[] = [];
  const head = `${copyText(supplier)}\t${copyText(station)}\t`;
  const tail = `\t${importId}\n`;
  for (const s of segments) {
    const file = `stations/${station}/segments/${s.name}`;
    const fileText = copyText(file);
    const b = s.bytes;
    let start = 0;
    let seq = s.firstSeq;
    while (start < b.length && seq <= to) {
      let end = b.indexOf(0x0a, start);
      if (end === -1) end = b.length;
      if (seq > from) {
        const e = JSON.parse(b.toString('utf8', start, end)) as Line;
        const line = seq - s.firstSeq + 1;
        const std = e.standard ?? null;
        const at = new Date(e.at);
        months.push(Number.isNaN(at.getTime()) ? '' : at.toISOString().slice(0, 7));
        copy.push(head + [e.seq, e.id, copyText(e.at), copyText(e.at), copyText(e.actor), copyText(e.type), copyText(e.run), copyText(std?.id),
          copyText(std?.version), copyText(std?.hash), copyText(e.step), json(e.value), copyText(e.reason), copyText(e.supersedes), json(e.data),
          fileText, line].join('\t') + tail);
        checks.push({ seq: e.seq, at: e.at, standardId: std?.id ?? null, standardVersion: std?.version ?? null, standardHash: std?.hash ?? null, file, line });
      }
      seq++;
      start = end + 1;
    }
  }
  return { copy, checks, months, from };
}
