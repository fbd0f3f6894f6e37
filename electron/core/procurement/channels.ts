/**
 * The procurement domain's channels: import a share into the ledger, the scorecard, suppliers side by side, exports,
 * enrolment, and the choice of ledger (DuckDB here or PostgreSQL). Access 'procurement' (behind the supervisor PIN
 * for now): the guard has checked the session before any runs.
 */
import type { DomainImplementations, EnrolmentStation } from '../../contract';
import { fail, ok } from '../../contract/result';
import { EnrolmentError } from '../ledger';
import { enrolmentListPg, enrolStationPg } from '../ledger-pg';
import { enrolmentChannels } from './enrolment';
import type { Procurement } from './service';

export type ProcurementDeps = {
  procurement: Procurement;
  /** The name of the supervisor of a session (who enrolled a station). */
  whoIs?: (session: string) => string | undefined;
};

const NOT_ON_PG = () => fail('ENROLMENT_FILE_NOT_ON_POSTGRES',
  'The PostgreSQL ledger is shared by every procurement computer: its enrolment list needs no file. Choose the ledger on this computer to export or import a list.');

export function procurementChannels({ procurement, whoIs }: ProcurementDeps): DomainImplementations<'procurement'> {
  const duck = enrolmentChannels({ run: (work, opts) => procurement.enrolment(work, opts), whoIs: (session) => whoIs?.(session) ?? 'procurement' });
  return {
    'procurement.import': ({ source, supplier, full }) => procurement.start(source, supplier, full === true),
    'procurement.status': async () => ok(await procurement.status()),
    'procurement.scorecard': ({ from, to, supplier }) => procurement.scorecard({ from, to, supplier }),
    'procurement.export': ({ format, out, from, to, supplier }) => procurement.export({ format, out, from, to, supplier }),
    // Enrolment: on the PostgreSQL ledger when it is the one chosen (ledger-pg/enrolment.ts), else the DuckDB file's.
    'procurement.enrolment': async (args) =>
      (await procurement.enrolmentPg(async (client) => ok({ stations: (await enrolmentListPg(client)) as EnrolmentStation[] }))) ?? duck['procurement.enrolment'](args),
    'procurement.enrol': async (args) =>
      (await procurement.enrolmentPg(async (client) => {
        try {
          return ok((await enrolStationPg(client, { stationId: args.stationId, keyId: args.keyId, by: whoIs?.(args.session) ?? 'procurement' })) as EnrolmentStation);
        } catch (err) {
          if (err instanceof EnrolmentError) return fail(`ENROL_${err.code}`, err.message);
          throw err;
        }
      })) ?? duck['procurement.enrol'](args),
    'procurement.enrolmentExport': async (args) => (procurement.ledger().kind === 'postgres' ? NOT_ON_PG() : duck['procurement.enrolmentExport'](args)),
    'procurement.enrolmentImport': async (args) => (procurement.ledger().kind === 'postgres' ? NOT_ON_PG() : duck['procurement.enrolmentImport'](args)),
    'procurement.ledger': async () => ok(procurement.ledger()),
    'procurement.setLedger': ({ kind, url, password }) => procurement.setLedger(kind, url, password),
    'procurement.suppliers': ({ from, to, supplier }) => procurement.suppliers({ from, to, supplier }),
  };
}
