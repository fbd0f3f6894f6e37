/**
 * The Procurement screen, end to end on the browser harness with the real core: a share simulated by the CLI
 * bundle, the supervisor PIN, import with progress, the integrity report, the scorecards and an Excel export;
 * a tampered share names the station and file of the problem; axe (WCAG 2.x A/AA + 2.2 AA + 7:1 contrast) and
 * our 48 px target rule on every state, with screenshots in English and Hindi at 100 % and 200 %.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { StationHarness } from '../electron/harness/station-harness';
import { axe, checkTargets } from './a11y-checks';
import { call, expect, FIXTURE_SUPERVISOR, LONG_OPERATION, openStation, rootDir, screensDir, supervisorSession, test } from './fixtures';

test.use({ timezoneId: 'Asia/Kolkata' });
test.describe.configure({ timeout: 180_000 });

const PIN = FIXTURE_SUPERVISOR.pin;
/** The CLI simulating 3 stations for 3 days (about 10 s on a quiet machine): ended if it hangs, so beforeAll fails with its reason. */
const SIMULATE_MS = 150_000;

let root: string;
let share: string;
let tampered: { share: string; station: string; file: string };
/** The tampered share with, in addition, another station's station.json deleted: one partial, one rejected station. */
let flagged: { share: string; partial: string; rejected: string };

test.beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'steadywork-e2e-share-'));
  share = path.join(root, 'share');
  // The CLI bundle, as procurement would run it (global-setup has just built dist/).
  execFileSync(process.execPath, [path.join(rootDir, 'dist', 'cli', 'steadywork.cjs'), 'simulate', '--share', share, '--stations', '3', '--days', '3', '--seed', '5'], {
    stdio: 'ignore',
    timeout: SIMULATE_MS,
  });
  // A copy with one byte changed in one segment of the second station.
  const copy = path.join(root, 'tampered');
  await cp(share, copy, { recursive: true });
  const station = (await readdir(path.join(copy, 'stations'))).sort()[1] as string;
  const segs = (await readdir(path.join(copy, 'stations', station, 'segments'))).filter((f) => f.endsWith('.jsonl')).sort();
  const seg = segs[1] as string;
  const file = path.join(copy, 'stations', station, 'segments', seg);
  const text = await readFile(file, 'utf8');
  const at = text.indexOf('"actor":"') + 9;
  await writeFile(file, text.slice(0, at) + (text[at] === 'x' ? 'y' : 'x') + text.slice(at + 1));
  tampered = { share: copy, station, file: `stations/${station}/segments/${seg}` };
  const flaggedShare = path.join(root, 'flagged');
  await cp(copy, flaggedShare, { recursive: true });
  const rejected = (await readdir(path.join(flaggedShare, 'stations'))).sort()[2] as string;
  await rm(path.join(flaggedShare, 'stations', rejected, 'station.json'));
  flagged = { share: flaggedShare, partial: station, rejected };
});

test.afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function configure(h: StationHarness, lang: 'en' | 'hi', scale: 100 | 200) {
  const session = await supervisorSession(h);
  await call(h, 'settings.update', { session, settings: { language: lang, textScale: scale } });
  await call(h, 'supervisor.lock', { session });
}

/** Settings (status bar) → PIN → Import and scorecards. */
async function openProcurement(page: Page, h: StationHarness) {
  await openStation(page, h);
  await page.locator('.sw-bar__btn').last().click();
  await page.locator('#pin').fill(PIN);
  await page.getByTestId('unlock').click();
  await page.getByTestId('open-procurement').click();
  await expect(page.locator('#share-path')).toBeVisible();
  await expect(page.locator('h1')).toBeFocused();
}

/** Enrol every station awaiting enrolment through the screen: Enrol → compare → Yes, each in turn. */
async function enrolAll(page: Page) {
  const waiting = page.locator('[data-testid="enrolment-station"][data-status="awaiting"]');
  // The list is loaded once its counts show (count() below does not wait: on a busy machine it read 0 and enrolled nothing).
  await expect(page.getByTestId('enrolment-counts')).toBeVisible(LONG_OPERATION);
  for (let n = await waiting.count(); n > 0; n--) {
    await waiting.first().getByTestId('enrol').click();
    await page.getByTestId('enrol-yes').click();
    await expect(waiting).toHaveCount(n - 1);
  }
}

async function importFrom(page: Page, folder: string) {
  await page.locator('#share-path').fill(folder);
  await page.getByTestId('import').click();
}

