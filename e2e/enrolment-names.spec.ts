/**
 * The enrolment list and station names (issue 11, item 2): a station's name is the one its journal signed; a station
 * that has signed none (not named yet at its first-day set-up, or an older version) is "Not named yet", and the name
 * in its station.json is shown only as the unsigned claim it is. The list is the real one of an imported simulated
 * share, with one station answered as the ledger lists a station without a signed name (a station of this version
 * publishes only after set-up named it, so the share cannot hold one made by the UI). axe, targets and screenshots
 * at 1366×768 in English and Hindi, and at 200 % text.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Route } from '@playwright/test';
import type { EnrolmentStation } from '../electron/contract/procurement';
import { axe, checkTargets } from './a11y-checks';
import { call, expect, fetchRoute, FIXTURE_SUPERVISOR, LONG_OPERATION, openStation, rootDir, screensDir, supervisorSession, test } from './fixtures';

test.describe.configure({ timeout: 180_000 });

let root: string;
let share: string;

test.beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'steadywork-e2e-names-'));
  share = path.join(root, 'share');
  execFileSync(process.execPath, [path.join(rootDir, 'dist', 'cli', 'steadywork.cjs'), 'simulate', '--share', share, '--stations', '2', '--days', '1', '--seed', '7'], {
    stdio: 'ignore',
    timeout: 150_000,
  });
});

test.afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const WORDS = {
  en: { notNamed: 'Not named yet', folder: 'Its folder on the shared folder says “Station 1”. That is not signed, so it is not trusted.' },
  hi: { notNamed: 'अभी नाम नहीं रखा गया', folder: 'साझा फ़ोल्डर में इसके फ़ोल्डर पर “Station 1” लिखा है।' },
} as const;

for (const [lang, scale] of [['en', 100], ['hi', 100], ['en', 200]] as const) {
  test(`a station without a signed name is "not named yet" (${lang}, ${scale} %); a signed one has its one name`, async ({ page, harness, pageErrors }) => {
    const session = await supervisorSession(harness);
    await call(harness, 'settings.update', { session, settings: { language: lang, textScale: scale } });
    await call(harness, 'supervisor.lock', { session });
    let unnamedId = '';
    await page.route('**/api/procurement.enrolment', async (route: Route) => {
      const res = await fetchRoute(route);
      const body = (await res.json()) as { ok: boolean; value?: { stations: EnrolmentStation[] } };
      const [first, ...rest] = body.value?.stations ?? [];
      if (body.ok && body.value && first) {
        // The first station as the ledger lists one whose journal signed no name: station.json's name, unsigned.
        unnamedId = first.stationId;
        body.value.stations = [{ ...first, name: 'Station 1', signedName: false, names: [] }, ...rest];
      }
      await route.fulfill({ response: res, json: body });
    });
    await page.setViewportSize({ width: 1366, height: 768 });
    await openStation(page, harness);
    await page.locator('.sw-bar__btn').last().click();
    await page.locator('#pin').fill(FIXTURE_SUPERVISOR.pin);
    await page.getByTestId('unlock').click();
    await page.getByTestId('open-procurement').click();
    await page.locator('#share-path').fill(share);
    await page.getByTestId('import').click();
    await expect(page.getByTestId('enrolment-counts')).toBeVisible(LONG_OPERATION);

    const unnamed = page.locator(`[data-testid="enrolment-station"][data-station="${unnamedId}"]`);
    await expect(unnamed.locator('h3').first()).toContainText(`${WORDS[lang].notNamed} (${unnamedId.slice(0, 8)})`);
    await expect(unnamed.locator('h3').first()).not.toContainText('Station 1');
    await expect(unnamed.getByTestId('enrolment-unsigned')).toContainText(WORDS[lang].folder);
    // Its Enrol button names it by its id, not by the unsigned name.
    await expect(unnamed.getByTestId('enrol')).toContainText(unnamedId.slice(0, 8));
    await expect(unnamed.getByTestId('enrol')).not.toContainText('Station 1');

    const named = page.locator('[data-testid="enrolment-station"]').filter({ hasNot: page.getByTestId('enrolment-unsigned') });
    await expect(named).toHaveCount(1);
    await expect(named).toHaveAttribute('data-names', '1');
    await expect(named.locator('h3').first()).toContainText(/bench \d/);

    await page.evaluate(() => window.scrollTo(0, 0));
    await axe(page, `enrolment names ${lang} ${scale}`);
    await checkTargets(page, `enrolment names ${lang} ${scale}`);
    await unnamed.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screensDir, `enrolment-not-named-${lang}-${scale}-1366.png`) });
    expect(pageErrors).toEqual([]);
  });
}
