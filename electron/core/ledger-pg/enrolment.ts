/**
 * Station enrolment in the PostgreSQL ledger (docs/ledger-pg.md, "Enrolment"): the DuckDB ledger's rules
 * (ledger/enrolment.ts: shapeEnrolment, enrollable) over the tables of migration 3. A station counts in no scorecard
 * until procurement enrolled it; NAME_CLAIMED is per supplier; KEY_CHANGED when the key is not the enrolled one or
 * its supplier's last import met another key.
 */
import type pg from 'pg';
import { enrollable, shapeEnrolment, STATION_NAMED, type EnrolmentRow, type StationName } from '../ledger/enrolment';

type Raw = Record<string, unknown>;
export type PgEnrolmentRow = EnrolmentRow & { supplier: string };

const C = 'COLLATE "C"';

async function rows(client: pg.Client, sql: string, params: unknown[] = []): Promise<Raw[]> {
  return (await client.query(sql, params)).rows as Raw[];
}

/** Set the stored name of a supplier's stations to their latest signed name (after every import). */
export async function applySignedNamesPg(client: pg.Client, supplier: string): Promise<void> {
  await client.query(`UPDATE stations s SET name = n.name FROM (
      SELECT DISTINCT ON (station_id) station_id, value #>> '{}' AS name FROM events
      WHERE supplier = $1 AND type = '${STATION_NAMED}' AND jsonb_typeof(value) = 'string' ORDER BY station_id, seq DESC
    ) n WHERE s.supplier = $1 AND s.station_id = n.station_id AND s.name IS DISTINCT FROM n.name`, [supplier]);
}

/** Every station of the ledger (of one supplier, if given) with its enrolment, status and alarms. */
export async function enrolmentListPg(client: pg.Client, opts: { supplier?: string; keyChanged?: ReadonlySet<string> } = {}): Promise<PgEnrolmentRow[]> {
  const params = opts.supplier !== undefined ? [opts.supplier] : [];
  const sup = (col: string) => (opts.supplier !== undefined ? `${col} = $1` : 'true');
  const names = new Map<string, StationName[]>();
  for (const r of await rows(client, `SELECT station_id, seq, at_text, value #>> '{}' AS name, data->>'signer' AS signer
      FROM events WHERE ${sup('supplier')} AND type = '${STATION_NAMED}' AND jsonb_typeof(value) = 'string' ORDER BY station_id ${C}, seq`, params)) {
    const id = String(r.station_id);
    const list = names.get(id) ?? [];
    list.push({ name: String(r.name), at: String(r.at_text), seq: Number(r.seq), signer: r.signer === null || r.signer === undefined ? null : String(r.signer) });
    names.set(id, list);
  }
  const keyChanged = opts.keyChanged ?? new Set((await rows(client, `SELECT DISTINCT p.station_id FROM import_problems p
      JOIN (SELECT supplier, max(import_id) AS id FROM imports GROUP BY supplier) l ON l.supplier = p.supplier AND l.id = p.import_id
      WHERE p.code = 'KEY_CHANGED' AND ${sup('p.supplier')}`, params)).map((r) => String(r.station_id)));
  const found = await rows(client, `
    SELECT coalesce(s.station_id, e.station_id) AS station_id, s.name, s.key_id, s.public_key, s.last_imported_at,
           e.key_id AS e_key_id, e.public_key AS e_public_key, e.name AS e_name, e.enrolled_at, e.enrolled_by, e.source,
           -- a station's events are seq 1 to its head, without gaps (as the DuckDB ledger: no count over every event)
           coalesce(s.head_seq, 0) AS events, coalesce(s.supplier, e.supplier) AS supplier
    FROM stations s FULL OUTER JOIN enrolments e ON e.supplier = s.supplier AND e.station_id = s.station_id
    WHERE ${sup('coalesce(s.supplier, e.supplier)')}
    ORDER BY coalesce(s.supplier, e.supplier) ${C}, coalesce(s.name, e.name, s.station_id, e.station_id) ${C}`, params);
  return shapeEnrolment(found, names, keyChanged);
}

/** Enrol a station of the PostgreSQL ledger (the same rules as enrolStation in ledger/enrolment.ts). */
export async function enrolStationPg(client: pg.Client, args: { stationId: string; keyId: string; by: string; nowIso?: string }): Promise<PgEnrolmentRow> {
  const row = enrollable(await enrolmentListPg(client), args);
  if (row.status === 'enrolled') return row;
  const r = await client.query(
    `INSERT INTO enrolments (supplier, station_id, key_id, public_key, name, enrolled_at, enrolled_by, source)
     SELECT supplier, station_id, key_id, public_key, $3, $4::timestamptz, $5, 'here' FROM stations WHERE supplier = $1 AND station_id = $2
     ON CONFLICT (supplier, station_id) DO UPDATE SET key_id = excluded.key_id, public_key = excluded.public_key, name = excluded.name,
       enrolled_at = excluded.enrolled_at, enrolled_by = excluded.enrolled_by, source = excluded.source`,
    [row.supplier, args.stationId, row.name, args.nowIso ?? new Date().toISOString(), args.by],
  );
  if (r.rowCount !== 1) throw new Error(`Station ${args.stationId} was not enrolled: it is no longer in the ledger.`);
  return (await enrolmentListPg(client, { supplier: row.supplier })).find((x) => x.stationId === args.stationId) as PgEnrolmentRow;
}
