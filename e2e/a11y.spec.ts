/**
 * Accessibility checks of every screen and state:
 * - axe-core with WCAG 2.0/2.1/2.2 A+AA tags (target-size included) plus color-contrast-enhanced (7:1): zero violations;
 * - aria snapshots of the main screens (e2e/a11y.spec.ts-snapshots/*.aria.yml);
 * - screenshots of every screen and state in English and Hindi, at 100% and 200% text, in e2e-output/screens/,
 *   to be looked at by a person.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { StationHarness } from '../electron/harness/station-harness';
import { axe, checkTargets } from './a11y-checks';
import { call, expect, FAKE_NOW, FIXTURE_SUPERVISOR, openStation, screensDir, supervisorSession, test } from './fixtures';

test.use({ timezoneId: 'Asia/Kolkata' });
// Many screens, each through axe and a screenshot: 100-150 s per test at load 14 on 2 cores (about 40 s when quiet).
test.describe.configure({ timeout: 360_000 });

type Combo = { lang: 'en' | 'hi'; scale: 100 | 200; theme?: 'default' | 'high-contrast' };

async function configure(h: StationHarness, c: Combo) {
  const session = await supervisorSession(h);
  await call(h, 'settings.update', { session, settings: { language: c.lang, textScale: c.scale, theme: c.theme ?? 'default' } });
  await call(h, 'supervisor.lock', { session });
}

/** Every screen and state, in order; `visit` checks and photographs each. */
async function tour(page: Page, h: StationHarness, c: Combo, visit: (state: string) => Promise<void>) {
  const tr = (en: string, hi: string) => (c.lang === 'hi' ? hi : en);
  const button = (en: string, hi: string, exact = true) => page.getByRole('button', { name: tr(en, hi), exact });
  const stepIs = (n: number, total: number) => expect(page.getByTestId('step-count')).toHaveText(tr(`Step ${n} of ${total}`, `${total} में से चरण ${n}`));
  const done = page.getByTestId('done');

  await openStation(page, h);
  await visit('who');
  // An unknown badge, as a reader sends it: a fast burst of keys ending with Enter (dispatched in the page,
  // so a busy test machine cannot slow it down into "a person typing"; station.spec.ts types it for real).
  await page.evaluate(() => {
    for (const key of ['9', '9', '9', '9', 'Enter']) document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  });
  await expect(page.getByTestId('live-alert')).not.toBeEmpty();
  await visit('who-badge-unknown');

  await page.getByTestId('artisan-asha-devi').click();
  await expect(page.getByTestId('routine-station-start-check')).toBeVisible();
  await visit('today');

  await page.getByTestId('routine-station-start-check').getByRole('button').click();
  await stepIs(1, 8);
  await expect(page.locator('.sw-step-picture img')).toBeVisible();
  await visit('run-tick');
  // Read aloud: this headless Chromium has no voice of its own; the voice shipped with Steadywork reads (issue 13).
  await page.getByTestId('read-aloud').click();
  await expect(page.getByTestId('live-polite')).toHaveText(tr('Reading aloud.', 'पढ़कर सुना रहे हैं।'));
  await visit('run-read-aloud');
  await page.getByTestId('help').click();
  await expect(page.locator('.sw-help-notice')).toBeVisible();
  await visit('run-help');
  await done.click();
  await stepIs(2, 8);
  await done.click();
  await stepIs(3, 8);
  await done.click();
  await stepIs(4, 8);
  await visit('run-choice');
  await page.getByTestId('option-full').click();
  await stepIs(5, 8);
  await page.getByTestId('cannot').click();
  await page.getByTestId('save-reason').click();
  await expect(page.locator('.sw-error-message')).toBeVisible();
  await visit('run-cannot-error');
  await page.locator('input[name="reason"]').first().check();
  await page.getByTestId('save-reason').click();
  await stepIs(6, 8);
  await done.click();
  await stepIs(7, 8);
  await page.getByTestId('option-blocked').click();
  await expect(page.locator('input[name="reason"]').first()).toBeVisible();
  await visit('run-choice-reason');
  await page.locator('input[name="reason"]').last().check();
  await page.getByTestId('save-reason').click();
  await stepIs(8, 8);
  await visit('run-note');
  await page.getByTestId('all-steps').click();
  await expect(page.locator('.sw-steplist')).toBeVisible();
  await visit('run-overview');
  await page.locator('.sw-steplist__look').first().click();
  await visit('run-view-done-step');
  await button('Back to step 8', 'चरण 8 पर वापस').click();
  await stepIs(8, 8);
  await page.locator('#note-input').fill(tr('The lamp flickers a little.', 'लैंप थोड़ा टिमटिमाता है।'));
  await page.getByTestId('save-note').click();
  await expect(page.getByTestId('finish')).toBeVisible();
  await visit('run-summary');
  await page.getByTestId('finish').click();
  await expect(page.getByTestId('routine-station-start-check')).toBeVisible();
  await visit('today-after-finish');

  await page.getByTestId('routine-carton-quality-check').getByRole('button').click();
  await stepIs(1, 10);
  await done.click();
  await stepIs(2, 10);
  await visit('run-measure');
  await done.click();
  await expect(page.locator('#measure-error')).toBeVisible();
  await visit('run-measure-error');
  for (const k of ['6', '0', '0']) await page.locator('.sw-pad').getByRole('button', { name: k, exact: true }).click();
  await done.click();
  await expect(page.locator('input[name="reason"]').first()).toBeVisible();
  await visit('run-measure-out-of-limits');

  await page.getByRole('button', { name: tr('Today', 'आज'), exact: true }).click();
  await expect(page.getByTestId('routine-carton-quality-check')).toBeVisible();
  await visit('today-in-progress');

  await button('My settings', 'मेरी सेटिंग').click();
  await expect(page.getByTestId('save-prefs')).toBeVisible();
  await visit('my-settings');

  await button('Settings', 'सेटिंग').click();
  await expect(page.getByTestId('unlock')).toBeVisible();
  await visit('settings-pin');
  await page.locator('#pin').fill('111111');
  await page.getByTestId('unlock').click();
  await expect(page.locator('.sw-error-summary')).toBeVisible();
  await visit('settings-pin-wrong');
  await page.locator('#pin').fill(FIXTURE_SUPERVISOR.pin);
  await page.getByTestId('unlock').click();
  await expect(page.getByTestId('lock')).toBeVisible();
  await visit('settings');
  await page.getByTestId('add-person').click();
  await page.getByTestId('save-person').click();
  await expect(page.locator('.sw-panel .sw-error-summary')).toBeVisible();
  await visit('settings-add-person-error');
  await button('Cancel', 'रद्द करें').click();
  await page.locator('.sw-roster__item').first().getByRole('button', { name: tr('Remove', 'हटाएँ'), exact: false }).click();
  await expect(page.locator('.sw-confirm')).toBeVisible();
  await visit('settings-remove-person');
}

