import type { DuckDBConnection } from '@duckdb/node-api';
import { enrolledKeys } from './enrolment';
import { addRememberedRow } from './remembered';
import type { KnownStation } from './station-check';

/** What the ledger already knows, from earlier imports. */
export interface KnownLedger {
  stations: Map<string, KnownStation>;
  /** Standards imported before: content hash → id and version. */
  standards: Map<string, { id: string; version: number }>;
}

/** What the ledger remembers: each station's key and head, the standards imported before. */
export async function readKnown(conn: DuckDBConnection): Promise<KnownLedger> {
  const stations = new Map<string, KnownStation>();
  // With the time of each head's event (the clock check's starting point for what comes after: event-checks.ts).
  for (const r of (await conn.runAndReadAll(`SELECT s.station_id, s.public_key, s.key_id, s.head_seq, s.head_hash, e.at_text AS head_at
      FROM stations s LEFT JOIN events e ON e.station_id = s.station_id AND e.seq = s.head_seq`)).getRowObjectsJS()) {
    stations.set(String(r.station_id), {
      publicKey: String(r.public_key), keyId: String(r.key_id), headSeq: Number(r.head_seq), headHash: String(r.head_hash),
      ...(typeof r.head_at === 'string' ? { headAt: r.head_at } : {}),
    });
  }
  // The segments verified and imported before, per station (incremental verification: remembered.ts).
  for (const r of (await conn.runAndReadAll(`SELECT station_id, name, first_seq::DOUBLE AS first_seq, last_seq::DOUBLE AS last_seq, size::DOUBLE AS size, sha256, last_hash
      FROM verified_segments ORDER BY station_id, first_seq`)).getRowObjectsJS()) {
    addRememberedRow(stations, r);
  }
  // A station enrolled (e.g. from another ledger's list) but not imported here yet: its key is the enrolled one, so a
  // share presenting another key is KEY_CHANGED from the first import on, never trusted on first use.
  for (const [id, k] of await enrolledKeys(conn)) if (!stations.has(id)) stations.set(id, { ...k, headSeq: 0, headHash: '' });
  const standards = new Map<string, { id: string; version: number }>();
  for (const r of (await conn.runAndReadAll(`SELECT hash, id, version FROM standards`)).getRowObjectsJS()) {
    standards.set(String(r.hash), { id: String(r.id), version: Number(r.version) });
  }
  return { stations, standards };
}
