/**
 * The runs domain: what is due today, and one run of a standard, step by step (electron/core/runs/channels.ts).
 * Every channel is open to the artisans at the station.
 */
import { z } from 'zod';
import { NoArgs, stationChannel } from './common';
import { MAX_SPOKEN_NOTE_BYTES, SPOKEN_NOTE_MAX_SECONDS_LIMIT, SPOKEN_NOTE_TYPES } from './limits';
import type { StandardDocument, StandardRef, Step } from './standard-document';

const Actor = z.string().trim().min(1).max(64);
const RunId = z.uuid();
const StepId = z.string().min(1).max(64);
/**
 * A reason code from the standard. Empty or only spaces is refused here, at the boundary, with what to do: a reason
 * that says nothing is never recorded, whichever client sends it. `why` says what the reason is for.
 */
const reasonCode = (why: string) =>
  z
    .string()
    .max(40)
    .refine((s) => s.trim().length > 0, `is empty. ${why}: send one of the standard's reason codes, e.g. NEED_HELP. Nothing was recorded.`);

export const DueArgs = z.object({}).strict();
export const StartRunArgs = z.object({ standardId: z.string().min(1).max(64), actor: Actor }).strict();
export const RunArgs = z.object({ runId: RunId, actor: Actor }).strict();
export const StepArgs = RunArgs.extend({ stepId: StepId }).strict();
export const MeasureArgs = StepArgs.extend({ value: z.number().finite() }).strict();
export const ChooseArgs = StepArgs.extend({ option: z.string().min(1).max(64) }).strict();
/**
 * A spoken note as the screen recorded it (issue 13): the bytes (base64), their type and length. The station stores
 * them as a content-addressed attachment beside the journal; the event records only { hash, bytes, durationMs, type }.
 */
export const SpokenNoteInput = z
  .object({
    data: z.base64().min(4).max(Math.ceil(MAX_SPOKEN_NOTE_BYTES / 3) * 4),
    type: z.enum(SPOKEN_NOTE_TYPES),
    // A little over the longest a standard may allow: the recorder stops at the limit, a few ms late.
    durationMs: z.number().int().min(1).max(SPOKEN_NOTE_MAX_SECONDS_LIMIT * 1000 + 2000),
  })
  .strict();
export type SpokenNoteInput = z.infer<typeof SpokenNoteInput>;
/** What the journal holds of a spoken note: the attachment's SHA-256 (its file name), its size, length and type. */
export interface SpokenNoteRef {
  hash: string;
  bytes: number;
  durationMs: number;
  type: string;
}
/**
 * A note: text, a spoken note, or both. With neither (empty or only spaces, no recording) no note is recorded: an
 * optional note step is recorded as done without a note (step.done), a required one is refused (NOTE_REQUIRED).
 */
export const NoteArgs = StepArgs.extend({ text: z.string().max(2000), audio: SpokenNoteInput.optional() }).strict();
/** Why a value that is out of limits or not acceptable is so. */
export const ReasonArgs = StepArgs.extend({ reason: reasonCode('Say why the value is not acceptable') }).strict();
/** "I cannot do this step": a reason, and a spoken note when the artisan recorded one. */
export const DeviateArgs = StepArgs.extend({ reason: reasonCode('Say why the step could not be done'), audio: SpokenNoteInput.optional() }).strict();
export const HelpArgs = RunArgs.extend({ stepId: StepId.optional() }).strict();
export const AbandonArgs = RunArgs.extend({ reason: reasonCode('Say why the run is stopped') }).strict();
export const GetRunArgs = z.object({ runId: RunId }).strict();

export type StartRunArgs = z.infer<typeof StartRunArgs>;
export type RunArgs = z.infer<typeof RunArgs>;
export type StepArgs = z.infer<typeof StepArgs>;
export type MeasureArgs = z.infer<typeof MeasureArgs>;
export type ChooseArgs = z.infer<typeof ChooseArgs>;
export type NoteArgs = z.infer<typeof NoteArgs>;
export type ReasonArgs = z.infer<typeof ReasonArgs>;
export type DeviateArgs = z.infer<typeof DeviateArgs>;
export type HelpArgs = z.infer<typeof HelpArgs>;
export type AbandonArgs = z.infer<typeof AbandonArgs>;
export type GetRunArgs = z.infer<typeof GetRunArgs>;

export type StepStatus = 'pending' | 'done' | 'needs_reason' | 'deviated' | 'skipped';
export type RunStatus = 'in_progress' | 'completed' | 'abandoned';
export type RunCounts = { undos: number; deviations: number; notAcceptable: number; helpRequests: number };

/** A run as the station shows it: the standard's steps in order, each with its recorded state. */
export interface RunStepView {
  id: string;
  index: number;
  kind: Step['kind'];
  required: boolean;
  status: StepStatus;
  value?: number | string;
  acceptable?: boolean;
  reason?: string;
  at?: string;
  /** The spoken note recorded with this step (a note, or why it could not be done). */
  audio?: SpokenNoteRef;
}

export interface RunView {
  runId: string;
  standard: StandardRef;
  station: string;
  actor: string;
  status: RunStatus;
  startedAt: string;
  finishedAt?: string;
  abandonReason?: string;
  steps: RunStepView[];
  /** The step to do now: the first that is not resolved; null when every step is. */
  currentStepId: string | null;
  currentIndex: number | null;
  total: number;
  canUndo: boolean;
  canComplete: boolean;
  openHelp: Array<{ eventId: string; stepId?: string; at: string }>;
  counts: RunCounts;
}

/**
 * in_progress: a run is open; late: past due + grace and not done; due: due and within grace;
 * upcoming: later today; done: completed in this period; not_scheduled: not due in this period (e.g. a weekend).
 */
export type DueStatus = 'in_progress' | 'late' | 'due' | 'upcoming' | 'done' | 'not_scheduled';

/** A routine (a standard scheduled at this station) and where it stands today. */
export interface DueItem {
  standard: StandardRef;
  title: StandardDocument['title'];
  status: DueStatus;
  /** When it becomes due in this period, with offset; absent when not scheduled. */
  dueAt?: string;
  /** After this it is late. */
  lateAt?: string;
  /** The open run to resume, or the completed run of this period. */
  runId?: string;
  /** For done: whether it was completed by lateAt. */
  onTime?: boolean;
}

export const RUNS_CHANNELS = {
  'routines.due': stationChannel<DueItem[]>()(DueArgs),
  'runs.start': stationChannel<RunView>()(StartRunArgs),
  'runs.get': stationChannel<RunView>()(GetRunArgs),
  'runs.open': stationChannel<RunView[]>()(NoArgs),
  'runs.tick': stationChannel<RunView>()(StepArgs),
  'runs.measure': stationChannel<RunView>()(MeasureArgs),
  'runs.choose': stationChannel<RunView>()(ChooseArgs),
  'runs.note': stationChannel<RunView>()(NoteArgs),
  'runs.skip': stationChannel<RunView>()(StepArgs),
  'runs.deviate': stationChannel<RunView>()(DeviateArgs),
  'runs.reason': stationChannel<RunView>()(ReasonArgs),
  'runs.undo': stationChannel<RunView>()(RunArgs),
  'runs.help': stationChannel<RunView>()(HelpArgs),
  'runs.complete': stationChannel<RunView>()(RunArgs),
  'runs.abandon': stationChannel<RunView>()(AbandonArgs),
} as const;
