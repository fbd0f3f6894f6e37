/**
 * A station from before first-day set-up, upgraded: its settings have one PIN and the built-in name "Station 1",
 * which nobody chose. Opened by this version it signs no name; its supervisor names it "Gluing bench 1"; procurement
 * then lists it with that one name, not "2 names over time" (Station 1, then Gluing bench 1), which it showed because
 * the migrated settings counted as set up and the default was signed at the first open. Screens at 1366×768, English
 * at 100 % and Hindi at 200 %.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { axe } from './a11y-checks';
import { answerAsIf, call, expect, journalLines, LONG_OPERATION, openStation, screensDir, startStation, test } from './fixtures';
import { OLD_PIN, writeOldSettings } from './station-support';

test.describe.configure({ timeout: 180_000 });


for (const combo of [
  { lang: 'en', scale: 100 },
  { lang: 'hi', scale: 200 },
] as const) {
  test(`an upgraded station never named shows procurement one name, the one its supervisor gave (${combo.lang} ${combo.scale} %)`, async ({ page, dataDir, pageErrors }) => {
    await writeOldSettings(dataDir, 'Station 1');
    const share = await mkdtemp(path.join(os.tmpdir(), 'steadywork-e2e-old-name-'));
    const harness = await startStation(dataDir);
    try {
      // Opened (and sealed by a sync) before anyone named it: no name signed.
      const { session } = await call<{ session: string }>(harness, 'supervisor.unlock', { pin: OLD_PIN });
      await call(harness, 'settings.update', { session, settings: { sharePath: share } });
      await call(harness, 'sync.now', {});
      expect((await journalLines(dataDir)).filter((l) => l.type === 'station.named')).toEqual([]);
      // Its supervisor names it; the next sync publishes the signed name.
      await call(harness, 'settings.update', { session, settings: { stationName: 'Gluing bench 1' } });
      await call(harness, 'sync.now', {});
      await call(harness, 'supervisor.lock', { session });
      expect((await journalLines(dataDir)).filter((l) => l.type === 'station.named').map((l) => l.value)).toEqual(['Gluing bench 1']);

      await page.setViewportSize({ width: 1366, height: 768 });
      await answerAsIf(page, combo.lang, combo.scale);
      await openStation(page, harness);
      await page.locator('.sw-bar__btn').last().click();
      await page.locator('#pin').fill(OLD_PIN);
      await page.getByTestId('unlock').click();
      await page.getByTestId('open-procurement').click();
      await page.locator('#share-path').fill(share);
      await page.getByTestId('import').click();
      await expect(page.getByTestId('enrolment-counts')).toBeVisible(LONG_OPERATION);

      const row = page.getByTestId('enrolment-station');
      await expect(row).toHaveCount(1);
      await expect(row).toHaveAttribute('data-names', '1');
      await expect(row.locator('h3').first()).toContainText('Gluing bench 1');
      await expect(row).not.toContainText('Station 1');
      await expect(row.locator('details')).toHaveCount(0);
      await row.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(screensDir, `old-station-one-name-${combo.lang}-${combo.scale}.png`) });
      await axe(page, `old-station-one-name-${combo.lang}-${combo.scale}`);
      expect(pageErrors).toEqual([]);
    } finally {
      await harness.close();
      await rm(share, { recursive: true, force: true });
    }
  });
}
