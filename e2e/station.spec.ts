/**
 * The artisan station, end to end through the browser harness with the real core, each test on a fresh
 * data folder: full runs by pointer, keyboard and switch scanning, out of limits, undo, help. After each, the
 * journal on disk is verified (hash chain, seals) and must hold exactly the expected events, in order.
 * Resuming, badges, personal settings and the PIN lockout are in station-session.spec.ts.
 */
import type { Locator } from '@playwright/test';
import { call, expect, openStation, supervisorSession, test } from './fixtures';
import { ADOPTED, CARTON_CHECK, chooseArtisan, expectJournal, expectResult, expectStep, h1, live, NO_AUTO_SCAN_MS, start, START_CHECK, tabTo, withoutSetUp } from './station-support';

test.use({ timezoneId: 'Asia/Kolkata' });

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
  await expectResult(page, 'Step 1 done.', 'ok');
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
  expect(withoutSetUp(lines).every((l) => l.type.startsWith('standard.') || l.type.startsWith('journal.') || l.actor === 'ravi-kumar')).toBe(true);
});

test('a full run by switch scanning: one switch (Space), the highlight starts on Done', async ({ page, harness, dataDir, pageErrors }) => {
  // The station is set to one-switch scanning by a supervisor (through the contract, to set up the test).
  const session = await supervisorSession(harness);
  await call(harness, 'settings.update', { session, settings: { scanMode: 'auto', scanSpeedMs: 1000 } });
  await call(harness, 'supervisor.lock', { session });

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

  await expectResult(page, '600 grams is outside the limits.', 'warn');
  await expectStep(page, 2, 10);
  const reasons = page.getByRole('group', { name: 'Why is the number outside the limits?' });
  await expect(reasons.getByRole('radio')).toHaveCount(4); // the weighing step's own reasons (docs/standards.md)
  // Saving without a choice: an error in words, in the error summary (focused) and at the reasons.
  await page.getByRole('button', { name: 'Save the reason' }).click();
  await expect(page.locator('.sw-error-summary')).toBeFocused();
  await expect(page.locator('.sw-error-summary')).toContainText('Choose a reason.');
  await expect(reasons).toContainText('Choose a reason.');
  await reasons.getByRole('radio', { name: 'The scale does not work.' }).check();
  await page.getByRole('button', { name: 'Save the reason' }).click();
  await expectResult(page, 'Reason saved for step 2.', 'ok');
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
  await expectResult(page, 'Step 2 is open again.', 'info');
  await expectStep(page, 2, 8);
  // Focus goes to the step that is open again.
  await expect(h1(page)).toBeFocused();
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
  await expectResult(page, 'Help is on the way.', 'help');
  // "I need help" has gone: focus goes on to where the next action is, Done.
  await expect(page.getByRole('button', { name: 'Done', exact: true })).toBeFocused();
  await expect(page.getByText('You can go on with this step. Or you can wait here.')).toBeVisible();
  await expectStep(page, 1, 8);
  // The run goes on.
  await page.getByRole('button', { name: 'Done', exact: true }).click();
  await expectStep(page, 2, 8);
  await page.getByRole('button', { name: 'I cannot do this step' }).click();
  const reasons = page.getByRole('group', { name: 'Why can you not do this step?' });
  await reasons.getByRole('radio', { name: 'There is no electricity.' }).check();
  await page.getByRole('button', { name: 'Save the reason' }).click();
  await expectResult(page, 'Step 2 could not be done. The reason is saved.', 'info');
  await expectStep(page, 3, 8);
  const lines = await expectJournal(harness, dataDir, [...ADOPTED, 'run.started', 'help.requested', 'step.done', 'step.deviated', 'journal.seal']);
  expect(lines.find((l) => l.type === 'help.requested')?.step).toBe('clear-table');
  expect(lines.find((l) => l.type === 'step.deviated')?.reason).toBe('POWER_CUT');
});
