/**
 * Which ledger procurement uses (issue 12): the DuckDB file in the data folder, or the organisation's PostgreSQL
 * ledger whose address is kept in the station's settings (`procurementPg`). The address goes to the screen, to errors
 * and to logs only without its password (redactPgUrl); the screen never gets the password back.
 */
import type pg from 'pg';
import type { LedgerChoice } from '../../contract';
import { fail, ok, type ErrorInfo, type Result } from '../../contract/result';
import { connectPg, describePgError, openPgLedger, PgLedgerError, redactPgUrl } from '../ledger-pg';
import { SupplierError } from '../ledger/supplier';

export function pgChoice(url: string): LedgerChoice {
  let hasPassword = false;
  try {
    hasPassword = new URL(url).password !== '';
  } catch { /* not a URL: no password shown anyway */ }
  return { kind: 'postgres', address: redactPgUrl(url), hasPassword };
}

/**
 * The address to keep: `typed` as given, except that an address typed without a password, for the same user, server
 * and database as the one kept, keeps the kept password (the screen shows the address without it, so re-choosing it
 * must not lose it).
 */
export function withKeptPassword(typed: string, kept: string | undefined): string {
  if (!kept) return typed;
  try {
    const t = new URL(typed);
    const k = new URL(kept);
    if (t.password || !k.password) return typed;
    if (t.username !== k.username || t.host !== k.host || t.pathname !== k.pathname) return typed;
    t.password = k.password;
    return t.toString();
  } catch {
    return typed;
  }
}

/** The address with `password` in it (an address that is not a URL is left as it is: parsePgUrl words that). */
export function withPassword(url: string, password: string): string {
  try {
    const u = new URL(url);
    u.password = password;
    return u.toString();
  } catch {
    return url;
  }
}

/** A PostgreSQL failure for the screen: its kind as the code, its English words (never with the password). */
export function pgFailure(err: unknown, url: string, doing: string): ErrorInfo {
  if (err instanceof SupplierError) return { code: 'NO_SUPPLIER', message: err.message };
  const e = err instanceof PgLedgerError ? err : describePgError(err, url, doing);
  return { code: e.code, message: e.message };
}

/**
 * Check a PostgreSQL address before keeping it: connect, bring the schema up to date (the migrations: rights to create
 * the tables the first time), and read the ledger (rights to read). Every failure in words.
 */
export async function checkPgLedger(url: string): Promise<Result<void>> {
  let client: pg.Client | null = null;
  try {
    client = await openPgLedger(url);
    await client.query('SELECT count(*) FROM suppliers');
    await client.query('SELECT 1 FROM events LIMIT 1');
    return ok(undefined);
  } catch (err) {
    const f = pgFailure(err, url, 'read the ledger');
    return fail(f.code, f.message);
  } finally {
    await client?.end().catch(() => undefined);
  }
}

/** Run `work` on a connection to the PostgreSQL ledger (closed afterwards); failures as PgLedgerError. */
export async function withPgClient<T>(url: string, doing: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectPg(url);
  try {
    return await work(client);
  } catch (err) {
    throw err instanceof PgLedgerError || !(err as { code?: unknown })?.code ? err : describePgError(err, url, doing);
  } finally {
    await client.end().catch(() => undefined);
  }
}
