import { stat } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { LoadedStandard } from '../standards';
import { MAX_LINE_BYTES } from '../journal';
import { openLedger, readKnown, sqlString } from './db';
import type { LedgerProblem } from './problems';
import type { CheckedFile, StationCheck } from './station-check';
import { inspectShare, type ShareReport, type VerifyShareOptions } from './verify-share';

export interface ImportOptions extends Omit<VerifyShareOptions, 'known' | 'onStation' | 'onStandards'> {
  /** Written to the imports table. */
  toolVersion?: string;
  /** Events per INSERT (default IMPORT_BATCH_EVENTS). */
  batchEvents?: number;
}

export type StationImportStatus =
  /** New events were imported and the station has no error. */
  | 'imported'
  /** Nothing new, no error. */
  | 'up_to_date'
  /** The verified events before the first error were imported (or were already); the rest was not. */
  | 'partial'
  /** Nothing imported: the station's identity or history cannot be trusted (key changed, history rewritten, …). */
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
  /** The verification report, with problems met while importing added. */
  report: ShareReport;
  stations: StationImport[];
  eventsAdded: number;
  standardsAdded: number;
}

const COLUMNS = `{v: 'INTEGER', seq: 'BIGINT', id: 'UUID', station: 'VARCHAR', 'at': 'VARCHAR', actor: 'VARCHAR', type: 'VARCHAR', run: 'UUID', ` +
  `standard: 'STRUCT(id VARCHAR, version INTEGER, hash VARCHAR)', step: 'VARCHAR', value: 'JSON', reason: 'VARCHAR', supersedes: 'UUID', data: 'JSON', prev: 'VARCHAR'}`;

/**
 * The SELECT that reads verified segment files into the events table's columns. `file` and `line` come from the
 * file name (segment-<first seq>.jsonl: line = seq - first seq + 1; its 26 characters end every path). With `range`,
 * only seq in (from, to] is taken (otherwise every line of the files: the caller chose files that hold exactly the range).
 */
function eventsSelect(files: string[], importId: number, range?: { from: number; to: number }): string {
  const list = `[${files.map(sqlString).join(', ')}]`;
  return `SELECT station, seq, id, "at"::TIMESTAMPTZ, "at", actor, type, run, standard.id, standard.version, standard.hash, step, value, reason, supersedes, data,
    'stations/' || station || '/segments/' || substr(filename, length(filename) - 25, 26),
    (seq - CAST(substr(filename, length(filename) - 17, 12) AS BIGINT) + 1)::INTEGER,
    ${importId}
  FROM read_json(${list}, format = 'newline_delimited', columns = ${COLUMNS}, filename = true, maximum_object_size = ${MAX_LINE_BYTES + 1024})
  ${range ? `WHERE seq > ${range.from} AND seq <= ${range.to}` : ''}`;
}

/** Events are written in batches of about this many (one statement, one transaction): big appends go straight to the file. */
export const IMPORT_BATCH_EVENTS = 150_000;

const sameStamp = (a: CheckedFile['stamp'], b: { ino: number; size: number; mtimeMs: number; ctimeMs: number }) =>
  a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;

/**
 * Verify a shared folder and import its verified events into the DuckDB ledger at `dbPath` (created if needed).
 *
 * - Idempotent: events are keyed by (station_id, seq); only events after the station's remembered head are added,
 *   so importing the same share again adds nothing.
 * - Never imports what it could not verify: per station, only events up to the last valid seal before its first
 *   error (and after the remembered head). Nothing at all from a station whose identity cannot be trusted (station.json
 *   missing or invalid, key changed since the last import) or whose already-imported history shrank or was rewritten.
 * - The good stations are imported even when another is rejected.
 * - Each station is written in its own transaction, while the next stations are still being verified; a file that
 *   changed between verification and import rolls that station back (CHANGED_DURING_IMPORT).
 * Throws ShareUnreadableError (share missing/unreadable) or LedgerOpenError (database) before importing anything.
 */
