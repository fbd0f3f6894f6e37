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

/**
 * A station's status on every surface (docs/scorecard.md, "Station status"): from the ledger (verified, partial,
 * rejected, awaiting enrolment), or stale: nothing new for `staleDays` days before the end of the period.
 */
export type StationStatus = 'verified' | 'partial' | 'rejected' | 'awaiting_enrolment' | 'stale';
export const STATION_STATUSES: readonly StationStatus[] = ['verified', 'partial', 'rejected', 'awaiting_enrolment', 'stale'];

/**
 * True when the ledger knows stations and every one awaits enrolment: no figure counts until procurement enrols one
 * (the procurement screen and `steadywork report` then say so, and how, instead of an empty scorecard).
 */
export function noStationEnrolled(byStatus: Record<StationStatus, number>): boolean {
  const all = STATION_STATUSES.reduce((n, s) => n + byStatus[s], 0);
  return all > 0 && byStatus.awaiting_enrolment === all;
}

export interface StationScore extends ScoreFigures {
  site: string;
  stationId: string;
  stationName: string | null;
  status: StationStatus;
  /**
   * The days the figures are computed over (local days, inclusive): the period, cut to the station's first day and,
   * for a station that is not 'verified', to its last verified event. Null: nothing verified in the period.
   */
  verifiedFrom: string | null;
  verifiedTo: string | null;
  /**
   * True for a flagged station (partial, rejected, stale): its figures stop at its last verified day, where only the
   * due routines with a run in the ledger count. Label its rates "verified period only".
   */
  cut: boolean;
  /** Local time of the station's last event in the ledger (YYYY-MM-DDTHH:MM:SS), null when none. */
  lastEventAt: string | null;
  /** For a flagged station: what is missing (dates and events), and why, in plain English. Null when verified. */
  missing: string | null;
  why: string | null;
  /** The problem code behind the status (e.g. CHAIN_BROKEN, IDENTITY_MISSING), when there is one. */
  problemCode: string | null;
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
  stationName: string | null;
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
  stationName: string | null;
  /** Station local time (YYYY-MM-DDTHH:MM:SS). */
  startedLocal: string;
  endedLocal: string | null;
  /** Why an abandoned run was abandoned (the run.abandoned reason code), else null. */
  abandonReason: string | null;
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
  stationName: string | null;
  /** Station local time (YYYY-MM-DDTHH:MM:SS). */
  atLocal: string;
  /** Out-of-limits rows: the measured value, the step's limits and unit (of the run's version). */
  value: number | string | null;
  limitMin: number | null;
  limitMax: number | null;
  unit: string | null;
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
  stationName: string | null;
  /** The station's status now (null for problems of the share itself). */
  stationStatus: StationStatus | null;
}

export interface Scorecard {
  generatedAt: string;
  period: { from: string; to: string; timeZone: string; days: number };
  /** Whole ledger over the period. */
  summary: ScoreFigures & {
    sites: number;
    /** Stations counted in the figures (not rejected-with-nothing, not awaiting enrolment). */
    stations: number;
    standards: number;
    events: number;
    medianDaysToAdopt: number | null;
    /** Every station the ledger knows, by status (the header counts). */
    stationsByStatus: Record<StationStatus, number>;
    /** A station with no event for this many days before the end of the period is stale. */
    staleDays: number;
  };
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
