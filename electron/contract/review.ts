/**
 * The review domain: the supervisor's history, timeline, countersigning, trends and help requests
 * (electron/core/review/channels.ts; docs/review.md). Every channel needs the supervisor.
 */
import { z } from 'zod';
import { Day, RunIdArg, ShortId, supervisorChannel, SupervisorSession } from './common';
import type { ImportProblem, ImportProgress } from './procurement';
import type { ErrorInfo } from './result';
import type { SpokenNoteRef } from './runs';
import { MAX_SIGN_RUNS } from './limits';

/**
 * What a run's row can be filtered on. A run can match several: a late run with a deviation matches "late" and
 * "deviation". "not_reviewed": no countersignature yet.
 */
export const RunOutcome = z.enum(['completed', 'on_time', 'late', 'deviation', 'out_of_limits', 'abandoned', 'in_progress', 'not_reviewed']);
export type RunOutcome = z.infer<typeof RunOutcome>;
export const HistorySort = z.enum(['started_desc', 'started_asc', 'duration_desc', 'station', 'standard', 'artisan']);
export type HistorySort = z.infer<typeof HistorySort>;
/** Every field narrows the set; an empty list or an absent field does not filter. Days are in the station's time zone, inclusive. */
export const HistoryFilter = z
  .object({
    from: Day.optional(),
    to: Day.optional(),
    stations: z.array(ShortId).max(200).optional(),
    standards: z.array(ShortId).max(200).optional(),
    artisans: z.array(ShortId).max(500).optional(),
    /** A run matches when it has every outcome listed ('all', the default) or at least one of them ('any'). */
    outcomes: z.array(RunOutcome).max(8).optional(),
    outcomeMatch: z.enum(['all', 'any']).optional(),
  })
  .strict();
export type HistoryFilter = z.infer<typeof HistoryFilter>;

export const SignMeaning = z.enum(['reviewed', 'approved', 'rejected']);
export type SignMeaning = z.infer<typeof SignMeaning>;

export interface Countersignature {
  meaning: SignMeaning;
  /** The supervisor's name as set on the signing station. */
  by: string;
  /** The station whose journal holds the signature event, and its event id. */
  station: string;
  eventId: string;
  at: string;
  reason?: string;
}

/** One run in the history list. */
export interface HistoryRow {
  runId: string;
  stationId: string;
  stationName: string | null;
  standardId: string;
  standardVersion: number;
  standardHash: string;
  /** The standard's title in each language it has (from the exact version run). */
  title: { en: string; hi?: string };
  /** The artisan's id as recorded; their name when this station's roster knows it. */
  actor: string;
  actorName: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationS: number | null;
  status: 'in_progress' | 'completed' | 'abandoned';
  /** Completed within its due window (null: not completed, or no schedule to judge by). */
  onTime: boolean | null;
  steps: number;
  deviations: number;
  undos: number;
  outOfLimits: number;
  helpRequests: number;
  abandonReason: string | null;
  /** The stop reason in words, from the run's own standard version (null: not stopped, or a code it does not list). */
  abandonReasonText: { en: string; hi?: string } | null;
  /** Every artisan who worked on the run (started it, recorded a step, finished or stopped it), in the order they first did. */
  actors: Array<{ id: string; name: string | null }>;
  /** The latest countersignature, if any. */
  signature: Countersignature | null;
}

export interface HistoryCounts {
  runs: number;
  completed: number;
  onTime: number;
  late: number;
  deviation: number;
  outOfLimits: number;
  abandoned: number;
  inProgress: number;
  notReviewed: number;
  /** Totals over the filtered set. */
  steps: number;
  deviations: number;
  helpRequests: number;
}

export interface HistoryPage {
  /** Rows offset..offset+rows.length of the filtered, sorted set. */
  offset: number;
  rows: HistoryRow[];
  counts: HistoryCounts;
}

/** Values the filters can take, from the review database. */
export interface HistoryFacets {
  stations: Array<{ id: string; name: string | null }>;
  standards: Array<{ id: string; title: { en: string; hi?: string } }>;
  artisans: Array<{ id: string; name: string | null }>;
  /** First and last day with a run, or null when there is none. */
  firstDay: string | null;
  lastDay: string | null;
}

