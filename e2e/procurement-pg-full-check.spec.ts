/**
 * "Check every file again" on the PostgreSQL ledger, through the procurement screen (issue 12, What to build 5): a
 * share imported into a real, throw-away server; then the supplier rewrites a segment imported before (the same size,
 * one measured value changed). A normal import does not read the segments it remembers, so it reports nothing and
 * changes nothing; an import with "Check every file again" names the station and the file and says that records
 * imported before were changed (HISTORY_REWRITTEN); the station is refused and the scorecard's figures stay those
 * of the events imported before. Screenshots at 1366×768, in English, and in Hindi at 200 % text.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import pg from 'pg';
import { axe } from './a11y-checks';
import { call, expect, FIXTURE_SUPERVISOR, LONG_OPERATION, openStation, rootDir, screensDir, test } from './fixtures';
import { chooseServer, enrolAll, openProcurement, startPgTestServer, withUrl, type PgTestServer } from './pg-support';

test.use({ timezoneId: 'Asia/Kolkata' });
test.describe.configure({ timeout: 240_000 });

const SIMULATE_MS = 150_000;
const SUPPLIER = 'Acme Cartons';

let root: string;
let share: string;
let server: PgTestServer;

test.beforeAll(async () => {
  // A role of its own: a server given by STEADYWORK_TEST_PG_URL may serve procurement-pg.spec.ts at the same time.
  server = await startPgTestServer(['sw_full_check']);
  root = await mkdtemp(path.join(os.tmpdir(), 'steadywork-e2e-pg-full-'));
  share = path.join(root, 'share');
  execFileSync(process.execPath, [path.join(rootDir, 'dist', 'cli', 'steadywork.cjs'), 'simulate', '--share', share, '--stations', '2', '--days', '3', '--seed', '5'], {
    stdio: 'ignore',
    timeout: SIMULATE_MS,
  });
  await writeFile(path.join(share, 'supplier.json'), JSON.stringify({ supplier: SUPPLIER }));
});

test.afterAll(async () => {
  await server?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

/**
 * As a hostile supplier would: in a segment already imported, one measured value changed by one digit, the file's
 * size kept. Returns the station, its name and the file (relative to the share, as the screen names it).
 */
