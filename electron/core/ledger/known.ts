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
  for (const r of (await conn.runAndReadAll(`SELECT station_id, public_key, key_id, head_seq, head_hash FROM stations`)).getRowObjectsJS()) {
    stations.set(String(r.station_id), { publicKey: String(r.public_key), keyId: String(r.key_id), headSeq: Number(r.head_seq), headHash: String(r.head_hash) });
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
