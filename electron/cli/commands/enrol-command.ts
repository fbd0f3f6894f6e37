/**
 * `steadywork enrol`: procurement's enrolment list on a ledger (docs/ledger.md, "Enrolment").
 *
 *   steadywork enrol --db FILE [--json]                          list every station: enrolled, awaiting, alarm
 *   steadywork enrol STATION --key KEYID --db FILE [--by NAME]   enrol one, after comparing its key with the station's
 *   steadywork enrol --db FILE --export FILE                     write the list for a second procurement computer
 *   steadywork enrol --db FILE --import FILE                     take another ledger's list (conflicts are not applied)
 *
 * Exit 0: done (or the list shows no alarm); 1: refused, an alarm or a conflict; 2: bad usage or unreadable files.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { enrolmentCall, exportTo, importFrom, listEnrolment, enrolOne, readEnrolmentFile } from '../../core/procurement/enrolment';
import { openLedger, type EnrolmentRow } from '../../core/ledger';
import { parse, usageFailure, UsageError } from '../args';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../exit-codes';
import { printable } from '../printable';
import type { CliIo } from '../subcommand';
import { enrolOptions, enrolUsage } from './options';
import type { Result } from '../../contract/result';

const STATUS: Record<EnrolmentRow['status'], string> = { enrolled: 'ENROLLED', awaiting: 'AWAITING', alarm: 'ALARM   ' };

export function enrolmentText(list: EnrolmentRow[]): string {
  const lines = [`${list.length} station${list.length === 1 ? '' : 's'}: ${list.filter((s) => s.status === 'enrolled').length} enrolled, ` +
    `${list.filter((s) => s.status === 'awaiting').length} awaiting enrolment, ${list.filter((s) => s.status === 'alarm').length} with an alarm.`];
  for (const s of list) {
    // Only a signed name is the station's name; station.json's is shown as what it is (a station not named yet, or older).
    const name = s.signedName ? printable(s.name ?? '') : `(not named yet${s.name ? `; station.json says "${printable(s.name)}", not signed` : ''})`;
    lines.push(`  ${STATUS[s.status]} ${name} (${printable(s.stationId)})`);
    lines.push(`           key ${s.keyId ?? 'none yet'}, fingerprint ${s.fingerprint ?? '-'}; ${s.events.toLocaleString('en-US')} events`);
    if (s.enrolment) lines.push(`           enrolled ${s.enrolment.at} by ${printable(s.enrolment.by)} (${s.enrolment.source})`);
    if (s.names.length > 1) lines.push(`           names: ${s.names.map((n) => `${printable(n.name)} (${n.at}${n.signer ? `, ${printable(n.signer)}` : ''})`).join(' → ')}`);
    for (const a of s.alarms) lines.push(`           ALARM ${a.code}: ${printable(a.message)}`);
  }
  const waiting = list.filter((s) => s.status === 'awaiting');
  if (waiting.length > 0) {
    lines.push('', 'Awaiting enrolment: they count in no scorecard or export. Compare each key id and fingerprint with the one the station shows in Settings (e.g. over the phone), then:');
    for (const s of waiting) lines.push(`  steadywork enrol ${printable(s.stationId)} --key ${s.keyId ?? '?'} --db FILE`);
  }
  return lines.join('\n') + '\n';
}

export async function enrol(args: string[], io: CliIo): Promise<number> {
  let values;
  let station: string | undefined;
  try {
    const parsed = parse(args, enrolOptions, { min: 0, max: 1 });
    values = parsed.values;
    station = parsed.positionals[0];
    if (!values.db && !values.pg) throw new UsageError('--db FILE (or --pg URL) is required');
    if (values.db && values.pg) throw new UsageError('give either --db FILE or --pg URL, not both');
    if (values.pg && (values.export !== undefined || values.import !== undefined)) {
      throw new UsageError('--export and --import are for a DuckDB ledger: the PostgreSQL ledger is shared by every procurement computer');
    }
    if (station !== undefined && !values.key) throw new UsageError('--key KEYID is required to enrol a station: the key id shown at the station (Settings)');
    if (station === undefined && values.key) throw new UsageError('--key needs the station id to enrol');
    if (values.key && !/^[0-9a-fA-F]{16}$/.test(values.key)) throw new UsageError(`--key must be a key id of 16 characters 0-9 and a-f (found "${printable(values.key)}")`);
    if ([station !== undefined, values.export !== undefined, values.import !== undefined].filter(Boolean).length > 1) throw new UsageError('enrol one station, --export or --import: one at a time');
  } catch (err) {
    if (err instanceof UsageError) return usageFailure(io, 'enrol', enrolUsage, err);
    throw err;
  }
  const by = values.by ?? `${os.userInfo().username} (steadywork enrol)`;
  if (values.pg) return enrolPg(values.pg, station, (values.key ?? '').toLowerCase(), by, values.json === true, io);
  const db = values.db as string;
  if (!existsSync(db) && values.import === undefined) {
    io.err(`steadywork enrol: there is no ledger ${db}. Import a shared folder first (steadywork import DIR --db ${db}).\n`);
    return EXIT_USAGE;
  }
  const read = values.import !== undefined ? await readEnrolmentFile(values.import) : null;
  if (read && !read.ok) {
    io.err(`steadywork enrol: ${printable(read.error.message)} (${read.error.code})\n`);
    return EXIT_USAGE;
  }
  const result = await enrolmentCall<unknown>(() => openLedger(db), async (conn): Promise<Result<unknown>> => {
    if (station !== undefined) return enrolOne({ stationId: station, keyId: (values.key as string).toLowerCase(), by })(conn);
    if (values.export !== undefined) return exportTo(path.resolve(values.export))(conn);
    if (read?.ok) return importFrom(read.value)(conn);
    return listEnrolment(conn);
  });
  if (!result.ok) {
    io.err(`steadywork enrol: ${printable(result.error.message)} (${result.error.code})\n`);
    return result.error.code === 'LEDGER_UNAVAILABLE' || result.error.code.startsWith('ENROLMENT_FILE') || result.error.code.startsWith('EXPORT') ? EXIT_USAGE : EXIT_FAILURE;
  }
  const v = result.value as unknown;
  if (values.json) {
    io.out(`${JSON.stringify(v, null, 2)}\n`);
  } else if (station !== undefined) {
    const row = v as EnrolmentRow;
    io.out(`Enrolled ${printable(row.name ?? row.stationId)} (${printable(row.stationId)}), key ${row.keyId}, fingerprint ${row.fingerprint}: it counts in scorecards and exports from now on.\n`);
  } else if (values.export !== undefined) {
    const r = v as { file: string; stations: number };
    io.out(`Wrote the enrolment list (${r.stations} station${r.stations === 1 ? '' : 's'}) to ${printable(r.file)}. On the other computer: steadywork enrol --db FILE --import ${printable(r.file)}\n`);
  } else if (values.import !== undefined) {
    const r = v as { added: string[]; unchanged: string[]; conflicts: Array<{ stationId: string; code: string; message: string }> };
    io.out(`Enrolment list ${printable(values.import)}: ${r.added.length} enrolled, ${r.unchanged.length} already enrolled, ${r.conflicts.length} conflict${r.conflicts.length === 1 ? '' : 's'}.\n`);
    for (const c of r.conflicts) io.out(`  CONFLICT ${c.code} ${printable(c.stationId)}: ${printable(c.message)}\n`);
    return r.conflicts.length > 0 ? EXIT_FAILURE : EXIT_OK;
  } else {
    const list = (v as { stations: EnrolmentRow[] }).stations;
    io.out(enrolmentText(list));
    return list.some((s) => s.status === 'alarm') ? EXIT_FAILURE : EXIT_OK;
  }
  return EXIT_OK;
}

/** The same on the PostgreSQL ledger (ledger-pg/enrolment.ts): list every supplier's stations, or enrol one. */
async function enrolPg(url: string, station: string | undefined, keyId: string, by: string, json: boolean, io: CliIo): Promise<number> {
  const { connectPg, enrolmentListPg, enrolStationPg, PgLedgerError, describePgError } = await import('../../core/ledger-pg');
  const { EnrolmentError } = await import('../../core/ledger');
  let client;
  try {
    client = await connectPg(url);
  } catch (err) {
    io.err(`steadywork enrol: ${printable(err instanceof Error ? err.message : String(err))}\n`);
    return EXIT_USAGE;
  }
  try {
    if (station !== undefined) {
      const row = await enrolStationPg(client, { stationId: station, keyId, by });
      io.out(json ? `${JSON.stringify(row, null, 2)}\n` : `Enrolled ${printable(row.name ?? row.stationId)} (${printable(row.stationId)}) of ${printable(row.supplier)}, key ${row.keyId}, fingerprint ${row.fingerprint}: it counts in scorecards and exports from now on.\n`);
      return EXIT_OK;
    }
    const list = await enrolmentListPg(client);
    io.out(json ? `${JSON.stringify({ stations: list }, null, 2)}\n` : enrolmentText(list).replaceAll(' --db FILE', ' --pg URL'));
    return list.some((s) => s.status === 'alarm') ? EXIT_FAILURE : EXIT_OK;
  } catch (err) {
    if (err instanceof EnrolmentError) {
      io.err(`steadywork enrol: ${printable(err.message)} (ENROL_${err.code})\n`);
      return EXIT_FAILURE;
    }
    const e = err instanceof PgLedgerError ? err : describePgError(err, url, 'read the enrolment');
    io.err(`steadywork enrol: ${printable(e.message)}\n`);
    return EXIT_USAGE;
  } finally {
    await client.end().catch(() => undefined);
  }
}
