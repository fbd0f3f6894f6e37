/**
 * Every supervisor screen and state through axe (WCAG 2.x A/AA + 2.2 AA + 7:1 contrast) and our 48 px target rule,
 * in English and Hindi at 100 % and 200 % text, with a screenshot of each: review home with an open help request,
 * the refresh running, filtered history, an empty filter result, a run timeline, signing (with its error), the
 * trends (charts and table), standards (list, a checked new version with its changes, an invalid file, retiring).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { StationHarness } from '../electron/harness/station-harness';
import { axe, checkTargets } from './a11y-checks';
import { call, expect, LONG_OPERATION, rootDir, screensDir, test } from './fixtures';
import { openReview, seedRuns, supervisorSession } from './review-support';

test.use({ timezoneId: 'Asia/Kolkata' });
// Many screens, each through axe and a screenshot: 100-150 s per test at load 14 on 2 cores (about 40 s when quiet).
test.describe.configure({ timeout: 360_000 });

async function configure(h: StationHarness, lang: 'en' | 'hi', scale: 100 | 200) {
  const session = await supervisorSession(h);
  await call(h, 'settings.update', { session, settings: { language: lang, textScale: scale } });
  await call(h, 'supervisor.lock', { session });
}

/** Version 2 of the carton check with one changed limit, one added and one moved step, in a folder with its pictures. */
async function changedCarton(dir: string): Promise<string> {
  const src = path.join(rootDir, 'assets', 'standards');
  const doc = JSON.parse(await readFile(path.join(src, 'carton-quality-check.json'), 'utf8')) as {
    version: number; effectiveFrom: string; steps: Array<Record<string, unknown> & { id: string }>;
  };
  doc.version = 2;
  doc.effectiveFrom = '2026-12-01';
  const weight = doc.steps.find((s) => s.id === 'carton-weight')!;
  weight.limits = { min: 490, max: 510 };
  const [first, second, ...rest] = doc.steps;
  doc.steps = [second!, first!, ...rest, { id: 'photo-label', kind: 'tick', text: { en: 'Check the label is straight.', hi: 'देखें कि लेबल सीधा है।' } }];
  await cp(path.join(src, 'pictures'), path.join(dir, 'pictures'), { recursive: true });
  const file = path.join(dir, 'carton-quality-check.v2.json');
  await writeFile(file, JSON.stringify(doc, null, 2));
  return file;
}

for (const lang of ['en', 'hi'] as const) {
  for (const scale of [100, 200] as const) {
    test(`supervisor screens are accessible (${lang}, ${scale}%)`, async ({ page, harness, pageErrors }) => {
      const runs = await seedRuns(harness);
      await configure(harness, lang, scale);
      const visit = async (state: string) => {
        // Targets as laid out: not ones scrolled under the fixed status bar (two rows when help requests wait).
        await page.evaluate(() => window.scrollTo(0, 0));
        await checkTargets(page, `${state} ${lang} ${scale}`);
        await axe(page, `${state} ${lang} ${scale}`);
        await page.screenshot({ path: path.join(screensDir, `review-${state}-${lang}-${scale}.png`), fullPage: true });
      };

      await openReview(page, harness);
      await expect(page.getByTestId('help-request')).toHaveCount(1);
      await expect(page.getByTestId('history-row').and(page.locator('[data-loaded="true"]'))).toHaveCount(3);
      await visit('home');

      // A refresh held still while it runs.
      await page.route('**/api/review.status', (route) =>
        route.fulfill({
          contentType: 'application/json',
          body: JSON.stringify({ ok: true, value: { state: 'refreshing', source: 'station', progress: { phase: 'verify', done: 1, total: 2 } } }),
        }),
      );
      await page.getByTestId('review-refresh').click();
      await expect(page.getByTestId('review-progress')).toBeVisible();
      await visit('refreshing');
      await page.unroute('**/api/review.status');
      await expect(page.locator('[data-testid="review-status"][data-state="ready"]')).toBeVisible(LONG_OPERATION);

      await page.getByTestId('outcome-deviation').check();
      await page.getByTestId('filter-apply').click();
      await expect(page.getByTestId('count-runs')).toHaveAttribute('data-value', '1');
      await visit('filtered');

      await page.getByTestId('outcome-abandoned').check();
      await page.getByTestId('filter-apply').click();
      await expect(page.getByTestId('history-empty')).toBeVisible();
      await visit('filtered-empty');
      await page.getByTestId('filter-clear').click();
      await expect(page.getByTestId('count-runs')).toHaveAttribute('data-value', '3');

      await page.locator(`[data-testid="history-row"][data-run="${runs.deviated}"]`).getByTestId('history-open').click();
      await expect(page.getByTestId('timeline')).toBeVisible();
      await visit('timeline');

      await page.getByTestId('sign-run').click();
      await page.locator('input[type="radio"][value="rejected"]').check();
      await page.getByTestId('sign-continue').click();
      await expect(page.locator('.sw-error-summary')).toBeVisible();
      await visit('sign-error');
      await page.getByTestId('sign-reason').fill('The lamp was not checked again after the power came back.');
      await page.getByTestId('sign-continue').click();
      await expect(page.getByTestId('sign-confirm')).toBeVisible();
      await visit('sign-confirm');
      await page.getByTestId('sign-confirm').click();
      await expect(page.getByTestId('timeline-signatures')).toHaveAttribute('data-count', '1');
      await visit('signed');

      await page.getByTestId('nav-trends').first().click();
      await expect(page.getByTestId('trend-table')).toBeVisible();
      await visit('trends');

      await page.getByTestId('nav-standards').first().click();
      await expect(page.getByTestId('standards-list')).toBeVisible();
      await visit('standards');

      const dir = await mkdtemp(path.join(os.tmpdir(), 'steadywork-e2e-a11y-std-'));
      try {
        await page.getByTestId('standard-path').fill(await changedCarton(dir));
        await page.getByTestId('check-path').click();
        await expect(page.getByTestId('check-changes')).toBeVisible();
        await visit('standard-checked');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }

      await page.getByTestId('standard-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"id": "x", "version": ') });
      await expect(page.getByTestId('check-errors')).toBeVisible();
      await visit('standard-invalid');

      await page.locator('[data-testid="standard-version"][data-id="end-of-day-clean-down"]').getByTestId('retire').click();
      await expect(page.getByTestId('retire-form')).toBeVisible();
      await page.getByTestId('retire-confirm').click();
      await visit('retire-error');
      expect(pageErrors).toEqual([]);
    });
  }
}
