/**
 * Station enrolment (issue 11, item 2; docs/ledger.md "Enrolment"). A station on the share is verified and imported
 * like any other, but it counts in no scorecard or export until procurement has **enrolled** it: compared its keyId
 * and fingerprint with the ones shown at the station (Settings), and said so (the procurement screen, or
 * `steadywork enrol`). Until then it is listed as *awaiting enrolment*.
 *
 * - A station's name is what its journal signed (`station.named` events, covered by its seals), never the unsigned
 *   station.json; its names over time are its history.
 * - A station that claims the name of an enrolled station (a copied folder with a fresh key, say) is an alarm
 *   (NAME_CLAIMED), never a second row of the same name; so is a station whose key is not the one enrolled
 *   (KEY_CHANGED). Neither can be enrolled while the alarm stands.
 * - The enrolment list can be exported and imported, so a second procurement computer agrees.
 *
 * Everything here is SQL over the ledger (DuckDB); the scorecard reads the view `enrolled_stations`.
 */
import { DEFAULT_SUPPLIER } from './supplier';
import { lastImportOfRowSql, lastImportPerSupplierSql } from './station-status';
import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import { keyFingerprint, keyIdOf, normalizePublicKey } from '../journal';
import { isBuiltInStationName } from '../settings/setup-state';
import type { LedgerProblem } from './problems';

/** The event type of a signed station name (electron/core/runs/events.ts STATION_NAMED). */
export const STATION_NAMED = 'station.named';

