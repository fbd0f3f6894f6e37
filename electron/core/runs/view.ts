import type { RunStepView, RunView, StepStatus } from '../../contract/runs';
import type { StandardDocument } from '../standards/schema';
import type { RunState, StepRecord } from './state';

/** A run as the station shows it (the type is the contract's): the standard's steps in order, each with its recorded state. */
export type { RunStepView, RunView } from '../../contract/runs';

const RESOLVED: ReadonlySet<StepStatus> = new Set(['done', 'deviated', 'skipped']);
export const isResolved = (record: StepRecord | undefined): boolean => record !== undefined && RESOLVED.has(record.status);

/** Index of the step to do now, or -1 when every step is resolved. Order is enforced: only this step can be recorded. */
export function currentStepIndex(run: RunState, doc: StandardDocument): number {
  return doc.steps.findIndex((s) => !isResolved(run.steps[s.id]));
}

export function runView(run: RunState, doc: StandardDocument): RunView {
  const current = currentStepIndex(run, doc);
  const steps = doc.steps.map((s, index): RunStepView => {
    const rec = run.steps[s.id];
    return {
      id: s.id,
      index,
      kind: s.kind,
      required: s.required,
      status: rec?.status ?? 'pending',
      ...(rec?.value !== undefined ? { value: rec.value } : {}),
      ...(rec?.acceptable !== undefined ? { acceptable: rec.acceptable } : {}),
      ...(rec?.reason !== undefined ? { reason: rec.reason } : {}),
      ...(rec?.audio ? { audio: rec.audio } : {}),
      ...(rec ? { at: rec.at } : {}),
    };
  });
  const inProgress = run.status === 'in_progress';
  return {
    runId: run.runId,
    standard: run.standard,
    station: run.station,
    actor: run.actor,
    status: run.status,
    startedAt: run.startedAt,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    ...(run.abandonReason ? { abandonReason: run.abandonReason } : {}),
    steps,
    currentStepId: current >= 0 ? (doc.steps[current]?.id ?? null) : null,
    currentIndex: current >= 0 ? current : null,
    total: doc.steps.length,
    canUndo: inProgress && run.undoStack.length > 0,
    canComplete: inProgress && current < 0,
    openHelp: run.help.filter((h) => !h.answeredAt && !h.closedAt).map((h) => ({ eventId: h.eventId, at: h.at, ...(h.stepId ? { stepId: h.stepId } : {}) })),
    counts: run.counts,
  };
}
