/**
 * The contract: every channel between the renderer and the services, in one place.
 * Preload, main-process wiring, browser harness and renderer client are all derived from CHANNELS.
 * Arguments are validated at the boundary with these zod schemas; every answer is a Result envelope.
 *
 * Only zod and type-only imports here: this module is bundled into the renderer too.
 */
import { z } from 'zod';
import {
  AbandonArgs,
  ChooseArgs,
  GetRunArgs,
  HelpArgs,
  MeasureArgs,
  NoteArgs,
  ReasonArgs,
  RunArgs,
  StartRunArgs,
  StepArgs,
} from './runs-args';
import type { DueItem, RunView } from '../core/runs';
import type { StandardDocument } from '../core/standards/schema';
import type { Scorecard } from '../core/reports/types';
import type { Result } from './result';
import { ipcChannelName, type ChannelNameFromList } from './channel-names';
import { FULL_PATH_EXAMPLES, isFullPath } from './paths';

export { FULL_PATH_EXAMPLES, isFullPath } from './paths';

export type { Result, ErrorInfo } from './result';
export type { DueItem, RunView, RunStepView } from '../core/runs';
export type { StandardDocument, Step, LocalizedText } from '../core/standards/schema';
export type {
  Scorecard, ScoreFigures, SiteScore, StationScore, StandardScore, StationStandardScore, HotSpot, Adoption,
} from '../core/reports/types';

export const Language = z.enum(['en', 'hi']);
export type Language = z.infer<typeof Language>;
export const Theme = z.enum(['default', 'high-contrast']);
/** Text size in percent, 100–200. */
export const TextScale = z.number().int().min(100).max(200);
/** Auto-scan interval in milliseconds, 0.5–5 s. */
export const ScanSpeedMs = z.number().int().min(500).max(5000);
export const ScanMode = z.enum(['off', 'auto', 'two-switch']);

/** Settings that follow an artisan: they apply as soon as that artisan is selected, at any station. */
export const PersonalPrefs = z
  .object({
    textScale: TextScale.optional(),
    theme: Theme.optional(),
    language: Language.optional(),
    readAloud: z.boolean().optional(),
    scanMode: ScanMode.optional(),
    scanSpeedMs: ScanSpeedMs.optional(),
  })
  .strict();
export type PersonalPrefs = z.infer<typeof PersonalPrefs>;

export const ArtisanId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
export const Artisan = z
  .object({
    id: ArtisanId,
    name: z.string().trim().min(1).max(80),
    /** What a badge reader types (ends with Enter). Unique per station. */
    badge: z.string().trim().min(1).max(64).optional(),
    /** A small picture as a data: URL (PNG/JPEG/SVG), shown on the tile; initials otherwise. */
    photo: z.string().max(400_000).regex(/^data:image\/(png|jpeg|svg\+xml);base64,/).optional(),
    prefs: PersonalPrefs.default({}),
  })
  .strict();
export type Artisan = z.infer<typeof Artisan>;

/** Station-wide settings (defaults for everyone; an artisan's own prefs win while they work). */
export const StationSettings = z
  .object({
    stationName: z.string().trim().min(1).max(80),
    language: Language,
    theme: Theme,
    textScale: TextScale,
    scanMode: ScanMode,
    scanSpeedMs: ScanSpeedMs,
    readAloud: z.boolean(),
    /**
     * The shared folder this station publishes its journal to (a full path, e.g. //server/steadywork, S:\steadywork or
     * /mnt/steadywork). Absent: sync is not set up. In settings.update, an empty string removes it.
     */
    sharePath: z.string().trim().max(1024).optional(),
    /** The name countersignatures made at this station carry (the holder of the supervisor PIN). Default "Supervisor". */
    supervisorName: z.string().trim().min(1).max(80).optional(),
    /** Supervisor screens lock after this many minutes without a touch or key (1–30, default 3). */
    supervisorIdleMinutes: z.number().int().min(1).max(30).optional(),
  })
  .strict();
export type StationSettings = z.infer<typeof StationSettings>;

export const SyncStatus = z.discriminatedUnion('state', [
  z.object({ state: z.literal('not_set_up') }),
  z.object({ state: z.literal('up_to_date'), lastSyncAt: z.string() }),
  z.object({ state: z.literal('waiting'), events: z.number().int().min(0), lastSyncAt: z.string().optional() }),
  z.object({ state: z.literal('unreachable'), reason: z.string(), events: z.number().int().min(0) }),
]);
export type SyncStatus = z.infer<typeof SyncStatus>;

