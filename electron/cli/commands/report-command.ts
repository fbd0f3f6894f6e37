/**
 * `steadywork report`: the scorecard of a ledger as CSV files, an Excel workbook or a printable HTML page, or the ledger's
 * tables as Parquet; or suppliers side by side (help and options: ./specs).
 */
import path from 'node:path';
import type { CliIo } from '../subcommand';
import { parse, UsageError } from '../args';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes';
import { ReportInputError, writeReport, writeReportPg } from '../../core/reports';
import type { ReportFormat } from '../../core/reports';
import { reportOptions, reportUsage as USAGE } from './options';
import { duckdbEngine, openExistingLedger, type ScorecardEngine } from '../../core/reports/compute';
import { postgresEngine } from '../../core/reports/compute-pg';
import { compareSuppliers } from '../../core/reports/suppliers';
import type pg from 'pg';
import { connectPg, describePgError, PgLedgerError, redactPgUrl } from '../../core/ledger-pg';
import { suppliersText } from './suppliers-text';
import { noStationEnrolled } from '../../contract/scorecard';
import { isFileWriteFailure } from '../../core/files/atomic-write';
import { APP_VERSION } from '../../shell/version';

async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectPg(url);
  try {
    return await work(client);
  } catch (err) {
    // A file that cannot be written is the caller's to tell (below), not a PostgreSQL failure.
    throw err instanceof ReportInputError || isFileWriteFailure(err) ? err : describePgError(err, url, 'compute the scorecard');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Run `work` with a scorecard engine on the ledger (DuckDB file or PostgreSQL address), closed afterwards. */
async function withEngine<T>(db: string | undefined, pgUrl: string | undefined, work: (engine: ScorecardEngine) => Promise<T>): Promise<T> {
  if (pgUrl) return withPg(pgUrl, (client) => work(postgresEngine(client)));
  const ledger = await openExistingLedger(db as string);
  try {
    return await work(duckdbEngine(ledger.conn));
  } finally {
    ledger.close();
  }
}

const FORMATS = ['csv', 'xlsx', 'html', 'parquet'];

/** Said instead of leaving an empty scorecard unexplained: every station of the ledger still awaits enrolment. */
function noneEnrolledText(stations: number, ledger: string): string {
  return `No station is enrolled yet: the ${stations} station(s) of the ledger all await enrolment, so none of their records counts in any figure. `
    + `Compare each station's key id with the one shown at that station, then enrol it: on the procurement screen (Enrolment), `
    + `or with "steadywork enrol STATION --key KEYID ${ledger}" (the list: "steadywork enrol ${ledger}").`;
}

export async function report(args: string[], io: CliIo): Promise<number> {
  let format: ReportFormat | undefined;
  let out: string | undefined;
  let staleDays: number | undefined;
  let values;
  try {
    values = parse(args, reportOptions, { min: 0, max: 0 }).values;
    if (!values.db && !values.pg) throw new UsageError('--db FILE (the ledger made by "steadywork import") or --pg URL is required');
    if (values.db && values.pg) throw new UsageError('give either --db FILE or --pg URL, not both');
    if (!values.suppliers) {
      if (!values.format) throw new UsageError('--format is required: csv, xlsx, html or parquet (or --suppliers for suppliers side by side)');
      if (!FORMATS.includes(values.format)) throw new UsageError(`--format must be csv, xlsx, html or parquet (found "${values.format}")`);
      if (!values.out) {
        throw new UsageError(values.format === 'csv' || values.format === 'parquet' ? `--out FOLDER is required (the ${values.format === 'csv' ? 'CSV' : 'Parquet'} files are written into it)` : `--out FILE is required (e.g. scorecard.${values.format})`);
      }
      format = values.format as ReportFormat;
      out = values.out;
    }
    const stale = values['stale-days'];
    if (stale !== undefined && !/^[1-9]\d{0,3}$/.test(stale)) throw new UsageError(`--stale-days must be a whole number of days from 1 to 9999 (found "${stale}")`);
    staleDays = stale === undefined ? undefined : Number(stale);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`steadywork report: ${err.message}\nUsage: ${USAGE}\nRun "steadywork report --help" for every option and an example.\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
  const ledgerName = values.pg ? redactPgUrl(values.pg) : (values.db as string);
  const period = { from: values.from, to: values.to, timeZone: values.tz, ...(staleDays !== undefined ? { staleDays } : {}) };
  try {
    if (values.suppliers) {
      const cmp = await withEngine(values.db, values.pg, (engine) => compareSuppliers(engine, { ...period, ...(values.supplier !== undefined ? { suppliers: [values.supplier] } : {}) }));
      io.out(values.json ? `${JSON.stringify(cmp, null, 2)}\n` : suppliersText(cmp, ledgerName));
      return EXIT_OK;
    }
    const supplier = values.supplier;
    const opts = { ...period, ...(supplier !== undefined ? { supplier } : {}) };
    const { files, card } = values.pg
      ? await withPg(values.pg, (client) => writeReportPg(client, { format: format as ReportFormat, out: out as string, ...opts, ledger: ledgerName, generatorVersion: APP_VERSION }))
      : await writeReport(values.db as string, { format: format as ReportFormat, out: out as string, ...opts });
    const notice = card && noStationEnrolled(card.summary.stationsByStatus) ? noneEnrolledText(card.summary.stationsByStatus.awaiting_enrolment, values.pg ? `--pg ${ledgerName}` : `--db ${values.db as string}`) : null;
    if (values.json) io.out(`${JSON.stringify({ ok: true, ...(values.pg ? { pg: ledgerName } : { db: path.resolve(values.db as string) }), ...(supplier !== undefined ? { supplier } : {}), format, files: files.map((f) => path.resolve(f)), ...(notice ? { noStationEnrolled: notice } : {}) }, null, 2)}\n`);
    else io.out(`Scorecard of ${ledgerName}${supplier !== undefined ? ` (supplier ${supplier})` : ''} written:\n${files.map((f) => `  ${f}`).join('\n')}\n${notice ? `\n${notice}\n` : ''}`);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof ReportInputError || err instanceof PgLedgerError) {
      io.err(`steadywork report: ${err.message}\n`);
      return EXIT_USAGE;
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code && ['EACCES', 'EPERM', 'ENOENT', 'ENOTDIR', 'EISDIR', 'EROFS', 'ENOSPC'].includes(e.code)) {
      io.err(`steadywork report: cannot write ${out} (${e.code}: ${e.message}). Choose an --out path in a folder you can write to.\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}
