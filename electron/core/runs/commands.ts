import type { EventInput } from '../journal/record';
import type { StandardDocument, Step } from '../standards/schema';
import { fail, ok, type Result } from '../../contract/result';
import { reasonsForStep } from '../../contract/step-reasons';
import { SPOKEN_NOTE_DEFAULT_MAX_SECONDS } from '../../contract/limits';
import type { SpokenNoteRef } from '../../contract/runs';
import { RunEvent } from './events';
import type { RunState } from './state';
import { currentStepIndex } from './view';

/** What a person asks the run engine to do. Each, if allowed, becomes exactly one journal event. */
export type RunCommand =
  | { op: 'tick'; stepId: string }
  | { op: 'measure'; stepId: string; value: number }
  | { op: 'choose'; stepId: string; option: string }
  | { op: 'note'; stepId: string; text: string; audio?: SpokenNoteRef }
  | { op: 'skip'; stepId: string }
  | { op: 'deviate'; stepId: string; reason: string; audio?: SpokenNoteRef }
  | { op: 'reason'; stepId: string; reason: string }
  | { op: 'undo' }
  | { op: 'help'; stepId?: string }
  | { op: 'complete' }
  | { op: 'abandon'; reason: string };

/** Whether a measured value is within the step's limits (inclusive). */
export function withinLimits(step: Extract<Step, { kind: 'measurement' }>, value: number): boolean {
  const { min, max } = step.limits;
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

/**
 * Checks a command against the run and its standard and, if allowed, returns the event to append.
 * Pure: nothing is written here. Order is enforced: only the current step can be recorded.
 */
export function decide(run: RunState, doc: StandardDocument, actor: string, cmd: RunCommand): Result<EventInput> {
  if (run.status !== 'in_progress') return fail('RUN_FINISHED', `This run is already ${run.status === 'completed' ? 'complete' : 'stopped'}. Start a new run.`);
  const base = { actor, run: run.runId, standard: run.standard };
  const knownReason = (code: string) => doc.reasonCodes.some((r) => r.code === code);
  const badReason = (code: string) =>
    fail<EventInput>('UNKNOWN_REASON', `"${code}" is not a reason of standard ${doc.id} v${doc.version}. Choose one of: ${doc.reasonCodes.map((r) => r.code).join(', ')}.`);
  // A step offers its own reasons ("reasons" in the standard), or every reason of the standard.
  const stepReason = (step: Step, code: string) => reasonsForStep(doc, step).some((r) => r.code === code);
  const badStepReason = (step: Step, index: number, code: string) =>
    fail<EventInput>(
      'UNKNOWN_REASON',
      `"${code}" is not a reason for step ${index + 1} of standard ${doc.id} v${doc.version}. Choose one of: ${reasonsForStep(doc, step)
        .map((r) => r.code)
        .join(', ')}.`,
    );

  switch (cmd.op) {
    case 'undo': {
      const top = run.undoStack[run.undoStack.length - 1];
      if (!top) return fail('NOTHING_TO_UNDO', 'There is nothing to undo in this run.');
      return ok({ ...base, type: RunEvent.stepUndone, step: top.stepId, supersedes: top.eventId });
    }
    case 'help': {
      if (cmd.stepId !== undefined && !doc.steps.some((s) => s.id === cmd.stepId)) return fail('STEP_NOT_FOUND', `Step "${cmd.stepId}" is not part of ${doc.id} v${doc.version}.`);
      return ok({ ...base, type: RunEvent.helpRequested, ...(cmd.stepId ? { step: cmd.stepId } : {}) });
    }
    case 'complete': {
      const current = currentStepIndex(run, doc);
      if (current >= 0) {
        const step = doc.steps[current];
        return fail('STEPS_REMAINING', `Step ${current + 1} of ${doc.steps.length} ("${step?.id}") is not finished yet.`);
      }
      return ok({ ...base, type: RunEvent.completed });
    }
    case 'abandon':
      if (!knownReason(cmd.reason)) return badReason(cmd.reason);
      return ok({ ...base, type: RunEvent.abandoned, reason: cmd.reason });
    default:
      break;
  }

  // Every remaining command records the current step.
  const index = doc.steps.findIndex((s) => s.id === cmd.stepId);
  const step = doc.steps[index];
  if (!step) return fail('STEP_NOT_FOUND', `Step "${cmd.stepId}" is not part of ${doc.id} v${doc.version}.`);
  const current = currentStepIndex(run, doc);
  if (index !== current) {
    return current < 0
      ? fail('STEP_OUT_OF_ORDER', 'Every step is finished. Undo to change a step, or finish the run.')
      : fail('STEP_OUT_OF_ORDER', `Do step ${current + 1} first ("${doc.steps[current]?.id}"). Steps are done in order; undo to change an earlier one.`);
  }
  const record = { ...base, step: step.id };
  const needsReason = run.steps[step.id]?.status === 'needs_reason';
  if (needsReason && cmd.op !== 'reason' && cmd.op !== 'deviate') {
    return fail('REASON_REQUIRED', `Step ${index + 1} has a value that is not acceptable. Choose a reason first, or undo.`);
  }

  switch (cmd.op) {
    case 'tick':
      if (step.kind !== 'tick') return wrongKind(step, 'tick');
      return ok({ ...record, type: RunEvent.stepDone });
    case 'measure': {
      if (step.kind !== 'measurement') return wrongKind(step, 'measure');
      if (!Number.isFinite(cmd.value)) return fail('VALUE_INVALID', `Step ${index + 1} needs a number in ${step.unit}.`);
      const factor = 10 ** step.decimals;
      if (Math.abs(Math.round(cmd.value * factor) - cmd.value * factor) > 1e-6) {
        return fail('VALUE_INVALID', `Step ${index + 1} takes ${step.decimals === 0 ? 'whole numbers' : `at most ${step.decimals} decimal places`}.`);
      }
      const acceptable = withinLimits(step, cmd.value);
      return ok({ ...record, type: RunEvent.stepMeasured, value: cmd.value, data: { unit: step.unit, limits: step.limits, acceptable } });
    }
    case 'choose': {
      if (step.kind !== 'choice') return wrongKind(step, 'choose');
      const option = step.options.find((o) => o.value === cmd.option);
      if (!option) return fail('VALUE_INVALID', `"${cmd.option}" is not a choice of step ${index + 1}. Choices: ${step.options.map((o) => o.value).join(', ')}.`);
      return ok({ ...record, type: RunEvent.stepChosen, value: option.value, data: { acceptable: option.acceptable } });
    }
    case 'note':
      if (step.kind !== 'note') return wrongKind(step, 'note');
      if (cmd.text.length > 2000) return fail('VALUE_INVALID', 'A note can be at most 2000 characters.');
      // Nothing written and nothing recorded: no note is recorded. An optional note step is then done, with no note
      // (never "skipped": the artisan skipped nothing); a required one still needs its note or a reason.
      if (!cmd.audio && cmd.text.trim() === '') {
        if (step.required) return fail('NOTE_REQUIRED', `Step ${index + 1} needs a note, and the note is empty. Write or record one, or say why the step cannot be done.`);
        return ok({ ...record, type: RunEvent.stepDone });
      }
      if (cmd.audio) {
        const tooLong = spokenNoteTooLong(doc, cmd.audio);
        if (tooLong) return tooLong;
      }
      return ok({ ...record, type: RunEvent.stepNoted, value: cmd.text, ...(cmd.audio ? { data: { audio: cmd.audio } } : {}) });
    case 'skip':
      if (step.required) return fail('STEP_REQUIRED', `Step ${index + 1} is required. Do it, or say why it cannot be done.`);
      return ok({ ...record, type: RunEvent.stepSkipped });
    case 'deviate':
      if (!stepReason(step, cmd.reason)) return badStepReason(step, index, cmd.reason);
      if (cmd.audio) {
        const tooLong = spokenNoteTooLong(doc, cmd.audio);
        if (tooLong) return tooLong;
      }
      return ok({ ...record, type: RunEvent.stepDeviated, reason: cmd.reason, ...(cmd.audio ? { data: { audio: cmd.audio } } : {}) });
    case 'reason':
      if (!needsReason) return fail('REASON_NOT_NEEDED', `Step ${index + 1} does not need a reason.`);
      if (!stepReason(step, cmd.reason)) return badStepReason(step, index, cmd.reason);
      return ok({ ...record, type: RunEvent.stepReasoned, reason: cmd.reason });
  }
}

/** The longest spoken note this standard allows, in seconds (issue 13). */
export function spokenNoteMaxSeconds(doc: Pick<StandardDocument, 'spokenNoteMaxSeconds'>): number {
  return doc.spokenNoteMaxSeconds ?? SPOKEN_NOTE_DEFAULT_MAX_SECONDS;
}

/** A recording longer than the standard allows (with 1 s for the recorder to stop) is refused. */
function spokenNoteTooLong(doc: StandardDocument, audio: SpokenNoteRef): Result<EventInput> | null {
  const max = spokenNoteMaxSeconds(doc);
  if (audio.durationMs <= max * 1000 + 1000) return null;
  return fail('SPOKEN_NOTE_TOO_LONG', `The spoken note is ${Math.round(audio.durationMs / 1000)} s long; standard ${doc.id} v${doc.version} allows at most ${max} s. Record a shorter one.`);
}

function wrongKind(step: Step, op: string): Result<EventInput> {
  return fail('WRONG_STEP_KIND', `Step "${step.id}" is a ${step.kind} step; "${op}" does not apply to it.`);
}
