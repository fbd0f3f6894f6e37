/**
 * The supervisor domain's channels: named supervisors, their PINs and sessions, and first-day set-up. unlock, lock
 * and setup.start are open and keep their own logic (see electron/contract/supervisor.ts); the others are
 * guarded (the guard has checked the session before they run).
 */
import type { DomainImplementations } from '../../contract';
import { SupervisorEvent, thenRecord, type RecordSupervisorAction } from '../audit/supervisor-action';
import type { SettingsStore } from '../settings/store';
import type { SupervisorGate } from './gate';
import { confirmSetupStep, finishSetup, startSetup } from './setup';

export type SupervisorDeps = {
  gate: SupervisorGate;
  settings: SettingsStore;
  /** Adding, renaming or removing a supervisor names the supervisor who did it (audit/supervisor-action.ts). */
  record: RecordSupervisorAction;
};

export function supervisorChannels({ gate, settings, record }: SupervisorDeps): DomainImplementations<'supervisor'> {
  return {
    'supervisor.unlock': ({ pin, supervisorId }) => gate.unlock(pin, supervisorId),
    'supervisor.lock': async ({ session }) => gate.lock(session),
    'supervisor.changePin': ({ session, pin }) => gate.changePin(session, pin),
    'supervisors.save': async ({ session, supervisor }) =>
      thenRecord(await gate.save(session, supervisor), (list) => {
        const subject = supervisor.id ? list.find((x) => x.id === supervisor.id) : list.find((x) => x.name === supervisor.name.trim());
        const change = supervisor.id ? 'saved' : 'added';
        return record(session, { type: SupervisorEvent.supervisorsChanged, data: { change, subjectId: subject?.id ?? supervisor.id ?? null, name: subject?.name ?? supervisor.name } });
      }),
    'supervisors.remove': async ({ session, supervisorId }) => {
      const name = settings.read().supervisors.find((x) => x.id === supervisorId)?.name ?? null;
      // Recorded in the name of the session's supervisor, read before the removal (one may not remove oneself and stay signed in).
      const who = gate.whoIs(session);
      return thenRecord(await gate.remove(session, supervisorId), () =>
        who ? record(session, { type: SupervisorEvent.supervisorsChanged, data: { change: 'removed', subjectId: supervisorId, name } }) : undefined,
      );
    },
    'setup.start': (args) => startSetup(gate, args),
    'setup.confirm': async ({ step }) => confirmSetupStep(settings, step),
    'setup.finish': async () => finishSetup(settings),
  };
}
