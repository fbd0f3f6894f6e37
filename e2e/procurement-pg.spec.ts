/**
 * The Procurement screen with the organisation's PostgreSQL ledger (issue 12), end to end on the browser harness
 * against a real, throw-away server (scripts/pg-test-cluster.mjs, or STEADYWORK_TEST_PG_URL): a wrong address, a
 * server that is down and a role without rights are each told at the address field, with the password never on the
 * page; the right address is kept without its password shown; two suppliers' shares are imported into it, their
 * stations enrolled, the suppliers compared side by side and filtered by supplier, and the ledger exported as Parquet
 * (read back with DuckDB: every event once, by supplier). No server: the test fails
 * with the reason (never skipped).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { axe, checkTargets } from './a11y-checks';
import { call, expect, FIXTURE_SUPERVISOR, LONG_OPERATION, openStation, rootDir, screensDir, test } from './fixtures';
import { chooseServer, enrolAll, openProcurement, startPgTestServer, withUrl, type PgTestServer } from './pg-support';

test.use({ timezoneId: 'Asia/Kolkata' });
test.describe.configure({ timeout: 240_000 });

const PIN = FIXTURE_SUPERVISOR.pin;
const SIMULATE_MS = 150_000;

let root: string;
let acme: string;
let bharat: string;
let server: PgTestServer | null = null;
let adminUrl = '';
let dbName = '';
let ledgerUrl = '';
/** The password of the test roles: it must never appear on the page. */
let SECRET = '';

test.beforeAll(async () => {
  server = await startPgTestServer(['sw_procurement', 'sw_norights']);
  ({ adminUrl, dbName, ledgerUrl, secret: SECRET } = server);

  root = await mkdtemp(path.join(os.tmpdir(), 'steadywork-e2e-pg-'));
  acme = path.join(root, 'acme');
  bharat = path.join(root, 'bharat');
  const cli = path.join(rootDir, 'dist', 'cli', 'steadywork.cjs');
  execFileSync(process.execPath, [cli, 'simulate', '--share', acme, '--stations', '2', '--days', '3', '--seed', '5'], { stdio: 'ignore', timeout: SIMULATE_MS });
  execFileSync(process.execPath, [cli, 'simulate', '--share', bharat, '--stations', '2', '--days', '3', '--seed', '9'], { stdio: 'ignore', timeout: SIMULATE_MS });
  // Acme's share says whose it is; Bharat's does not (its supplier is typed on the screen).
  await writeFile(path.join(acme, 'supplier.json'), JSON.stringify({ supplier: 'Acme Cartons' }));
});

