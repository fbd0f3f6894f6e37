/**
 * The supplier a shared folder belongs to (issue 12, item 2), as a new user meets it: first-day set-up asks for
 * "Your company (the supplier)" with the shared folder (required while the share names none; GOV.UK error), the
 * station writes supplier.json to the share, and procurement's import of that share shows that supplier, not
 * "default". Settings shows the supplier; a folder whose supplier.json names another supplier is shown read-only and
 * never overwritten. The screens are photographed at 1366×768, in English and Hindi, at 100 % and 200 % text.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { StationHarness } from '../electron/harness/station-harness';
import { axe, checkTargets } from './a11y-checks';
import { answerAsIf, call, expect, LONG_OPERATION, openStation, screensDir, test } from './fixtures';

test.use({ emptyStation: true });

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const live = (page: Page) => page.getByTestId('live-polite');
const PIN = '135790';
const SUPPLIER_LABEL = { en: 'Your company (the supplier)', hi: 'आपकी कंपनी (आपूर्तिकर्ता)' } as const;

let root: string;
test.beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'steadywork-e2e-supplier-'));
});
test.afterEach(async () => {
  // The station may still be syncing into a folder of root (the harness closes after this): retry the removal.
  await rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

async function checked(page: Page, state: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await axe(page, state);
  await checkTargets(page, state);
}


/** Set-up as far as the shared folder: station name, the first supervisor, one person. */
async function upToTheShare(page: Page, h: StationHarness) {
  await openStation(page, h);
  await page.getByTestId('start-setup').click();
  await page.locator('#setup-station-name').fill('Gluing bench 1');
  await page.getByTestId('setup-next').click();
  await page.locator('#setup-supervisor-name').fill('Meena Rao');
  await page.locator('#setup-pin').fill(PIN);
  await page.locator('#setup-pin-again').fill(PIN);
  await page.getByTestId('setup-save-supervisor').click();
  await expect(page.getByTestId('add-person')).toBeVisible();
  await page.getByTestId('add-person').click();
  await page.locator('#person-name').fill('Asha Devi');
  await page.getByTestId('save-person').click();
  // As a person would: the name is in the list (the save is done) before going on.
  await expect(page.locator('.sw-roster__name')).toHaveText(['Asha Devi']);
  await page.getByTestId('setup-people-done').click();
  await expect(page.locator('#share-path')).toBeVisible();
}

