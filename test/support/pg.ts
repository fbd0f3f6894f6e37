/**
 * The PostgreSQL server of the tests (test/support/pg-global-setup.ts): a fresh database per call, dropped by the
 * caller's `drop()`. Without a server, it throws a one-line reason, so the test fails and says why (never skipped).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { withUrl } from './pg-url';

export function testPgUrl(): string {
  const url = process.env.STEADYWORK_TEST_PG_URL || inject('pgUrl');
  if (!url) {
    throw new Error(`No PostgreSQL server for this test: ${inject('pgUnavailable') || 'STEADYWORK_TEST_PG_URL is not set'} (README: "PostgreSQL tests").`);
  }
  return url;
}

export { withUrl };

/** Run SQL as the server's superuser on its maintenance database. */
export async function adminQuery(sql: string, database?: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: database ? withUrl(testPgUrl(), { database }) : testPgUrl() });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new empty database for one test; `drop()` removes it (call it in a finally). */
export async function freshDatabase(prefix = 't'): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  return {
    name,
    url: withUrl(testPgUrl(), { database: name }),
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