for (const combo of [
  { lang: 'en', scale: 100 },
  { lang: 'en', scale: 200 },
  { lang: 'hi', scale: 100 },
  { lang: 'hi', scale: 200 },
] as Combo[]) {
  test(`every screen and state passes axe: ${combo.lang}, ${combo.scale}% text (screenshots)`, async ({ page, harness, pageErrors }) => {
    await page.clock.setFixedTime(new Date(FAKE_NOW));
    await configure(harness, combo);
    await tour(page, harness, combo, async (state) => {
      await expect(page.locator('html')).toHaveAttribute('lang', combo.lang);
      await expect(page.locator('html')).toHaveAttribute('data-text-scale', String(combo.scale));
      await page.evaluate(async () => {
        await document.fonts.ready;
        window.scrollTo(0, 0); // a sticky status bar would otherwise sit mid-page in a full-page picture
      });
      await page.screenshot({ path: path.join(screensDir, `${combo.lang}-${combo.scale}-${state}.png`), fullPage: true });
      await axe(page, `${combo.lang}-${combo.scale} ${state}`);
      await checkTargets(page, `${combo.lang}-${combo.scale} ${state}`);
    });
    expect(pageErrors).toEqual([]);
  });
}

test('high-contrast theme: every screen and state passes axe (screenshots)', async ({ page, harness }) => {
  const combo: Combo = { lang: 'en', scale: 100, theme: 'high-contrast' };
  await page.clock.setFixedTime(new Date(FAKE_NOW));
  await configure(harness, combo);
  await tour(page, harness, combo, async (state) => {
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'high-contrast');
    if (['who', 'today', 'run-tick', 'run-measure', 'run-summary', 'settings'].includes(state)) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(screensDir, `hc-en-100-${state}.png`), fullPage: true });
    }
    await axe(page, `high-contrast ${state}`);
  });
});

test('the supervisor PIN screen, a wrong PIN, and the lockout after wrong PINs, pass axe', async ({ page, harness }) => {
  // The fixture has set the station up with one supervisor (FIXTURE_SUPERVISOR): Settings asks for that PIN straight away.
  await page.clock.setFixedTime(new Date(FAKE_NOW));
  await openStation(page, harness);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Supervisor PIN');
  await page.screenshot({ path: path.join(screensDir, 'en-100-settings-pin.png'), fullPage: true });
  await axe(page, 'settings-pin');
  for (let i = 0; i < 5; i++) {
    await page.locator('#pin').fill('111111');
    await page.getByTestId('unlock').click();
    await expect(i < 4 ? page.locator('.sw-error-summary') : page.getByTestId('lockout')).toBeVisible();
    if (i === 0) await axe(page, 'settings-pin-error');
  }
  await expect(page.locator('.sw-error-summary')).toHaveCount(0);
  await page.screenshot({ path: path.join(screensDir, 'en-100-settings-locked-out.png'), fullPage: true });
  await axe(page, 'settings-locked-out');
});

