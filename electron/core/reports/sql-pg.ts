/**
 * The scorecard on the PostgreSQL ledger (docs/ledger-pg.md): the one specification of ./sql.ts in PostgreSQL's
 * dialect (ledger/dialect.ts), with what its catalog answers differently.
 */
import { POSTGRES_DIALECT } from '../ledger/dialect';
import { scorecardSql, type ScorecardSql } from './sql';

const inSchema = `table_schema = current_schema()`;

export const POSTGRES_SCORECARD_SQL: ScorecardSql = scorecardSql(POSTGRES_DIALECT, {
  hasSite: `SELECT 1 FROM information_schema.columns WHERE table_name = 'stations' AND column_name = 'site' AND ${inSchema}`,
  hasEnrolment: `SELECT 1 FROM information_schema.tables WHERE table_name = 'enrolled_stations' AND ${inSchema}`,
  importsKey: 'supplier, import_id',
});
