/**
 * Artisans appear in procurement's exports only as pseudonyms: "artisan-" + the first 12 hex digits of
 * HMAC-SHA256(actor id) under a random 256-bit key kept in the ledger's `meta` table (key 'pseudonym_key').
 * The same artisan has the same pseudonym in every export of that ledger; another ledger gives other pseudonyms,
 * and without the key (never exported) a pseudonym cannot be checked against a guessed name.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';

export const PSEUDONYM_META_KEY = 'pseudonym_key';

export async function ensurePseudonymKey(conn: DuckDBConnection): Promise<Buffer> {
  const read = async () => (await conn.runAndReadAll(`SELECT value FROM meta WHERE key = '${PSEUDONYM_META_KEY}'`)).getRowObjectsJS()[0]?.value;
  let v = await read();
  if (v === undefined || v === null) {
    await conn.run(`INSERT INTO meta VALUES ('${PSEUDONYM_META_KEY}', '${randomBytes(32).toString('hex')}') ON CONFLICT DO NOTHING`);
    v = await read();
  }
  return Buffer.from(String(v), 'hex');
}

export function pseudonym(key: Buffer, actor: string): string {
  return `artisan-${createHmac('sha256', key).update(actor, 'utf8').digest('hex').slice(0, 12)}`;
}
