/**
 * The desktop parts in the browser harness (issue 15): About in Settings, a help alert in the page, the printable
 * checklist of a standard version, a run timeline and procurement's scorecard printed to PDF (page.pdf: Chromium's
 * print path with the page's print CSS), each page rendered to PNG and looked at, and read back with pdftotext;
 * the checklist and the timeline also in Hindi and at 200 % text.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { call, expect, LONG_OPERATION, openStation, rootDir, test } from './fixtures';
import { openReview, PIN, seedRuns, supervisorSession } from './review-support';

const SHOTS = path.join(rootDir, 'e2e-output', 'screens');
const PDFS = path.join(rootDir, 'e2e-output', 'pdf');
const VIEW = { width: 1366, height: 768 };

/** Pages of a PDF (its /Type /Page objects) and its first page as PNG (pdftoppm, 60 dpi). */
function pdfPages(file: string, png: string): number {
  const text = readFileSync(file).toString('latin1');
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, png.replace(/\.png$/, '')]);
  return (text.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

/** Every page of a PDF as PNG (pdftoppm, 50 dpi: <prefix>-1.png, -2.png…), for looking at; the number of pages. */
function pdfToPngs(file: string, prefix: string): number {
  execFileSync('pdftoppm', ['-png', '-r', '50', file, prefix]);
  return pdfPages(file, `${prefix}-first.png`);
}

/** The PDF's text, page by page (poppler's pdftotext, layout kept), as a reader of the paper would see it. */
function pdfText(file: string): string[] {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim() !== '');
}

/** A4 (210 mm) less the @page side margins (12 mm each), at 96 CSS px per inch: the width print lays out in. */
const A4_TEXT_WIDTH = Math.floor(((210 - 24) / 25.4) * 96);

/**
 * In the print layout (print media, a viewport as wide as A4's text), what goes beyond the page's right edge (cut off
 * on paper) or is clipped inside its box. The viewport is put back afterwards.
 */