test('import a simulated share: progress, integrity report, scorecards, Excel export', async ({ page, harness, dataDir, pageErrors }) => {
  await openProcurement(page, harness);

  // A wrong path is told at once, naming the folder, next to the field.
  const missing = path.join(root, 'nowhere');
  await importFrom(page, missing);
  await expect(page.locator('#share-path-error')).toContainText(`There is no folder ${missing}.`);
  await expect(page.locator('.sw-error-summary')).toBeFocused();

  await importFrom(page, share);
  await expect(page.getByTestId('import-progress')).toBeVisible();
  await expect(page.locator('progress')).toHaveCount(1);
  await expect(page.getByTestId('live-polite')).toContainText('The import has started.');

  const report = page.getByTestId('integrity-report');
  await expect(report).toBeVisible(LONG_OPERATION);
  await expect(page.getByTestId('import-progress')).toHaveCount(0);
  await expect(report).toContainText('All 3 stations were verified.');
  await expect(page.getByTestId('import-station')).toHaveCount(3);
  for (const row of await page.getByTestId('import-station').all()) await expect(row).toHaveAttribute('data-status', 'imported');
  await expect(page.getByTestId('import-problem')).toHaveCount(0);

  // Enrolment: the new stations are listed as awaiting enrolment, with their keys, and absent from the scorecard.
  const enrolment = page.getByTestId('enrolment');
  await expect(enrolment.locator('[data-testid="enrolment-station"][data-status="awaiting"]')).toHaveCount(3, LONG_OPERATION);
  await expect(page.getByTestId('enrolment-counts')).toHaveText('0 enrolled, 3 awaiting enrolment, 0 with an alarm');
  await expect(page.getByTestId('scorecards')).toBeVisible(LONG_OPERATION);
  // Listed on the scorecard as awaiting enrolment, counted nowhere.
  const counted = page.locator('[data-testid="score-station"][data-status="verified"]');
  await expect(page.locator('[data-testid="score-station"][data-status="awaiting_enrolment"]')).toHaveCount(3);
  await expect(counted).toHaveCount(0);
  await page.setViewportSize({ width: 1366, height: 768 });
  await enrolment.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, 'procurement-enrolment-awaiting-1366.png') });
  // One station enrolled through the screen: compare its key (the confirmation shows it), then yes; it is counted.
  const first = enrolment.getByTestId('enrolment-station').first();
  const firstId = (await first.getAttribute('data-station')) as string;
  await first.getByTestId('enrol').click();
  const confirm = page.getByTestId('enrol-confirm');
  await expect(confirm).toContainText(/\d{4} \d{4} \d{4} \d{4}/);
  await confirm.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, 'procurement-enrolment-confirm-1366.png') });
  await page.getByTestId('enrol-yes').click();
  await expect(page.locator(`[data-testid="enrolment-station"][data-station="${firstId}"]`)).toHaveAttribute('data-status', 'enrolled');
  await expect(page.getByTestId('live-polite')).toContainText('is enrolled. It is counted from now on.');
  await expect(counted).toHaveCount(1, LONG_OPERATION);
  await expect(counted.first()).toContainText(firstId.slice(0, 8));
  await enrolAll(page);
  await expect(page.getByTestId('enrolment-counts')).toHaveText('3 enrolled, 0 awaiting enrolment, 0 with an alarm');
  await expect(counted).toHaveCount(3, LONG_OPERATION);
  await expect(page.getByTestId('score-station')).toHaveCount(3);
  await expect(page.getByTestId('score-standard').first()).toBeVisible();
  await expect(page.getByTestId('hot-spots')).toBeVisible();

  // A period narrows the scorecards (and the export): one day shows fewer runs than all days. An end before the
  // start is refused next to the field and in the error summary, and changes nothing.
  const summary = page.getByTestId('score-summary');
  const allRuns = Number(await summary.getAttribute('data-runs'));
  const firstDay = (await summary.getAttribute('data-from')) as string;
  const lastDay = (await summary.getAttribute('data-to')) as string;
  expect(firstDay < lastDay).toBe(true);
  await expect(page.getByTestId('export-period')).toContainText('all days');
  await page.locator('#period-from').fill(lastDay);
  await page.locator('#period-to').fill(firstDay);
  await page.getByTestId('period-apply').click();
  await expect(page.locator('#period-to-error')).toContainText('The last day must be the same as the first day or after it.');
  await expect(page.locator('.sw-error-summary')).toBeFocused();
  await expect(summary).toHaveAttribute('data-runs', String(allRuns));
  await page.locator('#period-from').fill(firstDay);
  await page.getByTestId('period-apply').click();
  await expect(summary).toHaveAttribute('data-to', firstDay);
  await expect(summary).toHaveAttribute('data-from', firstDay);
  await expect(page.locator('#period-to-error')).toHaveCount(0);
  const dayRuns = Number(await summary.getAttribute('data-runs'));
  expect(dayRuns).toBeGreaterThan(0);
  expect(dayRuns).toBeLessThan(allRuns);
  await expect(page.getByTestId('export-period')).toContainText(firstDay);

  // Export: Excel is chosen; the path under the data folder is offered; we type our own.
  await expect(page.locator('#export-format-xlsx')).toBeChecked();
  await expect(page.locator('#export-path')).toHaveValue(/scorecard\.xlsx$/);
  const out = path.join(dataDir, 'out', 'card.xlsx');
  await page.locator('#export-path').fill(out);
  await page.getByTestId('export').click();
  await expect(page.getByTestId('export-done')).toContainText(out, LONG_OPERATION);
  expect(existsSync(out)).toBe(true);

  // Importing again adds nothing.
  await importFrom(page, share);
  await expect(page.getByTestId('import-station').first()).toHaveAttribute('data-status', 'up_to_date', LONG_OPERATION);
  await expect(report).toContainText('Nothing new: none of the 3 stations has records that were not imported before.');
  await expect(page.getByTestId('import-how-checked')).toContainText('Files of 3 stations imported before were not read again.');
  expect(pageErrors).toEqual([]);
});

