/**
 * The event types of a run. Each is one journal line; an undo is a new line naming the one it supersedes.
 * Names are stable: they are read by the run engine, the importer and procurement's reports.
 */
export const RunEvent = {
  started: 'run.started',
  completed: 'run.completed',
  abandoned: 'run.abandoned',
  stepDone: 'step.done',
  stepMeasured: 'step.measured',
  stepChosen: 'step.chosen',
  stepNoted: 'step.noted',
  stepSkipped: 'step.skipped',
  /** The artisan could not do the step; a reason code says why. */
  stepDeviated: 'step.deviated',
  /** The reason for a value that is out of limits or not acceptable. */
  stepReasoned: 'step.reasoned',
  stepUndone: 'step.undone',
  /** Its own outcome, not a failure: someone is asked to come and help with this step. */
  helpRequested: 'help.requested',
  /** A supervisor answered a help request: supersedes = the request's event id; data.requestStation = its station. */
  helpAnswered: 'help.answered',
  /** A supervisor saw a help request (on the way): supersedes = the request; data = { requestStation, signer }. */
  helpSeen: 'help.seen',
  /** A supervisor closed a help request without answering it: supersedes = the request; data = { requestStation, signer, note }. */
  helpClosed: 'help.closed',
  /**
   * A supervisor countersigned a run (issue 5): one line on the signing station's journal, never an edit of the run.
   * run = the run's id; data = { meaning: 'reviewed' | 'approved' | 'rejected', signer: name, runStation: station id };
   * reason: why, for a rejection. The latest countersignature of a run is the one in force.
   */
  countersigned: 'run.countersigned',
} as const;

/**
 * The station's name, signed by its key (issue 11): value = the name; data = { keyId, previous (the name before, or
 * null), signer (the supervisor who renamed it, when one did) }. Appended when the journal first opens, whenever the
 * name changes, and before every seal if the name in the settings is not the one last signed. The ledger takes a
 * station's name only from these events (docs/ledger.md, "Enrolment"), never from the unsigned station.json.
 */
export const STATION_NAMED = 'station.named';
export type RunEventType = (typeof RunEvent)[keyof typeof RunEvent];

/** Event types that change the state of one step: the ones an undo can supersede. */
export const STEP_RECORD_TYPES: ReadonlySet<string> = new Set([
  RunEvent.stepDone,
  RunEvent.stepMeasured,
  RunEvent.stepChosen,
  RunEvent.stepNoted,
  RunEvent.stepSkipped,
  RunEvent.stepDeviated,
  RunEvent.stepReasoned,
]);

/** A station noted that it uses this exact standard version from now on. */
export const STANDARD_ADOPTED = 'standard.adopted';
