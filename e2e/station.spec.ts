/**
 * The artisan station, end to end through the browser harness with the real core, each test on a fresh
 * data folder. After each, the journal on disk is verified (hash chain, seals) and must hold exactly the
 * expected events, in order.
 */
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { verifyJournalDir } from '../electron/core/journal';
import type { StationHarness } from '../electron/harness/station-harness';
import { call, expect, FAKE_NOW, journalLines, openStation, startStation, test } from './fixtures';

test.use({ timezoneId: 'Asia/Kolkata' });

const START_CHECK = 'Start-of-shift station check';
const CARTON_CHECK = 'Carton quality check';
/** Longer than one auto-scan step (1000 ms): the fixed wait of a check that the highlight does not move by itself. */
const NO_AUTO_SCAN_MS = 1600;
/** The three demo standards are adopted by the station the first time it lists what is due. */
const ADOPTED = ['standard.adopted', 'standard.adopted', 'standard.adopted'];

/** Closes the harness (which seals the journal), verifies the journal and checks its event types. */
async function expectJournal(h: StationHarness, dataDir: string, types: string[]) {
  await h.close();
  const report = await verifyJournalDir(path.join(dataDir, 'journal'));
  expect(report.problems).toEqual([]);
  expect(report.ok).toBe(true);
  const lines = await journalLines(dataDir);
  expect(lines.map((l) => l.type)).toEqual(types);
  return lines;
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const live = (page: Page) => page.getByTestId('live-polite');

async function expectStep(page: Page, n: number, total: number) {
  await expect(page.getByTestId('step-count')).toHaveText(`Step ${n} of ${total}`);
}

async function chooseArtisan(page: Page, name: string) {
  await page.getByRole('button', { name }).click();
  await expect(h1(page)).toHaveText('Today');
  await expect(page.getByTestId('who-is-working')).toContainText(name);
}

async function start(page: Page, title: string) {
  await page.getByRole('button', { name: `Start ${title}` }).click();
  await expect(page.getByTestId('step-count')).toBeVisible();
}

/** Press Tab until `target` has focus (keyboard only), at most `max` times. */
async function tabTo(page: Page, target: Locator, max = 40) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

test('a full run by pointer: the start-of-shift check, one step at a time', async ({ page, harness, dataDir, pageErrors }) => {
  await openStation(page, harness);
  await expect(h1(page)).toHaveText('Who is working?');
  await chooseArtisan(page, 'Asha Devi');

  // Today: the one to do now comes first, with its status in words.
  const now = page.getByTestId('routine-station-start-check');
  await expect(now).toContainText('Due now');
  await start(page, START_CHECK);

  const done = page.getByRole('button', { name: 'Done', exact: true });
  await expectStep(page, 1, 8);
  await expect(h1(page)).toContainText('Clear the work table.');
  await expect(page.getByRole('img', { name: 'A work table with nothing on it.' })).toBeVisible();
  await done.click();
  await expect(live(page)).toHaveText('Step 1 done.');
  await expectStep(page, 2, 8);
  await done.click();
  await expectStep(page, 3, 8);
  await done.click();
  await expectStep(page, 4, 8);
  await page.getByRole('button', { name: 'Full', exact: true }).click();
  await expectStep(page, 5, 8);
  await done.click();
  await expectStep(page, 6, 8);
  await done.click();
  await expectStep(page, 7, 8);
  await page.getByRole('button', { name: 'Yes, it is clear' }).click();
  await expectStep(page, 8, 8);
  await page.getByLabel('Your note').fill('The lamp flickers a little.');
  await page.getByRole('button', { name: 'Save note' }).click();

  await expect(h1(page)).toHaveText('All steps are finished');
  await expect(page.getByText('8 steps done.')).toBeVisible();
  await expect(page.getByText('Everything was right. There is nothing to report.')).toBeVisible();
  await page.getByRole('button', { name: 'Finish' }).click();

  await expect(h1(page)).toHaveText('Today');
  await expect(live(page)).toHaveText('Start-of-shift station check is finished. Thank you.');
  await expect(page.getByTestId('routine-station-start-check')).toContainText('Done');
  expect(pageErrors).toEqual([]);

  const lines = await expectJournal(harness, dataDir, [
    ...ADOPTED,
    'run.started',
    'step.done',
    'step.done',
    'step.done',
    'step.chosen',
    'step.done',
    'step.done',
    'step.chosen',
    'step.noted',
    'run.completed',
    'journal.seal',
  ]);
  expect(lines.filter((l) => l.type.startsWith('step.') || l.type.startsWith('run.')).every((l) => l.actor === 'asha-devi')).toBe(true);
  expect(lines.find((l) => l.type === 'step.noted')?.value).toBe('The lamp flickers a little.');
});

test('a full run by keyboard only: the carton quality check with measurements typed on the keyboard', async ({ page, harness, dataDir, pageErrors }) => {
  await openStation(page, harness);
  // Who is working: focus starts on the heading; Tab reaches the first name.
  await expect(h1(page)).toBeFocused();
  await tabTo(page, page.getByRole('button', { name: 'Ravi Kumar' }));
  await page.keyboard.press('Enter');
  await expect(h1(page)).toHaveText('Today');
  await expect(h1(page)).toBeFocused();

  await tabTo(page, page.getByRole('button', { name: `Start ${CARTON_CHECK}` }));
  await page.keyboard.press('Enter');
  await expectStep(page, 1, 10);
  await expect(h1(page)).toBeFocused();

  const done = page.getByRole('button', { name: 'Done', exact: true });
  await tabTo(page, done);
  await page.keyboard.press('Enter');
  await expectStep(page, 2, 10);

  // Measurements: type the digits (anywhere on the screen), then Tab to Done.
  for (const [n, value] of [
    [2, '500'],
    [3, '300'],
    [4, '210'],
    [5, '60'],
    [6, '10'],
  ] as const) {
    await expectStep(page, n, 10);
    await expect(page.getByText('Right value:')).toBeVisible();
    await page.keyboard.type(value);
    await expect(page.getByLabel(/Your number, in/)).toHaveValue(value);
    await tabTo(page, done);
    await page.keyboard.press('Enter');
    await expect(live(page)).toHaveText(`Step ${n} done.`);
  }

  await expectStep(page, 7, 10);
  await tabTo(page, page.getByRole('button', { name: 'Sharp and closed' }));
  await page.keyboard.press('Space');
  await expectStep(page, 8, 10);
  await tabTo(page, page.getByRole('button', { name: 'Yes, it is clear' }));
  await page.keyboard.press('Enter');
  await expectStep(page, 9, 10);
  await tabTo(page, done);
  await page.keyboard.press('Enter');
  await expectStep(page, 10, 10);
  await tabTo(page, page.getByLabel('Your note'));
  await page.keyboard.type('Nothing unusual.');
  await tabTo(page, page.getByRole('button', { name: 'Save note' }));
  await page.keyboard.press('Enter');

  await expect(h1(page)).toHaveText('All steps are finished');
  await tabTo(page, page.getByRole('button', { name: 'Finish' }));
  await page.keyboard.press('Enter');
  await expect(h1(page)).toHaveText('Today');
  await expect(page.getByTestId('routine-carton-quality-check')).toContainText('Done');
  expect(pageErrors).toEqual([]);

  const lines = await expectJournal(harness, dataDir, [
    ...ADOPTED,
    'run.started',
    'step.done',
    'step.measured',
    'step.measured',
    'step.measured',
    'step.measured',
    'step.measured',
    'step.chosen',
    'step.chosen',
    'step.done',
    'step.noted',
    'run.completed',
    'journal.seal',
  ]);
  expect(lines.filter((l) => l.type === 'step.measured').map((l) => l.value)).toEqual([500, 300, 210, 60, 10]);
  expect(lines.every((l) => l.type.startsWith('standard.') || l.type.startsWith('journal.') || l.actor === 'ravi-kumar')).toBe(true);
});

test('a full run by switch scanning: one switch (Space), the highlight starts on Done', async ({ page, harness, dataDir, pageErrors }) => {
  // The station is set to one-switch scanning by a supervisor (through the contract, to set up the test).
  await call(harness, 'supervisor.setPin', { pin: '2468' });
  const unlocked = await call<{ session: string }>(harness, 'supervisor.unlock', { pin: '2468' });
  await call(harness, 'settings.update', { session: unlocked.session, settings: { scanMode: 'auto', scanSpeedMs: 1000 } });
  await call(harness, 'supervisor.lock', { session: unlocked.session });

  await openStation(page, harness);
  const highlighted = page.locator('[data-scan-current]');
  // The highlight reaches a control within one scan cycle (a few controls at 1 s each): the expect timeout covers it.
  const select = async (target: Locator) => {
    await expect(target).toHaveAttribute('data-scan-current', '');
    await expect(target).toBeFocused(); // focus follows the highlight, so screen readers do too
    await page.keyboard.press('Space');
  };

  await expect(highlighted).toHaveCount(1);
  await select(page.getByRole('button', { name: 'Asha Devi' }));
  await expect(h1(page)).toHaveText('Today');
  await select(page.getByRole('button', { name: `Start ${START_CHECK}` }));
  await expectStep(page, 1, 8);

  const done = page.getByRole('button', { name: 'Done', exact: true });
  for (let n = 1; n <= 3; n++) {
    await expectStep(page, n, 8);
    await select(done);
  }
  await expectStep(page, 4, 8);
  await select(page.getByRole('button', { name: 'Full', exact: true }));
  for (let n = 5; n <= 6; n++) {
    await expectStep(page, n, 8);
    await select(done);
  }
  await expectStep(page, 7, 8);
  await select(page.getByRole('button', { name: 'Yes, it is clear' }));
  await expectStep(page, 8, 8);
  // The note step: the highlight starts on "Save note"; wait for it to move on to Skip by itself.
  await expect(page.getByRole('button', { name: 'Save note' })).toHaveAttribute('data-scan-current', '');
  await select(page.getByRole('button', { name: 'Skip', exact: true }));
  await expect(h1(page)).toHaveText('All steps are finished');
  await select(page.getByRole('button', { name: 'Finish' }));
  await expect(h1(page)).toHaveText('Today');
  await expect(page.getByTestId('routine-station-start-check')).toContainText('Done');
  expect(pageErrors).toEqual([]);

  await expectJournal(harness, dataDir, [
    ...ADOPTED,
    'run.started',
    'step.done',
    'step.done',
    'step.done',
    'step.chosen',
    'step.done',
    'step.done',
    'step.chosen',
    'step.skipped',
    'run.completed',
    'journal.seal',
  ]);
});

test('two-switch scanning: Tab moves the highlight, Space chooses', async ({ page, harness, dataDir }) => {
  await call(harness, 'artisans.setPrefs', { artisanId: 'farida-begum', prefs: { scanMode: 'two-switch' } });
  await openStation(page, harness);
  await chooseArtisan(page, 'Farida Begum');
  const startButton = page.getByRole('button', { name: `Start ${START_CHECK}` });
  await expect(startButton).toHaveAttribute('data-scan-current', '');
  await page.keyboard.press('Tab');
  await expect(startButton).not.toHaveAttribute('data-scan-current', '');
  await page.keyboard.press('Shift+Tab');
  await expect(startButton).toHaveAttribute('data-scan-current', '');
  await page.keyboard.press('Space');
  await expectStep(page, 1, 8);
  const done = page.getByRole('button', { name: 'Done', exact: true });
  await expect(done).toHaveAttribute('data-scan-current', '');
  // Nothing moves by itself in two-switch mode. A check that something does NOT happen needs a fixed wait: longer
  // than the auto-scan step (1000 ms), so that auto-scanning, had it been on, would have moved the highlight.
  await page.waitForTimeout(NO_AUTO_SCAN_MS);
  await expect(done).toHaveAttribute('data-scan-current', '');
  await page.keyboard.press('Enter');
  await expectStep(page, 2, 8);
  await expectJournal(harness, dataDir, [...ADOPTED, 'run.started', 'step.done', 'journal.seal']);
});

test('a measurement out of limits asks for a reason from the standard', async ({ page, harness, dataDir, pageErrors }) => {
  await openStation(page, harness);
  await chooseArtisan(page, 'Asha Devi');
  await start(page, CARTON_CHECK);
  await page.getByRole('button', { name: 'Done', exact: true }).click();
  await expectStep(page, 2, 10);
  await expect(page.getByText('Between 480 and 520 grams.')).toBeVisible();

  // Done with nothing typed: an error in words, nothing recorded.
  await page.getByRole('button', { name: 'Done', exact: true }).click();
  await expect(page.getByText('Type a number first.')).toBeVisible();

  const pad = page.getByRole('group', { name: 'Number keys' });
  for (const key of ['6', '0', '0']) await pad.getByRole('button', { name: key, exact: true }).click();
  await expect(page.getByLabel('Your number, in grams')).toHaveValue('600');
  await page.getByRole('button', { name: 'Done', exact: true }).click();

  await expect(live(page)).toHaveText('600 grams is outside the limits.');
  await expectStep(page, 2, 10);
  const reasons = page.getByRole('group', { name: 'Why is the number outside the limits?' });
  await expect(reasons.getByRole('radio')).toHaveCount(5);
  // Saving without a choice: an error in words.
  await page.getByRole('button', { name: 'Save the reason' }).click();
  await expect(page.getByText('Choose a reason.')).toBeVisible();
  await reasons.getByRole('radio', { name: 'The scale does not work.' }).check();
  await page.getByRole('button', { name: 'Save the reason' }).click();
  await expect(live(page)).toHaveText('Reason saved for step 2.');
  await expectStep(page, 3, 10);
  expect(pageErrors).toEqual([]);

  const lines = await expectJournal(harness, dataDir, [...ADOPTED, 'run.started', 'step.done', 'step.measured', 'step.reasoned', 'journal.seal']);
  const measured = lines.find((l) => l.type === 'step.measured') as { value?: unknown; data?: { acceptable?: boolean } };
  expect(measured.value).toBe(600);
  expect(measured.data?.acceptable).toBe(false);
  expect(lines.find((l) => l.type === 'step.reasoned')?.reason).toBe('SCALE_BROKEN');
});

test('undo opens the last step again; the correction is a new event', async ({ page, harness, dataDir }) => {
  await openStation(page, harness);
  await chooseArtisan(page, 'Asha Devi');
  await start(page, START_CHECK);
  const done = page.getByRole('button', { name: 'Done', exact: true });
  const undo = page.getByRole('button', { name: 'Undo' });
  await expect(undo).toBeDisabled();
  await done.click();
  await expectStep(page, 2, 8);
  await done.click();
  await expectStep(page, 3, 8);
  await undo.click();
  await expect(live(page)).toHaveText('Step 2 is open again.');
  await expectStep(page, 2, 8);
  // The overview shows step 1 done and step 2 to do now.
  await page.getByRole('button', { name: 'All steps' }).click();
  await expect(h1(page)).toHaveText('All steps');
  const items = page.getByRole('list', { name: 'Steps of this routine' }).getByRole('listitem');
  await expect(items.nth(0)).toContainText('Done');
  await expect(items.nth(1)).toContainText('Do this now');
  await page.getByRole('button', { name: 'Look at step 1' }).click();
  await expect(page.getByText('To change this step, press Undo until the step is open again.')).toBeVisible();
  await page.getByRole('button', { name: 'Back to step 2' }).click();
  await expectStep(page, 2, 8);
  await done.click();
  await expectStep(page, 3, 8);
  await expectJournal(harness, dataDir, [...ADOPTED, 'run.started', 'step.done', 'step.done', 'step.undone', 'step.done', 'journal.seal']);
});

test('a help request is its own outcome, and a step that cannot be done takes a reason', async ({ page, harness, dataDir }) => {
  await openStation(page, harness);
  await chooseArtisan(page, 'Suresh Patel');
  await start(page, START_CHECK);
  await page.getByRole('button', { name: 'I need help' }).click();
  await expect(live(page)).toHaveText('Help is on the way.');
  await expect(page.getByText('You can go on with this step. Or you can wait here.')).toBeVisible();
  await expectStep(page, 1, 8);
  // The run goes on.
  await page.getByRole('button', { name: 'Done', exact: true }).click();
  await expectStep(page, 2, 8);
  await page.getByRole('button', { name: 'I cannot do this step' }).click();
  const reasons = page.getByRole('group', { name: 'Why can you not do this step?' });
  await reasons.getByRole('radio', { name: 'There is no electricity.' }).check();
  await page.getByRole('button', { name: 'Save the reason' }).click();
  await expect(live(page)).toHaveText('Step 2 could not be done. The reason is saved.');
  await expectStep(page, 3, 8);
  const lines = await expectJournal(harness, dataDir, [...ADOPTED, 'run.started', 'help.requested', 'step.done', 'step.deviated', 'journal.seal']);
  expect(lines.find((l) => l.type === 'help.requested')?.step).toBe('clear-table');
  expect(lines.find((l) => l.type === 'step.deviated')?.reason).toBe('POWER_CUT');
});

test('closing the app mid-run and starting again: the run is resumed from Today', async ({ browser, dataDir }) => {
  const first = await startStation(dataDir);
  const page1 = await browser.newPage({ timezoneId: 'Asia/Kolkata' });
  await openStation(page1, first);
  await chooseArtisan(page1, 'Asha Devi');
  await start(page1, START_CHECK);
  await page1.getByRole('button', { name: 'Done', exact: true }).click();
  await expectStep(page1, 2, 8);
  await page1.getByRole('button', { name: 'Done', exact: true }).click();
  await expectStep(page1, 3, 8);
  await page1.close();
  await first.close();

  const second = await startStation(dataDir);
  try {
    const page2 = await browser.newPage({ timezoneId: 'Asia/Kolkata' });
    await openStation(page2, second);
    await chooseArtisan(page2, 'Asha Devi');
    const card = page2.getByTestId('routine-station-start-check');
    await expect(card).toContainText('In progress');
    await expect(card).toContainText('6 steps to go.');
    await page2.getByRole('button', { name: `Go on with ${START_CHECK}` }).click();
    await expectStep(page2, 3, 8);
    await page2.getByRole('button', { name: 'Done', exact: true }).click();
    await expectStep(page2, 4, 8);
    await page2.close();
  } finally {
    await second.close();
  }
  const report = await verifyJournalDir(path.join(dataDir, 'journal'));
  expect(report.problems).toEqual([]);
  expect((await journalLines(dataDir)).map((l) => l.type)).toEqual([...ADOPTED, 'run.started', 'step.done', 'step.done', 'journal.seal', 'step.done', 'journal.seal']);
});

test('a badge scan selects the artisan; an unknown badge says so', async ({ page, harness, dataDir }) => {
  await openStation(page, harness);
  // A badge reader types fast and ends with Enter.
  await page.keyboard.type('9999');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('live-alert')).toHaveText('This badge is not known at this station. Ask your supervisor.');
  await expect(h1(page)).toHaveText('Who is working?');
  await page.keyboard.type('1002');
  await page.keyboard.press('Enter');
  await expect(h1(page)).toHaveText('Today');
  await expect(page.getByTestId('who-is-working')).toContainText('Ravi Kumar');
  await expect(live(page)).toHaveText('Hello, Ravi Kumar.');
  await expectJournal(harness, dataDir, [...ADOPTED, 'journal.seal']);
});