/** Tables and the view of enrolment; part of the ledger's schema (db.ts), created if missing. */
export const ENROLMENT_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS enrolments (
    station_id VARCHAR PRIMARY KEY,
    key_id VARCHAR NOT NULL,
    public_key VARCHAR NOT NULL,
    name VARCHAR,
    enrolled_at TIMESTAMPTZ NOT NULL,
    enrolled_by VARCHAR NOT NULL,
    source VARCHAR NOT NULL
  )`,
  // The stations that count: enrolled, with the key they were enrolled with.
  `CREATE OR REPLACE VIEW enrolled_stations AS
     SELECT s.station_id FROM stations s JOIN enrolments e ON e.station_id = s.station_id AND e.public_key = s.public_key`,
];

/** What the meta table says once a ledger has enrolment (stations imported before it were enrolled then). */
export const ENROLMENT_META_KEY = 'enrolment_since';

/**
 * A ledger made before enrolment existed trusted its stations on first use: they stay counted, enrolled as "from
 * before enrolment" (source 'before-enrolment'), so an upgrade changes no scorecard. Runs once per ledger.
 */
export async function migrateEnrolment(conn: DuckDBConnection, nowIso: string): Promise<void> {
  const done = (await conn.runAndReadAll(`SELECT value FROM meta WHERE key = '${ENROLMENT_META_KEY}'`)).getRowObjectsJS().length > 0;
  if (done) return;
  await conn.run(
    `INSERT INTO enrolments SELECT station_id, key_id, public_key, name, $1::TIMESTAMPTZ, 'ledger from before enrolment (trusted on first use)', 'before-enrolment'
       FROM stations ON CONFLICT DO NOTHING`,
    [nowIso],
  );
  await conn.run(`INSERT INTO meta VALUES ('${ENROLMENT_META_KEY}', $1)`, [nowIso]);
}

export type EnrolmentStatus = 'enrolled' | 'awaiting' | 'alarm';
export type EnrolmentAlarmCode = 'NAME_CLAIMED' | 'KEY_CHANGED';

export interface EnrolmentAlarm {
  code: EnrolmentAlarmCode;
  /** Plain words: what was found and what to do. */
  message: string;
  /** The other station involved (NAME_CLAIMED). */
  otherStation?: string;
}

export interface StationName {
  name: string;
  /** The station's local time of the event, as it wrote it. */
  at: string;
  seq: number;
  /** The supervisor who renamed it, when one did. */
  signer: string | null;
}

export interface EnrolmentRow {
  stationId: string;
  /** The signed name (latest `station.named`), else the name first seen in station.json (then `signedName` is false). */
  name: string | null;
  signedName: boolean;
  /** The key the ledger verifies this station with (null: known only from an imported enrolment list). */
  keyId: string | null;
  fingerprint: string | null;
  status: EnrolmentStatus;
  alarms: EnrolmentAlarm[];
  enrolment: { keyId: string; fingerprint: string; name: string | null; at: string; by: string; source: string } | null;
  /** Signed names, oldest first. */
  names: StationName[];
  /** Events of this station in the ledger. */
  events: number;
  lastImportedAt: string | null;
}

/** How names are compared: case, spacing and Unicode forms do not make another name. */
export function nameKey(name: string | null): string {
  return (name ?? '').normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');
}

type Raw = Record<string, unknown>;
const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
/** The fingerprint of a stored key; null for a key that is not one (never throws while listing). */
const fp = (key: unknown): string | null => {
  try {
    return key ? keyFingerprint(String(key)) : null;
  } catch {
    return null;
  }
};
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v));

async function rows(conn: DuckDBConnection, sql: string, params?: Array<string | number | null>): Promise<Raw[]> {
  return (await conn.runAndReadAll(sql, params)).getRowObjectsJS() as Raw[];
}

/** The signed names of every station, oldest first. */
export async function signedNames(conn: DuckDBConnection): Promise<Map<string, StationName[]>> {
  const out = new Map<string, StationName[]>();
  for (const r of await rows(conn, `SELECT station_id, seq, at_text, value->>'$' AS name, data->>'$.signer' AS signer
      FROM events WHERE type = '${STATION_NAMED}' AND json_type(value) = 'VARCHAR' ORDER BY station_id, seq`)) {
    const id = String(r.station_id);
    const list = out.get(id) ?? [];
    list.push({ name: String(r.name), at: String(r.at_text), seq: Number(r.seq), signer: s(r.signer) });
    out.set(id, list);
  }
  return out;
}

/** Set each station's stored name to its latest signed name (called after every import). */
export async function applySignedNames(conn: DuckDBConnection): Promise<void> {
  await conn.run(`UPDATE stations SET name = n.name FROM (
      SELECT station_id, arg_max(value->>'$', seq) AS name FROM events WHERE type = '${STATION_NAMED}' AND json_type(value) = 'VARCHAR' GROUP BY station_id
    ) n WHERE stations.station_id = n.station_id AND stations.name IS DISTINCT FROM n.name`);
}

/** Every station the ledger knows or has enrolled, with its status and alarms. */
export async function enrolmentList(conn: DuckDBConnection, opts: { keyChanged?: ReadonlySet<string>; names?: Map<string, StationName[]> } = {}): Promise<EnrolmentRow[]> {
  // (`names`: signedNames of this database as it is now, when the caller has them)
  const names = opts.names ?? await signedNames(conn);
  // Stations that presented another key at the last import (the import running now tells its own).
  // (the latest import of the station's own supplier: another supplier's import settles nothing of it)
  // (duckdb_tables(), not information_schema: the same answer at a fraction of the cost, on every import)
  // (asked only when needed: an import tells its own)
  const importSuppliers = async () => (await rows(conn, `SELECT 1 FROM duckdb_tables() WHERE table_name = 'import_suppliers'`)).length > 0;
  const keyChangedAtLastImport = opts.keyChanged ?? new Set(
    (await rows(conn, `WITH last_import AS (${lastImportPerSupplierSql(await importSuppliers())})
      SELECT DISTINCT p.station_id FROM import_problems p WHERE p.code = 'KEY_CHANGED' AND p.import_id = ${lastImportOfRowSql('p')}`)).map((r) => String(r.station_id)),
  );
  const found = await rows(conn, `
    SELECT coalesce(s.station_id, e.station_id) AS station_id, s.name, s.key_id, s.public_key, s.last_imported_at,
           e.key_id AS e_key_id, e.public_key AS e_public_key, e.name AS e_name, e.enrolled_at, e.enrolled_by, e.source,
           coalesce(s.head_seq, 0) AS events, -- a station's events are seq 1 to its head, without gaps (no count over every event)
           coalesce(ss.supplier, '${DEFAULT_SUPPLIER.replace(/'/g, "''")}') AS supplier
    FROM stations s FULL OUTER JOIN enrolments e ON e.station_id = s.station_id
    -- a join, not a subquery per row (station_id is station_suppliers' key): measured 5 ms instead of 25 ms per import
    LEFT JOIN station_suppliers ss ON ss.station_id = coalesce(s.station_id, e.station_id)
    ORDER BY coalesce(s.name, e.name, s.station_id, e.station_id)`);
  return shapeEnrolment(found, names, keyChangedAtLastImport).map(({ supplier: _s, ...row }) => row);
}

/**
 * The enrolment list from the ledger's rows (either engine: DuckDB here, PostgreSQL in ledger-pg/enrolment.ts): each
 * station with its status and alarms (KEY_CHANGED; NAME_CLAIMED within its supplier). `found` has the columns
 * station_id, name, key_id, public_key, last_imported_at, e_key_id, e_public_key, e_name, enrolled_at, enrolled_by,
 * source, events, supplier.
 */
export function shapeEnrolment(found: Raw[], names: Map<string, StationName[]>, keyChangedAtLastImport: ReadonlySet<string>): Array<EnrolmentRow & { supplier: string }> {
  const list: EnrolmentRow[] = found.map((r) => {
    const id = String(r.station_id);
    // A built-in "Station 1" the station signed on its own (no signer: versions before d1c8111 did so at first open,
    // and a station from before set-up until this one) is no name a person gave it: not "2 names over time".
    const signed = (names.get(id) ?? []).filter((n) => !(n.signer === null && isBuiltInStationName(n.name)));
    const latest = signed[signed.length - 1];
    const ePk = s(r.e_public_key);
    return {
      stationId: id,
      name: latest?.name ?? s(r.name) ?? s(r.e_name),
      signedName: latest !== undefined,
      keyId: s(r.key_id),
      fingerprint: fp(r.public_key),
      status: 'awaiting',
      alarms: [],
      enrolment: ePk
        ? { keyId: String(r.e_key_id), fingerprint: fp(ePk) ?? '', name: s(r.e_name), at: iso(r.enrolled_at) ?? '', by: String(r.enrolled_by), source: String(r.source) }
        : null,
      names: signed,
      events: Number(r.events ?? 0),
      lastImportedAt: iso(r.last_imported_at),
      publicKey: s(r.public_key),
      supplier: String(r.supplier),
    } as EnrolmentRow & { publicKey: string | null; supplier: string };
  });
  const rowsWithKey = list as Array<EnrolmentRow & { publicKey: string | null; supplier: string }>;
  for (const row of rowsWithKey) {
    if (row.enrolment && row.keyId && row.enrolment.keyId !== row.keyId) {
      row.alarms.push({ code: 'KEY_CHANGED', message: `Station ${row.stationId} was enrolled with key ${row.enrolment.keyId}, but the ledger holds key ${row.keyId} for it. Its events do not count. Check the station in person.` });
    }
    if (keyChangedAtLastImport.has(row.stationId) && !row.alarms.some((a) => a.code === 'KEY_CHANGED')) {
      row.alarms.push({ code: 'KEY_CHANGED', message: `At the last import, station ${row.stationId} presented another key than the one the ledger holds: someone replaced its station.json, or it was reinstalled. Nothing new of it was imported. Check the station in person; a reinstalled station must start as a new station.` });
    }
  }
  // Names: an enrolled station's name is taken within its supplier; another station of that supplier claiming it is an
  // alarm (never a second row of it). Two suppliers may each have a "Gluing bench 1".
  const byName = (row: { name: string | null; supplier: string }) => `${row.supplier}\u0000${nameKey(row.name)}`;
  const enrolledByName = new Map<string, string[]>();
  for (const row of rowsWithKey) {
    if (row.enrolment && row.alarms.length === 0) enrolledByName.set(byName(row), [...(enrolledByName.get(byName(row)) ?? []), row.stationId]);
  }
  for (const row of rowsWithKey) {
    const holders = (enrolledByName.get(byName(row)) ?? []).filter((x) => x !== row.stationId);
    // Only a signed name claims one: station.json's is not trusted (two stations not named yet both say "Station 1").
    if (holders.length === 0 || !row.signedName || !nameKey(row.name)) continue;
    // Among enrolled stations with one name, the one enrolled first keeps it.
    if (row.enrolment) {
      const firstHolder = rowsWithKey.filter((x) => holders.includes(x.stationId)).every((x) => (x.enrolment?.at ?? '') > (row.enrolment?.at ?? ''));
      if (firstHolder) continue;
    }
    row.alarms.push({
      code: 'NAME_CLAIMED',
      otherStation: holders[0] as string,
      message: `Station ${row.stationId} (key ${row.keyId ?? 'unknown'}) calls itself "${row.name ?? ''}", the name of enrolled station ${holders[0] as string}. ` +
        'A copied station folder, or a second computer set up with the same name. It is not counted. Ask the supplier which computer this is; it can be enrolled only under a name of its own.',
    });
  }
  for (const row of rowsWithKey) {
    row.status = row.alarms.length > 0 ? 'alarm' : row.enrolment ? 'enrolled' : 'awaiting';
    delete (row as { publicKey?: unknown }).publicKey;
  }
  return list as Array<EnrolmentRow & { supplier: string }>;
}

/** The alarms of the enrolment list as problems of an import (the NAME_CLAIMED ones; KEY_CHANGED is the verifier's). */
export function enrolmentProblems(list: EnrolmentRow[]): LedgerProblem[] {
  return list.flatMap((row) =>
    row.alarms.filter((a) => a.code === 'NAME_CLAIMED').map((a) => ({
      station: row.stationId, file: `stations/${row.stationId}/segments`, line: 0, code: 'NAME_CLAIMED' as const, severity: 'error' as const,
      expected: 'a name of its own (no enrolled station has it)', found: `"${row.name ?? ''}", the name of enrolled station ${a.otherStation ?? ''}`, message: a.message,
    })),
  );
}

export class EnrolmentError extends Error {
  constructor(readonly code: 'NOT_FOUND' | 'KEY_MISMATCH' | 'ALARM' | 'NAME_TAKEN', message: string) {
    super(message);
    this.name = 'EnrolmentError';
  }
}

/**
 * The station `args` names, if it may be enrolled with `args.keyId` (either engine); throws EnrolmentError otherwise.
 * A station already enrolled with that key is answered as it is (enrolling again changes nothing).
 */
export function enrollable<R extends EnrolmentRow>(list: R[], args: { stationId: string; keyId: string }): R {
  const row = list.find((r) => r.stationId === args.stationId);
  if (!row || !row.keyId) throw new EnrolmentError('NOT_FOUND', `The ledger has no verified station ${args.stationId}. Import the shared folder first.`);
  const wanted = args.keyId.trim().toLowerCase();
  if (wanted !== row.keyId) {
    throw new EnrolmentError('KEY_MISMATCH', `Station ${args.stationId} presents key ${row.keyId}, not ${wanted}. Compare again with the key shown at the station (Settings); do not enrol a station whose key differs.`);
  }
  if (row.status === 'enrolled') return row;
  if (row.alarms.length > 0) throw new EnrolmentError(row.alarms.some((a) => a.code === 'NAME_CLAIMED') ? 'NAME_TAKEN' : 'ALARM', (row.alarms[0] as EnrolmentAlarm).message);
  return row;
}

/**
 * Enrol a station: `keyId` is the one procurement compared with the station's (it must be the key the ledger verifies
 * the station with). Refused for a station with an alarm or whose name an enrolled station has. Enrolling again with
 * the same key changes nothing.
 */
export async function enrolStation(conn: DuckDBConnection, args: { stationId: string; keyId: string; by: string; nowIso?: string }): Promise<EnrolmentRow> {
  const row = enrollable(await enrolmentList(conn), args);
  if (row.status === 'enrolled') return row;
  const [pk] = await rows(conn, `SELECT public_key, name FROM stations WHERE station_id = $1`, [args.stationId]);
  await conn.run(
    `INSERT INTO enrolments VALUES ($1, $2, $3, $4, $5::TIMESTAMPTZ, $6, 'here')
     ON CONFLICT (station_id) DO UPDATE SET key_id = excluded.key_id, public_key = excluded.public_key, name = excluded.name,
       enrolled_at = excluded.enrolled_at, enrolled_by = excluded.enrolled_by, source = excluded.source`,
    [args.stationId, row.keyId, String(pk?.public_key), row.name, args.nowIso ?? new Date().toISOString(), args.by],
  );
  const after = (await enrolmentList(conn)).find((r) => r.stationId === args.stationId) as EnrolmentRow;
  return after;
}

// ------------------------------------------------------------------ export and import of the list

export const ENROLMENT_FILE_KIND = 'steadywork-enrolment-list';

const EnrolmentFile = z.object({
  kind: z.literal(ENROLMENT_FILE_KIND),
  format: z.literal(1),
  exportedAt: z.string(),
  stations: z.array(z.object({
    stationId: z.string().min(1).max(128),
    name: z.string().max(200).nullable(),
    publicKey: z.string().min(1).max(200),
    keyId: z.string().regex(/^[0-9a-f]{16}$/),
    enrolledAt: z.string(),
    enrolledBy: z.string().max(200),
  }).strict()).max(100_000),
}).strict();
export type EnrolmentFile = z.infer<typeof EnrolmentFile>;

/** The enrolment list as a file another ledger can import (its enrolled stations and their keys). */
export async function exportEnrolment(conn: DuckDBConnection, nowIso = new Date().toISOString()): Promise<EnrolmentFile> {
  const found = await rows(conn, `SELECT station_id, name, public_key, key_id, enrolled_at, enrolled_by FROM enrolments ORDER BY station_id`);
  return {
    kind: ENROLMENT_FILE_KIND,
    format: 1,
    exportedAt: nowIso,
    stations: found.map((r) => ({
      stationId: String(r.station_id), name: s(r.name), publicKey: String(r.public_key), keyId: String(r.key_id),
      enrolledAt: iso(r.enrolled_at) ?? '', enrolledBy: String(r.enrolled_by),
    })),
  };
}

export interface EnrolmentImportResult {
  added: string[];
  unchanged: string[];
  conflicts: Array<{ stationId: string; code: 'KEY_CHANGED' | 'NAME_CLAIMED' | 'BAD_KEY'; message: string }>;
}

/** Parse an enrolment list file; throws EnrolmentFileError with what is wrong. */
export function parseEnrolmentFile(text: string, file: string): EnrolmentFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new EnrolmentFileError(`${file} is not JSON (${(err as Error).message}): expected an enrolment list exported by Steadywork.`);
  }
  const parsed = EnrolmentFile.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EnrolmentFileError(`${file} is not a Steadywork enrolment list: at ${issue?.path.join('.') || 'the top'}, ${issue?.message ?? 'invalid'}.`);
  }
  return parsed.data;
}

export class EnrolmentFileError extends Error {
  readonly code = 'ENROLMENT_FILE_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'EnrolmentFileError';
  }
}

/**
 * Take another ledger's enrolments: a station not enrolled here is enrolled with the key in the file (source
 * 'imported'); one already enrolled with the same key is unchanged; a different key than this ledger's, a name that
 * another enrolled station has, or a key whose keyId does not match it are conflicts: reported, never applied.
 */
export async function importEnrolment(conn: DuckDBConnection, doc: EnrolmentFile): Promise<EnrolmentImportResult> {
  const result: EnrolmentImportResult = { added: [], unchanged: [], conflicts: [] };
  for (const e of doc.stations) {
    let pk: string;
    try {
      pk = normalizePublicKey(e.publicKey);
      if (keyIdOf(pk) !== e.keyId) throw new Error(`keyId ${e.keyId} is not the key's (${keyIdOf(pk)})`);
    } catch (err) {
      result.conflicts.push({ stationId: e.stationId, code: 'BAD_KEY', message: `The entry for station ${e.stationId} has no usable key (${(err as Error).message}); it was not taken.` });
      continue;
    }
    const list = await enrolmentList(conn);
    const here = list.find((r) => r.stationId === e.stationId);
    if (here?.enrolment) {
      if (here.enrolment.keyId === e.keyId) result.unchanged.push(e.stationId);
      else result.conflicts.push({ stationId: e.stationId, code: 'KEY_CHANGED', message: `Station ${e.stationId} is enrolled here with key ${here.enrolment.keyId}; the list has key ${e.keyId}. Nothing was changed: check the station in person.` });
      continue;
    }
    if (here?.keyId && here.keyId !== e.keyId) {
      result.conflicts.push({ stationId: e.stationId, code: 'KEY_CHANGED', message: `This ledger verifies station ${e.stationId} with key ${here.keyId}; the list enrolled key ${e.keyId}. Nothing was changed: check the station in person.` });
      continue;
    }
    const name = here?.name ?? e.name;
    const holder = list.find((r) => r.stationId !== e.stationId && r.status === 'enrolled' && nameKey(r.name) === nameKey(name) && nameKey(name) !== '');
    if (holder) {
      result.conflicts.push({ stationId: e.stationId, code: 'NAME_CLAIMED', message: `Station ${e.stationId} is named "${name ?? ''}", like station ${holder.stationId} enrolled here. Nothing was changed: ask which computer is which.` });
      continue;
    }
    await conn.run(`INSERT INTO enrolments VALUES ($1, $2, $3, $4, $5::TIMESTAMPTZ, $6, 'imported')`, [e.stationId, e.keyId, pk, name, e.enrolledAt, e.enrolledBy]);
    result.added.push(e.stationId);
  }
  return result;
}

/** What enrolment tells the importer about a station it has not imported yet: the enrolled key (KnownStation). */
export async function enrolledKeys(conn: DuckDBConnection): Promise<Map<string, { publicKey: string; keyId: string }>> {
  const out = new Map<string, { publicKey: string; keyId: string }>();
  for (const r of await rows(conn, `SELECT station_id, public_key, key_id FROM enrolments`)) {
    out.set(String(r.station_id), { publicKey: String(r.public_key), keyId: String(r.key_id) });
  }
  return out;
}
