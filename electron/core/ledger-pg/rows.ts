/**
 * The columns of the PostgreSQL `events` table in the order the import's COPY rows give them (ledger/copy-rows.ts):
 * the same columns as the DuckDB ledger's events, plus the supplier; `file` and `line` say where the event is on the share.
 */
export const COPY_COLUMNS = ['supplier', 'station_id', 'seq', 'id', 'at', 'at_text', 'actor', 'type', 'run_id', 'standard_id', 'standard_version',
  'standard_hash', 'step_id', 'value', 'reason', 'supersedes', 'data', 'file', 'line', 'import_id'] as const;