test('switch scanning: the highlight is visible, distinct from focus, and passes axe', async ({ page, harness }) => {
  await call(harness, 'artisans.setPrefs', { artisanId: 'asha-devi', prefs: { scanMode: 'two-switch' } });
  await openStation(page, harness);
  await page.getByTestId('artisan-asha-devi').click();
  await page.getByTestId('routine-station-start-check').getByRole('button').click();
  await expect(page.getByTestId('done')).toHaveAttribute('data-scan-current', '');
  await page.screenshot({ path: path.join(screensDir, 'en-100-run-scanning.png'), fullPage: true });
  await axe(page, 'run-scanning');
});

test('keyboard focus: a thick two-colour ring, on light and dark backgrounds', async ({ page, harness }) => {
  await openStation(page, harness);
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('artisan-asha-devi')).toBeFocused();
  await page.keyboard.press('Enter');
  // Wait for the state a person sees before the next key: Today's heading has focus and its list has loaded
  // (a Tab pressed while the list is still loading leaves the heading for the status bar).
  const start = page.getByTestId('routine-station-start-check').getByRole('button');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(start).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(start).toBeFocused();
  const ring = await start.evaluate((el) => getComputedStyle(el).boxShadow);
  expect(ring).toContain('rgb(255, 221, 0)'); // yellow inside
  expect(ring).toContain('rgb(11, 12, 12)'); // black outside
  await page.screenshot({ path: path.join(screensDir, 'en-100-today-focus.png') });
  // In the status bar (dark background) the ring is yellow and white.
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: 'Settings', exact: true })).toBeFocused();
  await page.screenshot({ path: path.join(screensDir, 'en-100-statusbar-focus.png') });
});

for (const scale of [100, 200]) {
  test(`focus is never hidden under the status bar (${scale}% text)`, async ({ page, harness }) => {
    if (scale !== 100) await call(harness, 'artisans.setPrefs', { artisanId: 'asha-devi', prefs: { textScale: scale } });
    await page.setViewportSize({ width: 1280, height: 720 });
    await openStation(page, harness);
    await page.getByTestId('artisan-asha-devi').click();
    await page.getByRole('button', { name: 'My settings' }).click();
    await expect(page.getByTestId('save-prefs')).toBeVisible();
    // Tab through the whole (long) page: each focused control is fully in view, below the bar.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const where = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const bar = document.querySelector('header.sw-bar');
        if (!el || !bar || bar.contains(el) || el === document.body) return null;
        const r = el.getBoundingClientRect();
        const b = bar.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, barBottom: Math.max(0, b.bottom), height: window.innerHeight, what: el.outerHTML.slice(0, 80) };
      });
      if (!where) continue;
      expect(where.top, `${where.what} is under the status bar`).toBeGreaterThanOrEqual(where.barBottom - 1);
      expect(where.bottom, `${where.what} is below the screen`).toBeLessThanOrEqual(where.height + 1);
    }
  });
}

test('aria snapshots of the main screens', async ({ page, harness }) => {
  await page.clock.setFixedTime(new Date(FAKE_NOW));
  await openStation(page, harness);
  await expect(page.getByRole('banner')).toMatchAriaSnapshot({ name: 'status-bar-who.aria.yml' });
  await expect(page.getByRole('main')).toMatchAriaSnapshot({ name: 'who.aria.yml' });
  await page.getByTestId('artisan-asha-devi').click();
  await expect(page.getByTestId('routine-station-start-check')).toBeVisible();
  await expect(page.getByRole('banner')).toMatchAriaSnapshot({ name: 'status-bar-today.aria.yml' });
  await expect(page.getByRole('main')).toMatchAriaSnapshot({ name: 'today.aria.yml' });
  await page.getByTestId('routine-carton-quality-check').getByRole('button').click();
  await expect(page.getByTestId('step-count')).toHaveText('Step 1 of 10');
  await expect(page.getByRole('main')).toMatchAriaSnapshot({ name: 'run-tick.aria.yml' });
  await page.getByTestId('done').click();
  await expect(page.getByTestId('step-count')).toHaveText('Step 2 of 10');
  await expect(page.getByRole('main')).toMatchAriaSnapshot({ name: 'run-measure.aria.yml' });
  for (const k of ['6', '0', '0']) await page.locator('.sw-pad').getByRole('button', { name: k, exact: true }).click();
  await page.getByTestId('done').click();
  await expect(page.locator('input[name="reason"]').first()).toBeVisible();
  await expect(page.getByRole('main')).toMatchAriaSnapshot({ name: 'run-reason.aria.yml' });
  await page.getByRole('button', { name: 'My settings' }).click();
  await expect(page.getByRole('main')).toMatchAriaSnapshot({ name: 'my-settings.aria.yml' });
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('main')).toMatchAriaSnapshot({ name: 'settings-pin.aria.yml' });
});
