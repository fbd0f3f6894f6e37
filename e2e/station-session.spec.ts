/**
 * The artisan station around a run, end to end on a fresh data folder each: closing the app mid-run and resuming,
 * badge scans, a person's own settings (Hindi, large text) and the supervisor PIN lockout. The journal on disk is
 * verified after each, as in station.spec.ts.
 */
import path from 'node:path';
import { verifyJournalDir } from '../electron/core/journal';
import { expect, FAKE_NOW, FIXTURE_SUPERVISOR, journalLines, openStation, startStation, test } from './fixtures';
import { ADOPTED, chooseArtisan, expectJournal, expectStep, h1, live, start, START_CHECK, tabTo, withoutSetUp } from './station-support';

test.use({ timezoneId: 'Asia/Kolkata' });

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
  expect(withoutSetUp(await journalLines(dataDir)).map((l) => l.type)).toEqual([...ADOPTED, 'run.started', 'step.done', 'step.done', 'journal.seal', 'step.done', 'journal.seal']);
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
  // The fixture has set the station up with one supervisor (FIXTURE_SUPERVISOR): Settings asks for that PIN straight away.
  await expect(h1(page)).toHaveText('Supervisor PIN');

  const pin = page.getByLabel('PIN', { exact: true });
  for (let left = 4; left >= 1; left--) {
    await pin.fill('111111');
    await page.getByRole('button', { name: 'Open settings' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'There is a problem' })).toContainText(`This PIN is not right. You can try ${left} more time${left === 1 ? '' : 's'}.`);
  }
  await pin.fill('111111');
  await page.getByRole('button', { name: 'Open settings' }).click();
  await expect(page.getByTestId('lockout')).toHaveText('Try again in 5 minutes, at 08:10.');
  await expect(page.getByText('Too many wrong PINs. The settings are locked for now.').first()).toBeVisible();
  // Even the right PIN is refused while locked.
  await pin.fill(FIXTURE_SUPERVISOR.pin);
  await page.getByRole('button', { name: 'Open settings' }).click();
  await expect(page.getByTestId('lockout')).toHaveText(/Try again in \d minutes?, at 08:10\./);
  await expect(h1(page)).toHaveText('Supervisor PIN');
  // Nothing but the station's signed name and the seal that signs it (issue 11): no PIN attempt is written.
  await expectJournal(harness, dataDir, ['journal.seal']);
});