export interface StationInfo {
  stationId: string;
  settings: StationSettings;
  roster: Artisan[];
  /** Whether a supervisor PIN has been set; until then Settings asks to create one. */
  pinSet: boolean;
  sync: SyncStatus;
  version: string;
  shell: 'electron' | 'browser';
  /** Problems loading standards, for the supervisor (never blocking the good ones). */
  standardProblems: Array<{ file: string; message: string }>;
}

/** Proof of a supervisor PIN entered moments ago; settings changes must carry it. */
export const SupervisorSession = z.string().regex(/^[0-9a-f]{32,128}$/);
export const Pin = z.string().regex(/^\d{4,8}$/, '4 to 8 digits');

export type UnlockResult =
  | { unlocked: true; session: string; expiresAt: string }
  | { unlocked: false; attemptsLeft: number; lockedUntil?: string };

export const DueArgs = z.object({}).strict();
export const StandardArgs = z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict();
export const PictureArgs = StandardArgs.extend({ stepId: z.string().min(1).max(64) }).strict();
export const BadgeArgs = z.object({ badge: z.string().trim().min(1).max(64) }).strict();
export const UnlockArgs = z.object({ pin: z.string().max(16) }).strict();
export const SetPinArgs = z.object({ session: SupervisorSession.optional(), pin: Pin }).strict();
export const UpdateSettingsArgs = z.object({ session: SupervisorSession, settings: StationSettings.partial() }).strict();
export const SaveArtisanArgs = z.object({ session: SupervisorSession, artisan: Artisan }).strict();
export const RemoveArtisanArgs = z.object({ session: SupervisorSession, artisanId: ArtisanId }).strict();
export const LockArgs = z.object({ session: SupervisorSession }).strict();
/** An artisan changes their own settings: no PIN (it is their own), and only their own prefs. */
export const SetPrefsArgs = z.object({ artisanId: ArtisanId, prefs: PersonalPrefs }).strict();
export const NoArgs = z.object({}).strict();

// ------------------------------------------------------------------ procurement (the read side, behind the supervisor PIN)

/** A full path on this computer: /mnt/share, S:\\share or //server/share. */
const FullPath = z
  .string()
  .trim()
  .min(1, 'type the full path of a folder')
  .max(1024)
  .refine((p) => isFullPath(p), `type a full path, like ${FULL_PATH_EXAMPLES}`);
/** A day, YYYY-MM-DD. */
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day like 2026-11-27');
export const ReportFormat = z.enum(['csv', 'xlsx', 'html']);
export type ReportFormat = z.infer<typeof ReportFormat>;

export const ProcurementImportArgs = z.object({ session: SupervisorSession, source: FullPath }).strict();
export const ProcurementStatusArgs = z.object({ session: SupervisorSession }).strict();
export const ProcurementScorecardArgs = z.object({ session: SupervisorSession, from: Day.optional(), to: Day.optional() }).strict();
export const ProcurementExportArgs = z
  .object({ session: SupervisorSession, format: ReportFormat, out: FullPath, from: Day.optional(), to: Day.optional() })
  .strict();

export type ImportPhase = 'scan' | 'verify' | 'import' | 'done';
export type ImportProgress = { phase: ImportPhase; done: number; total: number; station?: string };
export type StationImportStatus = 'imported' | 'up_to_date' | 'partial' | 'rejected';

/** One problem found in the share, in words: station, file (relative to the share), line (0: the whole file). */
export interface ImportProblem {
  station: string;
  /** The station's display name, when the share tells it. */
  stationName: string | null;
  file: string;
  line: number;
  code: string;
  severity: 'error' | 'warning';
  expected: string;
  found: string;
  /** English, plain words (from the verifier). */
  message: string;
}

/** A JSON-safe summary of an import (ImportResult without the verifier's internals). */
export interface ImportSummary {
  importId: number;
  share: string;
  checkedAt: string;
  finishedAt: string;
  ok: boolean;
  errors: number;
  warnings: number;
  /** Events found in the share, and added to the ledger by this import. */
  events: number;
  eventsAdded: number;
  standardsAdded: number;
  stations: Array<{ station: string; name: string | null; status: StationImportStatus; added: number; headSeq: number; errors: number; warnings: number }>;
  problems: ImportProblem[];
  /** Problems left out of `problems` (the first MAX_IMPORT_PROBLEMS are sent); all are in the ledger and the exports. */
  problemsLeftOut: number;
}