test('my settings follow the artisan: Hindi and large text, then a full run of the clean-down in Hindi by keyboard', async ({ page, harness, dataDir, pageErrors }) => {
  await openStation(page, harness);
  await chooseArtisan(page, 'Suresh Patel');
  await page.getByRole('button', { name: 'My settings' }).click();
  await expect(h1(page)).toHaveText('My settings');
  await page.getByRole('radio', { name: /150%/ }).check();
  await page.getByRole('radio', { name: 'हिन्दी' }).check();
  await page.getByRole('button', { name: 'Save my settings' }).click();
  // Applied at once: the page is in Hindi, at 150%.
  await expect(live(page)).toHaveText('आपकी सेटिंग सहेज ली गई।');
  await expect(page.locator('html')).toHaveAttribute('lang', 'hi');
  await expect(page.locator('html')).toHaveAttribute('data-text-scale', '150');
  // Someone else: the station's settings (English, 100%). Suresh again: his own.
  await page.getByRole('button', { name: 'व्यक्ति बदलें' }).click();
  await expect(h1(page)).toHaveText('Who is working?');
  await expect(page.locator('html')).toHaveAttribute('data-text-scale', '100');
  await page.getByRole('button', { name: 'Suresh Patel' }).click();
  await expect(h1(page)).toHaveText('आज');
  await expect(page.locator('html')).toHaveAttribute('lang', 'hi');

  // The clean-down, in Hindi, keyboard only.
  await tabTo(page, page.getByRole('button', { name: 'दिन के अंत की सफ़ाई शुरू करें' }));
  await page.keyboard.press('Enter');
  const done = page.getByRole('button', { name: 'हो गया', exact: true });
  const stepIs = (n: number) => expect(page.getByTestId('step-count')).toHaveText(`8 में से चरण ${n}`);
  await stepIs(1);
  await expect(h1(page)).toContainText('गोंद के डिब्बे को ढक्कन से बंद करें।');
  for (const n of [1, 2, 3, 4]) {
    await stepIs(n);
    await tabTo(page, done);
    await page.keyboard.press('Enter');
  }
  await stepIs(5);
  await tabTo(page, page.getByRole('button', { name: 'भरा नहीं है' }));
  await page.keyboard.press('Enter');
  for (const n of [6, 7]) {
    await stepIs(n);
    await tabTo(page, done);
    await page.keyboard.press('Enter');
  }
  await stepIs(8);
  await tabTo(page, page.getByRole('button', { name: 'छोड़ें', exact: true }));
  await page.keyboard.press('Enter');
  await expect(h1(page)).toHaveText('सभी चरण पूरे हो गए');
  await tabTo(page, page.getByRole('button', { name: 'समाप्त करें' }));
  await page.keyboard.press('Enter');
  await expect(live(page)).toHaveText('काम पूरा हुआ: दिन के अंत की सफ़ाई। धन्यवाद।');
  expect(pageErrors).toEqual([]);
  await expectJournal(harness, dataDir, [
    ...ADOPTED,
    'run.started',
    'step.done',
    'step.done',
    'step.done',
    'step.done',
    'step.chosen',
    'step.done',
    'step.done',
    'step.skipped',
    'run.completed',
    'journal.seal',
  ]);
});

