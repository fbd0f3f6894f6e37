/**
 * The procurement domain's channels: import a share into the ledger, the scorecard, exports. Access 'procurement'
 * (behind the supervisor PIN for now): the guard has checked the session before any runs.
 */
import type { DomainImplementations } from '../../contract';
import { ok } from '../../contract/result';
import type { Procurement } from './service';

export type ProcurementDeps = { procurement: Procurement };

export function procurementChannels({ procurement }: ProcurementDeps): DomainImplementations<'procurement'> {
  return {
    'procurement.import': ({ source }) => procurement.start(source),
    'procurement.status': async () => ok(await procurement.status()),
    'procurement.scorecard': ({ from, to }) => procurement.scorecard({ from, to }),
    'procurement.export': ({ format, out, from, to }) => procurement.export({ format, out, from, to }),
  };
}
