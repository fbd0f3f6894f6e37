/** The PostgreSQL ledger: the organisation's ledger of many suppliers, beside the DuckDB one. docs/ledger-pg.md. */
export { importShareToPg, readKnownPg, partitionKey, type PgImportOptions, type PgImportResult } from './import';
export { connectPg, openPgLedger, migrate, redactPgUrl, parsePgUrl, describePgError, PgLedgerError } from './connect';
export { MIGRATIONS, PG_LEDGER_SCHEMA_VERSION, type Migration } from './migrations';
export { enrolmentListPg, enrolStationPg, applySignedNamesPg, type PgEnrolmentRow } from './enrolment';
