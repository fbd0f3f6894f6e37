/**
 * A station upgraded from the PIN rule before (4 to 8 digits): its supervisor still signs in with a 4-digit PIN. The
 * sign-in's format error states what sign-in accepts (4 to 12), and a supervisor who signs in with a PIN shorter than
 * a new one may be (6 to 12) is asked, politely, to choose a new PIN; the notice takes them to Settings → "Change my
 * PIN", and goes once they have. Screens at 1366×768 in English at 100 % and Hindi at 200 %.
 */
import path from 'node:path';
import en from '../renderer/src/i18n/en.json';
import hi from '../renderer/src/i18n/hi.json';
import { axe, checkTargets } from './a11y-checks';
import { answerAsIf, expect, openStation, screensDir, startStation, test } from './fixtures';
import { OLD_PIN, writeOldSettings } from './station-support';

test.describe.configure({ timeout: 180_000 });

const NEW_PIN = '135790';

for (const combo of [
  { lang: 'en', scale: 100, texts: en },
  { lang: 'hi', scale: 200, texts: hi },
] as const) {
  test(`a supervisor with a PIN of the rule before signs in and is asked to choose a new one (${combo.lang} ${combo.scale} %)`, async ({ page, dataDir, pageErrors }) => {
    const { settings: s, setup } = combo.texts;
    await writeOldSettings(dataDir, 'Gluing bench 1');
    const harness = await startStation(dataDir);
    try {
      await page.setViewportSize({ width: 1366, height: 768 });
      await answerAsIf(page, combo.lang, combo.scale);
      await openStation(page, harness);
      await page.locator('.sw-bar__btn').last().click();
      const pin = page.locator('#pin');

      // Three digits: the error says what sign-in accepts, 4 to 12 (it said "6 to 12", which her own PIN is not).
      await pin.fill('471');
      await page.getByTestId('unlock').click();
      await expect(page.locator('#pin-error')).toContainText(setup.errorSignInPinFormat);
      await page.screenshot({ path: path.join(screensDir, `short-pin-format-${combo.lang}-${combo.scale}.png`) });

      // Her 4-digit PIN opens Settings, with the request to choose a new PIN (said with the sign-in too).
      await pin.fill(OLD_PIN);
      await page.getByTestId('unlock').click();
      const notice = page.getByTestId('renew-pin');
      await expect(notice).toContainText(s.renewPinTitle);
      await expect(notice).toContainText(s.renewPinText);
      await expect(page.getByTestId('live-polite')).toContainText(s.renewPinTitle);
      await page.screenshot({ path: path.join(screensDir, `short-pin-notice-settings-${combo.lang}-${combo.scale}.png`) });
      await axe(page, `short-pin-notice-${combo.lang}-${combo.scale}`);
      await checkTargets(page, `short-pin-notice-${combo.lang}-${combo.scale}`);

      // On Review too; its button leads to Settings, to the new PIN's field.
      await page.getByTestId('open-review').click();
      await expect(page.locator('.sw-app')).toHaveAttribute('data-screen', 'review');
      await expect(notice).toBeVisible();
      await page.screenshot({ path: path.join(screensDir, `short-pin-notice-review-${combo.lang}-${combo.scale}.png`) });
      await notice.getByTestId('renew-pin-choose').click();
      await expect(page.locator('.sw-app')).toHaveAttribute('data-screen', 'settings');
      await expect(page.locator('#new-pin')).toBeFocused();
      await expect(page.locator('#new-pin')).toBeInViewport();
      await page.screenshot({ path: path.join(screensDir, `short-pin-my-pin-${combo.lang}-${combo.scale}.png`) });

      // A new PIN of 6 digits: the request is gone; signing in again with it asks nothing.
      await page.locator('#new-pin').fill(NEW_PIN);
      await page.locator('#new-pin-again').fill(NEW_PIN);
      await page.getByTestId('save-my-pin').click();
      await expect(page.getByTestId('live-polite')).toContainText(setup.pinSaved);
      await expect(notice).toHaveCount(0);
      await page.getByTestId('lock').click();
      await expect(pin).toBeVisible();
      await pin.fill(OLD_PIN);
      await page.getByTestId('unlock').click();
      await expect(page.locator('#pin-error')).toContainText(s.wrongPin);
      await pin.fill(NEW_PIN);
      await page.getByTestId('unlock').click();
      await expect(page.getByTestId('lock')).toBeVisible();
      await expect(notice).toHaveCount(0);
      expect(pageErrors).toEqual([]);
    } finally {
      await harness.close();
    }
  });
}
