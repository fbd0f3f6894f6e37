/**
 * The e2e tests of the PostgreSQL ledger (procurement-pg*.spec.ts): a real, throw-away server (scripts/pg-test-cluster.mjs,
 * or the one at STEADYWORK_TEST_PG_URL), a database of the test's own owned by a login role of its own, and the steps
 * a person takes on the procurement screen to reach it. No server: beforeAll fails with the reason (never skipped).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import pg from 'pg';
import { withUrl } from '../test/support/pg-url';
import { expect, FIXTURE_SUPERVISOR, LONG_OPERATION, rootDir } from './fixtures';

export { withUrl };

export interface PgTestServer {
  /** The superuser's address (to set up and to read the ledger behind the screen's back). */
  adminUrl: string;
  /** The test's own database, owned by the first role given. */
  dbName: string;
  /** The ledger's address as a person types it: the owner role, no password (typed in its own field). */
  ledgerUrl: string;
  /** The roles' password: it must never appear on the page. */
  secret: string;
  admin(sql: string): Promise<void>;
  /** Drops the database and stops the server this started (not one given by STEADYWORK_TEST_PG_URL). */
  stop(): Promise<void>;
}

/**
 * A server, a new database and the login roles `roles` (all with one random password; the first owns the database).
 * A server given by STEADYWORK_TEST_PG_URL may be shared by specs running at once: give each spec roles of its own.
 */
export async function startPgTestServer(roles: string[]): Promise<PgTestServer> {
  let cluster: { url: string; stop(): void } | null = null;
  let adminUrl = process.env.STEADYWORK_TEST_PG_URL ?? '';
  if (!adminUrl) {
    const mod = (await import(pathToFileURL(path.join(rootDir, 'scripts', 'pg-test-cluster.mjs')).href)) as { startPgCluster(o: object): Promise<{ url: string; stop(): void }> };
    try {
      cluster = await mod.startPgCluster({});
    } catch (err) {
      throw new Error(`No PostgreSQL server for this test: ${err instanceof Error ? err.message : String(err)} (README: "PostgreSQL tests").`, { cause: err });
    }
    adminUrl = cluster.url;
  }
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const secret = `pw-${randomBytes(6).toString('hex')}`;
  const dbName = `e2e_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${dbName}`);
  for (const role of roles) await admin(`CREATE ROLE ${role} LOGIN PASSWORD '${secret}'`).catch(() => admin(`ALTER ROLE ${role} PASSWORD '${secret}'`));
  await admin(`ALTER DATABASE ${dbName} OWNER TO ${roles[0] as string}`);
  return {
    adminUrl,
    dbName,
    ledgerUrl: withUrl(adminUrl, { database: dbName, user: roles[0] as string, password: '' }),
    secret,
    admin,
    async stop() {
      await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
      cluster?.stop();
    },
  };
}

/** Settings (status bar) → supervisor PIN → Import and scorecards. */
export async function openProcurement(page: Page) {
  await page.locator('.sw-bar__btn').last().click();
  await page.locator('#pin').fill(FIXTURE_SUPERVISOR.pin);
  await page.getByTestId('unlock').click();
  await page.getByTestId('open-procurement').click();
  await expect(page.locator('#share-path')).toBeVisible();
}

/** The ledger form: "a PostgreSQL server", its address and password typed, Use this ledger. */
export async function chooseServer(page: Page, url: string, password?: string) {
  await page.locator('#ledger-kind-postgres').check();
  await page.locator('#pg-url').fill(url);
  await page.locator('#pg-password').fill(password ?? '');
  await page.getByTestId('ledger-use').click();
}

/** Enrol every station awaiting enrolment through the screen: Enrol → Yes, each in turn. */
export async function enrolAll(page: Page) {
  const waiting = page.locator('[data-testid="enrolment-station"][data-status="awaiting"]');
  await expect(page.getByTestId('enrolment-station').first()).toBeVisible(LONG_OPERATION);
  for (let n = await waiting.count(); n > 0; n--) {
    await waiting.first().getByTestId('enrol').click();
    await page.getByTestId('enrol-yes').click();
    await expect(waiting).toHaveCount(n - 1);
  }
}
