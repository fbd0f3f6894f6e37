import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { LoadedStandard } from '../standards';
import { stationOutcomes, type ImportResult } from '../ledger/import';
import type { KnownLedger } from '../ledger/known';
import { enrolmentProblems } from '../ledger/enrolment';
import type { LedgerProblem } from '../ledger/problems';
import type { StationCheck } from '../ledger/station-check';
import { addRememberedRow, rememberAfterImport, type SegmentMemoryStore } from '../ledger/remembered';
import { resolveSupplier, SupplierError } from '../ledger/supplier';
import {
  addStationProblems, inspectShare, listStationFolders, summarize, type VerifyShareOptions,
} from '../ledger/verify-share';
import { withCopyDir } from '../ledger/copy-folder';
import { describePgError, isConnectionLost, LEDGER_LOCK, openPgLedger, PgLedgerError, redactPgUrl } from './connect';
import { applySignedNamesPg, enrolmentListPg } from './enrolment';
import { COPY_COLUMNS } from './rows';

export interface PgImportOptions extends Omit<VerifyShareOptions, 'known' | 'onStation' | 'onStandards'> {
  /** The share's supplier (else the share's supplier.json). */
  supplier?: string;
  toolVersion?: string;
  /** Called inside each station's transaction, after its COPY and before COMMIT (tests break the connection here). */
  beforeCommit?: (station: string, client: pg.Client) => Promise<void>;
}

/** As the DuckDB import's result; `enrolment` lists the supplier's stations (awaiting ones count nowhere until enrolled). */
export interface PgImportResult extends ImportResult {
  supplier: string;
  /** The ledger's address, without its password. */
  ledger: string;
}

