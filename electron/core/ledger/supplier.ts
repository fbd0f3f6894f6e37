import path from 'node:path';
import { MAX_IDENTITY_BYTES, readShareFile, ShareReadError } from '../files/share-read';
import { checkSupplierName, SHARE_SUPPLIER_FILE, SupplierError } from '../sync/layout';

/**
 * Which supplier a shared folder belongs to (issue 12, docs/ledger-pg.md "Suppliers"): `--supplier NAME` on import,
 * else `supplier.json` at the share's root ({"supplier": "Acme Cartons"}), written by the share's stations (named at
 * first-day set-up or in Settings; core/sync/share-supplier.ts writes it create-only, never replacing one).
 * One ledger (DuckDB or PostgreSQL) holds many suppliers; every event, station and import carries its supplier.
 * The file's name and the name rule are sync/layout.ts's (shared with the station that writes it).
 */

/** The supplier of events imported before suppliers existed, and of a share that names none (DuckDB only). */
export const DEFAULT_SUPPLIER = 'default';

/** SQL: DEFAULT_SUPPLIER as a literal. */
export const DEFAULT_SUPPLIER_SQL = `'${DEFAULT_SUPPLIER.replace(/'/g, "''")}'`;

/** SQL: the supplier of the station in column `stationCol` (DEFAULT_SUPPLIER when none is recorded; DuckDB ledger). */
export function supplierOfStationSql(stationCol: string): string {
  return `coalesce((SELECT ss.supplier FROM station_suppliers ss WHERE ss.station_id = ${stationCol}), ${DEFAULT_SUPPLIER_SQL})`;
}

export { checkSupplierName, SHARE_SUPPLIER_FILE, SupplierError } from '../sync/layout';

/**
 * The supplier of a share: `given` (the --supplier option) wins; else the share's supplier.json; else null (the
 * caller decides: the DuckDB ledger uses DEFAULT_SUPPLIER, the PostgreSQL ledger asks for one).
 */
export async function resolveSupplier(shareDir: string, given?: string): Promise<string | null> {
  if (given !== undefined) return checkSupplierName(given, '--supplier');
  const file = path.join(path.resolve(shareDir), SHARE_SUPPLIER_FILE);
  let text: string;
  try {
    // The share reader: a link, FIFO or oversized file is refused, never followed or waited on.
    text = (await readShareFile(file, MAX_IDENTITY_BYTES)).toString('utf8');
  } catch (err) {
    if (err instanceof ShareReadError && err.code === 'MISSING') return null;
    const found = err instanceof ShareReadError ? err.found : ((err as NodeJS.ErrnoException).code ?? String(err));
    throw new SupplierError(`${file} cannot be read (${found}): expected a file {"supplier": "NAME"}; check the shared folder (and its permissions), or give --supplier NAME.`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new SupplierError(`${file} is not valid JSON: expected {"supplier": "NAME"}. Fix the file, or give --supplier NAME.`);
  }
  const name = typeof doc === 'object' && doc !== null ? (doc as { supplier?: unknown }).supplier : undefined;
  if (typeof name !== 'string') throw new SupplierError(`${file} has no "supplier" name: expected {"supplier": "NAME"}. Fix the file, or give --supplier NAME.`);
  return checkSupplierName(name, file);
}
