/**
 * The contract: every channel between the renderer and the station, assembled from one file per domain
 * (common, station, runs, roster, supervisor, standards, sync, review, procurement, desktop; docs/channels.md).
 * Preload, main-process wiring, browser harness and renderer client are all derived from CHANNELS.
 * Arguments are validated at the boundary with the domains' zod schemas; every answer is a Result envelope;
 * each channel declares who may call it (its access rule), checked once by the guard in the composition root.
 *
 * Only zod and the contract's own files, never electron/core: this module is bundled into the renderer too.
 */
import type { z } from 'zod';
import { ipcChannelName, type ChannelNameFromList } from './channel-names';
import { DESKTOP_CHANNELS } from './desktop';
import { PROCUREMENT_CHANNELS } from './procurement';
import type { Result } from './result';
import { REVIEW_CHANNELS } from './review';
import { ROSTER_CHANNELS } from './roster';
import { RUNS_CHANNELS } from './runs';
import { STANDARDS_CHANNELS } from './standards';
import { STATION_CHANNELS } from './station';
import { SUPERVISOR_CHANNELS } from './supervisor';
import { SYNC_CHANNELS } from './sync';

export { FULL_PATH_EXAMPLES, isFullPath } from './paths';
export type { Result, ErrorInfo } from './result';
export type { StandardDocument, Step, LocalizedText } from './standard-document';
export type * from './scorecard';
export * from './common';
export * from './station';
export * from './runs';
export * from './roster';
export * from './supervisor';
export * from './standards';
export * from './sync';
export * from './review';
export * from './procurement';
export * from './desktop';

/** Each domain's channels: the domain's module in electron/core implements exactly these. */
export const DOMAINS = {
  station: STATION_CHANNELS,
  runs: RUNS_CHANNELS,
  roster: ROSTER_CHANNELS,
  supervisor: SUPERVISOR_CHANNELS,
  standards: STANDARDS_CHANNELS,
  sync: SYNC_CHANNELS,
  review: REVIEW_CHANNELS,
  procurement: PROCUREMENT_CHANNELS,
  desktop: DESKTOP_CHANNELS,
} as const;
export type Domain = keyof typeof DOMAINS;

export const CHANNELS = {
  ...STATION_CHANNELS,
  ...RUNS_CHANNELS,
  ...ROSTER_CHANNELS,
  ...SUPERVISOR_CHANNELS,
  ...STANDARDS_CHANNELS,
  ...SYNC_CHANNELS,
  ...REVIEW_CHANNELS,
  ...PROCUREMENT_CHANNELS,
  ...DESKTOP_CHANNELS,
} as const;

export type Channels = typeof CHANNELS;
export type ChannelName = keyof Channels;
export type ArgsOf<C extends ChannelName> = z.input<Channels[C]['args']>;
export type ParsedArgsOf<C extends ChannelName> = z.output<Channels[C]['args']>;
export type ValueOf<C extends ChannelName> = Exclude<Channels[C]['value'], undefined>;
export const CHANNEL_NAMES = Object.keys(CHANNELS) as ChannelName[];

/** The typed API the renderer sees as window.steadywork (Electron) or through the harness client. */
export type SteadyworkApi = { [C in ChannelName]: (args: ArgsOf<C>) => Promise<Result<ValueOf<C>>> };

/** The service side: one implementation per channel, given arguments that already passed validation. */
export type ChannelImplementations = { [C in ChannelName]: (args: ParsedArgsOf<C>) => Promise<Result<ValueOf<C>>> };

/** What one domain's module returns: exactly its channels (a missing or misspelt one is a compile error). */
export type DomainImplementations<D extends Domain> = Pick<ChannelImplementations, keyof (typeof DOMAINS)[D] & ChannelName>;

/** The one place arguments are checked: a call with bad arguments is refused here, before any service runs. */
export function validateArgs<C extends ChannelName>(name: C, raw: unknown): Result<ParsedArgsOf<C>> {
  const schema = CHANNELS[name]?.args;
  if (!schema) return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `There is no channel "${String(name)}".` } };
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as ParsedArgsOf<C> };
  const first = parsed.error.issues[0];
  const where = first?.path.length ? first.path.join('.') : 'arguments';
  return { ok: false, error: { code: 'BAD_ARGUMENTS', message: `${String(name)}: ${where}: ${first?.message ?? 'invalid'}` } };
}

/** Wraps implementations so every call is validated at the boundary and never throws across it. */
export function guardedHandlers(impl: ChannelImplementations): Record<ChannelName, (raw: unknown) => Promise<Result<unknown>>> {
  const out = {} as Record<ChannelName, (raw: unknown) => Promise<Result<unknown>>>;
  for (const name of CHANNEL_NAMES) {
    out[name] = async (raw: unknown) => {
      const args = validateArgs(name, raw);
      if (!args.ok) return args;
      try {
        return await (impl[name] as (a: unknown) => Promise<Result<unknown>>)(args.value);
      } catch (error) {
        return { ok: false, error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } };
      }
    };
  }
  return out;
}

/** The Electron IPC channel name of a contract channel. */
export const ipcChannel = (name: ChannelName): string => ipcChannelName(name);

// The preload's list of names (channel-names.ts) must be exactly the channels above: a compile error otherwise.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesMatch: Same<ChannelNameFromList, ChannelName> = true;
void namesMatch;