export interface ProcurementStatus {
  state: 'idle' | 'running' | 'done' | 'failed';
  /** The import being run or last run. */
  importId?: number;
  source?: string;
  progress?: ImportProgress;
  result?: ImportSummary;
  error?: ErrorInfoShape;
  /** Whether the ledger has anything yet (a scorecard can be shown). */
  ledgerExists: boolean;
  /** Suggested export paths, under the data folder. */
  exportDefaults: Record<ReportFormat, string>;
}
type ErrorInfoShape = { code: string; message: string };

/** The scorecard as the screen gets it: without the row-level tables (runs, deviations, integrity), which go to exports. */
export type ScorecardView = Omit<Scorecard, 'runs' | 'deviations' | 'integrity'> & { runRows: number; deviationRows: number };

// ------------------------------------------------------------------ supervisor review (issue 5; behind the supervisor PIN)

/**
 * What a run's row can be filtered on. A run can match several: a late run with a deviation matches "late" and
 * "deviation". "not_reviewed": no countersignature yet.
 */
export const RunOutcome = z.enum(['completed', 'on_time', 'late', 'deviation', 'out_of_limits', 'abandoned', 'in_progress', 'not_reviewed']);
export type RunOutcome = z.infer<typeof RunOutcome>;
export const HistorySort = z.enum(['started_desc', 'started_asc', 'duration_desc', 'station', 'standard', 'artisan']);
export type HistorySort = z.infer<typeof HistorySort>;
const ShortId = z.string().trim().min(1).max(128);
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
  lastRefreshAt?: string;
  progress?: ImportProgress;
  /** Integrity of the records behind the history (from the verifying import). */
  integrity?: { ok: boolean; errors: number; warnings: number; stationsRejected: number };
  error?: ErrorInfoShape;
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
}

/** A standard offered for publishing: a path on this computer, or a file chosen in the browser/app (its text). */
export const StandardSource = z.union([
  z.object({ path: FullPath }).strict(),
  z.object({ name: z.string().trim().min(1).max(255), text: z.string().max(1_000_000) }).strict(),
]);
export type StandardSource = z.infer<typeof StandardSource>;

export type StepChange =
  | { change: 'added'; stepId: string; index: number; title: { en: string; hi?: string } }
  | { change: 'removed'; stepId: string; index: number; title: { en: string; hi?: string } }
  | { change: 'moved'; stepId: string; from: number; to: number; title: { en: string; hi?: string } }
  | { change: 'changed'; stepId: string; index: number; title: { en: string; hi?: string }; fields: Array<{ field: string; before: string; after: string }> };

export interface StandardCheck {
  /** true when it can be published. */
  ok: boolean;
  file: string;
  /** Errors (ok=false) and warnings, each naming the file, the field, what was expected and what was found. */
  problems: Array<{ severity: 'error' | 'warning'; field: string | null; message: string }>;
  standard: { id: string; version: number; hash: string; title: { en: string; hi?: string }; owner: string; effectiveFrom: string; steps: number } | null;
  /** The version it replaces (the highest known lower version), or null for a new standard. */
  previous: { version: number; hash: string; effectiveFrom: string } | null;
  /** What changed, step by step, from the previous version; standard-level changes (title, owner, schedule, reasons) as stepId "". */
  changes: StepChange[];
  /** Already published with exactly this content: publishing again changes nothing. */
  alreadyPublished: boolean;
}