/** Where the history comes from and how fresh it is. */
export interface ReviewStatus {
  state: 'empty' | 'refreshing' | 'ready' | 'failed';
  /** 'station': this station's own journal only; 'share': every station of the shared folder (this one included). */
  source: 'station' | 'share';
  sharePath?: string;
  /** When the history was last brought up to date, on the station's clock (with its UTC offset, like the runs' times). */
  lastRefreshAt?: string;
  progress?: ImportProgress;
  /** Integrity of the records behind the history (from the verifying import). */
  integrity?: { ok: boolean; errors: number; warnings: number; stationsRejected: number };
  error?: ErrorInfo;
}

export interface TimelineEvent {
  seq: number;
  eventId: string;
  /** Station whose journal holds the event (a countersignature or a help answer can come from another station). */
  stationId: string;
  at: string;
  actor: string;
  actorName: string | null;
  type: string;
  stepId: string | null;
  /** The step's text in each language, from the exact standard version. */
  stepTitle: { en: string; hi?: string } | null;
  value: number | string | null;
  unit: string | null;
  limits: { min?: number; max?: number } | null;
  acceptable: boolean | null;
  reason: string | null;
  /** The event this one undoes or answers. */
  supersedes: string | null;
  /** The undo that later cancelled this event, if any. */
  supersededBy: string | null;
  /** Where the line is: file relative to the share (or the journal) and line number. */
  file: string;
  line: number;
  /** The spoken note recorded with this event (issue 13): play it with review.attachment (stationId, hash). */
  audio: SpokenNoteRef | null;
}

export interface RunTimeline {
  run: HistoryRow;
  standard: { id: string; version: number; hash: string; title: { en: string; hi?: string }; owner: string | null };
  events: TimelineEvent[];
  signatures: Countersignature[];
  /**
   * 'verified': every line was checked (chain, seal, signature) by the import; 'problems': the station has integrity
   * problems (listed); 'unsealed': some lines are this station's own, not yet sealed.
   */
  integrity: { status: 'verified' | 'problems' | 'unsealed'; problems: ImportProblem[] };
}

export const TrendPeriod = z.enum(['week', 'month']);
export type TrendPeriod = z.infer<typeof TrendPeriod>;
export interface TrendRow {
  /** First day of the week (Monday) or month. */
  period: string;
  stationId: string;
  stationName: string | null;
  standardId: string;
  title: { en: string; hi?: string };
  runs: number;
  /** Routines due in the period, and completed on time (null where the schedule cannot tell). */
  due: number | null;
  completed: number;
  onTime: number;
  /** Shares 0–1 (null when there is nothing to divide by). */
  completionRate: number | null;
  onTimeRate: number | null;
  deviationsPer100Steps: number | null;
  outOfLimitsRate: number | null;
  /** Spread of run durations: coefficient of variation (null below 2 runs). */
  durationCv: number | null;
  medianDurationS: number | null;
}

/**
 * A help request that is still open (issue 10): open → seen (a supervisor is on the way) → answered, or closed by a
 * supervisor with a note. Finishing or abandoning its run does not close it.
 */
export interface OpenHelpRequest {
  eventId: string;
  stationId: string;
  stationName: string | null;
  runId: string;
  standardId: string;
  title: { en: string; hi?: string };
  stepId: string | null;
  stepTitle: { en: string; hi?: string } | null;
  actor: string;
  actorName: string | null;
  since: string;
  /** How long it has waited, in seconds, by the station's clock when the list was made. */
  waitedS: number;
  /** 'seen': a supervisor saw it (who, when) and has not answered it yet. */
  state: 'open' | 'seen';
  seen: { at: string; by: string } | null;
  /** Its run is completed or abandoned. */
  runFinished: boolean;
}

