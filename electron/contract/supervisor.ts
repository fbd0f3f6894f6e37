/**
 * The supervisor domain: named supervisors, each with their own PIN, the sessions they open, and first-day set-up
 * (electron/core/supervisor/channels.ts; docs/station-ui.md "First-day set-up").
 *
 * Open channels that keep their own logic: unlock is how a session starts; setup.start is open only while the
 * station has no supervisor (it creates the first one, with a name and a PIN of at least 6 digits); lock ends a session,
 * and ending one that has already ended is fine. There is no channel that sets a PIN without a session.
 */
import { z } from 'zod';
import { ShortId, stationChannel, supervisorChannel, SupervisorSession } from './common';

/** A new PIN: at least 6 digits (PINs saved before, of 4 or 5 digits, keep working). */
export const NewPin = z.string().regex(/^\d{6,12}$/, '6 to 12 digits');
/**
 * What sign-in accepts: a PIN a station may hold, new (NewPin) or saved under the rule before (4 to 8 digits) on a
 * station upgraded since. The sign-in screen checks it (and says "4 to 12"); supervisor.unlock itself takes any short
 * string and counts it as an attempt.
 */
export const SignInPin = z.string().regex(/^\d{4,12}$/, '4 to 12 digits');
export const SupervisorName = z.string().trim().min(1, 'type a name').max(80);

/** A supervisor as the screens see them: never their PIN hash. */
export interface SupervisorRef {
  id: string;
  name: string;
}

export type UnlockResult =
  | { unlocked: true; session: string; expiresAt: string; supervisor: SupervisorRef }
  | { unlocked: false; attemptsLeft: number; lockedUntil?: string };

/** An IANA time zone this computer knows, e.g. Asia/Kolkata. */
export const TimeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'a time zone like Asia/Kolkata');

/** The parts of first-day set-up; each is done or not (SetupState). */
export const SetupStep = z.enum(['station', 'supervisor', 'people', 'share', 'standards']);
export type SetupStep = z.infer<typeof SetupStep>;
/** Where first-day set-up stands: until `complete`, the screens show "This station is being set up". */
export interface SetupState {
  complete: boolean;
  steps: Record<SetupStep, boolean>;
}

/** supervisorId may be left out only while the station has exactly one supervisor (the old single-PIN screen). */
export const UnlockArgs = z.object({ supervisorId: ShortId.optional(), pin: z.string().max(16) }).strict();
export const LockArgs = z.object({ session: SupervisorSession }).strict();
export const ChangePinArgs = z.object({ session: SupervisorSession, pin: NewPin }).strict();
/** Without id: a new supervisor (pin required). With id: rename them (a pin, if given, replaces theirs). */
export const SaveSupervisorArgs = z
  .object({ session: SupervisorSession, supervisor: z.object({ id: ShortId.optional(), name: SupervisorName, pin: NewPin.optional() }).strict() })
  .strict();
export const RemoveSupervisorArgs = z.object({ session: SupervisorSession, supervisorId: ShortId }).strict();
export const SetupStartArgs = z
  .object({ stationName: z.string().trim().min(1, 'type a name').max(80), timeZone: TimeZone.optional(), supervisorName: SupervisorName, pin: NewPin })
  .strict();
/** The parts a supervisor confirms by hand: "these people", "no shared folder for now", "these standards". */
export const SetupConfirmable = z.enum(['people', 'share', 'standards']);
export type SetupConfirmable = z.infer<typeof SetupConfirmable>;
export const SetupConfirmArgs = z.object({ session: SupervisorSession, step: SetupConfirmable }).strict();
export const SetupFinishArgs = z.object({ session: SupervisorSession }).strict();

/** Open channels that take a session and check it themselves (see above); every other session channel is guarded. */
export const CHECKS_ITS_OWN_SESSION = ['supervisor.lock'] as const;

export const SUPERVISOR_CHANNELS = {
  'supervisor.unlock': stationChannel<UnlockResult>()(UnlockArgs),
  'supervisor.lock': stationChannel<null>()(LockArgs),
  /** The signed-in supervisor changes their own PIN; their other sessions end. */
  'supervisor.changePin': supervisorChannel<null>()(ChangePinArgs),
  /** Add or rename a supervisor; answers the list. */
  'supervisors.save': supervisorChannel<SupervisorRef[]>()(SaveSupervisorArgs),
  /** Remove a supervisor (never the last one); their sessions end; answers the list. */
  'supervisors.remove': supervisorChannel<SupervisorRef[]>()(RemoveSupervisorArgs),
  /** First-day set-up: the station's name and zone and the first supervisor; open only while there is no supervisor. */
  'setup.start': stationChannel<Extract<UnlockResult, { unlocked: true }>>()(SetupStartArgs),
  'setup.confirm': supervisorChannel<SetupState>()(SetupConfirmArgs),
  'setup.finish': supervisorChannel<SetupState>()(SetupFinishArgs),
} as const;
