/**
 * The desktop parts in the browser harness (issue 15): About in Settings, a help alert in the page, the printable
 * checklist of a standard version and a run timeline printed to PDF (page.pdf: Chromium's print path with the
 * page's print CSS), each page rendered to PNG and looked at.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { call, expect, LONG_OPERATION, openStation, rootDir, test } from './fixtures';
import { openReview, PIN, seedRuns } from './review-support';

const SHOTS = path.join(rootDir, 'e2e-output', 'screens');
const PDFS = path.join(rootDir, 'e2e-output', 'pdf');
const VIEW = { width: 1366, height: 768 };

/** Pages of a PDF (its /Type /Page objects) and its first page as PNG (pdftoppm, 60 dpi). */
function pdfPages(file: string, png: string): number {
  const text = readFileSync(file).toString('latin1');
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, png.replace(/\.png$/, '')]);
  return (text.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

async function unlockSettings(page: Page) {
  await page.locator('.sw-bar__btn').last().click();
  await page.locator('#pin').fill(PIN);
  await page.getByTestId('unlock').click();
}

test.beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(PDFS, { recursive: true });
});

test('About in Settings: version, station id and the key id procurement compares; no log file in the harness', async ({ page, harness, pageErrors }) => {
  await page.setViewportSize(VIEW);
  await openStation(page, harness);
  await unlockSettings(page);
  const about = page.getByTestId('about');
  await expect(about.getByTestId('about-version')).toHaveText('0.1.0');
  const info = await call<{ stationId: string; keyId: string }>(harness, 'app.about', {});
  await expect(about.getByTestId('about-station')).toHaveText(harness.stationId);
  expect(info.stationId).toBe(harness.stationId);
  expect(info.keyId).toMatch(/^[0-9a-f]{16}$/);
  await expect(about.getByTestId('about-key')).toHaveText(info.keyId.replace(/(.{4})(?=.)/g, '$1 '));
  await expect(about.getByTestId('about-logs')).toHaveText('No log file here (the browser version writes to its console)');
  // The desktop-only parts are not offered in the browser: no Station window section, no Browse, no Open the log folder.
  await expect(page.getByTestId('station-window')).toHaveCount(0);
  await expect(page.getByTestId('open-logs')).toHaveCount(0);
  await expect(page.getByTestId('browse-folder')).toHaveCount(0);
  await about.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'desktop-about.png') });
  expect(pageErrors).toEqual([]);
});

test('a help request opened at the station shows as an alert in the page; Open goes to the requests behind the PIN', async ({ page, harness, pageErrors }) => {
  await page.setViewportSize(VIEW);
  await openStation(page, harness);
  await seedRuns(harness); // Ravi asks for help on the carton check's weight step
  const alert = page.getByTestId('help-alert');
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText('Help needed at');
  await expect(alert).toContainText('Ravi Kumar needs help with Carton quality check.');
  await expect(alert).toContainText('Step:');
  await expect(page.getByTestId('help-alert-live')).toContainText('Ravi Kumar');
  await page.screenshot({ path: path.join(SHOTS, 'desktop-help-alert.png') });
  await alert.getByTestId('help-alert-open').click();
  await expect(page.locator('#pin')).toBeVisible();
  await page.locator('#pin').fill(PIN);
  await page.getByTestId('unlock').click();
  await expect(page.getByTestId('help-requests')).toHaveAttribute('data-count', '1', LONG_OPERATION);
  // The review lists the requests itself: no alert above it. On other screens the alert stays until hidden.
  await expect(page.getByTestId('help-alert')).toHaveCount(0);
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('help-alert')).toHaveCount(1);
  // Hide: gone at this station, still open for the supervisor.
  await page.getByTestId('help-alert-dismiss').click();
  await expect(page.getByTestId('help-alert')).toHaveCount(0);
  await page.getByTestId('open-review').click();
  await expect(page.getByTestId('help-requests')).toHaveAttribute('data-count', '1', LONG_OPERATION);
  expect(pageErrors).toEqual([]);
});

test('the printable checklist of a standard version prints to an A4 PDF: steps, limits, boxes, initials, reason codes', async ({ page, harness, pageErrors }) => {
  await page.setViewportSize(VIEW);
  await openStation(page, harness);
  await unlockSettings(page);
  await page.getByTestId('open-review').click();
  await page.getByTestId('nav-standards').click();
  const version = page.locator('[data-testid="standard-version"][data-id="station-start-check"][data-version="1"]');
  await version.getByTestId('print-version').click();
  const sheet = page.getByTestId('checklist-print');
  await expect(sheet).toHaveAttribute('data-version', '1');
  await expect(sheet.getByRole('heading', { level: 2 })).toHaveText('Start-of-shift station check');
  const steps = sheet.getByTestId('checklist-step');
  await expect(steps).toHaveCount(8);
  await expect(steps.nth(0)).toContainText('1');
  await expect(sheet.getByRole('img', { name: 'Box to tick' })).toHaveCount(8);
  await expect(sheet).toContainText('POWER_CUT');
  await expect(sheet.getByRole('columnheader', { name: 'Initials' })).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'desktop-checklist-screen.png') });

  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.sw-bar')).toBeHidden();
  await expect(page.getByTestId('print-checklist')).toBeHidden();
  await page.screenshot({ path: path.join(SHOTS, 'desktop-checklist-print.png'), fullPage: true });
  const pdf = path.join(PDFS, 'checklist.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const pages = pdfPages(pdf, path.join(SHOTS, 'desktop-checklist-pdf.png'));
  expect(pages).toBeGreaterThanOrEqual(1);
  expect(pages).toBeLessThanOrEqual(3);
  expect(pageErrors).toEqual([]);
});

test('a run timeline prints to an A4 PDF without the bar, navigation or buttons', async ({ page, harness, pageErrors }) => {
  await page.setViewportSize(VIEW);
  const runs = await seedRuns(harness);
  await openReview(page, harness);
  await page.locator(`[data-testid="history-row"][data-run="${runs.deviated}"]`).getByTestId('history-open').click();
  await expect(page.getByTestId('timeline')).toBeVisible();
  await expect(page.getByTestId('print-timeline')).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.sw-subnav')).toBeHidden();
  await expect(page.getByTestId('timeline-event').first()).toBeVisible();
  const pdf = path.join(PDFS, 'timeline.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  expect(pdfPages(pdf, path.join(SHOTS, 'desktop-timeline-pdf.png'))).toBeGreaterThanOrEqual(1);
  expect(pageErrors).toEqual([]);
});
