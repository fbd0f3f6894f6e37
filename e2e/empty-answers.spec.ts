/**
 * An empty answer at the station, through the UI as an artisan gives it. "I cannot do this step" with no reason
 * chosen: a GOV.UK error summary takes focus and nothing is recorded. Save note with nothing written (the note is
 * optional): no note is recorded and the step is done, not counted as skipped. Screens at 1366×768 in English at
 * 100 % and Hindi at 200 % (axe, targets).
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { axe, checkTargets } from './a11y-checks';
import { answerAsIf, expect, FAKE_NOW, journalLines, openStation, screensDir, test } from './fixtures';
import { ADOPTED, expectJournal, h1, live, START_CHECK } from './station-support';

const TEXT = {
  en: {
    problem: 'There is a problem',
    cannot: 'Say why the step could not be done. Choose a reason.',
    stepOf: (n: number) => `Step ${n} of 8`,
    nothingNoted: 'Step 8 done. No note was saved.',
    finished: 'All steps are finished',
    allDone: '7 steps done.',
    skipped: /skipped/,
  },
  hi: {
    problem: 'एक समस्या है',
    cannot: 'बताएँ कि यह चरण क्यों नहीं हो सका। एक कारण चुनें।',
    stepOf: (n: number) => `8 में से चरण ${n}`,
    nothingNoted: 'चरण 8 हो गया। कोई बात नहीं सहेजी गई।',
    finished: 'सभी चरण पूरे हो गए',
    allDone: '7 चरण हो गए।',
    skipped: /छोड़/,
  },
} as const;

async function stepIs(page: Page, lang: 'en' | 'hi', n: number) {
  await expect(page.getByTestId('step-count')).toHaveText(TEXT[lang].stepOf(n));
}

for (const combo of [
  { lang: 'en', scale: 100 },
  { lang: 'hi', scale: 200 },
] as const) {
  test(`an empty reason is refused and an empty note is not a skip (${combo.lang} ${combo.scale} %)`, async ({ page, harness, dataDir, pageErrors }) => {
    const tr = TEXT[combo.lang];
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.clock.setFixedTime(new Date(FAKE_NOW));
    await answerAsIf(page, combo.lang, combo.scale);
    await openStation(page, harness);
    await expect(page.locator('html')).toHaveAttribute('lang', combo.lang);
    await page.getByTestId('artisan-asha-devi').click();
    await page.getByTestId('routine-station-start-check').getByRole('button').click();
    await stepIs(page, combo.lang, 1);
    await page.getByTestId('done').click();
    await stepIs(page, combo.lang, 2);

    // I cannot do this step → Save the reason with none chosen.
    await page.getByTestId('cannot').click();
    await page.getByTestId('save-reason').click();
    const summary = page.locator('.sw-error-summary');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('heading')).toHaveText(tr.problem);
    await expect(summary.getByRole('link')).toHaveText(tr.cannot);
    await expect(page.locator('.sw-field--error .sw-error-message')).toContainText(tr.cannot);
    await expect(summary).toBeInViewport();
    await page.screenshot({ path: path.join(screensDir, `empty-reason-${combo.lang}-${combo.scale}.png`) });
    await axe(page, `empty reason ${combo.lang} ${combo.scale}`);
    await checkTargets(page, `empty reason ${combo.lang} ${combo.scale}`);
    // Pressed again: told again (the summary takes focus once more); still nothing recorded.
    await page.getByTestId('save-reason').click();
    await expect(summary).toBeFocused();
    // The link takes the person to the first reason.
    await summary.getByRole('link').click();
    await expect(page.locator('#reason-field')).toBeFocused();
    expect((await journalLines(dataDir)).filter((l) => l.step === 'lamp-on')).toEqual([]);
    await stepIs(page, combo.lang, 2);

    // A reason chosen: the error goes away with the choice, and the deviation is recorded.
    await page.locator('#reason-field').check();
    await page.getByTestId('save-reason').click();
    await stepIs(page, combo.lang, 3);
    await page.getByTestId('done').click();
    await stepIs(page, combo.lang, 4);
    await page.getByTestId('option-full').click();
    await stepIs(page, combo.lang, 5);
    await page.getByTestId('done').click();
    await stepIs(page, combo.lang, 6);
    await page.getByTestId('done').click();
    await stepIs(page, combo.lang, 7);
    await page.getByTestId('option-clear').click();
    await stepIs(page, combo.lang, 8);

    // The optional note, left empty (only spaces): Save note.
    await page.locator('#note-input').fill('   ');
    await page.getByTestId('save-note').click();
    await expect(h1(page)).toHaveText(tr.finished);
    await expect(live(page)).toHaveText(tr.nothingNoted);
    await expect(page.getByText(tr.allDone)).toBeVisible();
    await expect(page.locator('.sw-summary').first()).not.toContainText(tr.skipped);
    await page.screenshot({ path: path.join(screensDir, `empty-note-summary-${combo.lang}-${combo.scale}.png`) });
    await page.getByTestId('finish').click();
    await expect(page.getByTestId('routine-station-start-check')).toBeVisible();
    expect(pageErrors).toEqual([]);
    // The page stops asking the station (station.info is answered through a route) before the harness closes.
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.close();

    const lines = await expectJournal(harness, dataDir, [
      ...ADOPTED,
      'run.started',
      'step.done',
      'step.deviated',
      'step.done',
      'step.chosen',
      'step.done',
      'step.done',
      'step.chosen',
      'step.done',
      'run.completed',
      'journal.seal',
    ]);
    expect(lines.find((l) => l.type === 'step.deviated')).toMatchObject({ step: 'lamp-on', reason: 'POWER_CUT' });
    const note = lines.filter((l) => l.step === 'start-note');
    expect(note.map((l) => l.type)).toEqual(['step.done']);
    expect(note[0]).not.toHaveProperty('value');
  });
}

test('a written note is still saved as a note', async ({ page, harness, dataDir }) => {
  await page.clock.setFixedTime(new Date(FAKE_NOW));
  await openStation(page, harness);
  await page.getByTestId('artisan-asha-devi').click();
  await page.getByRole('button', { name: `Start ${START_CHECK}` }).click();
  for (const action of ['done', 'done', 'done', 'option-full', 'done', 'done', 'option-clear']) await page.getByTestId(action).click();
  await stepIs(page, 'en', 8);
  await page.locator('#note-input').fill('  The lamp flickers.  ');
  await page.getByTestId('save-note').click();
  await expect(live(page)).toHaveText('Note saved for step 8.');
  const note = (await journalLines(dataDir)).filter((l) => l.step === 'start-note');
  expect(note).toEqual([expect.objectContaining({ type: 'step.noted', value: 'The lamp flickers.' })]);
});
