/**
 * Procurement's enrolment channels (docs/ledger.md, "Enrolment"): the list, enrol one station, export and import the
 * list. The logic is in electron/core/ledger/enrolment.ts; here only the ledger's opening, files and error words.
 */
import { lstat, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DomainImplementations, EnrolmentImportSummary, EnrolmentStation } from '../../contract';
import { fail, ok, type Result } from '../../contract/result';
import { errnoOf, writeFileReplacing } from '../files/atomic-write';
import { enrolmentList, EnrolmentError, EnrolmentFileError, enrolStation, exportEnrolment, importEnrolment, parseEnrolmentFile, type Ledger } from '../ledger';

/** Largest enrolment list file read (about 2 000 stations a MiB). */
export const MAX_ENROLMENT_FILE_BYTES = 16 * 1024 * 1024;

/** Open the ledger, run `work` on it, close it; database failures become LEDGER_UNAVAILABLE. */
export async function enrolmentCall<T>(open: () => Promise<Ledger>, work: (conn: DuckDBConnection) => Promise<Result<T>>): Promise<Result<T>> {
  let ledger: Ledger;
  try {
    ledger = await open();
  } catch (err) {
    return fail('LEDGER_UNAVAILABLE', err instanceof Error ? err.message : String(err));
  }
  try {
    return await work(ledger.conn);
  } catch (err) {
    if (err instanceof EnrolmentError) return fail(`ENROL_${err.code}`, err.message);
    if (err instanceof EnrolmentFileError) return fail(err.code, err.message);
    throw err;
  } finally {
    ledger.close();
  }
}

export const listEnrolment = async (conn: DuckDBConnection): Promise<Result<{ stations: EnrolmentStation[] }>> => ok({ stations: await enrolmentList(conn) });

export const enrolOne = (args: { stationId: string; keyId: string; by: string }) => async (conn: DuckDBConnection): Promise<Result<EnrolmentStation>> =>
  ok(await enrolStation(conn, args));

/** Write the list to `file` through the atomic writer (a link at that name is refused, never followed). */
export const exportTo = (file: string) => async (conn: DuckDBConnection): Promise<Result<{ file: string; stations: number }>> => {
  const target = path.resolve(file);
  const st = await lstat(target).catch(() => null);
  if (st?.isSymbolicLink()) return fail('EXPORT_LINK', `${target} is a symbolic link; the list is never written through a link. Choose another name.`);
  if (st?.isDirectory()) return fail('EXPORT_IS_FOLDER', `${target} is a folder; give the full path of a file, e.g. ${path.join(target, 'enrolment.json')}.`);
  const doc = await exportEnrolment(conn);
  try {
    await writeFileReplacing(target, JSON.stringify(doc, null, 2) + '\n');
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail('EXPORT_NO_FOLDER', `The folder of ${target} does not exist (${code}).`);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return fail('EXPORT_NOT_WRITABLE', `Steadywork may not write ${target} (${code}).`);
    return fail('EXPORT_FAILED', `The enrolment list could not be written to ${target}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return ok({ file: target, stations: doc.stations.length });
};

/** Read a list file (a regular file, capped in size, valid) before any ledger is opened. */
export async function readEnrolmentFile(file: string): Promise<Result<{ file: string; doc: ReturnType<typeof parseEnrolmentFile> }>> {
  const target = path.resolve(file);
  const st = await stat(target).catch((err: unknown) => errnoOf(err) ?? 'ERROR');
  if (typeof st === 'string') return fail('ENROLMENT_FILE_MISSING', `There is no file ${target} (${st}).`);
  if (!st.isFile()) return fail('ENROLMENT_FILE_INVALID', `${target} is not a file: expected an enrolment list exported by Steadywork.`);
  if (st.size > MAX_ENROLMENT_FILE_BYTES) return fail('ENROLMENT_FILE_INVALID', `${target} is ${st.size} bytes; an enrolment list is at most ${MAX_ENROLMENT_FILE_BYTES} bytes.`);
  try {
    return ok({ file: target, doc: parseEnrolmentFile(await readFile(target, 'utf8'), target) });
  } catch (err) {
    if (err instanceof EnrolmentFileError) return fail(err.code, err.message);
    throw err;
  }
}

/** Take the enrolments of a list already read (readEnrolmentFile). */
export const importFrom = (read: { file: string; doc: ReturnType<typeof parseEnrolmentFile> }) => async (conn: DuckDBConnection): Promise<Result<EnrolmentImportSummary>> =>
  ok({ file: read.file, ...(await importEnrolment(conn, read.doc)) });

export type EnrolmentDeps = {
  run: <T>(work: (conn: DuckDBConnection) => Promise<Result<T>>, opts?: { createLedger?: boolean }) => Promise<Result<T>>;
  /** Who is enrolling (the supervisor of the session). */
  whoIs: (session: string) => string;
};

export function enrolmentChannels({ run, whoIs }: EnrolmentDeps): Pick<DomainImplementations<'procurement'>, 'procurement.enrolment' | 'procurement.enrol' | 'procurement.enrolmentExport' | 'procurement.enrolmentImport'> {
  return {
    'procurement.enrolment': () => run(listEnrolment),
    'procurement.enrol': ({ session, stationId, keyId }) => run(enrolOne({ stationId, keyId, by: whoIs(session) })),
    'procurement.enrolmentExport': ({ file }) => run(exportTo(file)),
    'procurement.enrolmentImport': async ({ file }) => {
      const read = await readEnrolmentFile(file);
      return read.ok ? run(importFrom(read.value), { createLedger: true }) : read;
    },
  };
}
