/** `steadywork report`: the scorecard of a ledger as CSV files, an Excel workbook or a printable HTML page. */
import type { CliIo, Subcommand } from '../subcommand';
import { parse, UsageError } from '../args';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes';
import { ReportInputError, writeReport } from '../../core/reports';
import type { ReportFormat } from '../../core/reports';

const USAGE = 'steadywork report --db FILE --format csv|xlsx|html|parquet --out PATH [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--tz ZONE] [--stale-days N]';

export const reportCommand: Subcommand = {
  summary: 'Write the scorecards of a ledger as CSV files (--out is a folder), an Excel workbook or an HTML page, or its tables as Parquet (--out is a folder); opens the ledger read-only',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    let db: string;
    let format: ReportFormat;
    let out: string;
    let staleDays: number | undefined;
    let values;
    try {
      values = parse(args, { db: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, tz: { type: 'string' }, 'stale-days': { type: 'string' } }, { min: 0, max: 0 }).values;
      if (!values.db) throw new UsageError('--db FILE is required: the ledger made by "steadywork import"');
      if (!values.format) throw new UsageError('--format is required: csv, xlsx, html or parquet');
      if (!['csv', 'xlsx', 'html', 'parquet'].includes(values.format)) throw new UsageError(`--format must be csv, xlsx, html or parquet (found "${values.format}")`);
      if (!values.out) {
        throw new UsageError(values.format === 'csv' || values.format === 'parquet' ? `--out FOLDER is required (the ${values.format === 'csv' ? 'CSV' : 'Parquet'} files are written into it)` : `--out FILE is required (e.g. scorecard.${values.format})`);
      }
      const stale = values['stale-days'];
      if (stale !== undefined && !/^[1-9]\d{0,3}$/.test(stale)) throw new UsageError(`--stale-days must be a whole number of days from 1 to 9999 (found "${stale}")`);
      staleDays = stale === undefined ? undefined : Number(stale);
      db = values.db;
      format = values.format as ReportFormat;
      out = values.out;
    } catch (err) {
      if (err instanceof UsageError) {
        io.err(`steadywork report: ${err.message}\nUsage: ${USAGE}\n`);
        return EXIT_USAGE;
      }
      throw err;
    }
    try {
      const { files } = await writeReport(db, { format, out, from: values.from, to: values.to, timeZone: values.tz, ...(staleDays === undefined ? {} : { staleDays }) });
      io.out(`Scorecard of ${db} written:\n${files.map((f) => `  ${f}`).join('\n')}\n`);
      return EXIT_OK;
    } catch (err) {
      if (err instanceof ReportInputError) {
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
  },
};
