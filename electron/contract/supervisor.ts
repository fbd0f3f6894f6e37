/**
 * The supervisor domain: the PIN and the session it opens (electron/core/supervisor/channels.ts).
 * These channels are open ('station') and keep their own logic: unlock is how a session starts; setPin needs no
 * session for the very first PIN and checks it itself afterwards; lock ends a session, and ending one that has
 * already ended is fine (so it is not refused like a guarded channel would be).
 */
import { z } from 'zod';
import { stationChannel, SupervisorSession } from './common';

export const Pin = z.string().regex(/^\d{4,8}$/, '4 to 8 digits');

export type UnlockResult =
  | { unlocked: true; session: string; expiresAt: string }
  | { unlocked: false; attemptsLeft: number; lockedUntil?: string };

export const UnlockArgs = z.object({ pin: z.string().max(16) }).strict();
export const SetPinArgs = z.object({ session: SupervisorSession.optional(), pin: Pin }).strict();
export const LockArgs = z.object({ session: SupervisorSession }).strict();

/** Open channels that take a session and check it themselves (see above); every other session channel is guarded. */
export const CHECKS_ITS_OWN_SESSION = ['supervisor.lock', 'supervisor.setPin'] as const;

export const SUPERVISOR_CHANNELS = {
  'supervisor.unlock': stationChannel<UnlockResult>()(UnlockArgs),
  'supervisor.lock': stationChannel<null>()(LockArgs),
  'supervisor.setPin': stationChannel<null>()(SetPinArgs),
} as const;
