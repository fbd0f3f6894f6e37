/**
 * "First day" (issue 10): a station that starts from an EMPTY data folder, set up and used through the UI only
 * (no channel call sets state; a few read station.info to check that nothing was saved): set-up with a supervisor,
 * two artisans, a shared folder (with a missing folder and a file refused first), finish; one artisan runs the
 * start-of-shift check to the end; a supervisor signs in by name and PIN; Sync now; `steadywork verify` on the share.
 * A second test walks the set-up screens through axe and photographs them in English and Hindi at 100 % and 200 %.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page, Route } from '@playwright/test';
import type { StationHarness } from '../electron/harness/station-harness';
import { axe, checkTargets } from './a11y-checks';
import { call, expect, openStation, rootDir, screensDir, test } from './fixtures';

test.use({ emptyStation: true });

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const live = (page: Page) => page.getByTestId('live-polite');
const PIN = '135790';
const SECOND_PIN = '864200';

let root: string;
test.beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'steadywork-e2e-first-day-'));
});
test.afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function checked(page: Page, state: string) {
  // At the top: the sticky status bar then covers nothing (the gap check measures what is on screen).
  await page.evaluate(() => window.scrollTo(0, 0));
  await axe(page, state);
  await checkTargets(page, state);
}

/** The folder field: type a path and Check. */
async function checkFolder(page: Page, folder: string) {
  await page.locator('#share-path').fill(folder);
  await page.getByTestId('check-folder').click();
}

