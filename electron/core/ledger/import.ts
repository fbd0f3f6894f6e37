import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { MAX_LINE_BYTES } from '../journal';
import type { LoadedStandard } from '../standards';
import { withCopyDir } from './copy-folder';
import { atOffsetOf, connectLedger, importProblemsTable, keptAtText, openLedger, sqlString } from './db';
import { applySignedNames, enrolmentList, enrolmentProblems, signedNames, type EnrolmentRow, type StationName } from './enrolment';
import { readKnown, type KnownLedger } from './known';
import { rememberAfterImport } from './remembered';
import { rememberSuppliers } from './supplier-rows';
import { DEFAULT_SUPPLIER } from './supplier';
import { appendProblems } from './problem-rows';
import { defaultWorkers, startCheckWorkers, type StartedWorkers } from './pool';
import type { LedgerProblem } from './problems';
import type { CheckedFile, StationCheck } from './station-check';
import { EVENT_COLUMNS, inspectShare, listStationFolders, summarize, type ShareReport, type VerifyShareOptions } from './verify-share';

export interface ImportOptions extends Omit<VerifyShareOptions, 'known' | 'onStation' | 'onStandards' | 'startedWorkers'> {
  /** Written to the imports table. */
  toolVersion?: string;
  /** Events per INSERT (default IMPORT_BATCH_EVENTS). */
  batchEvents?: number;
  /** The share's supplier, remembered for its stations (default: DEFAULT_SUPPLIER for stations never given one). */
  supplier?: string;
  /**
   * Tests: called after the stations of a batch were verified and before they are inserted (e.g. to swap a segment
   * on the share for a forged one: what is inserted must still be what was verified).
   */
  beforeInsert?: (stations: StationCheck[]) => Promise<void> | void;
  /** The ledger at dbPath, already opened with openLedger by the caller (kept open): imported through a new connection. */
  instance?: DuckDBInstance;
  /**
   * Write the import (its row in `imports`, its problems) even when it changes nothing else in the ledger (default
   * true: a ledger's log of imports). False (the review database, which keeps its own problems): an import that adds
   * no event, no standard and remembers no segment is rolled back and leaves no trace (importId is then 0); its
   * result, report and problems are the same.
   */
  recordEmpty?: boolean;
}

export type StationImportStatus =
  /** New events were imported and the station has no error. */
  | 'imported'
  /** Nothing new, no error. */
  | 'up_to_date'
  /** The verified events before the first error were imported (now or before); the rest was not. */
  | 'partial'
  /** Nothing of this station is in the ledger, or its identity or history cannot be trusted (key changed, history rewritten, …). */
  | 'rejected';

export interface StationImport {
  station: string;
  name: string | null;
  status: StationImportStatus;
  /** Events added by this import. */
  added: number;
  /** The ledger's head for this station after the import (0: nothing imported ever). */
  headSeq: number;
  errors: number;
  warnings: number;
}

export interface ImportResult {
  importId: number;
  /** The verification report, with the problems met while importing. */
  report: ShareReport;
  stations: StationImport[];
  eventsAdded: number;
  standardsAdded: number;
  /** Every station's enrolment after this import (awaiting ones count nowhere until enrolled). */
  enrolment: EnrolmentRow[];
}

/**
 * Events are written in batches of about this many: one INSERT … read_json per batch, all in one transaction.
 * Few, large statements: measured on 1M events, one statement writes them in 2.5 s, while nine statements of the same
 * rows cost 0.8 s more (DuckDB then merges the statements' partial row groups at COMMIT or CHECKPOINT, on one thread);
 * and overlapping verification with the inserts gains nothing once both use every core.
 */
export const IMPORT_BATCH_EVENTS = 2_000_000;

/** An import adding at least this many events is checkpointed into the database file at once (see importInto). */
export const IMPORT_CHECKPOINT_EVENTS = 100_000;

/**
 * `at` as DuckDB's TIMESTAMPTZ. The journal's format allows a time without seconds (YYYY-MM-DDTHH:MM then Z or an
 * offset, as checkRecordShape accepts it) that DuckDB's cast refuses (PostgreSQL reads it): such a time gets ":00" before the cast,
 * so that a share holding one (the journal never writes it, a hand-made line may) is imported, not failed.
 */