export async function importShare(shareDir: string, dbPath: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const ledger = await openLedger(dbPath);
  const conn = ledger.conn;
  try {
    await conn.run('SET preserve_insertion_order = false');
    const known = await readKnown(conn);
    const importId = Number((await conn.runAndReadAll(`SELECT nextval('import_id_seq') AS id`)).getRowObjectsJS()[0]?.id);
    const startedAt = new Date(opts.nowMs ?? Date.now()).toISOString();
    const importProblems: LedgerProblem[] = [];
    const outcomes = new Map<string, StationImport>();
    let standardsAdded = 0;
    let written = 0;
    let stationsTotal = 0;
    let failure: unknown = null;

    // Database work runs one step after another, overlapping the verification of the next stations. Verified
    // stations are gathered into batches (one INSERT each), so that large appends are written once.
    let db: Promise<void> = Promise.resolve();
    const enqueue = (step: () => Promise<void>) => {
      db = db.then(step).catch((err: unknown) => {
        failure ??= err;
      });
    };
    let pending: StationCheck[] = [];
    let pendingEvents = 0;
    const batchEvents = opts.batchEvents ?? IMPORT_BATCH_EVENTS;
    const flush = () => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      pendingEvents = 0;
      enqueue(async () => {
        for (const outcome of await importBatch(conn, batch, importId, startedAt, importProblems)) {
          outcomes.set(outcome.station, outcome);
          written++;
          opts.onProgress?.({ phase: 'import', done: written, total: stationsTotal, unit: 'stations', station: outcome.station });
        }
      });
    };

    const { report } = await inspectShare(shareDir, {
      ...opts,
      known,
      onProgress: (p) => {
        if (p.phase === 'scan') stationsTotal = p.total;
        opts.onProgress?.(p);
      },
      onStandards: (standards) => enqueue(async () => {
        standardsAdded = await insertStandards(conn, standards, startedAt, known.standards);
      }),
      onStation: (check) => {
        pending.push(check);
        pendingEvents += check.importable ? check.importable.to - check.importable.from : 0;
        if (pendingEvents >= batchEvents) flush();
      },
    });
    flush();
    await db;
    if (failure) throw failure;

    const problems = [...report.problems, ...importProblems];
    const errors = problems.filter((p) => p.severity === 'error').length;
    const finalReport: ShareReport = { ...report, problems, errors, warnings: problems.length - errors, ok: errors === 0 };
    const stations = report.stations.map((s) => outcomes.get(s.station) as StationImport);
    for (const s of stations) {
      const mine = importProblems.filter((p) => p.station === s.station);
      s.errors += mine.filter((p) => p.severity === 'error').length;
      s.warnings += mine.length - mine.filter((p) => p.severity === 'error').length;
    }
    const eventsAdded = stations.reduce((n, s) => n + s.added, 0);

    await conn.run('BEGIN TRANSACTION');
    try {
      await insertProblems(conn, importId, problems);
      await conn.run(
        `INSERT INTO imports VALUES ($1, $2::TIMESTAMPTZ, $3::TIMESTAMPTZ, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [importId, startedAt, new Date().toISOString(), finalReport.share, opts.toolVersion ?? null, stations.length,
          stations.filter((s) => s.added > 0).length, stations.filter((s) => s.status === 'rejected').length, eventsAdded, errors,
          problems.length - errors, errors === 0],
      );
      await conn.run('COMMIT');
    } catch (err) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
    await conn.run('CHECKPOINT');
    opts.onProgress?.({ phase: 'done', done: stations.length, total: stations.length, unit: 'stations' });
    return { importId, report: finalReport, stations, eventsAdded, standardsAdded };
  } finally {
    ledger.close();
  }
}

function outcomeOf(check: StationCheck): StationImport {
  const errors = check.problems.filter((p) => p.severity === 'error').length;
  const out: StationImport = {
    station: check.station, name: check.name, status: 'up_to_date', added: 0, headSeq: check.importedThrough, errors, warnings: check.problems.length - errors,
  };
  out.status = check.rejected || (errors > 0 && out.headSeq === 0) ? 'rejected' : errors > 0 ? 'partial' : 'up_to_date';
  return out;
}

/** The files that hold a station's importable range, and whether they hold exactly that range. */
function filesFor(check: StationCheck): { files: CheckedFile[]; exact: boolean } {
  const range = check.importable as { from: number; to: number };
  const files = check.files.filter((f) => f.firstSeq <= range.to && f.firstSeq + f.lines - 1 > range.from);
  const first = files[0];
  const last = files[files.length - 1];
  const exact = first !== undefined && last !== undefined && first.firstSeq === range.from + 1 && last.firstSeq + last.lines - 1 === range.to &&
    files.every((f, i) => i === 0 || f.firstSeq === (files[i - 1] as CheckedFile).firstSeq + (files[i - 1] as CheckedFile).lines);
  return { files, exact };
}

/**
 * Import the verified ranges of several stations in one transaction: one INSERT for all stations whose files hold
 * exactly their range (the usual case: ranges end at seals, which end files), one each for the others. A file that
 * changed since it was verified (or rows that do not add up) rolls the batch back; it is then retried without the
 * stations concerned, which are reported (CHANGED_DURING_IMPORT) and not imported this time.
 */
async function importBatch(conn: DuckDBConnection, checks: StationCheck[], importId: number, now: string, problems: LedgerProblem[]): Promise<StationImport[]> {
  const outcomes = checks.map(outcomeOf);
  let todo = checks.map((c, i) => ({ c, out: outcomes[i] as StationImport })).filter(({ c }) => c.importable && c.publicKey && c.keyId);
  while (todo.length > 0) {
    const plans = todo.map((t) => ({ ...t, ...filesFor(t.c) }));
    const exact = plans.filter((p) => p.exact);
    const ranged = plans.filter((p) => !p.exact);
    await conn.run('BEGIN TRANSACTION');
    const bad = new Set<string>();
    try {
      let count = 0;
      if (exact.length > 0) count += (await conn.run(`INSERT INTO events ${eventsSelect(exact.flatMap((p) => p.files.map((f) => f.path)), importId)}`)).rowsChanged;
      for (const p of ranged) {
        count += (await conn.run(`INSERT INTO events ${eventsSelect(p.files.map((f) => f.path), importId, p.c.importable as { from: number; to: number })}`)).rowsChanged;
      }
      const expected = plans.reduce((n, p) => n + ((p.c.importable as { to: number }).to - (p.c.importable as { from: number }).from), 0);
      for (const p of plans) {
        for (const f of p.files) {
          const st = await stat(f.path).catch(() => null);
          if (!st || !sameStamp(f.stamp, st)) {
            bad.add(p.c.station);
            problems.push({
              station: p.c.station, file: f.rel, line: 0, code: 'CHANGED_DURING_IMPORT', severity: 'error', expected: 'the file as it was verified', found: 'the file changed while importing',
              message: `${f.name} of station ${p.c.station} changed while it was being imported: nothing new of this station was imported this time. Import again when nothing is writing to the shared folder.`,
            });
            break;
          }
        }
      }
      if (bad.size === 0 && count !== expected) {
        // Cannot be told which station: check them one by one.
        if (plans.length === 1) {
          const p = plans[0] as (typeof plans)[number];
          bad.add(p.c.station);
          problems.push({
            station: p.c.station, file: p.files[0]?.rel ?? '', line: 0, code: 'CHANGED_DURING_IMPORT', severity: 'error', expected: `${expected} events`, found: `${count} events read`,
            message: `The files of station ${p.c.station} did not read back as they were verified: nothing new of this station was imported this time. Import again when nothing is writing to the shared folder.`,
          });
        } else {
          await conn.run('ROLLBACK');
          const results: StationImport[] = [];
          for (const t of todo) results.push(...(await importBatch(conn, [t.c], importId, now, problems)));
          const byStation = new Map(results.map((r) => [r.station, r]));
          return outcomes.map((o) => byStation.get(o.station) ?? o);
        }
      }
      if (bad.size > 0) {
        await conn.run('ROLLBACK');
        for (const t of todo) if (bad.has(t.c.station)) t.out.status = 'rejected';
        todo = todo.filter((t) => !bad.has(t.c.station));
        continue;
      }
      for (const p of plans) {
        const range = p.c.importable as { from: number; to: number; hash: string };
        await conn.run(
          `INSERT INTO stations VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMPTZ, $7::TIMESTAMPTZ)
           ON CONFLICT (station_id) DO UPDATE SET name = excluded.name, head_seq = excluded.head_seq, head_hash = excluded.head_hash,
             last_imported_at = excluded.last_imported_at`,
          [p.c.station, p.c.name, p.c.publicKey, p.c.keyId, range.to, range.hash, now],
        );
      }
      await conn.run('COMMIT');
    } catch (err) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
    for (const p of plans) {
      const range = p.c.importable as { from: number; to: number };
      p.out.added = range.to - range.from;
      p.out.headSeq = range.to;
      p.out.status = p.out.errors > 0 ? 'partial' : 'imported';
    }
    break;
  }
  return outcomes;
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

async function insertProblems(conn: DuckDBConnection, importId: number, problems: LedgerProblem[]): Promise<void> {
  if (problems.length === 0) return;
  const appender = await conn.createAppender('import_problems');
  for (const p of problems) {
    appender.appendBigInt(BigInt(importId));
    appender.appendVarchar(p.station);
    appender.appendVarchar(p.file);
    appender.appendBigInt(BigInt(p.line));
    if (p.seq !== undefined) appender.appendBigInt(BigInt(p.seq));
    else appender.appendNull();
    appender.appendVarchar(p.code);
    appender.appendVarchar(p.severity);
    appender.appendVarchar(p.expected);
    appender.appendVarchar(p.found);
    appender.appendVarchar(p.message);
    appender.endRow();
  }
  appender.closeSync();
}
