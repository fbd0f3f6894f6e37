/**
 * The supervisor domain's channels: the PIN and its session. They are open ('station') and keep their own logic
 * (see electron/contract/supervisor.ts): unlock opens a session, setPin checks one once a PIN exists, lock ends one.
 */
import type { DomainImplementations } from '../../contract';
import type { SupervisorGate } from './pin';

export type SupervisorDeps = { gate: SupervisorGate };

export function supervisorChannels({ gate }: SupervisorDeps): DomainImplementations<'supervisor'> {
  return {
    'supervisor.unlock': ({ pin }) => gate.unlock(pin),
    'supervisor.lock': async ({ session }) => gate.lock(session),
    'supervisor.setPin': ({ pin, session }) => gate.setPin(pin, session),
  };
}