const AT_AS_TIMESTAMPTZ = `(CASE WHEN substr("at", 17, 1) = ':' THEN "at" ELSE substr("at", 1, 16) || ':00' || substr("at", 17) END)::TIMESTAMPTZ`;

/**
 * How the time texts of the files are stored: 'journal' when the station check saw that every line's `at` is the
 * journal's own text (CheckedFile.journalAtTexts: none is stored, the events view rebuilds them); 'compare' keeps
 * each text that is not what the view would rebuild (a rebuild and a comparison per line in the INSERT).
 */
export type AtTexts = 'journal' | 'compare';

/**
 * The SELECT that reads the verified copies of segment files (CheckedFile.copy, named like the segment) into the
 * columns of the DuckDB ledger's stored table event_rows (db.ts: "at" a TIMESTAMPTZ, its UTC offset, and its text only
 * where it is not the journal's own text of that instant with that offset). `segment` comes from the file name
 * (segment-<first seq>.jsonl: the events view's file and line follow from it). Only the lines of `only.stations`
 * are taken (a line of another station in a station's file is never imported, whatever was verified); with
 * `only.ranges`, only seq in (from, to] of that station (the caller chose files that hold more than the range).
 * `texts`: see AtTexts.
 */
export function eventRowsSelect(files: string[], importId: number, texts: AtTexts,
  only: { stations: string[] } | { ranges: Array<{ station: string; from: number; to: number }> }): string {
  const list = `[${files.map(sqlString).join(', ')}]`;
  const where = 'stations' in only
    ? `WHERE station IN (${only.stations.map(sqlString).join(', ')})`
    : `WHERE ${only.ranges.map((r) => `(station = ${sqlString(r.station)} AND seq > ${r.from} AND seq <= ${r.to})`).join(' OR ')}`;
  const kept = texts === 'journal' ? 'NULL::VARCHAR' : keptAtText('at_text', '"at"', 'at_offset');
  return `SELECT station_id, seq, id, "at", at_offset, ${kept} AS at_text_kept, actor, type, run_id, standard_id,
    standard_version, standard_hash, step_id, value, reason, supersedes, data, segment, import_id
  FROM (SELECT station AS station_id, seq, id, ${AT_AS_TIMESTAMPTZ} AS "at", ${atOffsetOf('"at"')} AS at_offset, "at" AS at_text, actor, type,
    run AS run_id, standard.id AS standard_id, standard.version AS standard_version, standard.hash AS standard_hash, step AS step_id, value,
    reason, supersedes, data, CAST(substr(filename, length(filename) - 17, 12) AS BIGINT) AS segment, ${importId} AS import_id
  FROM read_json(${list}, format = 'newline_delimited', columns = ${EVENT_COLUMNS}, filename = true, maximum_object_size = ${MAX_LINE_BYTES + 1024})
  ${where})`;
}

/** The verified copies of the segment files that hold a station's importable range. */
export function copiesFor(check: StationCheck): string[] {
  const range = check.importable;
  if (!range) return [];
  return check.files.filter((f) => f.copy && f.firstSeq <= range.to && (f.last?.seq ?? Infinity) > range.from).map((f) => f.copy as string);
}


/**
 * Verify a shared folder and import its verified events into the DuckDB ledger at `dbPath` (created if needed).
 *
 * - Idempotent: events are keyed by (station_id, seq); only events after the station's remembered head are added,
 *   so importing the same share again adds nothing.
 * - Never imports what it could not verify: per station, only events up to the last valid seal before its first
 *   error (and after the remembered head). Nothing at all from a station whose identity cannot be trusted (station.json
 *   missing or invalid, key changed since the last import) or whose already-imported history shrank or was rewritten.
 * - The good stations are imported even when another is rejected.
 * - Verified stations are written in few, large batches (IMPORT_BATCH_EVENTS; a batch is written while the next
 *   stations are still being verified), all in one transaction. The events' clock and standards were checked with
 *   the verification (event-checks.ts): a station's importable range already ends before an unknown standard.
 * - Inserts exactly the bytes that were verified: each segment is read once from the share (no links, only regular
 *   files, capped; share-read.ts) into a private copy as it is verified, and DuckDB reads those copies (a 0700 folder
 *   beside the ledger, removed afterwards), never the share. Rows that do not add up roll the station back
 *   (CHANGED_DURING_IMPORT).
 * - `signal` ends it at once (workers ended, the running statement interrupted, the transaction rolled back).
 * Throws ShareUnreadableError (share missing/unreadable) or LedgerOpenError (database) before importing anything.
 */