export const ReviewSessionArgs = z.object({ session: SupervisorSession }).strict();
export const ReviewHistoryArgs = z
  .object({
    session: SupervisorSession,
    filter: HistoryFilter.default({}),
    sort: HistorySort.default('started_desc'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export const ReviewTimelineArgs = z.object({ session: SupervisorSession, runId: RunIdArg }).strict();
/** Sign listed runs, or every run of a filtered set (at most MAX_SIGN_RUNS at a time). A rejection needs a reason. */
export { MAX_SIGN_RUNS } from './limits';
export const ReviewSignArgs = z
  .object({
    session: SupervisorSession,
    target: z.union([z.object({ runIds: z.array(RunIdArg).min(1).max(MAX_SIGN_RUNS) }).strict(), z.object({ filter: HistoryFilter }).strict()]),
    meaning: SignMeaning,
    reason: z.string().trim().max(500).optional(),
    /** Only say what would be signed and skipped (the confirmation); nothing is written. */
    preview: z.boolean().optional(),
  })
  .strict()
  .refine((a) => a.meaning !== 'rejected' || (a.reason !== undefined && a.reason.length > 0), {
    message: 'a rejection needs a reason',
    path: ['reason'],
  });
/** A run as the countersign confirmation and its result name it. */
export interface SignRun {
  runId: string;
  stationId: string;
  stationName: string | null;
  standardId: string;
  title: { en: string; hi?: string };
  actor: string;
  actorName: string | null;
  startedAt: string;
}
/**
 * Why a run is not signed: still in progress (only completed or abandoned runs can be signed), already approved
 * (an approval is final), or its latest countersignature already has this meaning.
 */
export type SignSkipReason = 'in_progress' | 'already_approved' | 'already_signed';
export interface SignResult {
  /** True when nothing was written (preview). */
  preview: boolean;
  /** How many runs were signed (or would be, in a preview), and which. */
  signed: number;
  runs: SignRun[];
  skipped: Array<SignRun & { why: SignSkipReason }>;
}

export const ReviewTrendsArgs = z.object({ session: SupervisorSession, period: TrendPeriod, filter: HistoryFilter.default({}) }).strict();
export const HelpAnswerArgs = z.object({ session: SupervisorSession, eventId: RunIdArg, runId: RunIdArg, stationId: ShortId }).strict();
/** Close a help request without answering it (nobody needs help any more, asked by mistake…): a note says why. */
export const HelpCloseArgs = z
  .object({ session: SupervisorSession, eventId: RunIdArg, runId: RunIdArg, stationId: ShortId, note: z.string().trim().min(1).max(500) })
  .strict();

/** A spoken note of a run, by the station whose journal names it and its SHA-256 (TimelineEvent.audio.hash). */
export const ReviewAttachmentArgs = z.object({ session: SupervisorSession, stationId: ShortId, hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict();
/** The verified bytes of a spoken note (base64) and their type, for the timeline's player. */
export interface AttachmentFile {
  hash: string;
  type: string;
  data: string;
}

export const REVIEW_CHANNELS = {
  /** Where the history comes from and how fresh it is. */
  'review.status': supervisorChannel<ReviewStatus>()(ReviewSessionArgs),
  /** Bring the history up to date: this station's journal, and every station of the share when one is set (verified). Answers at once; poll review.status. */
  'review.refresh': supervisorChannel<ReviewStatus>()(ReviewSessionArgs),
  'review.facets': supervisorChannel<HistoryFacets>()(ReviewSessionArgs),
  'review.history': supervisorChannel<HistoryPage>()(ReviewHistoryArgs),
  'review.timeline': supervisorChannel<RunTimeline>()(ReviewTimelineArgs),
  /** The bytes of a spoken note named by a run's event, as verified by the import (issue 13); ATTACHMENT_NOT_FOUND otherwise. */
  'review.attachment': supervisorChannel<AttachmentFile>()(ReviewAttachmentArgs),
  /** Countersign finished runs: one journal event per run, on this station's journal; never an edit. `preview`: what it would do. */
  'review.sign': supervisorChannel<SignResult>()(ReviewSignArgs),
  'review.trends': supervisorChannel<TrendRow[]>()(ReviewTrendsArgs),
  /** Help requests not answered or closed yet (whatever their runs became): this station's, and the share's when one is set; oldest first. */
  'help.open': supervisorChannel<OpenHelpRequest[]>()(ReviewSessionArgs),
  /** Mark a help request seen (on the way): a help.seen event on this station's journal. */
  'help.seen': supervisorChannel<null>()(HelpAnswerArgs),
  /** Mark a help request answered: a help.answered event on this station's journal. */
  'help.answer': supervisorChannel<null>()(HelpAnswerArgs),
  /** Close a help request with a note: a help.closed event on this station's journal. */
  'help.close': supervisorChannel<null>()(HelpCloseArgs),
} as const;