test('set-up names the supplier; the share gets supplier.json; procurement imports it under that supplier', async ({ page, harness, pageErrors }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const share = path.join(root, 'share');
  await mkdir(share);
  await upToTheShare(page, harness);
  await expect(h1(page)).toHaveText('The shared folder');

  // Required while the share names none: the GOV.UK error, in the summary (focused) and at the field; nothing saved.
  await page.locator('#share-path').fill(share);
  await page.getByTestId('save-folder').click();
  const summary = page.locator('.sw-error-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText("Enter your company's name, as the buyer's procurement knows you.");
  await expect(page.locator('#share-supplier-error')).toContainText("Enter your company's name");
  await expect(page.locator('#share-supplier')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#share-supplier-hint')).toHaveText("As the buyer's procurement knows you, e.g. Acme Cartons. Written once to the shared folder; every station of the workshop shares it.");
  // The summary's link takes the focus to the field.
  await summary.getByRole('link', { name: /Enter your company's name/ }).click();
  await expect(page.locator('#share-supplier')).toBeFocused();
  await checked(page, 'set-up: supplier missing');
  await page.screenshot({ path: path.join(screensDir, 'supplier-setup-error-en-100.png'), fullPage: true });
  expect((await call<{ settings: { sharePath?: string } }>(harness, 'station.info', {})).settings.sharePath).toBeUndefined();
  await expect(page.locator('#share-supplier')).toHaveAttribute('maxlength', '120');
  await page.locator('#share-supplier').fill('x'.repeat(101));
  await page.getByTestId('save-folder').click();
  await expect(summary).toContainText("Your company's name must be 100 characters or fewer.");

  await page.getByLabel('Your company (the supplier)').fill('Acme Cartons');
  await page.getByTestId('save-folder').click();
  await expect(h1(page)).toHaveText('Standards this station runs');
  await expect(live(page)).toHaveText('The shared folder is saved.');

  // Written by the station's sync: the format the importer reads, at the share's root.
  await expect.poll(() => readFile(path.join(share, 'supplier.json'), 'utf8').catch(() => null)).toBe('{"supplier":"Acme Cartons"}\n');

  await page.getByTestId('setup-standards-done').click();
  await page.getByTestId('setup-finish').click();
  await expect(h1(page)).toHaveText('Who is working?');

  // Settings (finishing set-up signed the supervisor out: the PIN again): the supplier, from the shared folder, read-only.
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(h1(page)).toHaveText('Supervisor PIN');
  await page.locator('#pin').fill(PIN);
  await page.getByTestId('unlock').click();
  await expect(h1(page)).toHaveText('Settings');
  await call(harness, 'sync.now', {});
  await expect(page.getByTestId('share-supplier-current')).toHaveText('Acme Cartons');
  await expect(page.getByTestId('share-supplier-name')).toHaveText('Acme Cartons');
  await expect(page.locator('#share-supplier')).toHaveCount(0);
  await page.getByTestId('share-facts').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, 'supplier-settings-en-100.png') });

  // Another folder whose supplier.json names another supplier: shown read-only, saved as the share says, never
  // overwritten.
  const other = path.join(root, 'other');
  await mkdir(other);
  await writeFile(path.join(other, 'supplier.json'), '{"supplier": "Bharat Boxes"}\n');
  await page.locator('#share-path').fill(other);
  await page.getByTestId('check-folder').click();
  await expect(page.getByTestId('share-supplier-name')).toHaveText('Bharat Boxes');
  await expect(page.getByTestId('share-supplier-note')).toHaveText('The shared folder says its supplier is Bharat Boxes. This station uses that name; the shared folder was not changed.');
  await checked(page, 'settings: the share names another supplier');
  await page.getByTestId('share-supplier-name').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, 'supplier-settings-other-en-100.png') });
  await page.getByTestId('save-folder').click();
  await expect(live(page)).toHaveText('The shared folder is saved.');
  await call(harness, 'sync.now', {});
  expect(await readFile(path.join(other, 'supplier.json'), 'utf8')).toBe('{"supplier": "Bharat Boxes"}\n');
  expect((await call<{ settings: { supplier?: string } }>(harness, 'station.info', {})).settings.supplier).toBe('Bharat Boxes');
  // Back to the workshop's own share (its supplier.json unchanged).
  await page.locator('#share-path').fill(share);
  await page.getByTestId('save-folder').click();
  await expect(page.getByTestId('share-current')).toHaveText(share);
  expect(await readFile(path.join(share, 'supplier.json'), 'utf8')).toBe('{"supplier":"Acme Cartons"}\n');

  // Procurement imports the share (no supplier typed): its stations are Acme Cartons', not "default".
  await call(harness, 'sync.now', {});
  await page.getByTestId('open-procurement').click();
  await page.locator('#share-path').fill(share);
  await page.getByTestId('import').click();
  const alert = page.locator('[role="alert"]').filter({ hasText: /\S/ });
  await expect(page.getByTestId('integrity-report').or(alert)).toBeVisible(LONG_OPERATION);
  expect(await alert.allInnerTexts()).toEqual([]);
  const awaiting = page.locator('[data-testid="enrolment-station"][data-status="awaiting"]');
  await expect(awaiting).toHaveCount(1, LONG_OPERATION);
  await awaiting.getByTestId('enrol').click();
  await page.getByTestId('enrol-yes').click();
  const suppliers = page.getByTestId('suppliers-table');
  await expect(suppliers.locator('tbody tr')).toHaveCount(1, LONG_OPERATION);
  await expect(suppliers.locator('tbody tr').first()).toHaveAttribute('data-supplier', 'Acme Cartons');
  await expect(page.locator('[data-testid="supplier-stations-table"] tbody tr[data-supplier="default"]')).toHaveCount(0);
  await page.getByTestId('suppliers').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screensDir, 'supplier-procurement-en-100.png') });
  expect(pageErrors).toEqual([]);
});

for (const lang of ['en', 'hi'] as const) {
  for (const scale of [100, 200] as const) {
    test(`the supplier field in ${lang} at ${scale} %: empty, error, and a share that names its supplier`, async ({ page, harness }) => {
      await page.setViewportSize({ width: 1366, height: 768 });
      await answerAsIf(page, lang, scale);
      const shot = async (name: string) => {
        await checked(page, `${name} ${lang} ${scale}`);
        await page.screenshot({ path: path.join(screensDir, `supplier-${name}-${lang}-${scale}.png`), fullPage: true });
      };
      const joined = path.join(root, 'joined');
      await mkdir(joined);
      await writeFile(path.join(joined, 'supplier.json'), '{"supplier":"Acme Cartons"}\n');
      await upToTheShare(page, harness);
      await expect(page.getByLabel(SUPPLIER_LABEL[lang])).toBeVisible();
      await shot('1-share');
      // A share that names none: the field is required (the error in the reader's language).
      const fresh = path.join(root, 'fresh');
      await mkdir(fresh);
      await page.locator('#share-path').fill(fresh);
      await page.getByTestId('save-folder').click();
      await expect(page.locator('.sw-error-summary')).toBeFocused();
      await expect(page.locator('#share-supplier')).toHaveAttribute('aria-invalid', 'true');
      await shot('2-error');
      // A share that names its supplier (a second station joining): no field, the name read-only with its note.
      await page.locator('#share-path').fill(joined);
      await page.getByTestId('check-folder').click();
      await expect(page.getByTestId('share-supplier-name')).toHaveText('Acme Cartons');
      await expect(page.locator('#share-supplier')).toHaveCount(0);
      await shot('3-from-share');
      await page.getByTestId('save-folder').click();
      await expect(page.getByTestId('setup-standards-done')).toBeVisible();
      await call(harness, 'sync.now', {});
      expect((await call<{ settings: { supplier?: string } }>(harness, 'station.info', {})).settings.supplier).toBe('Acme Cartons');
      expect(await readFile(path.join(joined, 'supplier.json'), 'utf8')).toBe('{"supplier":"Acme Cartons"}\n');
    });
  }
}