export async function importShare(shareDir: string, dbPath: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const { folders: stations } = await listStationFolders(shareDir); // an unreadable share is refused before the database is created
  opts.signal?.throwIfAborted();
  // A new ledger verifies every station in full: its workers start now and load while the ledger is made (about
  // 0.1 s). An existing one may find nothing new (a refresh): its workers start only for the stations that need them.
  const started = !opts.instance && opts.workers !== 0 && !existsSync(dbPath)
    ? startCheckWorkers(Math.min(opts.workers ?? defaultWorkers(), stations.length), opts.workerScript)
    : null;
  try {
    // Copies in a folder the caller chose are the caller's to keep; those in this import's own folders are removed
    // as soon as they are inserted.
    const removeCopies = opts.copyDir === undefined;
    return await withCopyDir(opts.copyDir, path.dirname(path.resolve(dbPath)), (folders) => importInto(shareDir, dbPath, { ...opts, ...folders, startedWorkers: started, removeCopies }));
  } finally {
    started?.close();
  }
}

/**
 * What the ledger knows (readKnown: stations, remembered segments, enrolled keys, standards), read by an import on a
 * ledger kept open by its caller (ImportOptions.instance), with the state it goes with: the last import id (stations,
 * remembered segments and standards change only in imports, each committed with its row in `imports`) and the
 * enrolments (changed by enrolment, outside imports). The same state: the same answer, without its four queries.
 */
const knownSeen = new WeakMap<DuckDBInstance, { state: string; known: KnownLedger }>();

async function knownOf(conn: DuckDBConnection, instance: DuckDBInstance | undefined, state: string): Promise<KnownLedger> {
  const seen = instance ? knownSeen.get(instance) : undefined;
  if (seen && seen.state === state) return structuredClone(seen.known);
  const known = await readKnown(conn);
  if (instance) knownSeen.set(instance, { state, known: structuredClone(known) });
  return known;
}

/**
 * The signed names (enrolment.ts signedNames) read by an import on a ledger kept open by its caller (ImportOptions.instance),
 * with the last import id they go with: the events table changes only in imports, each committed with its row in
 * `imports`, so the same last import id means the same events.
 */
const signedNamesSeen = new WeakMap<DuckDBInstance, { lastImport: number; names: Map<string, StationName[]> }>();