/** The partition of a supplier's events: events_<partition key>, from a hash of its name (any name is a safe table name). */
export function partitionKey(supplier: string): string {
  return `s${createHash('sha256').update(supplier, 'utf8').digest('hex').slice(0, 12)}`;
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The months' partitions of a supplier's events (UTC months), created when missing. */
async function ensureMonths(client: pg.Client, key: string, months: Iterable<string>, made: Set<string>): Promise<void> {
  for (const m of months) {
    if (!m || made.has(m)) continue;
    const [y, mo] = m.split('-').map(Number) as [number, number];
    const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
    await client.query(`CREATE TABLE IF NOT EXISTS ${ident(`events_${key}_${m.replace('-', '')}`)} PARTITION OF ${ident(`events_${key}`)}
      FOR VALUES FROM (${lit(`${m}-01 00:00:00+00`)}) TO (${lit(`${next}-01 00:00:00+00`)})`);
    made.add(m);
  }
}

/**
 * The PostgreSQL ledger's remembered segments of one supplier (ledger/remembered.ts decides what; this is the SQL),
 * written inside the caller's transaction.
 */
function segmentMemory(client: pg.Client, supplier: string, importId: number): SegmentMemoryStore {
  return {
    forget: async (stations) => {
      await client.query('DELETE FROM verified_segments WHERE supplier = $1 AND station_id = ANY($2::text[])', [supplier, stations]);
    },
    remember: async (rows) => {
      const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
      await client.query(
        `INSERT INTO verified_segments (supplier, station_id, name, first_seq, last_seq, size, sha256, last_hash, import_id)
         SELECT $1::text, r.*, $9::bigint FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[], $8::text[]) AS r
         ON CONFLICT (supplier, station_id, first_seq) DO UPDATE SET name = excluded.name, last_seq = excluded.last_seq, size = excluded.size,
           sha256 = excluded.sha256, last_hash = excluded.last_hash, import_id = excluded.import_id`,
        [supplier, col((r) => r.station), col((r) => r.segment.name), col((r) => r.segment.firstSeq), col((r) => r.segment.lastSeq),
          col((r) => r.segment.size), col((r) => r.segment.sha256), col((r) => r.segment.lastHash), importId],
      );
    },
  };
}

/** What the ledger remembers of one supplier: its stations' keys, heads and verified segments, and every standard. */
export async function readKnownPg(client: pg.Client, supplier: string): Promise<KnownLedger> {
  const known: KnownLedger = { stations: new Map(), standards: new Map() };
  // With the time of each head's event (the clock check's starting point for what comes after: ledger/event-checks.ts).
  for (const r of (await client.query(`SELECT s.station_id, s.public_key, s.key_id, s.head_seq, s.head_hash, e.at_text AS head_at FROM stations s
      LEFT JOIN events e ON e.supplier = s.supplier AND e.station_id = s.station_id AND e.seq = s.head_seq WHERE s.supplier = $1`, [supplier])).rows) {
    known.stations.set(String(r.station_id), {
      publicKey: String(r.public_key), keyId: String(r.key_id), headSeq: Number(r.head_seq), headHash: String(r.head_hash),
      ...(typeof r.head_at === 'string' ? { headAt: r.head_at } : {}),
    });
  }
  // The segments verified and imported before, per station (incremental verification: ledger/remembered.ts).
  for (const r of (await client.query(`SELECT station_id, name, first_seq, last_seq, size, sha256, last_hash FROM verified_segments
      WHERE supplier = $1 ORDER BY station_id, first_seq`, [supplier])).rows) addRememberedRow(known.stations, r as Record<string, unknown>);
  for (const r of (await client.query('SELECT hash, id, version FROM standards')).rows) known.standards.set(String(r.hash), { id: String(r.id), version: Number(r.version) });
  return known;
}

/**
 * Verify a shared folder and import its verified events into the PostgreSQL ledger at `url` (docs/ledger-pg.md):
 * the same verification and import rule as the DuckDB ledger (ledger/import.ts) — only verified events, each
 * station's key and head remembered, shrink and rewrite refused, the events' clock and standards checked by the same
 * station check, idempotent — with the rows written by COPY, one transaction per station: a station is imported whole
 * up to its verified head or not at all, whatever happens to the connection. The rows are made by the station check
 * from the very bytes it verifies (ledger/copy-rows.ts), in the worker threads, and streamed into COPY while the
 * workers verify the next stations: the events are parsed once, never read from the share twice.
 *
 * Throws ShareUnreadableError (share), SupplierError (no supplier), PgLedgerError (address, server, rights, a
 * connection lost: the message names the station whose import was rolled back).
 */
export async function importShareToPg(shareDir: string, url: string, opts: PgImportOptions = {}): Promise<PgImportResult> {
  // The verified copies and rows (ledger/verify-share.ts, copy-rows.ts) live in a private folder for the length of the import.
  return withCopyDir(opts.copyDir, tmpdir(), (folders) => importIntoPg(shareDir, url, { ...opts, ...folders }));
}

async function importIntoPg(shareDir: string, url: string, opts: PgImportOptions & { copyDir: string }): Promise<PgImportResult> {
  const { share } = await listStationFolders(shareDir);
  const supplier = await resolveSupplier(share, opts.supplier);
  if (supplier === null) {
    throw new SupplierError(`${share} does not say which supplier it belongs to: give --supplier NAME, or add supplier.json ({"supplier": "NAME"}) at its root.`);
  }
  const where = redactPgUrl(url);
  const client = await openPgLedger(url);
  const doing = { what: 'prepare the import' };
  let committed = 0;
  try {
    const locked = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [LEDGER_LOCK])).rows[0]?.ok;
    if (!locked) throw new PgLedgerError(`Another import into the ledger at ${where} is running: wait until it has finished, then import again.`, { code: 'PG_IMPORT_RUNNING' });
    const key = partitionKey(supplier);
    const startedAt = new Date(opts.nowMs ?? Date.now()).toISOString();
    await client.query('INSERT INTO suppliers (supplier, partition_key, first_imported_at) VALUES ($1, $2, $3) ON CONFLICT (supplier) DO NOTHING', [supplier, key, startedAt]);
    await client.query(`CREATE TABLE IF NOT EXISTS ${ident(`events_${key}`)} PARTITION OF events FOR VALUES IN (${lit(supplier)}) PARTITION BY RANGE ("at")`);
    const known = await readKnownPg(client, supplier);
    const elsewhere = new Map<string, string>();
    for (const r of (await client.query('SELECT station_id, supplier FROM stations WHERE supplier <> $1', [supplier])).rows) elsewhere.set(String(r.station_id), String(r.supplier));
    const importId = Number((await client.query<{ id: string }>(`SELECT nextval('import_id_seq') AS id`)).rows[0]?.id);
    await client.query('INSERT INTO imports (supplier, import_id, started_at, share_dir, tool_version) VALUES ($1, $2, $3, $4, $5)',
      [supplier, importId, startedAt, share, opts.toolVersion ?? null]);

    const months = new Set<string>();
    for (const r of (await client.query<{ m: string }>(`SELECT c.relname AS m FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = $1 AND c.relkind IN ('r', 'p')`, [`events_${key}`])).rows) {
      const m = /_(\d{4})(\d{2})$/.exec(r.m);
      if (m) months.add(`${m[1]}-${m[2]}`);
    }
    const importProblems: LedgerProblem[] = [];
    const written = new Map<string, number>(); // station → events added
    const changed = new Set<string>(); // (the DuckDB ledger's CHANGED_DURING_IMPORT: rows here come from the verified bytes themselves)
    const memory = segmentMemory(client, supplier, importId);
    let standardsAdded = 0;
    let stationsTotal = 0;
    let done = 0;
    let failure: unknown = null;
    // PostgreSQL's lane, one step after another (the standards, then each station's transaction), while the workers
    // verify the next stations.
    let pgQueue: Promise<void> = Promise.resolve();
    const enqueuePg = (step: () => Promise<void>) => {
      pgQueue = pgQueue.then(() => (failure ? undefined : step())).catch((err: unknown) => {
        failure ??= err;
      });
    };

    /** Identity against other suppliers: a station imported before for another supplier is refused. */
    const otherSupplier = (check: StationCheck) => {
      const other = elsewhere.get(check.station);
      if (other === undefined) return;
      addStationProblems([check], [{
        station: check.station, file: `stations/${check.station}/station.json`, line: 0, code: 'OTHER_SUPPLIER', severity: 'error',
        expected: `a station of ${supplier}`, found: `a station imported before for ${other}`,
        message: `Station ${check.station} was imported before for supplier "${other}", not "${supplier}": a station belongs to one supplier. ` +
          'Nothing of it is imported for this supplier. Check that the right shared folder and --supplier were given.',
      }]);
    };

    /**
     * One station's transaction: its rows up to the importable head, as the station check wrote them from the bytes it
     * verified (ledger/copy-rows.ts), streamed into COPY; then its new head and remembered segments.
     */
    const writeStation = async (check: StationCheck) => {
      const cut = check.importable;
      const rows = check.pgRows;
      if (!cut || !rows || !check.publicKey || !check.keyId) return;
      const end = cut.to > rows.from ? rows.ends.find((e) => e.seq === cut.to)?.offset : 0;
      if (rows.from !== cut.from || end === undefined) {
        throw new Error(`The rows of station ${check.station} written while it was verified do not hold seq ${cut.from + 1} to ${cut.to}: nothing of it was imported.`);
      }
      const n = cut.to - cut.from;
      if (n <= 0) return;
      doing.what = `import station ${check.station}`;
      await client.query('BEGIN');
      try {
        await ensureMonths(client, key, rows.months, months);
        const stream = client.query(copyFrom(`COPY events (${COPY_COLUMNS.map((c) => ident(c)).join(', ')}) FROM STDIN (FORMAT text)`));
        await pipeline(createReadStream(rows.file, { start: 0, end: end - 1, highWaterMark: 1 << 20 }), stream);
        if (Number(stream.rowCount) !== n) throw new Error(`COPY wrote ${String(stream.rowCount)} events of station ${check.station}, not ${n}`);
        await client.query(
          `INSERT INTO stations VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
           ON CONFLICT (supplier, station_id) DO UPDATE SET name = excluded.name, head_seq = excluded.head_seq, head_hash = excluded.head_hash,
             last_imported_at = excluded.last_imported_at`,
          [supplier, check.station, check.name, check.publicKey, check.keyId, cut.to, cut.hash, startedAt],
        );
        // What was verified, remembered with the head it leads to: the next import reads only what comes after.
        await rememberAfterImport(memory, [{ check, written: { seq: cut.to, hash: cut.hash }, known: known.stations.get(check.station) }]);
        await opts.beforeCommit?.(check.station, client);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
      committed++;
      written.set(check.station, n);
    };

    let inspection;
    try {
      inspection = await inspectShare(share, {
        ...opts,
        known,
        onProgress: (p) => {
          if (p.phase === 'scan') stationsTotal = p.total;
          opts.onProgress?.(p);
        },
        pgRows: { supplier, importId },
        onStandards: (standards) => {
          enqueuePg(async () => {
            doing.what = 'import the standards';
            standardsAdded = await insertStandards(client, standards, startedAt, known.standards);
          });
        },
        onStation: (check) => {
          otherSupplier(check);
          enqueuePg(async () => {
            try {
              await writeStation(check);
            } finally {
              if (check.pgRows) await rm(check.pgRows.file, { force: true });
            }
            opts.onProgress?.({ phase: 'import', done: ++done, total: stationsTotal, unit: 'stations', station: check.station });
          });
        },
      });
    } finally {
      await pgQueue;
    }
    if (failure) throw failure;

    const { report, shareProblems } = inspection;
    // Names come from the stations' signed `station.named` events; a name an enrolled station of this supplier has is an alarm.
    doing.what = 'record the stations\' names';
    if (written.size > 0) await applySignedNamesPg(client, supplier); // names come from events alone
    const enrolment = await enrolmentListPg(client, { supplier, keyChanged: new Set(report.stations.filter((c) => c.problems.some((p) => p.code === 'KEY_CHANGED')).map((c) => c.station)) });
    importProblems.push(...enrolmentProblems(enrolment));
    const finalReport = summarize(report, shareProblems, importProblems);
    const stations = stationOutcomes(report.stations, (c) => {
      const added = written.get(c.station) ?? 0;
      return added > 0 ? { added, headSeq: c.importedThrough + added } : null;
    }, changed, importProblems);
    const eventsAdded = stations.reduce((k, s) => k + s.added, 0);

    doing.what = 'record the import';
    await client.query('BEGIN');
    try {
      await insertProblems(client, supplier, importId, finalReport.problems);
      // The stations with nothing written now: their history as verified this time (after a full verification, or a
      // first one by this version), remembered with the head the ledger already had.
      await rememberAfterImport(memory, report.stations.filter((c) => !written.has(c.station) && !changed.has(c.station))
        .map((c) => ({ check: c, written: null, known: known.stations.get(c.station) })));
      await client.query(
        `UPDATE imports SET finished_at = $3, stations = $4, stations_imported = $5, stations_rejected = $6, events_added = $7, errors = $8, warnings = $9, ok = $10
         WHERE supplier = $1 AND import_id = $2`,
        [supplier, importId, new Date().toISOString(), stations.length, stations.filter((s) => s.added > 0).length,
          stations.filter((s) => s.status === 'rejected').length, eventsAdded, finalReport.errors, finalReport.warnings, finalReport.errors === 0],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
    opts.onProgress?.({ phase: 'done', done: stations.length, total: stations.length, unit: 'stations' });
    return { importId, supplier, ledger: where, report: finalReport, stations, eventsAdded, standardsAdded, enrolment };
  } catch (err) {
    if (err instanceof PgLedgerError || err instanceof SupplierError) throw err;
    const e = describePgError(err, url, doing.what);
    if (isConnectionLost(err)) {
      throw new PgLedgerError(`${e.message} What was being written when it happened was rolled back, so no station is half imported` +
        `${committed > 0 ? ` (${committed} station${committed === 1 ? ' was' : 's were'} imported completely before)` : ''}. ` +
        'Import again when the server is back: nothing is imported twice.', { cause: err, code: 'PG_CONNECTION_LOST' });
    }
    throw e;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LEDGER_LOCK]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

async function insertStandards(client: pg.Client, standards: LoadedStandard[], now: string, known: Map<string, unknown>): Promise<number> {
  let added = 0;
  for (const s of standards) {
    if (known.has(s.hash)) continue;
    const { $schema: _hint, ...doc } = s.doc;
    const r = await client.query(
      `INSERT INTO standards VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (hash) DO NOTHING`,
      [s.hash, s.ref.id, s.ref.version, s.doc.owner.role, s.doc.owner.name, s.doc.effectiveFrom, JSON.stringify(doc), now],
    );
    added += r.rowCount ?? 0;
  }
  return added;
}

async function insertProblems(client: pg.Client, supplier: string, importId: number, problems: LedgerProblem[]): Promise<void> {
  for (let i = 0; i < problems.length; i += 500) {
    const part = problems.slice(i, i + 500);
    const params: unknown[] = [];
    const values = part.map((p) => {
      const at = params.length;
      params.push(supplier, importId, p.station, p.file, p.line, p.seq ?? null, p.code, p.severity, p.expected, p.found, p.message);
      return `(${Array.from({ length: 11 }, (_, k) => `$${at + k + 1}`).join(', ')})`;
    });
    await client.query(`INSERT INTO import_problems VALUES ${values.join(', ')}`, params);
  }
}
