/**
 * Writes a scorecard as CSV files (with README.txt and metadata.json), an Excel workbook or an HTML page, and the
 * ledger's tables as Parquet. Every file goes through the one atomic writer (core/files/atomic-write.ts): written to an
 * unpredictable temporary name beside it (created exclusively, so no link is followed), flushed, renamed.
 */
import { lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { errnoOf, writeFileReplacing } from '../files/atomic-write';
import { toCsv } from './csv';
import { renderHtml } from './html';
import type { ParquetPart } from './parquet';
import { coverWords, exportTables, STATUS_WORDS, statusCountLine, type Table } from './tables';
import type { ReportFormat, Scorecard } from './types';
import { writeXlsx } from './xlsx';

/** An export path that is a symbolic link: it is never followed (the export would land wherever the link points). */
export class ExportLinkError extends Error {
  readonly code = 'EXPORT_LINK';
  constructor(readonly file: string) {
    super(`${file} is a symbolic link; exports are never written through a link. Choose the folder or file it points to, or another name.`);
    this.name = 'ExportLinkError';
  }
}

async function refuseLink(p: string): Promise<void> {
  try {
    if ((await lstat(p)).isSymbolicLink()) throw new ExportLinkError(p);
  } catch (err) {
    if (err instanceof ExportLinkError || errnoOf(err) !== 'ENOENT') throw err;
  }
}

export interface ExportMeta {
  /** The ledger the export was made from (its path). */
  ledger: string;
  generatorVersion: string;
}

/** What each CSV file holds (README.txt and metadata.json). */
const CSV_HOLDS: Record<string, string> = {
  summary: 'the figures of all sites, then of each site, with the count of stations by status',
  station_status: 'every station the ledger knows: its status (verified, PARTIAL, REJECTED, AWAITING ENROLMENT, STALE), the days its figures cover, what is missing and why',
  stations: 'the figures of each station (all standards), then of each station and standard, with its status and the days the figures cover',
  standards: 'the figures of each standard, with its latest version and owner',
  hot_spots: 'per standard, the steps with help requests, undos and deviations, ranked',
  adoptions: 'days from a new version\'s effective date to each station\'s first run on it',
  runs: 'every run of the period: times in station local time, outcome, the reason of an abandoned run, counts',
  deviations: 'every deviation, undo, help request and out-of-limits value (with the value, the limits and the unit), with its reason',
  integrity: 'every problem the verified imports found, with the station\'s name and status',
};

function readme(card: Scorecard, meta: ExportMeta, files: { name: string; holds: string }[], extra: string[]): string {
  const flagged = card.stations.filter((s) => s.status !== 'verified');
  return [
    'Steadywork scorecard export',
    '',
    `Period: ${card.period.from} to ${card.period.to} (${card.period.days} days, local days inclusive)`,
    `Time zone: ${card.period.timeZone === 'station local time' ? 'station local time (each station\'s own clock; times have no zone suffix)' : card.period.timeZone}`,
    `Ledger: ${meta.ledger}`,
    `Generated: ${card.generatedAt} (UTC) by Steadywork ${meta.generatorVersion}`,
    `Stations: ${statusCountLine(card)}`,
    ...(flagged.length > 0
      ? ['', 'Stations to check (their figures cover only the days shown):', ...flagged.map((s) => `- ${s.stationName ?? s.stationId} (${s.stationId}): ${STATUS_WORDS[s.status]}; figures: ${coverWords(s)}. Missing: ${s.missing ?? '-'} Why: ${s.why ?? '-'}`)]
      : []),
    '',
    'Files:',
    ...files.map((f) => `- ${f.name}: ${f.holds}`),
    '',
    ...extra,
    'Formulas: docs/scorecard.md of Steadywork. Artisans appear only as pseudonyms (artisan-…), the same in every export of this ledger.',
    '',
  ].join('\r\n');
}

function metadata(card: Scorecard, meta: ExportMeta, files: { name: string; holds: string; partitionedBy?: string[] }[]): string {
  return `${JSON.stringify({
    generator: 'Steadywork', generatorVersion: meta.generatorVersion, generatedAt: card.generatedAt, ledger: meta.ledger,
    period: card.period, stationsByStatus: card.summary.stationsByStatus, staleDays: card.summary.staleDays,
    stations: card.stations.map((s) => ({ stationId: s.stationId, stationName: s.stationName, status: s.status, verifiedFrom: s.verifiedFrom, verifiedTo: s.verifiedTo, missing: s.missing, why: s.why })),
    files,
  }, null, 2)}\n`;
}

export async function writeExports(card: Scorecard, format: Exclude<ReportFormat, 'parquet'>, out: string, meta: ExportMeta): Promise<{ files: string[] }> {
  await refuseLink(path.resolve(out));
  const tables = exportTables(card);
  const title = `Steadywork scorecard ${card.period.from} to ${card.period.to}`;
  if (format === 'csv') {
    await mkdir(out, { recursive: true });
    const files: string[] = [];
    for (const t of tables) {
      const f = path.join(out, `${t.name}.csv`);
      await refuseLink(f);
      await writeFileReplacing(f, toCsv(t)); // a reader never sees a half-written export
      files.push(f);
    }
    const list = tables.map((t: Table) => ({ name: `${t.name}.csv`, holds: CSV_HOLDS[t.name] ?? t.title }));
    const notes = [
      'CSV: RFC 4180, UTF-8 with a byte-order mark, CRLF line ends. Rates are fractions 0..1 with "." as the decimal point; an empty field is an absent value.',
      'Times are station local wall-clock times "YYYY-MM-DD HH:MM:SS" unless the column says UTC.',
      'Text that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return) starts with an apostrophe \' added on export.',
      '',
    ];
    files.push(path.join(out, 'README.txt'), path.join(out, 'metadata.json'));
    await writeFileReplacing(path.join(out, 'README.txt'), readme(card, meta, list, notes));
    await writeFileReplacing(path.join(out, 'metadata.json'), metadata(card, meta, list));
    return { files };
  }
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  if (format === 'xlsx') {
    await writeXlsx(out, tables, { title, subject: statusCountLine(card), footer: `${title} (${card.period.timeZone})` });
    return { files: [out] };
  }
  await writeFileReplacing(out, renderHtml(card, tables, meta));
  return { files: [out] };
}

/** README.txt and metadata.json beside a Parquet export. */
export async function writeParquetReadme(card: Scorecard, out: string, meta: ExportMeta, parts: ParquetPart[]): Promise<string[]> {
  const list = parts.map((p) => ({ name: p.name, holds: p.holds + (p.partitionedBy.length > 0 ? ` (Hive-partitioned by ${p.partitionedBy.join(', ')}: ${p.name}/${p.partitionedBy.map((c) => `${c}=…`).join('/')}/data_0.parquet)` : ''), partitionedBy: p.partitionedBy }));
  const notes = [
    'Parquet: the ledger\'s own tables (not the scorecard). Read them with any engine, e.g. DuckDB:',
    `  SELECT station_id, month, count(*) FROM read_parquet('${path.join(out, 'events', '**', '*.parquet')}', hive_partitioning = true) GROUP BY ALL ORDER BY ALL;`,
    'Times: "at" is the instant (UTC), at_text / at_local the station\'s own clock. The stations\' status is in metadata.json.',
    '',
  ];
  const files = [path.join(out, 'README.txt'), path.join(out, 'metadata.json')];
  await writeFileReplacing(files[0] as string, readme(card, meta, list, notes));
  await writeFileReplacing(files[1] as string, metadata(card, meta, list));
  return files;
}