async function importInto(shareDir: string, dbPath: string, opts: ImportOptions & { copyDir: string; startedWorkers: StartedWorkers | null; removeCopies: boolean }): Promise<ImportResult> {
  const ledger = opts.instance ? await connectLedger(opts.instance) : await openLedger(dbPath);
  const onAbort = () => {
    try {
      ledger.conn.interrupt();
    } catch {
      // nothing running
    }
  };
  opts.signal?.addEventListener('abort', onAbort);
  const conn = ledger.conn;
  try {
    await conn.run('SET preserve_insertion_order = false');
    const [ids] = (await conn.runAndReadAll(`SELECT nextval('import_id_seq') AS id, (SELECT coalesce(max(import_id), 0) FROM imports)::DOUBLE AS last,
      (SELECT md5(coalesce(string_agg(station_id || ' ' || key_id || ' ' || public_key, ',' ORDER BY station_id), '')) FROM enrolments) AS enrolled`)).getRowObjectsJS();
    const importId = Number(ids?.id);
    const lastImport = Number(ids?.last);
    const known = await knownOf(conn, opts.instance, `${lastImport} ${String(ids?.enrolled)}`);
    const startedAt = new Date(opts.nowMs ?? Date.now()).toISOString();
    const importProblems: LedgerProblem[] = [];
    const written = new Map<string, Plan>();
    const changed = new Set<string>();
    let standardsAdded = 0;
    let writtenStations = 0;
    let stationsTotal = 0;
    let failure: unknown = null;

    // One transaction for the whole import: large appends go straight to the database file (DuckDB's optimistic
    // writes) instead of through the write-ahead log, and a failed import leaves nothing behind.
    await conn.run('BEGIN TRANSACTION');
    let open = true;
    const rollback = async () => {
      if (open) await conn.run('ROLLBACK').catch(() => undefined);
      open = false;
    };

    // Database work runs one step after another (overlapping the verification of the next stations when a batch fills
    // up before every station is verified).
    let db: Promise<void> = Promise.resolve();
    const enqueue = (step: () => Promise<void>) => {
      db = db.then(step).catch((err: unknown) => {
        failure ??= err;
      });
    };
    let pending: StationCheck[] = [];
    const removals: Array<Promise<void>> = [];
    let pendingEvents = 0;
    const batchEvents = opts.batchEvents ?? IMPORT_BATCH_EVENTS;
    const flush = () => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      pendingEvents = 0;
      enqueue(async () => {
        opts.signal?.throwIfAborted();
        await opts.beforeInsert?.(batch);
        const kept = await insertBatch(conn, batch, importId, importProblems, changed);
        // The batch's copies are read no more: removed meanwhile (withCopyDir removes whatever is left at the end).
        if (opts.removeCopies) for (const c of batch) for (const f of c.files) if (f.copy) removals.push(rm(f.copy, { force: true }).catch(() => undefined));
        for (const p of kept) written.set(p.c.station, p);
        for (const c of batch) opts.onProgress?.({ phase: 'import', done: ++writtenStations, total: stationsTotal, unit: 'stations', station: c.station });
      });
    };

    let inspection;
    try {
      inspection = await inspectShare(shareDir, {
      ...opts,
      known,
      onProgress: (p) => {
        if (p.phase === 'scan') stationsTotal = p.total;
        opts.onProgress?.(p);
      },
      onStandards: (standards) => {
        enqueue(async () => {
          standardsAdded = await insertStandards(conn, standards, startedAt, known.standards);
        });
      },
      onStation: (check) => {
        pending.push(check);
        pendingEvents += check.importable ? check.importable.to - check.importable.from : 0;
        if (pendingEvents >= batchEvents) flush();
      },
      });
      flush();
    } catch (err) {
      await db;
      await rollback();
      throw err;
    }
    await db;
    failure ??= opts.signal?.aborted ? opts.signal.reason : null;
    if (failure) {
      await rollback();
      throw failure;
    }
    const { report, shareProblems } = inspection;
    let remembered = false;
    try {
      await finishStations(conn, [...written.values()], startedAt);
      await rememberSuppliers(conn, [...written.keys()], opts.supplier);
      remembered = await rememberVerified(conn, inspection.report.stations, written, changed, known, importId);
    } catch (err) {
      await rollback();
      throw err;
    }

   
    // (Only when events were added: names come from events alone.)
    if (written.size > 0) await applySignedNames(conn);
    // The stations' signed names (a scan of every event's type): those of the last import on this database when this
    // one wrote no event (events change only in imports, each recorded with its id).
    let names = written.size === 0 && opts.instance ? signedNamesSeen.get(opts.instance) : undefined;
    if (names?.lastImport !== lastImport) names = undefined;
    if (!names && written.size === 0 && opts.instance) {
      names = { lastImport, names: await signedNames(conn) };
      signedNamesSeen.set(opts.instance, names);
    }
    const enrolment = await enrolmentList(conn, {
      keyChanged: new Set(report.stations.filter((c) => c.problems.some((p) => p.code === 'KEY_CHANGED')).map((c) => c.station)),
      // (a copy: the rows hand the lists out)
      ...(names ? { names: new Map([...names.names].map(([id, list]) => [id, list.map((n) => ({ ...n }))])) } : {}),
    });
    importProblems.push(...enrolmentProblems(enrolment));
    const finalReport = summarize(report, shareProblems, importProblems);
    const stations = stationOutcomes(report.stations, (c) => {
      const p = written.get(c.station);
      return p && p.range.to > p.range.from ? { added: p.range.to - p.range.from, headSeq: p.range.to } : null;
    }, changed, importProblems);
    const eventsAdded = stations.reduce((n, s) => n + s.added, 0);
    const errors = finalReport.errors;

    if (opts.recordEmpty === false && written.size === 0 && standardsAdded === 0 && !remembered) {
      // Nothing of this import changes the ledger: no row, no commit (a refresh with nothing new writes nothing).
      await rollback();
      opts.onProgress?.({ phase: 'done', done: stations.length, total: stations.length, unit: 'stations' });
      return { importId: 0, report: finalReport, stations, eventsAdded, standardsAdded, enrolment };
    }
    try {
      await appendProblems(conn, importProblemsTable(importId), finalReport.problems);
      await conn.run(
        `INSERT INTO imports VALUES ($1, $2::TIMESTAMPTZ, $3::TIMESTAMPTZ, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [importId, startedAt, new Date().toISOString(), finalReport.share, opts.toolVersion ?? null, stations.length,
          stations.filter((s) => s.added > 0).length, stations.filter((s) => s.status === 'rejected').length, eventsAdded, errors,
          finalReport.warnings, errors === 0],
      );
      await conn.run(`INSERT INTO import_suppliers VALUES ($1, $2)`, [importId, opts.supplier ?? DEFAULT_SUPPLIER]);
      await conn.run('COMMIT');
      open = false;
    } catch (err) {
      await rollback();
      throw err;
    }
    // Written to the database file now after a large import; a small one (a new segment or two) stays in the log until
    // DuckDB's own checkpoint (measured: a CHECKPOINT after 10 000 new events on a 1M-event ledger cost 0.5-6 s on a
    // loaded machine, most of a refresh).
    if (eventsAdded >= IMPORT_CHECKPOINT_EVENTS) await conn.run('CHECKPOINT');
    await Promise.all(removals);
    opts.onProgress?.({ phase: 'done', done: stations.length, total: stations.length, unit: 'stations' });
    return { importId, report: finalReport, stations, eventsAdded, standardsAdded, enrolment };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    ledger.close();
  }
}

function outcomeOf(check: StationCheck): StationImport {
  const errors = check.problems.filter((p) => p.severity === 'error').length;
  const headSeq = check.importedThrough;
  return {
    station: check.station, name: check.name, added: 0, headSeq, errors, warnings: check.problems.length - errors,
    status: check.rejected || (errors > 0 && headSeq === 0) ? 'rejected' : errors > 0 ? 'partial' : 'up_to_date',
  };
}

/** The files that hold a station's importable range, and whether they hold exactly that range. */
function filesFor(check: StationCheck): { files: CheckedFile[]; exact: boolean } {
  const range = check.importable as { from: number; to: number };
  const files = check.files.filter((f) => f.firstSeq <= range.to && (f.last?.seq ?? Infinity) > range.from);
  const first = files[0];
  const last = files[files.length - 1];
  const exact = first !== undefined && last !== undefined && first.firstSeq === range.from + 1 && last.last?.seq === range.to &&
    files.every((f, i) => i === 0 || f.firstSeq === ((files[i - 1] as CheckedFile).last?.seq ?? NaN) + 1);
  return { files, exact };
}

type Plan = { c: StationCheck; files: CheckedFile[]; exact: boolean; range: { from: number; to: number; hash: string } };

/**
 * Write the verified ranges of several stations (inside the import's transaction): one INSERT for all stations
 * whose files hold exactly their range (the usual case: ranges end at seals, which end files), one each for the
 * others. A station whose files changed since they were verified, or whose rows do not add up, is taken out again
 * (CHANGED_DURING_IMPORT). Returns what was written.
 */
async function insertBatch(conn: DuckDBConnection, batch: StationCheck[], importId: number, problems: LedgerProblem[], changed: Set<string>): Promise<Plan[]> {
  const plans: Plan[] = batch.filter((c) => c.importable && c.publicKey && c.keyId).map((c) => ({ c, ...filesFor(c), range: { ...(c.importable as Plan['range']) } }));
  if (plans.length === 0) return plans;
  const exact = plans.filter((p) => p.exact);
  const copies = (files: CheckedFile[]) => files.map((f) => f.copy as string);
  const exactFiles = exact.flatMap((p) => p.files);
  const own = (f: CheckedFile) => f.journalAtTexts === true;
  const stations = { stations: exact.map((p) => p.c.station) };
  for (const [files, texts] of [[exactFiles.filter(own), 'journal'], [exactFiles.filter((f) => !own(f)), 'compare']] as const) {
    if (files.length > 0) await conn.run(`INSERT INTO event_rows ${eventRowsSelect(copies(files), importId, texts, stations)}`);
  }
  for (const p of plans.filter((x) => !x.exact)) {
    const ranges = [{ station: p.c.station, from: p.range.from, to: p.range.to }];
    await conn.run(`INSERT INTO event_rows ${eventRowsSelect(copies(p.files), importId, p.files.every(own) ? 'journal' : 'compare', { ranges })}`);
  }
  const list = plans.map((p) => sqlString(p.c.station)).join(', ');
  const counts = new Map<string, number>();
  for (const r of (await conn.runAndReadAll(`SELECT station_id, count(*) AS n FROM event_rows WHERE import_id = ${importId} AND station_id IN (${list}) GROUP BY station_id`)).getRowObjectsJS()) {
    counts.set(String(r.station_id), Number(r.n));
  }
  for (const p of plans) {
    const expected = p.range.to - p.range.from;
    if (counts.get(p.c.station) === expected) continue;
    // The private copies are this process's own: rows that do not add up mean they were changed behind its back.
    changed.add(p.c.station);
    await conn.run(`DELETE FROM event_rows WHERE import_id = ${importId} AND station_id = ${sqlString(p.c.station)}`);
    problems.push({
      station: p.c.station, file: p.files[0]?.rel ?? '', line: 0, code: 'CHANGED_DURING_IMPORT', severity: 'error',
      expected: `${expected} events`, found: `${counts.get(p.c.station) ?? 0} events read`,
      message: `The verified copies of the files of station ${p.c.station} did not read back as they were verified: ` +
        'nothing new of this station was imported this time. Import again; if it happens again, check the disk of this computer.',
    });
  }
  const written = plans.filter((p) => !changed.has(p.c.station));
  await insertAttachments(conn, written, importId);
  return written;
}

/**
 * The attachments (spoken notes) named by the events just written: the bytes checked against their hash and copied
 * privately by the station check, read back by DuckDB from those copies. Already there (the same station and hash):
 * nothing is added.
 */
async function insertAttachments(conn: DuckDBConnection, plans: Plan[], importId: number): Promise<void> {
  const rows = plans.flatMap((p) => p.c.attachments.filter((a) => a.seq > p.range.from && a.seq <= p.range.to).map((a) => ({ station: p.c.station, a })));
  if (rows.length === 0) return;
  const values = rows.map(({ station, a }) => `(${sqlString(station)}, ${sqlString(a.hash)}, ${sqlString(a.type)}, ${a.bytes}, ${a.durationMs}, ${a.seq}, ${sqlString(a.copy)})`);
  await conn.run(
    `INSERT INTO attachments
     SELECT v.station_id, v.hash, v.type, v.bytes, v.duration_ms, v.first_seq, b.content, ${importId}
     FROM (VALUES ${values.join(', ')}) v(station_id, hash, type, bytes, duration_ms, first_seq, file)
     JOIN read_blob([${rows.map(({ a }) => sqlString(a.copy)).join(', ')}]) b ON b.filename = v.file
     WHERE sha256(b.content) = v.hash
     ON CONFLICT DO NOTHING`,
  );
}

/** After every batch is written: each station's new head and key are remembered (one statement for all stations). */
async function finishStations(conn: DuckDBConnection, plans: Plan[], now: string): Promise<void> {
  const heads = plans.filter((p) => p.range.to > p.range.from);
  if (heads.length === 0) return;
  const params: Array<string | number | null> = [];
  const rows = heads.map((p) => {
    const at = params.length;
    params.push(p.c.station, p.c.name, p.c.publicKey, p.c.keyId, p.range.to, p.range.hash, now);
    return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6}, $${at + 7}::TIMESTAMPTZ, $${at + 7}::TIMESTAMPTZ)`;
  });
  await conn.run(
    `INSERT INTO stations VALUES ${rows.join(', ')}
     ON CONFLICT (station_id) DO UPDATE SET head_seq = excluded.head_seq, head_hash = excluded.head_hash,
       last_imported_at = excluded.last_imported_at`,
    params,
  );
}