async function rewriteOneValue(): Promise<{ station: string; name: string; file: string }> {
  const station = (await readdir(path.join(share, 'stations'))).sort()[0] as string;
  const { name } = JSON.parse(await readFile(path.join(share, 'stations', station, 'station.json'), 'utf8')) as { name: string };
  const dir = path.join(share, 'stations', station, 'segments');
  for (const seg of (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort()) {
    const file = path.join(dir, seg);
    const text = await readFile(file, 'utf8');
    const m = /"value":(\d)/.exec(text);
    if (!m) continue;
    const at = m.index + '"value":'.length;
    const digit = m[1] as string;
    const forged = text.slice(0, at) + (digit === '9' ? '8' : String(Number(digit) + 1)) + text.slice(at + 1);
    const before = (await stat(file)).size;
    await writeFile(file, forged);
    expect((await stat(file)).size, 'the forgery keeps the size').toBe(before);
    return { station, name, file: `stations/${station}/segments/${seg}` };
  }
  throw new Error(`no segment of ${station} holds a measured value`);
}

/**
 * Every figure the scorecards and the side-by-side view show, as text (what is on the screen now): the cards' rows,
 * not their captions (where a station's status is flagged).
 */
async function figures(page: Page): Promise<string[]> {
  const texts = async (l: Locator) => (await l.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  return [
    ...(await texts(page.getByTestId('score-summary'))),
    ...(await texts(page.locator('[data-testid="score-station"] tbody'))),
    ...(await texts(page.locator('[data-testid="score-standard"] tbody'))),
    ...(await texts(page.getByTestId('suppliers-table').locator('tbody tr'))),
  ];
}

async function eventsInLedger(): Promise<number> {
  const c = new pg.Client({ connectionString: withUrl(server.adminUrl, { database: server.dbName }) });
  await c.connect();
  try {
    return (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]?.n ?? -1;
  } finally {
    await c.end();
  }
}

/** Import again (the button says so once an import is done), and wait until the new report is on the screen. */
async function importAgain(page: Page, done: Locator) {
  await expect(done).toHaveCount(0);
  await page.getByTestId('import').click();
  await expect(done.first()).toBeVisible(LONG_OPERATION);
  await expect(page.getByTestId('import')).toHaveText(/Import again|फिर से आयात/);
}

test('"Check every file again" on a PostgreSQL ledger: a rewritten segment is not read by a normal import, and is reported by a full check', async ({ page, harness, pageErrors }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openStation(page, harness);
  await openProcurement(page);
  await chooseServer(page, server.ledgerUrl, server.secret);
  await expect(page.getByTestId('ledger-current')).toContainText('sw_full_check@', LONG_OPERATION);

  // The first import: every station verified and imported, then enrolled so the scorecards count them.
  await page.locator('#share-path').fill(share);
  await page.getByTestId('import').click();
  await expect(page.getByTestId('integrity-report')).toContainText('All 2 stations were verified.', LONG_OPERATION);
  await expect(page.locator('[data-testid="import-station"][data-status="imported"]')).toHaveCount(2);
  await enrolAll(page);
  const events = await eventsInLedger();
  expect(events).toBeGreaterThan(0);
  // Both stations counted, in the scorecards and side by side: the figures to keep (read from the screen opened
  // again, so that no answer asked for before the last enrolment is on it).
  await expect(page.getByTestId('score-status-counts')).toHaveAttribute('data-verified', '2', LONG_OPERATION);
  await openStation(page, harness);
  await openProcurement(page);
  await expect(page.getByTestId('score-status-counts')).toHaveAttribute('data-verified', '2', LONG_OPERATION);
  await expect(page.getByTestId('suppliers-table').locator(`tbody tr[data-supplier="${SUPPLIER}"]`)).toBeVisible();
  const before = await figures(page);
  for (const card of await page.getByTestId('score-station').allInnerTexts()) expect(card, 'every station counted').not.toMatch(/no due routines yet|no runs yet/);

  const forged = await rewriteOneValue();

  // A normal import: the remembered segments are not read again, so nothing is reported and nothing changes.
  await expect(page.getByTestId('import-full')).not.toBeChecked();
  await importAgain(page, page.locator('[data-testid="import-station"][data-status="up_to_date"]'));
  const report = page.getByTestId('integrity-report');
  await expect(page.locator('[data-testid="import-station"][data-status="up_to_date"]')).toHaveCount(2);
  await expect(page.getByTestId('import-problem')).toHaveCount(0);
  await expect(report.locator('.sw-notice').first()).toContainText('Nothing new: none of the 2 stations has records that were not imported before.');
  // … and says what was not read, and how to have it read.
  await expect(page.getByTestId('import-how-checked')).toHaveText(
    'Only files new since the last import were checked. Files of 2 stations imported before were not read again. To compare them with what was imported, choose “Check every file again” and import again.',
  );
  await report.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, 'procurement-pg-quick-after-forgery-1366.png') });
  await expect.poll(() => figures(page), LONG_OPERATION).toEqual(before);
  expect(await eventsInLedger()).toBe(events);

  // "Check every file again": the station and the file are named, the records said to be changed; nothing imported.
  await page.getByTestId('import-full').check();
  const rejected = page.locator(`[data-testid="import-station"][data-station="${forged.station}"][data-status="rejected"]`);
  await importAgain(page, rejected);
  await expect(page.locator('[data-testid="import-station"][data-status="up_to_date"]')).toHaveCount(1);
  const problems = page.locator(`[data-testid="import-problem"][data-station="${forged.station}"][data-file="${forged.file}"]`);
  const problem = problems.filter({ hasText: 'Records imported before were changed' });
  await expect(problem).toHaveCount(1);
  await expect(problem).toHaveAttribute('data-severity', 'error');
  await expect(problem).toContainText('Error: Records imported before were changed');
  await expect(problem).toContainText(`${forged.name} (${forged.station.slice(0, 8)})`);
  await expect(problem).toContainText(forged.file);
  await expect(problem).toHaveAttribute('data-code', 'HISTORY_REWRITTEN');
  await expect(page.getByTestId('import-how-checked')).toHaveText('Every file was checked again, also those imported before.');
  await expect(page.locator(`[data-testid="import-station"][data-station="${forged.station}"]`)).toContainText(forged.name);
  await report.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, 'procurement-pg-full-check-1366.png') });
  await page.getByTestId('import-problem').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, 'procurement-pg-full-check-problems-1366.png') });
  await problem.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, 'procurement-pg-full-check-problem-1366.png') });
  await axe(page, 'procurement, PostgreSQL ledger, history rewritten');
  // What was imported before stays: the same events, the same figures.
  expect(await eventsInLedger()).toBe(events);
  await expect.poll(() => figures(page), LONG_OPERATION).toEqual(before);
  // The station is flagged as rejected on its scorecard (its figures are those of the events imported before).
  const card = page.locator(`[data-testid="score-station"][data-status="rejected"]`);
  await expect(card).toHaveCount(1);
  await expect(card.locator('caption')).toContainText(forged.name);
  await expect(page.getByTestId('score-status-counts')).toHaveAttribute('data-rejected', '1');
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, 'procurement-pg-full-check-scorecard-1366.png') });

  // In Hindi at 200 % text (the page opened again): the same report, in Hindi.
  const { session } = await call<{ session: string }>(harness, 'supervisor.unlock', { pin: FIXTURE_SUPERVISOR.pin });
  await call(harness, 'settings.update', { session, settings: { language: 'hi', textScale: 200 } });
  await call(harness, 'supervisor.lock', { session });
  await openStation(page, harness);
  await openProcurement(page);
  await expect(problems).toHaveCount(2, LONG_OPERATION);
  await expect(page.getByTestId('import-how-checked')).toHaveText('हर फ़ाइल फिर से जाँची गई, पहले इंपोर्ट हुई फ़ाइलें भी।');
  await page.locator('#integrity-title').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, 'procurement-pg-full-check-report-hi-200-1366.png') });
  await problems.last().scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, 'procurement-pg-full-check-problem-hi-200-1366.png') });
  await axe(page, 'procurement, PostgreSQL ledger, history rewritten, Hindi');
  expect(await page.content()).not.toContain(server.secret);
  expect(pageErrors).toEqual([]);
});
