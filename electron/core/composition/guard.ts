/**
 * The one guard around every channel, after guardedHandlers (electron/contract) has validated the arguments:
 * once the station is closing every channel answers CLOSED; every channel whose access rule (in the contract) is
 * not 'station' has its supervisor session checked here, once, before its domain runs. The domains never check it.
 */
import { CHANNEL_NAMES, CHANNELS, type ChannelImplementations } from '../../contract';
import { fail, type Result } from '../../contract/result';

type AnyImplementation = (args: unknown) => Promise<Result<unknown>>;

export type GuardOptions = {
  /** True once closing has begun. */
  closing: () => boolean;
  /** Whether the session is a live supervisor session (SupervisorGate.check). */
  checkSession: (session: string) => Result<unknown>;
};

export const closedResult = (): Result<never> => fail('CLOSED', 'The station is shutting down. Start Steadywork again to continue.');

export function guardChannels(impl: ChannelImplementations, { closing, checkSession }: GuardOptions): ChannelImplementations {
  const out = {} as Record<string, AnyImplementation>;
  for (const name of CHANNEL_NAMES) {
    const run = impl[name] as AnyImplementation;
    const guarded = CHANNELS[name].access !== 'station';
    out[name] = async (args) => {
      if (closing()) return closedResult();
      if (guarded) {
        const check = checkSession((args as { session: string }).session);
        if (!check.ok) return check;
      }
      return run(args);
    };
  }
  return out as unknown as ChannelImplementations;
}
