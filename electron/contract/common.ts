/**
 * What every domain of the contract shares: how a channel is declared (its arguments, its value, its access
 * rule) and the small schemas several domains use. Only zod and the contract's own files: the renderer bundles it.
 */
import { z } from 'zod';
import { FULL_PATH_EXAMPLES, isFullPath } from './paths';

/**
 * Who may call a channel. The guard that wraps every channel (electron/core/composition/guard.ts) checks the
 * supervisor session of every channel that is not 'station', once, before the domain runs.
 * - 'station': anyone at the station (an artisan, or the supervisor screens before they unlock);
 * - 'supervisor': a live supervisor session (the PIN entered moments ago);
 * - 'procurement': procurement's read side on this computer; today behind the same supervisor PIN.
 */
export type Access = 'station' | 'supervisor' | 'procurement';

/** A channel: its argument schema, its access rule and the type of its value. */
export interface Channel<A extends z.ZodType = z.ZodType, V = unknown, X extends Access = Access> {
  args: A;
  access: X;
  /** Phantom: the value type of a successful result. */
  value?: V;
}

/** Proof of a supervisor PIN entered moments ago; every guarded channel's arguments carry it. */
export const SupervisorSession = z.string().regex(/^[0-9a-f]{32,128}$/);

/** A channel open to anyone at the station. */
export const stationChannel =
  <V>() =>
  <A extends z.ZodType>(args: A): Channel<A, V, 'station'> => ({ args, access: 'station' });

/** Arguments of a guarded channel: they must carry the supervisor session (a compile error otherwise). */
type WithSession = z.ZodType<{ session: string }>;

/** A channel behind the supervisor PIN. */
export const supervisorChannel =
  <V>() =>
  <A extends WithSession>(args: A): Channel<A, V, 'supervisor'> => ({ args, access: 'supervisor' });

/** A channel of procurement's read side (behind the supervisor PIN for now, like supervisorChannel). */
export const procurementChannel =
  <V>() =>
  <A extends WithSession>(args: A): Channel<A, V, 'procurement'> => ({ args, access: 'procurement' });

export const NoArgs = z.object({}).strict();

export const Language = z.enum(['en', 'hi']);
export type Language = z.infer<typeof Language>;

/** A full path on this computer: /mnt/share, S:\\share or //server/share. */
export const FullPath = z
  .string()
  .trim()
  .min(1, 'type the full path of a folder')
  .max(1024)
  .refine((p) => isFullPath(p), `type a full path, like ${FULL_PATH_EXAMPLES}`);
/** A day, YYYY-MM-DD. */
export const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day like 2026-11-27');
export const ShortId = z.string().trim().min(1).max(128);
export const RunIdArg = z.uuid();
