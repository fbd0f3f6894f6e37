/** The sync domain: this station and the shared folder (electron/core/sync/channels.ts). */
import { z } from 'zod';
import { NoArgs, stationChannel } from './common';

export const SyncStatus = z.discriminatedUnion('state', [
  z.object({ state: z.literal('not_set_up') }),
  z.object({ state: z.literal('up_to_date'), lastSyncAt: z.string() }),
  z.object({ state: z.literal('waiting'), events: z.number().int().min(0), lastSyncAt: z.string().optional() }),
  z.object({ state: z.literal('unreachable'), reason: z.string(), events: z.number().int().min(0) }),
]);
export type SyncStatus = z.infer<typeof SyncStatus>;

/**
 * What the shared folder's supplier.json says (issue 12; core/sync/share-supplier.ts): `named` (the supplier the
 * share belongs to; `written` when this station just wrote it), `none` (no supplier.json), `refused` (a link, FIFO,
 * folder or not {"supplier": "NAME"}: never followed, never replaced; `reason` says what to do).
 */
export type ShareSupplier =
  | { state: 'none' }
  | { state: 'named'; file: string; name: string; written?: boolean }
  | { state: 'refused'; file: string; reason: string };

export const SYNC_CHANNELS = {
  /** Sync with the shared folder now (seal, publish, pull standards); answers the status afterwards. */
  'sync.now': stationChannel<SyncStatus>()(NoArgs),
} as const;