test.afterAll(async () => {
  await server?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

test('the PostgreSQL ledger: wrong address, server down, no rights, then import two suppliers and compare them', async ({ page, harness, dataDir, pageErrors }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openStation(page, harness);
  await openProcurement(page);
  await expect(page.getByTestId('ledger-current')).toHaveText('The ledger now is the file on this computer.');

  // Not an address: told at the field, with the summary taking the focus.
  await chooseServer(page, 'http://db.example/steadywork');
  await expect(page.locator('#pg-url-error')).toContainText('This is not a PostgreSQL address.');
  // A server that is down (a port where nothing listens).
  await chooseServer(page, withUrl(ledgerUrl, { port: 1 }), SECRET);
  await expect(page.locator('#pg-url-error')).toContainText('No PostgreSQL server answers at this address.', LONG_OPERATION);
  await expect(page.getByTestId('ledger-error')).toContainText('127.0.0.1:1');
  // A role that may not create the ledger's tables.
  await chooseServer(page, withUrl(ledgerUrl, { user: 'sw_norights' }), SECRET);
  await expect(page.locator('#pg-url-error')).toContainText('This user may not do this in the database.', LONG_OPERATION);
  await expect(page.getByTestId('ledger-error')).toContainText('sw_norights');
  // A wrong password.
  await chooseServer(page, ledgerUrl, 'not-the-password');
  await expect(page.locator('#pg-url-error')).toContainText('The server refused the user name or password.', LONG_OPERATION);
  await expect(page.locator('body')).not.toContainText('not-the-password');
  await page.getByTestId('ledger-choice').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, 'procurement-pg-error-1366.png') });

  // The right one: kept, shown without its password.
  await chooseServer(page, ledgerUrl, SECRET);
  await expect(page.getByTestId('ledger-current')).toContainText(`(password kept, not shown)`, LONG_OPERATION);
  await expect(page.getByTestId('ledger-current')).toContainText(`sw_procurement@`);
  // Kept in the station's settings (a 0600 file), with its password: the next start uses the same ledger.
  expect(await readFile(path.join(dataDir, 'settings.json'), 'utf8')).toContain('"procurementPg"');

  // Acme's share names its supplier.
  await page.locator('#share-path').fill(acme);
  await page.getByTestId('import').click();
  await expect(page.getByTestId('integrity-report')).toContainText('All 2 stations were verified.', LONG_OPERATION);
  // Nothing enrolled yet: the scorecards say so, and how to enrol (not an empty period or "no runs").
  await expect(page.getByTestId('none-enrolled')).toContainText('No station is enrolled yet. The records of 2 stations are imported', LONG_OPERATION);
  await expect(page.getByTestId('none-enrolled')).toContainText('steadywork enrol');
  await page.getByTestId('none-enrolled').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, 'procurement-pg-none-enrolled-1366.png') });
  await enrolAll(page);
  await expect(page.getByTestId('none-enrolled')).toHaveCount(0, LONG_OPERATION);
  // Bharat's share does not: without a supplier it is refused in words; with one it is imported.
  await page.locator('#share-path').fill(bharat);
  await page.getByTestId('import').click();
  await expect(page.getByTestId('import-failed')).toContainText('does not say which supplier it belongs to', LONG_OPERATION);
  await page.locator('#import-supplier').fill('Bharat Boxes');
  await page.getByTestId('import').click();
  await expect(page.getByTestId('integrity-report')).toContainText('All 2 stations were verified.', LONG_OPERATION);
  await enrolAll(page);
  await expect(page.locator('[data-testid="enrolment-station"][data-status="enrolled"]')).toHaveCount(4);

  // Side by side: one row per supplier, then their stations.
  const suppliers = page.getByTestId('suppliers-table');
  await expect(suppliers.locator('tbody tr')).toHaveCount(2, LONG_OPERATION);
  await expect(suppliers.locator('tbody tr').nth(0)).toHaveAttribute('data-supplier', 'Acme Cartons');
  await expect(suppliers.locator('tbody tr').nth(1)).toHaveAttribute('data-supplier', 'Bharat Boxes');
  await expect(page.getByTestId('supplier-stations-table').locator('tbody tr')).toHaveCount(4);
  await expect(suppliers).toContainText('done');
  await page.getByTestId('suppliers').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, 'procurement-pg-suppliers-1366.png') });
  await axe(page, 'procurement with suppliers side by side');
  await checkTargets(page, 'procurement with suppliers side by side');

  // Filter by supplier: only Bharat's row and stations, and the scorecards below are Bharat's.
  await page.getByTestId('supplier-filter').selectOption('Bharat Boxes');
  await expect(suppliers.locator('tbody tr')).toHaveCount(1, LONG_OPERATION);
  await expect(page.locator('[data-testid="supplier-stations-table"] tbody tr[data-supplier="Bharat Boxes"]')).toHaveCount(2);
  await expect(page.locator('[data-testid="supplier-stations-table"] tbody tr[data-supplier="Acme Cartons"]')).toHaveCount(0);
  await expect(page.getByTestId('score-station')).toHaveCount(2, LONG_OPERATION);

  // Parquet of the PostgreSQL ledger, as of the DuckDB one: every supplier's events, by supplier and month; read back
  // with DuckDB, every event of the ledger once.
  const parquet = path.join(dataDir, 'out', 'ledger-parquet');
  await page.locator('#export-format-parquet').check();
  await expect(page.locator('#export-path-hint')).toContainText('by supplier and month');
  await page.locator('#export-path').fill(parquet);
  await page.getByTestId('export').click();
  await expect(page.getByTestId('export-done')).toContainText(path.join(parquet, 'README.txt'), LONG_OPERATION);
  expect((await readdir(path.join(parquet, 'events'))).sort()).toEqual(['supplier=Acme%20Cartons', 'supplier=Bharat%20Boxes']);
  const ledgerCounts = new pg.Client({ connectionString: withUrl(adminUrl, { database: dbName }) });
  await ledgerCounts.connect();
  const inLedger = (await ledgerCounts.query<{ supplier: string; n: number }>('SELECT supplier, count(*)::int AS n FROM events GROUP BY supplier ORDER BY supplier')).rows;
  await ledgerCounts.end();
  const duck = await DuckDBInstance.create(':memory:');
  const dc = await duck.connect();
  const inParquet = (await dc.runAndReadAll(`SELECT supplier, count(*)::INTEGER AS n FROM read_parquet('${path.join(parquet, 'events', '**', '*.parquet')}', hive_partitioning = true) GROUP BY supplier ORDER BY supplier`)).getRowObjectsJS();
  dc.closeSync();
  duck.closeSync();
  expect(inLedger.length).toBe(2);
  expect(inParquet).toEqual(inLedger.map((r) => ({ supplier: r.supplier, n: r.n })));
  await page.getByTestId('export-done').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, 'procurement-pg-parquet-1366.png') });

  // The password is nowhere on the page, in any state.
  expect(await page.content()).not.toContain(SECRET);

  // In Hindi, after a restart of the page: the kept ledger is used at once, its suppliers side by side.
  const { session } = await call<{ session: string }>(harness, 'supervisor.unlock', { pin: PIN });
  await call(harness, 'settings.update', { session, settings: { language: 'hi' } });
  await call(harness, 'supervisor.lock', { session });
  await openStation(page, harness);
  await openProcurement(page);
  await expect(page.getByTestId('ledger-current')).toContainText('sw_procurement@');
  await expect(page.locator('#ledger-kind-postgres')).toBeChecked();
  await expect(page.getByTestId('suppliers-table').locator('tbody tr')).toHaveCount(2, LONG_OPERATION);
  await page.getByTestId('ledger-choice').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, 'procurement-pg-ledger-hi-1366.png') });
  await page.getByTestId('suppliers').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, 'procurement-pg-suppliers-hi-1366.png') });
  await axe(page, 'procurement with suppliers side by side, Hindi');
  expect(await page.content()).not.toContain(SECRET);
  expect(pageErrors).toEqual([]);
});
