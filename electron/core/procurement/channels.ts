/**
 * The procurement domain's channels: import a share into the ledger, the scorecard, exports, enrolment. Access
 * 'procurement' (behind the supervisor PIN for now): the guard has checked the session before any runs.
 */
import type { DomainImplementations } from '../../contract';
import { ok } from '../../contract/result';
import { enrolmentChannels } from './enrolment';
import type { Procurement } from './service';

export type ProcurementDeps = {
  procurement: Procurement;
  /** The name of the supervisor of a session (who enrolled a station). */
  whoIs?: (session: string) => string | undefined;
};

export function procurementChannels({ procurement, whoIs }: ProcurementDeps): DomainImplementations<'procurement'> {
  return {
    'procurement.import': ({ source }) => procurement.start(source),
    'procurement.status': async () => ok(await procurement.status()),
    'procurement.scorecard': ({ from, to }) => procurement.scorecard({ from, to }),
    'procurement.export': ({ format, out, from, to }) => procurement.export({ format, out, from, to }),
    ...enrolmentChannels({ run: (work, opts) => procurement.enrolment(work, opts), whoIs: (session) => whoIs?.(session) ?? 'procurement' }),
  };
}
