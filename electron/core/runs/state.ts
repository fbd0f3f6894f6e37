import type { RunCounts, RunStatus, SpokenNoteRef, StepStatus } from '../../contract/runs';
import type { StandardRef } from '../standards/schema';

export type { RunStatus, StepStatus } from '../../contract/runs';

/**
 * The state of runs as folded from journal events. Plain JSON, so it can be stored in the journal's
 * checkpoint and restored without replaying history.
 */
export interface StepRecord {
  status: StepStatus;
  /** The journal event that set this status. */
  eventId: string;
  at: string;
  actor: string;
  /** A measured number, a chosen option or a note. */
  value?: number | string;
  /** false when a measured value was outside its limits or a chosen option is not acceptable. */
  acceptable?: boolean;
  reason?: string;
  /** The spoken note recorded with it (issue 13): the attachment's hash, size, length and type. */
  audio?: SpokenNoteRef;
}

export interface UndoEntry {
  eventId: string;
  stepId: string;
  /** What the step looked like before this event; undefined when it was pending. */
  before?: StepRecord;
}

export interface HelpRequest {
  eventId: string;
  stepId?: string;
  at: string;
  actor: string;
  answeredAt?: string;
  answeredBy?: string;
  seenAt?: string;
  seenBy?: string;
  closedAt?: string;
}

export interface RunState {
  runId: string;
  standard: StandardRef;
  station: string;
  actor: string;
  startedAt: string;
  startedMs: number;
  status: RunStatus;
  finishedAt?: string;
  finishedMs?: number;
  abandonReason?: string;
  steps: Record<string, StepRecord>;
  /** Step events that are still in force, newest last: an undo supersedes the newest. */
  undoStack: UndoEntry[];
  help: HelpRequest[];
  counts: RunCounts;
  lastEventAt: string;
}

export interface Projection {
  format: 1;
  /** seq of the last event folded in. */
  seq: number;
  runs: Record<string, RunState>;
  /** Recent completions per standard id, newest last: enough to tell "done in this period" for daily and weekly routines. */
  completions: Record<string, Completion[]>;
  /** "id@version" → content hash of every standard version this station has adopted. */
  adopted: Record<string, string>;
  /** Events the fold could not apply (should never happen through the services): kept visible, never dropped silently. */
  anomalies: Array<{ seq: number; eventId: string; message: string }>;
  /** The station's name as its journal last signed it (the latest `station.named` event); absent before the first. */
  stationName?: string;
}

export interface Completion {
  runId: string;
  startedMs: number;
  finishedMs: number;
}

export const emptyProjection = (): Projection => ({ format: 1, seq: 0, runs: {}, completions: {}, adopted: {}, anomalies: [] });
