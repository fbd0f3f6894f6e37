export { FIRST_LOCKOUT_MS, MAX_ATTEMPTS, MAX_LOCKOUT_MS, SCRYPT_PARAMS, hashPin, lockoutMs, verifyPin } from './pin';
export { SESSION_IDLE_MS, SUPERVISOR_REQUIRED, SupervisorGate, type SupervisorGateOptions } from './gate';