test('a wrong supervisor PIN, again and again, locks the settings for a while', async ({ page, harness, dataDir }) => {
  await page.clock.setFixedTime(new Date(FAKE_NOW));
  await openStation(page, harness);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(h1(page)).toHaveText('Make a supervisor PIN');
  await page.getByLabel('PIN', { exact: true }).fill('2468');
  await page.getByLabel('Type the PIN again', { exact: true }).fill('2468');
  await page.getByRole('button', { name: 'Save the PIN' }).click();
  await expect(h1(page)).toHaveText('Settings');
  await page.getByRole('button', { name: 'Lock settings' }).click();
  await expect(h1(page)).toHaveText('Supervisor PIN');

  const pin = page.getByLabel('PIN', { exact: true });
  for (let left = 4; left >= 1; left--) {
    await pin.fill('1111');
    await page.getByRole('button', { name: 'Open settings' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'There is a problem' })).toContainText(`This PIN is not right. You can try ${left} more time${left === 1 ? '' : 's'}.`);
  }
  await pin.fill('1111');
  await page.getByRole('button', { name: 'Open settings' }).click();
  await expect(page.getByTestId('lockout')).toHaveText('Try again in 5 minutes, at 08:10.');
  await expect(page.getByText('Too many wrong PINs. The settings are locked for now.').first()).toBeVisible();
  // Even the right PIN is refused while locked.
  await pin.fill('2468');
  await page.getByRole('button', { name: 'Open settings' }).click();
  await expect(page.getByTestId('lockout')).toHaveText(/Try again in \d minutes?, at 08:10\./);
  await expect(h1(page)).toHaveText('Supervisor PIN');
  await expectJournal(harness, dataDir, []);
});