test('a tampered share: the problem is shown with its station, file and line', async ({ page, harness }) => {
  await openProcurement(page, harness);
  await importFrom(page, tampered.share);
  const report = page.getByTestId('integrity-report');
  await expect(report).toBeVisible(LONG_OPERATION);
  await expect(report.locator('.sw-notice').first()).toContainText('Records that could not be verified were not imported.');
  const problem = page.locator(`[data-testid="import-problem"][data-station="${tampered.station}"][data-file="${tampered.file}"]`).first();
  await expect(problem).toBeVisible();
  await expect(problem).toContainText(`file ${tampered.file}, line`);
  await expect(problem).toContainText(tampered.station.slice(0, 8));
  const row = page.locator(`[data-testid="import-station"][data-station="${tampered.station}"]`);
  await expect(row).toHaveAttribute('data-status', /partial|rejected/);
  await expect(page.locator('[data-testid="import-station"][data-status="imported"]')).toHaveCount(2);
});

test('a partial and a rejected station are flagged with what is missing and why; their figures labelled; exports say the same', async ({ page, harness, dataDir, pageErrors }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openProcurement(page, harness);
  await importFrom(page, flagged.share);
  await expect(page.getByTestId('integrity-report')).toBeVisible(LONG_OPERATION);
  // Procurement enrols what it can (the rejected station has no key to compare); then the statuses show.
  await expect(page.getByTestId('enrolment')).toBeVisible(LONG_OPERATION);
  await enrolAll(page);
  const counts = page.getByTestId('score-status-counts');
  await expect(counts).toHaveAttribute('data-partial', '1', LONG_OPERATION);
  await expect(counts).toHaveAttribute('data-rejected', '1');
  await expect(counts).toHaveAttribute('data-verified', '1');
  await expect(counts).toHaveText('3 stations: 1 verified, 1 partial, 1 rejected, 0 awaiting enrolment, 0 stale.');
  // The rejected station (no station.json) is listed, not dropped: three station cards.
  await expect(page.getByTestId('score-station')).toHaveCount(3);
  const list = page.getByTestId('flagged-stations');
  await expect(list).toContainText('2 stations to check');
  const partial = list.locator(`[data-testid="flagged-station"][data-station="${flagged.partial}"]`);
  await expect(partial).toHaveAttribute('data-status', 'partial');
  await expect(partial).toContainText('Partial');
  await expect(partial.getByTestId('flagged-cover')).toContainText('Figures over the verified period only:');
  await expect(partial).toContainText('What is missing: Events after seq');
  await expect(partial).toContainText(`stations/${flagged.partial}/segments/`);
  await expect(partial).toContainText(/Why: [A-Z_]+: /);
  const rejected = list.locator(`[data-testid="flagged-station"][data-station="${flagged.rejected}"]`);
  await expect(rejected).toHaveAttribute('data-status', 'rejected');
  await expect(rejected).toContainText('All of its events');
  await expect(rejected).toContainText('Why: IDENTITY_MISSING:');
  const card = page.locator('[data-testid="score-station"][data-status="partial"]');
  await expect(card.getByTestId('station-status')).toHaveText('Partial');
  await expect(card.getByTestId('score-cover')).toContainText('Figures over the verified period only:');
  // The rejected station has nothing to count: each measure says so in its own sentence, never "no data done".
  const empty = page.locator('[data-testid="score-station"][data-status="rejected"]');
  await expect(empty).toContainText('Done: no due routines yet');
  await expect(empty).not.toContainText('no data');
  await expect(empty).not.toContainText('0 of 0');
  await empty.screenshot({ path: path.join(screensDir, 'procurement-card-nothing-yet-en-100.png') });
  await counts.evaluate((el) => el.scrollIntoView());
  await page.screenshot({ path: path.join(screensDir, 'procurement-flagged-en-100.png') });

  // The printable page says the same; the Parquet export is one of the choices.
  const html = path.join(dataDir, 'out', 'flagged.html');
  await page.locator('#export-format-html').check();
  await page.locator('#export-path').fill(html);
  await page.getByTestId('export').click();
  await expect(page.getByTestId('export-done')).toContainText(html, LONG_OPERATION);
  const text = await readFile(html, 'utf8');
  expect(text).toContain('3 station(s): 1 verified, 1 partial, 1 rejected, 0 awaiting enrolment, 0 stale');
  expect(text).toContain('Stations to check: 2');
  const parquet = path.join(dataDir, 'out', 'ledger-parquet');
  await page.locator('#export-format-parquet').check();
  await expect(page.locator('#export-path-hint')).toContainText('Parquet');
  await page.locator('#export-path').fill(parquet);
  await page.getByTestId('export').click();
  await expect(page.getByTestId('export-done')).toContainText(path.join(parquet, 'README.txt'), LONG_OPERATION);
  // One supplier (the share named none: 'default'), then the station's local months.
  expect(await readdir(path.join(parquet, 'events'))).toEqual(['supplier=default']);
  expect((await readdir(path.join(parquet, 'events', 'supplier=default'))).some((d) => d.startsWith('month='))).toBe(true);
  expect(pageErrors).toEqual([]);
});