/**
 * Remember, per station, the segments verified and imported (table verified_segments; remembered.ts): the next
 * import reads only what comes after them. After a full verification a station's rows are replaced. True when a row
 * was written or removed.
 */
async function rememberVerified(conn: DuckDBConnection, checks: StationCheck[], written: Map<string, Plan>, changed: Set<string>, known: KnownLedger, importId: number): Promise<boolean> {
  let wrote = false;
  await rememberAfterImport({
    forget: async (stations) => {
      wrote = true;
      await conn.run(`DELETE FROM verified_segments WHERE station_id IN (${stations.map(sqlString).join(', ')})`);
    },
    remember: async (rows) => {
      wrote = true;
      const params: Array<string | number> = [];
      const values = rows.map(({ station, segment: s }) => {
        const at = params.length;
        params.push(station, s.name, s.firstSeq, s.lastSeq, s.size, s.sha256, s.lastHash, importId);
        return `(${Array.from({ length: 8 }, (_, i) => `$${at + i + 1}`).join(', ')})`;
      });
      await conn.run(`INSERT OR REPLACE INTO verified_segments VALUES ${values.join(', ')}`, params);
    },
  }, checks.filter((c) => !changed.has(c.station)).map((c) => {
    const p = written.get(c.station);
    return { check: c, written: p && p.range.to > p.range.from ? { seq: p.range.to, hash: p.range.hash } : null, known: known.stations.get(c.station) };
  }));
  return wrote;
}

