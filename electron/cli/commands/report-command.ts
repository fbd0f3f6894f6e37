/** `steadywork report`: the scorecard of a ledger as CSV files, an Excel workbook or a printable HTML page (help and options: ./specs). */
import path from 'node:path';
import type { CliIo } from '../subcommand';
import { parse, UsageError } from '../args';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes';
import { ReportInputError, writeReport } from '../../core/reports';
import type { ReportFormat } from '../../core/reports';
import { reportOptions, reportUsage as USAGE } from './options';

export async function report(args: string[], io: CliIo): Promise<number> {
  let db: string;
  let format: ReportFormat;
  let out: string;
  let values;
  try {
    values = parse(args, reportOptions, { min: 0, max: 0 }).values;
    if (!values.db) throw new UsageError('--db FILE is required: the ledger made by "steadywork import"');
    if (!values.format) throw new UsageError('--format is required: csv, xlsx or html');
    if (!['csv', 'xlsx', 'html'].includes(values.format)) throw new UsageError(`--format must be csv, xlsx or html (found "${values.format}")`);
    if (!values.out) throw new UsageError(values.format === 'csv' ? '--out FOLDER is required (the CSV files are written into it)' : `--out FILE is required (e.g. scorecard.${values.format})`);
    db = values.db;
    format = values.format as ReportFormat;
    out = values.out;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`steadywork report: ${err.message}\nUsage: ${USAGE}\nRun "steadywork report --help" for every option and an example.\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
  try {
    const { files } = await writeReport(db, { format, out, from: values.from, to: values.to, timeZone: values.tz });
    if (values.json) io.out(`${JSON.stringify({ ok: true, db: path.resolve(db), format, files: files.map((f) => path.resolve(f)) }, null, 2)}\n`);
    else io.out(`Scorecard of ${db} written:\n${files.map((f) => `  ${f}`).join('\n')}\n`);
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
}
