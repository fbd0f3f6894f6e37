/**
 * The supervisor domain's channels: named supervisors, their PINs and sessions, and first-day set-up. unlock, lock,
 * setPin and setup.start are open and keep their own logic (see electron/contract/supervisor.ts); the others are
 * guarded (the guard has checked the session before they run).
 */
import type { DomainImplementations } from '../../contract';
import type { SettingsStore } from '../settings/store';
import type { SupervisorGate } from './gate';
import { confirmSetupStep, finishSetup, startSetup } from './setup';

export type SupervisorDeps = { gate: SupervisorGate; settings: SettingsStore };

export function supervisorChannels({ gate, settings }: SupervisorDeps): DomainImplementations<'supervisor'> {
  return {
    'supervisor.unlock': ({ pin, supervisorId }) => gate.unlock(pin, supervisorId),
    'supervisor.lock': async ({ session }) => gate.lock(session),
    'supervisor.setPin': ({ pin, session }) => gate.setPin(pin, session),
    'supervisor.changePin': ({ session, pin }) => gate.changePin(session, pin),
    'supervisors.save': ({ session, supervisor }) => gate.save(session, supervisor),
    'supervisors.remove': ({ session, supervisorId }) => gate.remove(session, supervisorId),
    'setup.start': (args) => startSetup(gate, args),
    'setup.confirm': async ({ step }) => confirmSetupStep(settings, step),
    'setup.finish': async () => finishSetup(settings),
  };
}