for (const lang of ['en', 'hi'] as const) {
  for (const scale of [100, 200] as const) {
    test(`procurement screen is accessible (${lang}, ${scale}%)`, async ({ page, harness }) => {
      await configure(harness, lang, scale);
      const visit = async (state: string) => {
        await checkTargets(page, `${state} ${lang} ${scale}`);
        await axe(page, `${state} ${lang} ${scale}`);
        await page.screenshot({ path: path.join(screensDir, `procurement-${state}-${lang}-${scale}.png`), fullPage: true });
      };
      await openProcurement(page, harness);
      await visit('empty');

      await importFrom(page, 'share');
      await expect(page.locator('#share-path-error')).toBeVisible();
      await visit('path-error');

      // The progress state, held still: the status answer is replaced while it is looked at.
      await page.route('**/api/procurement.status', (route) =>
        route.fulfill({
          contentType: 'application/json',
          body: JSON.stringify({ ok: true, value: { state: 'running', source: share, progress: { phase: 'verify', done: 3, total: 5 }, ledgerExists: false, exportDefaults: { csv: '/x', xlsx: '/x.xlsx', html: '/x.html' } } }),
        }),
      );
      await importFrom(page, share);
      await expect(page.getByTestId('import-progress-text')).toHaveText(lang === 'en' ? 'Station 3 of 5 — verifying…' : '5 में से स्टेशन 3 — जाँच हो रही है…');
      await visit('progress');
      await page.unroute('**/api/procurement.status');
      await expect(page.getByTestId('integrity-report')).toBeVisible(LONG_OPERATION);
      await expect(page.locator('[data-testid="enrolment-station"][data-status="awaiting"]')).toHaveCount(3, LONG_OPERATION);
      // Nothing enrolled yet: the scorecards say so and how (in the screenshots of this state).
      await expect(page.getByTestId('none-enrolled')).toContainText(lang === 'en' ? 'No station is enrolled yet.' : 'अभी कोई स्टेशन नामांकित नहीं है।', LONG_OPERATION);
      await page.getByTestId('enrol').first().click();
      await expect(page.getByTestId('enrol-confirm')).toBeVisible();
      await visit('enrolment');
      await page.getByTestId('enrol-cancel').click();
      await enrolAll(page);
      await expect(page.getByTestId('score-station').first()).toBeVisible(LONG_OPERATION);
      await visit('report');

      await page.locator('#export-format-html').check();
      await page.getByTestId('export').click();
      await expect(page.getByTestId('export-done')).toBeVisible(LONG_OPERATION);
      await visit('exported');

      // The same stations, one segment changed: only a full check reads the files imported before again.
      await page.getByTestId('import-full').check();
      await importFrom(page, tampered.share);
      await expect(page.getByTestId('import-problem').first()).toBeVisible(LONG_OPERATION);
      await expect(page.locator(`[data-testid="import-problem"][data-file="${tampered.file}"]`).first()).toBeVisible();
      await visit('tampered');
    });
  }
}
