import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from './db';
import { DEFAULT_SUPPLIER } from './supplier';

/**
 * The DuckDB ledger's station → supplier rows (table station_suppliers), written in the import's transaction. A
 * station keeps the supplier it was first imported for; without a supplier it gets DEFAULT_SUPPLIER.
 */
export async function rememberSuppliers(conn: DuckDBConnection, stations: string[], supplier: string | undefined): Promise<void> {
  if (stations.length === 0) return;
  const s = sqlString(supplier ?? DEFAULT_SUPPLIER);
  await conn.run(`INSERT INTO station_suppliers VALUES ${stations.map((id) => `(${sqlString(id)}, ${s})`).join(', ')} ON CONFLICT (station_id) DO NOTHING`);
}

export { supplierOfStationSql } from './supplier';
