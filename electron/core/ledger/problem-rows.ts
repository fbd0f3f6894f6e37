import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { LedgerProblem } from './problems';

/**
 * Tables of problems (the ledger's import_problems, the review's review_problems): the columns that say what a row
 * belongs to come first, then one LedgerProblem per row. One definition, so both tables keep the same shape.
 */
export interface ProblemTable<P extends LedgerProblem> {
  name: string;
  /** Column definitions before the problem's own (e.g. `import_id BIGINT NOT NULL`). */
  lead: readonly string[];
  /** Appends the values of the `lead` columns for one problem. */
  appendLead(appender: DuckDBAppender, problem: P): void;
  /** Whether the table has the journal position (seq) column, after `line`. */
  seq: boolean;
}

/** `CREATE TABLE IF NOT EXISTS` for a problem table. */
export function problemTableSql(table: Omit<ProblemTable<LedgerProblem>, 'appendLead'>): string {
  const columns = [
    ...table.lead,
    'station_id VARCHAR',
    'file VARCHAR',
    'line BIGINT',
    ...(table.seq ? ['seq BIGINT'] : []),
    'code VARCHAR NOT NULL',
    'severity VARCHAR NOT NULL',
    'expected VARCHAR',
    'found VARCHAR',
    'message VARCHAR',
  ];
  return `CREATE TABLE IF NOT EXISTS ${table.name} (\n    ${columns.join(',\n    ')}\n  )`;
}

/** Append problems to their table with DuckDB's appender (one row each). */
export async function appendProblems<P extends LedgerProblem>(conn: DuckDBConnection, table: ProblemTable<P>, problems: readonly P[]): Promise<void> {
  if (problems.length === 0) return;
  const appender = await conn.createAppender(table.name);
  for (const p of problems) {
    table.appendLead(appender, p);
    appender.appendVarchar(p.station);
    appender.appendVarchar(p.file);
    appender.appendBigInt(BigInt(p.line));
    if (table.seq) {
      if (p.seq !== undefined) appender.appendBigInt(BigInt(p.seq));
      else appender.appendNull();
    }
    appender.appendVarchar(p.code);
    appender.appendVarchar(p.severity);
    appender.appendVarchar(p.expected);
    appender.appendVarchar(p.found);
    appender.appendVarchar(p.message);
    appender.endRow();
  }
  appender.closeSync();
}