async function setUpStation(page: Page, h: StationHarness, share: string) {
  await openStation(page, h);
  await expect(h1(page)).toHaveText('This station is being set up');
  await expect(page.locator('#pin')).toHaveCount(0);
  await checked(page, 'being set up');
  await page.getByTestId('start-setup').click();

  await expect(h1(page)).toHaveText('Name this station');
  await expect(h1(page)).toBeFocused();
  await page.getByTestId('setup-next').click();
  await expect(page.locator('.sw-error-summary')).toContainText('Type a name for this station.');
  await page.getByLabel('Name of this station').fill('Gluing bench 1');
  await page.getByLabel('Time zone').selectOption('Asia/Kolkata');
  await checked(page, 'set-up: station');
  await page.getByTestId('setup-next').click();

  await expect(h1(page)).toHaveText('The first supervisor');
  await expect(h1(page)).toBeFocused();
  await expect(page.locator('#setup-pin')).toHaveValue('');
  await page.getByLabel("Supervisor's name").fill('Meena Rao');
  await page.locator('#setup-pin').fill('1234');
  await page.getByTestId('setup-save-supervisor').click();
  await expect(page.locator('.sw-error-summary')).toContainText('The PIN must have 6 to 12 numbers.');
  await page.locator('#setup-pin').fill(PIN);
  await page.locator('#setup-pin-again').fill('135791');
  await page.getByTestId('setup-save-supervisor').click();
  await expect(page.locator('.sw-error-summary')).toContainText('The two PINs are not the same.');
  await checked(page, 'set-up: supervisor, errors');
  // The PIN typed with the one number pad into the second field.
  await page.locator('#setup-pin').fill(PIN);
  await page.locator('#setup-pin-again').fill('');
  await page.locator('#setup-pin-again').focus();
  for (const d of PIN) await page.locator('.sw-pad').getByRole('button', { name: d, exact: true }).click();
  await expect(page.locator('#setup-pin-again')).toHaveValue(PIN);
  await page.getByTestId('setup-save-supervisor').click();

  await expect(h1(page)).toHaveText('People at this station');
  await expect(live(page)).toHaveText('Meena Rao is saved as supervisor. You are signed in.');
  await expect(page.getByTestId('supervisor-signed-in')).toHaveText('Supervisor: Meena Rao');
  await page.getByTestId('setup-people-done').click();
  await expect(page.locator('.sw-error-summary')).toContainText('Add at least one person.');
  for (const [name, badge] of [['Asha Devi', '1001'], ['Ravi Kumar', '']] as const) {
    await page.getByTestId('add-person').click();
    await page.locator('#person-name').fill(name);
    if (badge) await page.locator('#person-badge').fill(badge);
    await page.getByTestId('save-person').click();
    await expect(live(page)).toHaveText(`${name} is saved.`);
  }
  await checked(page, 'set-up: people');
  await page.getByTestId('setup-people-done').click();

  await expect(h1(page)).toHaveText('The shared folder');
  // Bad input: a folder that is not there, then a file. Each a clear message that names it; nothing is saved.
  const missing = path.join(root, 'not-there');
  await checkFolder(page, missing);
  await expect(page.locator('.sw-error-summary')).toContainText(missing);
  await expect(page.locator('#share-path-error, .sw-field__error').first()).toContainText('folder');
  await checked(page, 'set-up: share, missing');
  await page.getByTestId('save-folder').click();
  await expect(page.locator('.sw-error-summary')).toContainText(missing);
  const file = path.join(root, 'a-file.txt');
  await writeFile(file, 'not a folder');
  await checkFolder(page, file);
  await expect(page.locator('.sw-error-summary')).toContainText(file);
  await page.getByTestId('save-folder').click();
  await expect(page.locator('.sw-error-summary')).toContainText(file);
  const info = await call<{ settings: { sharePath?: string } }>(h, 'station.info', {});
  expect(info.settings.sharePath).toBeUndefined();
  // The real one.
  await checkFolder(page, share);
  await expect(page.getByTestId('folder-check')).toContainText('This folder can be used.');
  await expect(page.getByTestId('folder-check')).toContainText('It holds 0 stations and 0 standards.');
  await checked(page, 'set-up: share, ok');
  await page.getByTestId('save-folder').click();

  await expect(h1(page)).toHaveText('Standards this station runs');
  await expect(page.getByTestId('setup-standards')).toContainText('Start-of-shift station check');
  await checked(page, 'set-up: standards');
  await page.getByTestId('setup-standards-done').click();

  await expect(h1(page)).toHaveText('Finish set-up');
  await checked(page, 'set-up: finish');
  await page.getByTestId('setup-finish').click();
  await expect(h1(page)).toHaveText('Who is working?');
  await expect(live(page)).toHaveText('Set-up is finished. The station is ready.');
  await expect(page.getByRole('button', { name: 'Asha Devi' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Ravi Kumar' })).toBeVisible();
}

async function runStartCheck(page: Page) {
  await page.getByRole('button', { name: 'Asha Devi' }).click();
  await expect(h1(page)).toHaveText('Today');
  await page.getByRole('button', { name: 'Start Start-of-shift station check' }).click();
  const done = page.getByRole('button', { name: 'Done', exact: true });
  const stepIs = (n: number) => expect(page.getByTestId('step-count')).toHaveText(`Step ${n} of 8`);
  for (const [n, action] of [[1, 'done'], [2, 'done'], [3, 'done'], [4, 'Full'], [5, 'done'], [6, 'done'], [7, 'Yes, it is clear']] as const) {
    await stepIs(n);
    if (action === 'done') await done.click();
    else await page.getByRole('button', { name: action, exact: true }).click();
  }
  await stepIs(8);
  await page.getByLabel('Your note').fill('First day.');
  await page.getByRole('button', { name: 'Save note' }).click();
  await expect(h1(page)).toHaveText('All steps are finished');
  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(live(page)).toHaveText('Start-of-shift station check is finished. Thank you.');
}

async function signIn(page: Page, name: string | null, pin: string) {
  if (name) {
    await expect(h1(page)).toHaveText('Who is signing in?');
    await page.getByRole('button', { name, exact: true }).click();
  }
  await expect(page.getByTestId('signing-in')).toBeVisible();
  await page.locator('#pin').fill(pin);
  await page.getByTestId('unlock').click();
  await expect(h1(page)).toHaveText('Settings');
}

test('first day: set up from an empty data folder, a run, named supervisors, the shared folder and verify — through the UI only', async ({ page, harness, pageErrors }) => {
  const share = path.join(root, 'share');
  await (await import('node:fs/promises')).mkdir(share);
  await setUpStation(page, harness, share);
  await runStartCheck(page);

  // A supervisor signs in (the only one: no name to choose yet) and adds a second supervisor.
  await page.getByRole('button', { name: 'Change person' }).click();
  await page.getByRole('button', { name: 'Settings' }).click();
  await signIn(page, null, PIN);
  await page.getByTestId('add-supervisor').click();
  await page.locator('#new-supervisor-name').fill('Kiran Shah');
  await page.locator('#new-supervisor-pin').fill(SECOND_PIN);
  await page.locator('#new-supervisor-pin-again').fill(SECOND_PIN);
  await page.getByTestId('save-new-supervisor').click();
  await expect(live(page)).toHaveText('Kiran Shah is saved.');
  await checked(page, 'settings with supervisors and shared folder');
  await page.getByTestId('lock').click();

  // Locked: the sign-in asks for a name now. Kiran with a wrong PIN (counted for Kiran only), then Meena with hers.
  await expect(h1(page)).toHaveText('Who is signing in?');
  await page.getByRole('button', { name: 'Kiran Shah', exact: true }).click();
  await page.locator('#pin').fill('111111');
  await page.getByTestId('unlock').click();
  await expect(page.locator('.sw-error-summary')).toContainText('This PIN is not right.');
  await page.getByTestId('choose-other').click();
  await checked(page, 'sign in: choose a name');
  await signIn(page, 'Meena Rao', PIN);
  await expect(page.getByTestId('supervisor-signed-in')).toHaveText('Supervisor: Meena Rao');

  // Settings → the shared folder: the folder, the status, Sync now.
  await expect(page.getByTestId('share-current')).toHaveText(share);
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('share-sync')).toHaveAttribute('data-state', 'up_to_date');
  await expect(page.getByTestId('share-sync')).toHaveText('up to date');
  // The last supervisor cannot be removed: two now, so remove Kiran, then Meena's own removal is refused.
  await page.getByTestId('remove-supervisor-Kiran Shah').click();
  await page.getByTestId('remove-supervisor-yes').click();
  await expect(live(page)).toHaveText('Kiran Shah is no longer a supervisor.');
  await page.getByTestId('remove-supervisor-Meena Rao').click();
  await page.getByTestId('remove-supervisor-yes').click();
  await expect(page.getByTestId('supervisor-error')).not.toBeEmpty();

  // The CLI on the share: the journal verifies and names this station.
  const stationId = (await call<{ stationId: string }>(harness, 'station.info', {})).stationId;
  const out = execFileSync(process.execPath, [path.join(rootDir, 'dist', 'cli', 'steadywork.cjs'), 'verify', share], { encoding: 'utf8' });
  expect(out).toContain(stationId.slice(0, 8));
  expect(pageErrors).toEqual([]);
});

/** The set-up screens in a language and text size: station.info is answered as if the station had them. */
async function asIf(page: Page, lang: 'en' | 'hi', scale: 100 | 200) {
  await page.route('**/api/station.info', async (route: Route) => {
    const res = await route.fetch();
    const body = (await res.json()) as { ok: boolean; value?: { settings: Record<string, unknown> } };
    if (body.ok && body.value) body.value.settings = { ...body.value.settings, language: lang, textScale: scale };
    await route.fulfill({ response: res, json: body });
  });
}

for (const lang of ['en', 'hi'] as const) {
  for (const scale of [100, 200] as const) {
    test(`set-up screens in ${lang} at ${scale} %: axe, targets, screenshots at 1366×768`, async ({ page, harness }) => {
      await page.setViewportSize({ width: 1366, height: 768 });
      await asIf(page, lang, scale);
      const shot = async (name: string) => {
        await checked(page, `${name} ${lang} ${scale}`);
        await page.screenshot({ path: path.join(screensDir, `setup-${name}-${lang}-${scale}.png`), fullPage: false });
      };
      await openStation(page, harness);
      await shot('being-set-up');
      await page.getByTestId('start-setup').click();
      await page.locator('#setup-station-name').fill('Gluing bench 1');
      await shot('1-station');
      await page.getByTestId('setup-next').click();
      await expect(page.locator('#setup-supervisor-name')).toBeVisible();
      await page.locator('#setup-supervisor-name').fill('Meena Rao');
      await shot('2-supervisor');
      await page.locator('#setup-pin').fill(PIN);
      await page.locator('#setup-pin-again').fill(PIN);
      await page.getByTestId('setup-save-supervisor').click();
      await expect(page.getByTestId('add-person')).toBeVisible();
      await shot('3-people');
      await page.getByTestId('add-person').click();
      await page.locator('#person-name').fill('Asha Devi');
      await page.getByTestId('save-person').click();
      await expect(page.getByTestId('add-person')).toBeVisible();
      await page.getByTestId('setup-people-done').click();
      await expect(page.locator('#share-path')).toBeVisible();
      await checkFolder(page, path.join(root, 'not-there'));
      await expect(page.locator('.sw-error-summary')).toBeVisible();
      await shot('4-share-error');
      await page.getByTestId('setup-no-share').click();
      await expect(page.getByTestId('setup-standards-done')).toBeVisible();
      await expect(page.getByTestId('setup-standards').locator('li')).toHaveCount(3);
      await shot('5-standards');
      await page.getByTestId('setup-standards-done').click();
      await expect(page.getByTestId('setup-finish')).toBeVisible();
      await shot('6-finish');
    });
  }
}