async function overflowInPrint(page: Page, selector: string): Promise<string[]> {
  const before = page.viewportSize() ?? VIEW;
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: A4_TEXT_WIDTH, height: before.height });
  try {
    return await page.locator(selector).evaluate((root, width) => {
      const problems: string[] = [];
      for (const el of [root, ...root.querySelectorAll<HTMLElement>('*')]) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || el.closest('.sw-vh')) continue; // .sw-vh: for screen readers, clipped on purpose
        const what = `${el.tagName.toLowerCase()}${[...el.classList].map((c) => `.${c}`).join('')} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
        if (r.right > width + 1) problems.push(`${what} ends at ${Math.round(r.right)} px, beyond the ${width} px of A4`);
        const style = getComputedStyle(el);
        const clips = (v: string) => v === 'hidden' || v === 'clip';
        if ((clips(style.overflowX) && el.scrollWidth > el.clientWidth + 1) || (clips(style.overflowY) && el.scrollHeight > el.clientHeight + 1)) problems.push(`${what} clips its content`);
      }
      if (document.documentElement.scrollWidth > width + 1) problems.push(`the page is ${document.documentElement.scrollWidth} px wide`);
      return problems;
    }, A4_TEXT_WIDTH);
  } finally {
    await page.setViewportSize(before);
  }
}

/** Language and text size for the whole station (station-wide defaults, as a supervisor sets them). */
async function stationLook(h: Parameters<typeof supervisorSession>[0], language: 'en' | 'hi', textScale: 100 | 200) {
  const session = await supervisorSession(h);
  await call(h, 'settings.update', { session, settings: { language, textScale } });
  await call(h, 'supervisor.lock', { session });
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

test.describe('the printable pages in Hindi and at 200 % text: nothing cut off or clipped on A4', () => {
  for (const [lang, scale] of [['hi', 100], ['en', 200], ['hi', 200]] as const) {
    test(`checklist and run timeline (${lang}, ${scale} %)`, async ({ page, harness, pageErrors }) => {
      await page.setViewportSize(VIEW);
      const runs = await seedRuns(harness);
      await stationLook(harness, lang, scale);
      await openReview(page, harness);
      await expect(page.locator('html')).toHaveAttribute('data-text-scale', String(scale));
      await page.getByTestId('nav-standards').click();
      const version = page.locator('[data-testid="standard-version"][data-id="station-start-check"][data-version="1"]');
      await version.getByTestId('print-version').click();
      const sheet = page.getByTestId('checklist-print');
      await expect(sheet.getByTestId('checklist-step')).toHaveCount(8);
      await page.emulateMedia({ media: 'print' });
      // Paper has its own large type (13 pt), whatever the screen's text size.
      expect(parseFloat(await page.locator('html').evaluate((el) => getComputedStyle(el).fontSize))).toBeCloseTo((13 * 96) / 72, 2);
      expect(await overflowInPrint(page, '[data-testid="checklist-print"]')).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `desktop-checklist-print-${lang}-${scale}.png`), fullPage: true });
      const checklist = path.join(PDFS, `checklist-${lang}-${scale}.pdf`);
      await page.pdf({ path: checklist, format: 'A4', printBackground: true, preferCSSPageSize: true });
      const pages = pdfToPngs(checklist, path.join(SHOTS, `desktop-checklist-pdf-${lang}-${scale}`));
      expect(pages).toBeLessThanOrEqual(3);
      // Every reason code and the eight step numbers are on paper, whatever the language.
      const text = pdfText(checklist).join('\n');
      for (const code of ['POWER_CUT']) expect(text).toContain(code);
      for (let n = 1; n <= 8; n++) expect(text).toMatch(new RegExp(`(^|\\s)${n}(\\s|$)`, 'm'));

      await page.emulateMedia({ media: 'screen' });
      await page.getByTestId('checklist-back').click();
      await page.getByTestId('nav-review').click();
      await page.locator(`[data-testid="history-row"][data-run="${runs.deviated}"]`).getByTestId('history-open').click();
      await expect(page.getByTestId('timeline-event').first()).toBeVisible();
      await page.emulateMedia({ media: 'print' });
      expect(await overflowInPrint(page, '[data-testid="timeline"]')).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `desktop-timeline-print-${lang}-${scale}.png`), fullPage: true });
      const timeline = path.join(PDFS, `timeline-${lang}-${scale}.pdf`);
      await page.pdf({ path: timeline, format: 'A4', printBackground: true, preferCSSPageSize: true });
      pdfToPngs(timeline, path.join(SHOTS, `desktop-timeline-pdf-${lang}-${scale}`));
      // Where each record is written (the proof on paper) is there in full, in either language.
      const timelineText = pdfText(timeline).join('\n');
      expect(timelineText).toMatch(/segment-000000000001\.jsonl, (line|पंक्ति) 11/);
      if (lang === 'en') expect(timelineText).toContain('There is no electricity.');
      expect(pageErrors).toEqual([]);
    });
  }
});

test.describe('the scorecard printed from the procurement screen', () => {
  test.describe.configure({ timeout: 240_000 });
  let root: string;
  let share: string;
  test.beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'steadywork-e2e-print-'));
    share = path.join(root, 'share');
    execFileSync(process.execPath, [path.join(rootDir, 'dist', 'cli', 'steadywork.cjs'), 'simulate', '--share', share, '--stations', '2', '--days', '2', '--seed', '7', '--quiet'], { stdio: 'ignore', timeout: 150_000 });
  });
  test.afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('print → A4 PDF with the stations, the four measures and the hot spots; no forms, buttons or navigation', async ({ page, harness, pageErrors }) => {
    await page.setViewportSize(VIEW);
    await supervisorSession(harness);
    await openStation(page, harness);
    await unlockSettings(page);
    await page.getByTestId('open-procurement').click();
    await page.locator('#share-path').fill(share);
    await page.getByTestId('import').click();
    await expect(page.getByTestId('integrity-report')).toBeVisible(LONG_OPERATION);
    const waiting = page.locator('[data-testid="enrolment-station"][data-status="awaiting"]');
    await expect(waiting).toHaveCount(2, LONG_OPERATION);
    for (let n = 2; n > 0; n--) {
      await waiting.first().getByTestId('enrol').click();
      await page.getByTestId('enrol-yes').click();
      await expect(waiting).toHaveCount(n - 1);
    }
    const counted = page.locator('[data-testid="score-station"][data-status="verified"]');
    await expect(counted).toHaveCount(2, LONG_OPERATION);
    const stations = await page.getByTestId('enrolment-station').evaluateAll((els) => els.map((e) => e.getAttribute('data-station') ?? ''));
    expect(stations).toHaveLength(2);
    // In the browser the Print button is the browser's print (window.print); the PDF is what it prints.
    await expect(page.getByTestId('print-scorecard')).toBeVisible();
    await expect(page.getByTestId('print-scorecard-pdf')).toHaveCount(0); // Save as PDF: the desktop app only
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByTestId('print-scorecard')).toBeHidden();
    await expect(page.locator('.sw-bar')).toBeHidden();
    expect(await overflowInPrint(page, '[data-testid="scorecards"]')).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'desktop-scorecard-print.png'), fullPage: true });
    const pdf = path.join(PDFS, 'scorecard.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
    const pages = pdfToPngs(pdf, path.join(SHOTS, 'desktop-scorecard-pdf'));
    expect(pages).toBeGreaterThanOrEqual(1);
    const text = pdfText(pdf).join('\n');
    for (const id of stations) expect(text, `station ${id} on paper`).toContain(id.slice(0, 8));
    for (const measure of ['Routine strength', 'Decision clarity', 'Ownership', 'Repeatability']) expect(text).toContain(measure);
    expect(text).toContain('2 stations: 2 verified');
    // Paper has the scorecards only: not the import form and report, the enrolment list, the period form or the export.
    expect(text).not.toContain('Shared folder or unpacked bundle');
    expect(text).not.toContain('Stations in this import');
    expect(text).not.toContain(share);
    expect(text).not.toContain('From (first day)');
    expect(text).not.toMatch(/^\s*Export\s*$/m);
    expect(text).not.toMatch(/\bPrint\b/);
    expect(pageErrors).toEqual([]);
  });
});

test.describe('screens of the desktop parts at 1366×768, in English and Hindi, at 100 % and 200 % text (looked at)', () => {
  for (const lang of ['en', 'hi'] as const) {
    for (const scale of [100, 200] as const) {
      test(`help alert, About, Station window (kiosk) and the printed checklist (${lang}, ${scale} %)`, async ({ page, harness, pageErrors }) => {
        await page.setViewportSize(VIEW);
        await stationLook(harness, lang, scale);
        const shot = (name: string, fullPage = false) => page.screenshot({ path: path.join(SHOTS, `desktop-${name}-${lang}-${scale}.png`), fullPage });
        await openStation(page, harness);
        await seedRuns(harness);
        await expect(page.getByTestId('help-alert')).toHaveCount(1);
        await expect(page.getByTestId('help-alert-open')).toBeInViewport();
        await shot('help-alert');

        // The Station window section is the desktop app's (kiosk.get is "not available" in the harness): shown here
        // with the app's answer, as a supervisor sees it in kiosk mode.
        await page.route('**/api/kiosk.get', (route) =>
          route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: { available: true, screenKeptAwake: true, mode: 'kiosk', startAtLogin: true, hideMenu: true, keepAwake: true, alertSound: true } }) }),
        );
        await unlockSettings(page);
        const about = page.getByTestId('about');
        await expect(about.getByTestId('about-version')).toHaveText('0.1.0');
        await about.scrollIntoViewIfNeeded();
        await shot('about');
        const kiosk = page.getByTestId('station-window');
        await expect(kiosk).toBeVisible();
        await kiosk.scrollIntoViewIfNeeded();
        await shot('kiosk-form');
        await page.unroute('**/api/kiosk.get');

        await page.getByTestId('open-review').click();
        await page.getByTestId('nav-standards').click();
        await page.locator('[data-testid="standard-version"][data-id="station-start-check"][data-version="1"]').getByTestId('print-version').click();
        await expect(page.getByTestId('checklist-step')).toHaveCount(8);
        await page.emulateMedia({ media: 'print' });
        await page.evaluate(() => window.scrollTo(0, 0)); // the sheet from its title, as the paper starts
        await shot('checklist-printed');
        expect(pageErrors).toEqual([]);
      });
    }
  }
});
