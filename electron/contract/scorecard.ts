/**
 * Procurement's scorecard: plain JSON (strings, numbers, booleans, null, arrays, objects) so it can cross the
 * Electron IPC boundary and be written to any export. Rates are fractions 0..1 (null when the denominator is 0);
 * "per100" figures are per 100 steps recorded. Formulas: docs/scorecard.md (computed in electron/core/reports/sql.ts).
 * Artisans never appear by id: only pseudonyms "artisan-xxxxxxxxxxxx" (HMAC-SHA256 with a per-ledger key).
 */

/** The four scorecard measures for one group (whole ledger, a site, a station, a standard, or station × standard). */
export interface ScoreFigures {
  /** Routine strength. */
  dueOccurrences: number;
  completedDue: number;
  completedOnTime: number;
  /** completedDue / dueOccurrences. */
  completionRate: number | null;
  /** completedOnTime / dueOccurrences. */
  onTimeRate: number | null;
  /** Decision clarity. */
  runs: number;
  runsCompleted: number;
  runsAbandoned: number;
  stepsRecorded: number;
  deviations: number;
  undos: number;
  helpRequests: number;
  deviationsPer100Steps: number | null;
  undosPer100Steps: number | null;
  helpPer100Steps: number | null;
  measurements: number;
  outOfLimits: number;
  /** outOfLimits / measurements. */
  outOfLimitsRate: number | null;
  /** Ownership of standards: runs started on the version in force that day, which has an owner. */
  runsOnCurrentOwnedVersion: number;
  currentOwnedRate: number | null;
  /** Ability to repeat without discussion. */
  runsWithoutDiscussion: number;
  /** Runs with no deviation and no undo / runs. */
  repeatRate: number | null;
  /** Coefficient of variation (population stddev / mean) of completed-run durations; null with fewer than 2. */
  durationCv: number | null;
  durationMeanMinutes: number | null;
}

export interface SiteScore extends ScoreFigures {
  site: string;
  stations: number;
}

export interface StationScore extends ScoreFigures {
  site: string;
  stationId: string;
  stationName: string | null;
}

export interface StandardScore extends ScoreFigures {
  standardId: string;
  title: string | null;
  /** Latest version known to the ledger and its owner. */
  latestVersion: number | null;
  ownerRole: string | null;
  ownerName: string | null;
}

/** One station × one standard (the finest grain the scorecards are computed at). */
export interface StationStandardScore extends ScoreFigures {
  site: string;
  stationId: string;
  standardId: string;
}

export interface HotSpot {
  standardId: string;
  /** 1 = the step that most needs clarifying in this standard. */
  rank: number;
  stepId: string;
  /** The step's text (English, and Hindi when the standard has it) in the standard's latest version that has the step. */
  stepTextEn: string | null;
  stepTextHi: string | null;
  helpRequests: number;
  undos: number;
  deviations: number;
  /** helpRequests + undos + deviations. */
  total: number;
  /** Times the step was recorded (any step record) — context for the counts. */
  recorded: number;
  ownerRole: string | null;
  ownerName: string | null;
}

export interface Adoption {
  stationId: string;
  site: string;
  standardId: string;
  version: number;
  effectiveFrom: string | null;
  /** First run on this version at this station (ISO timestamp), null if none in the ledger. */
  firstRunAt: string | null;
  /** firstRunAt − effectiveFrom (start of that day in the report time zone), in days; null if unknown. */
  daysToAdopt: number | null;
}

export interface RunRow {
  runId: string;
  site: string;
  stationId: string;
  standardId: string | null;
  standardVersion: number | null;
  /** Pseudonym of the artisan who started the run. */
  artisan: string;
  startedAt: string;
  endedAt: string | null;
  outcome: 'completed' | 'abandoned' | 'open';
  durationMinutes: number | null;
  steps: number;
  deviations: number;
  undos: number;
  helpRequests: number;
  outOfLimits: number;
  onCurrentOwnedVersion: boolean;
}

export interface DeviationRow {
  at: string;
  site: string;
  stationId: string;
  runId: string | null;
  standardId: string | null;
  standardVersion: number | null;
  stepId: string | null;
  stepTextEn: string | null;
  stepTextHi: string | null;
  /** 'deviation' | 'undo' | 'help' | 'out-of-limits'. */
  kind: string;
  reason: string | null;
  artisan: string;
}

export interface IntegrityRow {
  importId: number;
  startedAt: string | null;
  stationId: string | null;
  file: string | null;
  line: number | null;
  code: string;
  severity: string;
  expected: string | null;
  found: string | null;
  message: string | null;
}

export interface Scorecard {
  generatedAt: string;
  period: { from: string; to: string; timeZone: string; days: number };
  /** Whole ledger over the period. */
  summary: ScoreFigures & { sites: number; stations: number; standards: number; events: number; medianDaysToAdopt: number | null };
  sites: SiteScore[];
  stations: StationScore[];
  standards: StandardScore[];
  stationStandards: StationStandardScore[];
  hotSpots: HotSpot[];
  adoptions: Adoption[];
  runs: RunRow[];
  deviations: DeviationRow[];
  integrity: IntegrityRow[];
}