export interface KnownStandardVersion {
  id: string;
  version: number;
  hash: string;
  title: { en: string; hi?: string };
  owner: string;
  effectiveFrom: string;
  /** current: in force today; upcoming: effective later; superseded: a later version is in force; retired: withdrawn. */
  state: 'current' | 'upcoming' | 'superseded' | 'retired';
  /** Published on the share (false: only bundled with the app or pulled earlier). */
  published: boolean;
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
export const RunIdArg = z.uuid();
export const ReviewTimelineArgs = z.object({ session: SupervisorSession, runId: RunIdArg }).strict();
/** Sign listed runs, or every run of a filtered set (at most MAX_SIGN_RUNS at a time). A rejection needs a reason. */
export { MAX_SIGN_RUNS } from './limits';
import { MAX_SIGN_RUNS } from './limits';
export const ReviewSignArgs = z
  .object({
    session: SupervisorSession,
    target: z.union([z.object({ runIds: z.array(RunIdArg).min(1).max(MAX_SIGN_RUNS) }).strict(), z.object({ filter: HistoryFilter }).strict()]),
    meaning: SignMeaning,
    reason: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine((a) => a.meaning !== 'rejected' || (a.reason !== undefined && a.reason.length > 0), {
    message: 'a rejection needs a reason',
    path: ['reason'],
  });
export const ReviewTrendsArgs = z.object({ session: SupervisorSession, period: TrendPeriod, filter: HistoryFilter.default({}) }).strict();
export const HelpAnswerArgs = z.object({ session: SupervisorSession, eventId: RunIdArg, runId: RunIdArg, stationId: ShortId }).strict();
export const StandardCheckArgs = z.object({ session: SupervisorSession, source: StandardSource }).strict();
export const StandardRetireArgs = z
  .object({ session: SupervisorSession, id: ShortId, version: z.number().int().min(1), reason: z.string().trim().min(1).max(500) })
  .strict();

/** A picture of a step, as a data: URL (CSP allows img-src data:), or null when the standard has none. */
export type Picture = { dataUrl: string; alt?: { en: string; hi?: string } } | null;

/** A channel: its argument schema and the type of its value. */
interface Channel<A extends z.ZodType, V> {
  args: A;
  /** Phantom: the value type of a successful result. */
  value?: V;
}
const channel = <V>() => <A extends z.ZodType>(args: A): Channel<A, V> => ({ args });

export const CHANNELS = {
  'station.info': channel<StationInfo>()(NoArgs),
  'routines.due': channel<DueItem[]>()(DueArgs),
  'runs.start': channel<RunView>()(StartRunArgs),
  'runs.get': channel<RunView>()(GetRunArgs),
  'runs.open': channel<RunView[]>()(NoArgs),
  'runs.tick': channel<RunView>()(StepArgs),
  'runs.measure': channel<RunView>()(MeasureArgs),
  'runs.choose': channel<RunView>()(ChooseArgs),
  'runs.note': channel<RunView>()(NoteArgs),
  'runs.skip': channel<RunView>()(StepArgs),
  'runs.deviate': channel<RunView>()(ReasonArgs),
  'runs.reason': channel<RunView>()(ReasonArgs),
  'runs.undo': channel<RunView>()(RunArgs),
  'runs.help': channel<RunView>()(HelpArgs),
  'runs.complete': channel<RunView>()(RunArgs),
  'runs.abandon': channel<RunView>()(AbandonArgs),
  'standards.get': channel<StandardDocument>()(StandardArgs),
  'standards.picture': channel<Picture>()(PictureArgs),
  'artisans.byBadge': channel<Artisan>()(BadgeArgs),
  'artisans.setPrefs': channel<Artisan>()(SetPrefsArgs),
  'supervisor.unlock': channel<UnlockResult>()(UnlockArgs),
  'supervisor.lock': channel<null>()(LockArgs),
  'supervisor.setPin': channel<null>()(SetPinArgs),
  'settings.update': channel<StationSettings>()(UpdateSettingsArgs),
  'roster.save': channel<Artisan[]>()(SaveArtisanArgs),
  'roster.remove': channel<Artisan[]>()(RemoveArtisanArgs),
  /** Sync with the shared folder now (seal, publish, pull standards); answers the status afterwards. */
  'sync.now': channel<SyncStatus>()(NoArgs),
  /** Start importing a shared folder (or an unpacked bundle) into the ledger; answers at once. Supervisor only. */
  'procurement.import': channel<{ importId: number }>()(ProcurementImportArgs),
  /** The import running or last run, with its progress or its result. Polled by the screen. */
  'procurement.status': channel<ProcurementStatus>()(ProcurementStatusArgs),
  'procurement.scorecard': channel<ScorecardView>()(ProcurementScorecardArgs),
  /** Write the scorecard export (csv: a folder; xlsx/html: a file); answers the files written. */
  'procurement.export': channel<{ files: string[] }>()(ProcurementExportArgs),

  /** Where the history comes from and how fresh it is. */
  'review.status': channel<ReviewStatus>()(ReviewSessionArgs),
  /** Bring the history up to date: this station's journal, and every station of the share when one is set (verified). Answers at once; poll review.status. */
  'review.refresh': channel<ReviewStatus>()(ReviewSessionArgs),
  'review.facets': channel<HistoryFacets>()(ReviewSessionArgs),
  'review.history': channel<HistoryPage>()(ReviewHistoryArgs),
  'review.timeline': channel<RunTimeline>()(ReviewTimelineArgs),
  /** Countersign: one journal event per run, on this station's journal; never an edit. */
  'review.sign': channel<{ signed: number; alreadySigned: number }>()(ReviewSignArgs),
  'review.trends': channel<TrendRow[]>()(ReviewTrendsArgs),
  /** Open help requests: this station's, and the share's when one is set. */
  'help.open': channel<OpenHelpRequest[]>()(ReviewSessionArgs),
  /** Mark a help request answered: a help.answered event on this station's journal. */
  'help.answer': channel<null>()(HelpAnswerArgs),
  /** Every version of every standard this station knows, with its state. */
  'standards.list': channel<KnownStandardVersion[]>()(ReviewSessionArgs),
  /** Validate a standard file and compare it with the version it replaces; changes nothing. */
  'standards.check': channel<StandardCheck>()(StandardCheckArgs),
  /** Publish a checked standard to the shared folder (never over a published version); stations pick it up from its effective date. */
  'standards.publish': channel<{ id: string; version: number; hash: string; file: string }>()(StandardCheckArgs),
  /** Withdraw a version (it is never changed or deleted): stations stop starting new runs on it. */
  'standards.retire': channel<null>()(StandardRetireArgs),
} as const;

export type Channels = typeof CHANNELS;
export type ChannelName = keyof Channels;
export type ArgsOf<C extends ChannelName> = z.input<Channels[C]['args']>;
export type ParsedArgsOf<C extends ChannelName> = z.output<Channels[C]['args']>;
export type ValueOf<C extends ChannelName> = Exclude<Channels[C]['value'], undefined>;
export const CHANNEL_NAMES = Object.keys(CHANNELS) as ChannelName[];

/** The typed API the renderer sees as window.steadywork (Electron) or through the harness client. */
export type SteadyworkApi = { [C in ChannelName]: (args: ArgsOf<C>) => Promise<Result<ValueOf<C>>> };

/** The service side: one implementation per channel, given arguments that already passed validation. */
export type ChannelImplementations = { [C in ChannelName]: (args: ParsedArgsOf<C>) => Promise<Result<ValueOf<C>>> };

/** The one place arguments are checked: a call with bad arguments is refused here, before any service runs. */
export function validateArgs<C extends ChannelName>(name: C, raw: unknown): Result<ParsedArgsOf<C>> {
  const schema = CHANNELS[name]?.args;
  if (!schema) return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `There is no channel "${String(name)}".` } };
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as ParsedArgsOf<C> };
  const first = parsed.error.issues[0];
  const where = first?.path.length ? first.path.join('.') : 'arguments';
  return { ok: false, error: { code: 'BAD_ARGUMENTS', message: `${String(name)}: ${where}: ${first?.message ?? 'invalid'}` } };
}

/** Wraps implementations so every call is validated at the boundary and never throws across it. */
export function guardedHandlers(impl: ChannelImplementations): Record<ChannelName, (raw: unknown) => Promise<Result<unknown>>> {
  const out = {} as Record<ChannelName, (raw: unknown) => Promise<Result<unknown>>>;
  for (const name of CHANNEL_NAMES) {
    out[name] = async (raw: unknown) => {
      const args = validateArgs(name, raw);
      if (!args.ok) return args;
      try {
        return await (impl[name] as (a: unknown) => Promise<Result<unknown>>)(args.value);
      } catch (error) {
        return { ok: false, error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } };
      }
    };
  }
  return out;
}

/** The Electron IPC channel name of a contract channel. */
export const ipcChannel = (name: ChannelName): string => ipcChannelName(name);

// The preload's list of names (channel-names.ts) must be exactly the channels above: a compile error otherwise.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesMatch: Same<ChannelNameFromList, ChannelName> = true;
void namesMatch;
