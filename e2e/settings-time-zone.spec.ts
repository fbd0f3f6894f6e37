/**
 * Settings on a computer whose time zone is not the station's, as e2e/review-time-zone.spec.ts does for the review:
 * the browser in New York, the station in India (Asia/Kolkata). The last sync and the PIN lockout's "try again at"
 * are the station's clock, and Settings says which zone that is (only where the computer is in another one).
 * The last sync was made while the station's clock was in the computer's zone (London here: a station before its zone
 * was set at set-up); it is shown on the station's clock as it is now. Screens at 1366×768 in English at 100 % and
 * Hindi at 200 %.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { axe } from './a11y-checks';
import { answerAsIf, call, expect, FAKE_NOW, FIXTURE_SUPERVISOR, openStation, screensDir, supervisorSession, test } from './fixtures';

test.use({ timezoneId: 'America/New_York' });
test.describe.configure({ timeout: 180_000 });

const WORDS = {
  en: { times: "Times are in Asia/Kolkata, the station's time zone.", wrong: 'This PIN is not right.', lockout: /^Try again in \d+ minutes, at 08:1\d\.$/ },
  hi: { times: 'समय Asia/Kolkata के हिसाब से हैं, यानी स्टेशन के समय क्षेत्र के।', wrong: 'यह पिन सही नहीं है।', lockout: /^\d+ मिनट बाद, 08:1\d बजे, फिर कोशिश करें।$/ },
} as const;

/** "27 Nov 2026" as the screens write the station's day, in the screen's language. */
async function dayOf(page: Page, lang: 'en' | 'hi'): Promise<string> {
  return page.evaluate(
    (l) => new Intl.DateTimeFormat(l === 'hi' ? 'hi-IN' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC', numberingSystem: 'latn' }).format(new Date(Date.UTC(2026, 10, 27, 12))),
    lang,
  );
}

for (const combo of [
  { lang: 'en', scale: 100 },
  { lang: 'hi', scale: 200 },
] as const) {
  test(`Settings' last sync and the PIN lockout are the station's clock in a browser elsewhere (${combo.lang} ${combo.scale} %)`, async ({ page, harness, pageErrors }) => {
    const words = WORDS[combo.lang];
    const share = await mkdtemp(path.join(os.tmpdir(), 'steadywork-e2e-tz-share-'));
    try {
      // Synced while the station's clock was in the computer's zone (London), then set-up's zone: India.
      const session = await supervisorSession(harness);
      await call(harness, 'settings.update', { session, settings: { timeZone: 'Europe/London', sharePath: share } });
      const synced = await call<{ state: string; lastSyncAt?: string }>(harness, 'sync.now', {});
      expect(synced).toMatchObject({ state: 'up_to_date', lastSyncAt: expect.stringMatching(/^2026-11-27T02:3\d:\d{2}\.\d{3}Z$|^2026-11-27T02:3\d:\d{2}\.\d{3}\+00:00$/) });
      await call(harness, 'settings.update', { session, settings: { timeZone: 'Asia/Kolkata' } });
      await call(harness, 'supervisor.lock', { session });
      expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');

      await page.clock.setFixedTime(new Date(FAKE_NOW));
      await page.setViewportSize({ width: 1366, height: 768 });
      await answerAsIf(page, combo.lang, combo.scale);
      await openStation(page, harness);
      await expect(page.locator('html')).toHaveAttribute('lang', combo.lang);
      await page.locator('.sw-bar__btn').last().click();
      await page.locator('#pin').fill(FIXTURE_SUPERVISOR.pin);
      await page.getByTestId('unlock').click();

      // Settings → the shared folder: the last sync at 08:05 in India (02:35 in London, 21:35 the day before in New York), the zone said.
      const day = await dayOf(page, combo.lang);
      await expect(page.getByTestId('share-last-sync')).toHaveText(new RegExp(`^${day}, 08:[01]\\d$`));
      const zone = page.getByTestId('share-facts').locator('xpath=following-sibling::*[@data-testid="times-in"][1]');
      await expect(zone).toHaveText(words.times);
      await zone.evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await page.screenshot({ path: path.join(screensDir, `settings-tz-last-sync-${combo.lang}-${combo.scale}.png`) });

      // Lock, then five wrong PINs: "try again at" on the station's clock (08:10 in India; 21:40 in New York).
      await page.getByTestId('lock').click();
      // (Settings asks for the PIN again.)
      await expect(page.locator('#pin')).toBeVisible();
      for (let i = 0; i < 4; i++) {
        await page.locator('#pin').fill('11111111');
        await page.getByTestId('unlock').click();
        await expect(page.locator('#pin-error')).toContainText(words.wrong);
      }
      await page.locator('#pin').fill('11111111');
      await page.getByTestId('unlock').click();
      await expect(page.getByTestId('lockout')).toHaveText(words.lockout);
      const lockZone = page.locator('.sw-alert-box').getByTestId('times-in');
      await expect(lockZone).toHaveText(words.times);
      await lockZone.evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await page.screenshot({ path: path.join(screensDir, `settings-tz-lockout-${combo.lang}-${combo.scale}.png`) });
      await axe(page, `settings-tz-lockout-${combo.lang}-${combo.scale}`);
      expect(pageErrors).toEqual([]);
    } finally {
      await rm(share, { recursive: true, force: true });
    }
  });
}
