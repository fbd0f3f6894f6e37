/**
 * What a supervisor did to the station itself, as journal events naming that supervisor (DESIGN: "every event a
 * supervisor causes names that supervisor"): a standard published or retired, the settings, the roster or the list of
 * supervisors changed. Countersignatures and help answers have their own events (runs/events.ts).
 *
 * Each is one line: actor "supervisor", data = { signer: name, supervisorId, … }, like `run.countersigned`.
 * The domains that cause them get a RecordSupervisorAction in their dependencies (the composition root builds it from
 * the session's supervisor, SupervisorGate.whoIs, and the station's journal), so no domain needs the other.
 */
import type { StandardRef } from '../../contract/standard-document';
import type { Result } from '../../contract/result';

export const SupervisorEvent = {
  /** data: { signer, supervisorId, file } ; standard: the version published. */
  standardPublished: 'standard.published',
  /** reason: why ; data: { signer, supervisorId, id, version }. */
  standardRetired: 'standard.retired',
  /** data: { signer, supervisorId, changed: the names of the settings changed, sharePath when it changed }. */
  settingsChanged: 'settings.changed',
  /** data: { signer, supervisorId, change: 'saved' | 'removed', artisanId, name }. */
  rosterChanged: 'roster.changed',
  /** data: { signer, supervisorId, change: 'saved' | 'removed', subjectId, name } (never a PIN or its hash). */
  supervisorsChanged: 'supervisors.changed',
} as const;
export type SupervisorEventType = (typeof SupervisorEvent)[keyof typeof SupervisorEvent];

export interface SupervisorAction {
  type: SupervisorEventType;
  standard?: StandardRef;
  reason?: string;
  data?: Record<string, unknown>;
}

/** Records what the supervisor of `session` did; answers the event id. Fails when the session names nobody or the journal cannot write. */
export type RecordSupervisorAction = (session: string, action: SupervisorAction) => Promise<Result<{ eventId: string }>>;

/**
 * After a supervisor's change succeeded, records it; the change's own answer when the record is written. A record
 * that cannot be written is said (NOT_RECORDED): the change is made, but who made it is not in the journal.
 */
export async function thenRecord<T>(result: Result<T>, record: (value: T) => Promise<Result<unknown>> | undefined): Promise<Result<T>> {
  if (!result.ok) return result;
  const written = await record(result.value);
  if (written && !written.ok) {
    return { ok: false, error: { code: 'NOT_RECORDED', message: `The change was made, but the journal could not record who made it: ${written.error.message}` } };
  }
  return result;
}
