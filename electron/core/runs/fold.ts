import type { JournalRecord } from '../journal/record';
import type { SpokenNoteRef } from '../../contract/runs';
import { attachmentRefOf } from '../journal/attachments';
import { RunEvent, STANDARD_ADOPTED, STATION_NAMED, STEP_RECORD_TYPES } from './events';
import { emptyProjection, type Completion, type Projection, type RunState, type StepRecord } from './state';

/**
 * The projection is stored in every checkpoint, so it must stay small however long the history:
 * finished runs stay a day (for their summary), at most MAX_FINISHED_RUNS of them; completions stay
 * long enough to cover a weekly period. History as a whole lives in the read side (DuckDB).
 */
export const FINISHED_RUN_RETENTION_MS = 24 * 60 * 60 * 1000;
export const MAX_FINISHED_RUNS = 200;
export const COMPLETION_RETENTION_MS = 8 * 24 * 60 * 60 * 1000;
export const MAX_COMPLETIONS_PER_STANDARD = 50;
const MAX_ANOMALIES = 100;

/**
 * The run engine's fold: journal events in, run state out. It depends on nothing but the events,
 * so the same journal always gives the same state, at the station, in tests and after a reopen.
 */
export function fold(records: Iterable<JournalRecord>, from: Projection = emptyProjection()): Projection {
  const projection = structuredClone(from);
  for (const record of records) apply(projection, record);
  return projection;
}

/** Applies one event in place. Callers that need the previous state keep a copy (see fold). */
export function apply(p: Projection, r: JournalRecord): void {
  p.seq = r.seq;
  if (r.type === STATION_NAMED) {
    if (typeof r.value === 'string') p.stationName = r.value;
    return;
  }
  if (r.type === STANDARD_ADOPTED) {
    if (r.standard) p.adopted[`${r.standard.id}@${r.standard.version}`] = r.standard.hash;
    return;
  }
  if (!r.run) return;
  if (r.type === RunEvent.started) {
    if (!r.standard) return anomaly(p, r, 'run.started without a standard');
    if (p.runs[r.run]) return anomaly(p, r, `run ${r.run} was already started`);
    pruneFinished(p, Date.parse(r.at));
    p.runs[r.run] = {
      runId: r.run,
      standard: r.standard,
      station: r.station,
      actor: r.actor,
      startedAt: r.at,
      startedMs: Date.parse(r.at),
      status: 'in_progress',
      steps: {},
      undoStack: [],
      help: [],
      counts: { undos: 0, deviations: 0, notAcceptable: 0, helpRequests: 0 },
      lastEventAt: r.at,
    };
    return;
  }
  const run = p.runs[r.run];
  if (!run) return; // an event of a run pruned long ago (e.g. a late help answer): nothing left to update
  run.lastEventAt = r.at;
  if (STEP_RECORD_TYPES.has(r.type)) return applyStepRecord(p, run, r);
  switch (r.type) {
    case RunEvent.stepUndone: {
      const top = run.undoStack[run.undoStack.length - 1];
      if (!top || top.eventId !== r.supersedes) return anomaly(p, r, `undo of ${r.supersedes ?? 'nothing'} is not the latest step event`);
      run.undoStack.pop();
      if (top.before) run.steps[top.stepId] = top.before;
      else delete run.steps[top.stepId];
      run.counts.undos += 1;
      return;
    }
    case RunEvent.helpRequested:
      run.help.push({ eventId: r.id, stepId: r.step, at: r.at, actor: r.actor });
      run.counts.helpRequests += 1;
      return;
    case RunEvent.helpAnswered: {
      const request = run.help.find((h) => h.eventId === r.supersedes);
      if (!request) return anomaly(p, r, `help answer for unknown request ${r.supersedes ?? ''}`);
      request.answeredAt = r.at;
      request.answeredBy = r.actor;
      return;
    }
    case RunEvent.helpSeen:
    case RunEvent.helpClosed: {
      const request = run.help.find((h) => h.eventId === r.supersedes);
      if (!request) return anomaly(p, r, `${r.type} for unknown request ${r.supersedes ?? ''}`);
      if (r.type === RunEvent.helpClosed) request.closedAt = r.at;
      else {
        request.seenAt = r.at;
        request.seenBy = typeof r.data?.signer === 'string' ? r.data.signer : r.actor;
      }
      return;
    }
    case RunEvent.completed:
    case RunEvent.abandoned:
      run.status = r.type === RunEvent.completed ? 'completed' : 'abandoned';
      run.finishedAt = r.at;
      run.finishedMs = Date.parse(r.at);
      if (r.reason) run.abandonReason = r.reason;
      run.undoStack = []; // a finished run cannot be undone: keep the checkpoint small
      if (r.type === RunEvent.completed) recordCompletion(p, run.standard.id, { runId: run.runId, startedMs: run.startedMs, finishedMs: run.finishedMs });
      pruneFinished(p, run.finishedMs);
      return;
    default:
      return; // types added later (countersign …) do not change run state here
  }
}

