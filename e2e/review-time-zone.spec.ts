/**
 * The supervisor's review on a computer whose time zone is not the station's: the browser in New York, the station in
 * India (Asia/Kolkata, e2e/fixtures.ts STATION_ENV). Every time on the review screens is the station's clock — the
 * history list, the last refresh, a run's timeline — and each screen says which zone that is, once. Screens at
 * 1366×768 in English at 100 % and Hindi at 200 %.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { answerAsIf, expect, journalLines, screensDir, test } from './fixtures';
import { openReview, seedRuns } from './review-support';

test.use({ timezoneId: 'America/New_York' });
test.describe.configure({ timeout: 180_000 });

const ZONE_TEXT = {
  en: { times: "Times are in Asia/Kolkata, the station's time zone.", days: "Days are in Asia/Kolkata, the station's time zone." },
  hi: { times: 'समय Asia/Kolkata के हिसाब से हैं, यानी स्टेशन के समय क्षेत्र के।', days: 'दिन Asia/Kolkata के हिसाब से हैं, यानी स्टेशन के समय क्षेत्र के।' },
} as const;

/** The "27 Nov 2026, 08:05" the screens should show for a station time with offset, in the screen's language. */
async function stationWhen(page: Page, iso: string, lang: 'en' | 'hi'): Promise<string> {
  const [, y, mo, d, hh, mm] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso)!;
  const day = await page.evaluate(
    ([y2, m2, d2, l]) => new Intl.DateTimeFormat(l === 'hi' ? 'hi-IN' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC', numberingSystem: 'latn' }).format(new Date(Date.UTC(Number(y2), Number(m2) - 1, Number(d2), 12))),
    [y, mo, d, lang] as const,
  );
  return `${day}, ${hh}:${mm}`;
}

for (const combo of [
  { lang: 'en', scale: 100 },
  { lang: 'hi', scale: 200 },
] as const) {
  test(`review times are the station's clock in a browser elsewhere (${combo.lang} ${combo.scale} %)`, async ({ page, harness, dataDir, pageErrors }) => {
    const zoneText = ZONE_TEXT[combo.lang];
    const runs = await seedRuns(harness);
    const started = (await journalLines(dataDir)).find((l) => l.type === 'run.started' && l.run === runs.deviated) as { at: string } | undefined;
    // The station writes India's offset; the browser really is elsewhere (New York is 10 h 30 min behind).
    expect(started?.at).toMatch(/\+05:30$/);
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');
    const when = await stationWhen(page, started!.at, combo.lang);

    await page.setViewportSize({ width: 1366, height: 768 });
    await answerAsIf(page, combo.lang, combo.scale);
    await openReview(page, harness);
    await expect(page.locator('html')).toHaveAttribute('lang', combo.lang);

    // Review: the zone said once; the run's start and the last refresh on the station's clock (the refresh was at
    // the station's fixed "now", 08:05 in India: 21:35 the day before in New York, which the screen showed before).
    await expect(page.getByTestId('times-in')).toHaveCount(1);
    await expect(page.getByTestId('times-in')).toHaveText(zoneText.times);
    const row = page.locator(`[data-testid="history-row"][data-run="${runs.deviated}"]`);
    await expect(row.locator('.sw-rowbtn__when')).toHaveText(when);
    // (The harness's clock starts at FAKE_NOW and runs on: a busy machine may be a minute or two past 08:05.)
    const refreshDay = (await stationWhen(page, '2026-11-27T08:05', combo.lang)).replace(/, 08:05$/, '');
    await expect(page.getByTestId('review-last-refresh')).toHaveText(new RegExp(`^${refreshDay}, 08:\\d{2}$`));
    await page.getByTestId('times-in').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: path.join(screensDir, `review-tz-home-${combo.lang}-${combo.scale}.png`) });

    // Its timeline: the same start time, and events on the same clock.
    await row.getByTestId('history-open').click();
    await expect(page.getByTestId('timeline')).toBeVisible();
    await expect(page.getByTestId('times-in')).toHaveCount(1);
    await expect(page.getByTestId('times-in')).toHaveText(zoneText.times);
    await expect(page.getByTestId('timeline-facts').locator('dd').first()).toHaveText(when);
    await expect(page.getByTestId('timeline-events').locator('.sw-event__time').first()).toHaveText(new RegExp(`^${started!.at.slice(11, 16)}:\\d{2}$`));
    await page.getByTestId('times-in').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: path.join(screensDir, `review-tz-timeline-${combo.lang}-${combo.scale}.png`) });

    // Trends: days, in the same zone.
    await page.getByTestId('nav-trends').first().click();
    await expect(page.getByTestId('trend-table')).toBeVisible();
    await expect(page.getByTestId('times-in')).toHaveText(zoneText.days);
    await page.getByTestId('times-in').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: path.join(screensDir, `review-tz-trends-${combo.lang}-${combo.scale}.png`) });
    expect(pageErrors).toEqual([]);
  });
}
