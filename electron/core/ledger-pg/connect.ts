import pg from 'pg';
import { MIGRATIONS, PG_LEDGER_SCHEMA_VERSION } from './migrations';

/**
 * Connecting to the PostgreSQL ledger: the address checked and shown without its password, every failure said in
 * words (which server, what went wrong, what to do), and the schema brought up to date by the migrations.
 */
export type PgLedgerErrorCode =
  | 'PG_ADDRESS_INVALID' | 'PG_UNREACHABLE' | 'PG_HOST_UNKNOWN' | 'PG_TIMEOUT' | 'PG_LOGIN_REFUSED' | 'PG_NO_DATABASE' | 'PG_NO_RIGHTS'
  | 'PG_CONNECTION_LOST' | 'PG_SCHEMA_NEWER' | 'PG_IMPORT_RUNNING' | 'PG_FAILED';

export class PgLedgerError extends Error {
  /** What kind of failure (the screen words it in the user's language; the message is English, without the password). */
  readonly code: PgLedgerErrorCode;
  constructor(message: string, options?: { cause?: unknown; code?: PgLedgerErrorCode }) {
    super(message, options);
    this.name = 'PgLedgerError';
    this.code = options?.code ?? 'PG_FAILED';
  }
}

/** The address without its password (for messages, logs and the screen). */
export function redactPgUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '';
    return u.toString().replace(/^(postgres(?:ql)?:\/\/[^:@/]*):@/, '$1@');
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1@');
  }
}

/** Checks that `url` is a postgres:// address; returns the parts messages name. */
export function parsePgUrl(url: string): { host: string; port: string; database: string; user: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new PgLedgerError(`"${redactPgUrl(url)}" is not a PostgreSQL address: write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE.`, { code: 'PG_ADDRESS_INVALID' });
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new PgLedgerError(`"${redactPgUrl(url)}" is not a PostgreSQL address (it starts with ${u.protocol}//): write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE.`, { code: 'PG_ADDRESS_INVALID' });
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!u.hostname || !database) {
    throw new PgLedgerError(`"${redactPgUrl(url)}" names no ${u.hostname ? 'database' : 'server'}: write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE.`, { code: 'PG_ADDRESS_INVALID' });
  }
  return { host: u.hostname, port: u.port || '5432', database, user: decodeURIComponent(u.username) || '(your login name)' };
}

type PgErr = Error & { code?: string };

const LOST_CODES = new Set(['57P01', '57P02', '57P03', 'ECONNRESET', 'EPIPE', '08006', '08003', '08000']);

/** Whether an error means the server went away (the connection is gone). */
export function isConnectionLost(err: unknown): boolean {
  const e = err as PgErr;
  return (e?.code !== undefined && LOST_CODES.has(e.code)) || /Connection terminated|connection .*(closed|ended)|not queryable/i.test(e?.message ?? '');
}

