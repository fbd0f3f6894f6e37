export {
  FIRST_LOCKOUT_MS,
  MAX_ATTEMPTS,
  MAX_LOCKOUT_MS,
  SCRYPT_PARAMS,
  SESSION_IDLE_MS,
  SUPERVISOR_REQUIRED,
  SupervisorGate,
  hashPin,
  lockoutMs,
  verifyPin,
  type SupervisorGateOptions,
} from './pin';