function applyStepRecord(p: Projection, run: RunState, r: JournalRecord): void {
  if (!r.step) return anomaly(p, r, `${r.type} without a step`);
  const before = run.steps[r.step];
  const base = { eventId: r.id, at: r.at, actor: r.actor };
  let next: StepRecord;
  switch (r.type) {
    case RunEvent.stepDone:
      next = { ...base, status: 'done' };
      break;
    case RunEvent.stepMeasured:
    case RunEvent.stepChosen: {
      const acceptable = (r.data?.acceptable ?? true) === true;
      next = { ...base, status: acceptable ? 'done' : 'needs_reason', value: r.value as number | string, acceptable };
      if (!acceptable) run.counts.notAcceptable += 1;
      break;
    }
    case RunEvent.stepNoted:
      next = { ...base, status: 'done', value: String(r.value ?? ''), ...spokenNoteOf(r) };
      break;
    case RunEvent.stepSkipped:
      next = { ...base, status: 'skipped' };
      break;
    case RunEvent.stepDeviated:
      next = { ...base, status: 'deviated', reason: r.reason, ...spokenNoteOf(r) };
      run.counts.deviations += 1;
      break;
    case RunEvent.stepReasoned:
      if (before?.status !== 'needs_reason') return anomaly(p, r, `reason for step ${r.step}, which does not need one`);
      next = { ...before, ...base, status: 'done', reason: r.reason };
      break;
    default:
      return;
  }
  run.steps[r.step] = next;
  run.undoStack.push({ eventId: r.id, stepId: r.step, before });
}

/** The spoken note an event names in data.audio (issue 13), when it names a well-formed one. */
export function spokenNoteOf(r: Pick<JournalRecord, 'data'>): { audio?: SpokenNoteRef } {
  const audio = attachmentRefOf(r.data);
  return audio ? { audio } : {};
}

function anomaly(p: Projection, r: JournalRecord, message: string): void {
  p.anomalies.push({ seq: r.seq, eventId: r.id, message });
  if (p.anomalies.length > MAX_ANOMALIES) p.anomalies.splice(0, p.anomalies.length - MAX_ANOMALIES);
}

function pruneFinished(p: Projection, nowMs: number): void {
  const finished: RunState[] = [];
  for (const [id, run] of Object.entries(p.runs)) {
    if (run.status === 'in_progress' || run.finishedMs === undefined) continue;
    if (nowMs - run.finishedMs > FINISHED_RUN_RETENTION_MS) delete p.runs[id];
    else finished.push(run);
  }
  if (finished.length > MAX_FINISHED_RUNS) {
    finished.sort((a, b) => (a.finishedMs ?? 0) - (b.finishedMs ?? 0));
    for (const run of finished.slice(0, finished.length - MAX_FINISHED_RUNS)) delete p.runs[run.runId];
  }
}

function recordCompletion(p: Projection, standardId: string, completion: Completion): void {
  const list = (p.completions[standardId] ??= []);
  list.push(completion);
  const keepFrom = completion.finishedMs - COMPLETION_RETENTION_MS;
  let drop = 0;
  while (drop < list.length && ((list[drop]?.finishedMs ?? 0) < keepFrom || list.length - drop > MAX_COMPLETIONS_PER_STANDARD)) drop++;
  if (drop > 0) list.splice(0, drop);
}
