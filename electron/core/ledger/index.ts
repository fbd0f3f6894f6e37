/** The read side: verify a shared folder and import its verified events into DuckDB. docs/ledger.md. */
export { verifyShare, inspectShare, ShareUnreadableError, DEFAULT_CLOCK_BACKWARDS_MS, DEFAULT_CLOCK_FUTURE_MS } from './verify-share';
export type { ShareReport, VerifyShareOptions, LedgerProgress } from './verify-share';
export { readKnown, type KnownLedger } from './known';
export { importShare, type ImportOptions, type ImportResult, type StationImport, type StationImportStatus } from './import';
export { openLedger, LedgerOpenError, LEDGER_SCHEMA_VERSION, type Ledger } from './db';
export { checkStation, type StationCheck, type StationCheckTask, type KnownStation, type CheckedFile } from './station-check';
export { runStationChecks, defaultWorkers, findWorkerScript, unansweredCheck } from './pool';
export type { LedgerProblem, LedgerProblemCode, ProblemSeverity } from './problems';
export {
  enrolmentList, enrolStation, exportEnrolment, importEnrolment, parseEnrolmentFile, signedNames, nameKey, EnrolmentError, EnrolmentFileError,
  ENROLMENT_FILE_KIND, STATION_NAMED,
  type EnrolmentRow, type EnrolmentStatus, type EnrolmentAlarm, type EnrolmentAlarmCode, type EnrolmentFile, type EnrolmentImportResult, type StationName,
} from './enrolment';