/** A PostgreSQL or network error in words, naming the server (never the password). */
export function describePgError(err: unknown, url: string, doing: string): PgLedgerError {
  if (err instanceof PgLedgerError) return err;
  const e = err as PgErr;
  let where = redactPgUrl(url);
  let p: ReturnType<typeof parsePgUrl> | null = null;
  try {
    p = parsePgUrl(url);
    where = `${p.host}:${p.port}`;
  } catch { /* keep the redacted address */ }
  const raw = (e?.message ?? String(err)).replace(/:\/\/[^@\s]*@/g, '://…@');
  const code = e?.code ?? '';
  let msg: string;
  let kind: PgLedgerErrorCode = 'PG_FAILED';
  if (code === 'ECONNREFUSED') kind = 'PG_UNREACHABLE';
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') kind = 'PG_HOST_UNKNOWN';
  else if (code === 'ETIMEDOUT' || /timeout/i.test(raw)) kind = 'PG_TIMEOUT';
  else if (code === '28P01' || code === '28000') kind = 'PG_LOGIN_REFUSED';
  else if (code === '3D000') kind = 'PG_NO_DATABASE';
  else if (code === '42501') kind = 'PG_NO_RIGHTS';
  else if (isConnectionLost(err)) kind = 'PG_CONNECTION_LOST';
  if (code === 'ECONNREFUSED') msg = `No PostgreSQL server answers at ${where} (connection refused): start the server, or check the host and port in the address.`;
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') msg = `The server name ${p?.host ?? where} is not known (${code}): check the host in the address.`;
  else if (code === 'ETIMEDOUT' || /timeout/i.test(raw)) msg = `The PostgreSQL server at ${where} did not answer in time: check the address and the network.`;
  else if (code === '28P01' || code === '28000') msg = `The PostgreSQL server at ${where} refused the login of "${p?.user ?? '?'}" (${raw}): check the user name and password.`;
  else if (code === '3D000') msg = `The PostgreSQL server at ${where} has no database "${p?.database ?? '?'}": create it (createdb ${p?.database ?? 'NAME'}) or check the address.`;
  else if (code === '42501') msg = `The role "${p?.user ?? '?'}" may not ${doing} in database "${p?.database ?? '?'}" at ${where} (${raw}): ask the database's owner to grant it the rights (see docs/ledger-pg.md, "Rights"), or use the role that owns the ledger.`;
  else if (isConnectionLost(err)) msg = `The connection to the PostgreSQL server at ${where} was lost while trying to ${doing} (${raw}).`;
  else msg = `PostgreSQL at ${where} failed to ${doing}: ${raw}${code ? ` (code ${code})` : ''}.`;
  return new PgLedgerError(msg, { cause: err, code: kind });
}

/** Connect, with every failure as a PgLedgerError. The session works in UTC (months of partitions are UTC months). */
export async function connectPg(url: string, opts: { applicationName?: string; connectTimeoutMs?: number } = {}): Promise<pg.Client> {
  parsePgUrl(url);
  const client = new pg.Client({ connectionString: url, application_name: opts.applicationName ?? 'steadywork', connectionTimeoutMillis: opts.connectTimeoutMs ?? 15_000 });
  // An error on an idle client (server gone) must not crash the process: the next query reports it.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(`SET TIME ZONE 'UTC'`);
  } catch (err) {
    await client.end().catch(() => undefined);
    throw describePgError(err, url, 'connect');
  }
  return client;
}

/** A 64-bit key for the advisory lock that lets one import (or migration) at a time write to the ledger. */
export const LEDGER_LOCK = 0x5354_4457; // 'STDW'

/** Apply the migrations not yet applied (under the ledger's lock). Returns the schema version. */
export async function migrate(client: pg.Client, url: string): Promise<number> {
  try {
    // Created only when missing: a role that may only read an existing ledger has no right to CREATE, even IF NOT EXISTS.
    const has = (await client.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`)).rows[0]?.t;
    if (!has) await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  } catch (err) {
    throw describePgError(err, url, 'create the ledger\'s tables');
  }
  const applied = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)));
  const newer = [...applied].filter((v) => v > PG_LEDGER_SCHEMA_VERSION);
  if (newer.length > 0) {
    throw new PgLedgerError(`The ledger at ${redactPgUrl(url)} has schema version ${Math.max(...newer)}; this program knows versions up to ${PG_LEDGER_SCHEMA_VERSION}: use a newer Steadywork.`, { code: 'PG_SCHEMA_NEWER' });
  }
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [LEDGER_LOCK]);
      const again = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (again.rowCount === 0) {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw describePgError(err, url, `create the ledger's tables (migration ${m.version})`);
    }
  }
  return PG_LEDGER_SCHEMA_VERSION;
}

/** Connect and bring the schema up to date. */
export async function openPgLedger(url: string): Promise<pg.Client> {
  const client = await connectPg(url);
  try {
    await migrate(client, url);
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  return client;
}