/**
 * What happened to each station in an import (both ledgers: ledger-pg/import.ts too): its status from its verification
 * and what was written (`written`: events added and the new head, null: none), rejected when its rows did not read back
 * as verified (`changed`); its errors and warnings counting the problems met while importing.
 */
export function stationOutcomes(checks: StationCheck[], written: (c: StationCheck) => { added: number; headSeq: number } | null, changed: ReadonlySet<string>,
  importProblems: LedgerProblem[]): StationImport[] {
  return checks.map((c) => {
    const o = outcomeOf(c);
    const w = written(c);
    if (changed.has(c.station)) o.status = 'rejected';
    else if (w && w.added > 0) {
      o.added = w.added;
      o.headSeq = w.headSeq;
      if (o.status === 'up_to_date') o.status = 'imported';
      if (o.status === 'rejected' && !c.rejected) o.status = 'partial';
    }
    const mine = [...c.problems, ...importProblems.filter((p) => p.station === c.station)];
    o.errors = mine.filter((p) => p.severity === 'error').length;
    o.warnings = mine.length - o.errors;
    return o;
  });
}

async function insertStandards(conn: DuckDBConnection, standards: LoadedStandard[], now: string, known: Map<string, unknown>): Promise<number> {
  let added = 0;
  for (const s of standards) {
    if (known.has(s.hash)) continue;
    const { $schema: _hint, ...doc } = s.doc;
    await conn.run(
      `INSERT INTO standards VALUES ($1, $2, $3, $4, $5, $6::DATE, $7::JSON, $8::TIMESTAMPTZ) ON CONFLICT (hash) DO NOTHING`,
      [s.hash, s.ref.id, s.ref.version, s.doc.owner.role, s.doc.owner.name, s.doc.effectiveFrom, JSON.stringify(doc), now],
    );
    added++;
  }
  return added;
}
