/** The sync domain's channel: sync with the shared folder now (open to the station). */
import type { DomainImplementations, SyncStatus } from '../../contract';
import { ok } from '../../contract/result';

export type SyncDeps = { sync: { syncNow(): Promise<SyncStatus> } };

export function syncChannels({ sync }: SyncDeps): DomainImplementations<'sync'> {
  return {
    'sync.now': async () => ok(await sync.syncNow()),
  };
}
