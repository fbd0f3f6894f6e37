/** The scorecard over the PostgreSQL ledger: compute.ts's shaping with the PostgreSQL dialect (sql-pg.ts). */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { PSEUDONYM_META_KEY } from './pseudonym';
import { scorecardWith, type ScorecardEngine } from './compute';
import { POSTGRES_SCORECARD_SQL } from './sql-pg';
import type { Scorecard, ScorecardOptions } from './types';

/** An engine on a connection to the PostgreSQL ledger (its temporary rp_ tables live as long as the connection). */
export function postgresEngine(client: pg.Client): ScorecardEngine {
  const all = async (sql: string) => {
    try {
      return (await client.query(sql)).rows as Array<Record<string, unknown>>;
    } catch (err) {
      throw new Error(`Scorecard query failed: ${err instanceof Error ? err.message : String(err)}\n${sql.trim().slice(0, 200)}`, { cause: err });
    }
  };
  return {
    sql: POSTGRES_SCORECARD_SQL,
    all,
    run: async (sql) => {
      await all(sql);
    },
    pseudonymKey: async () => {
      await client.query(`INSERT INTO meta VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [PSEUDONYM_META_KEY, randomBytes(32).toString('hex')]);
      const r = await client.query<{ value: string }>(`SELECT value FROM meta WHERE key = $1`, [PSEUDONYM_META_KEY]);
      return Buffer.from(String(r.rows[0]?.value), 'hex');
    },
  };
}

/** The scorecard of the PostgreSQL ledger on `client` (optionally of one supplier). */
export async function scorecardOnPg(client: pg.Client, opts: ScorecardOptions & { supplier?: string } = {}): Promise<Scorecard> {
  return scorecardWith(postgresEngine(client), opts);
}
