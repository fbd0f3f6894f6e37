/** What the station specs share: the demo routines' titles, the journal check, and how a person moves through the station. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { verifyJournalDir } from '../electron/core/journal';
import { hashPin } from '../electron/core/supervisor/pin';
import type { StationHarness } from '../electron/harness/station-harness';
import { expect, journalLines } from './fixtures';

export const START_CHECK = 'Start-of-shift station check';
export const CARTON_CHECK = 'Carton quality check';
/** Longer than one auto-scan step (1000 ms): the fixed wait of a check that the highlight does not move by itself. */
export const NO_AUTO_SCAN_MS = 1600;
/** The three demo standards are adopted by the station the first time it lists what is due. */
export const ADOPTED = ['standard.adopted', 'standard.adopted', 'standard.adopted'];

/** Closes the harness (which seals the journal), verifies the journal and checks its event types. */
export async function expectJournal(h: StationHarness, dataDir: string, types: string[]) {
  await h.close();
  const report = await verifyJournalDir(path.join(dataDir, 'journal'));
  expect(report.problems).toEqual([]);
  expect(report.ok).toBe(true);
  const lines = await journalLines(dataDir);
  expect(withoutSetUp(lines).map((l) => l.type)).toEqual(types);
  return lines;
}

/**
 * What a supervisor changed at the station (the fixture's set-up saves the roster; a spec may change settings): those
 * lines name the supervisor (issue 10) and are checked in the core's tests; so is the station's signed name
 * (`station.named`, issue 11, written when the journal opens and before seals). The station specs compare the rest.
 */
const SUPERVISOR_CHANGES = new Set(['settings.changed', 'roster.changed', 'supervisors.changed', 'station.named']);
export const withoutSetUp = <L extends { type: string }>(lines: readonly L[]): L[] => lines.filter((l) => !SUPERVISOR_CHANGES.has(l.type));

export const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
export const live = (page: Page) => page.getByTestId('live-polite');

/**
 * The result of an action is announced (the live region) and shown beside the control that caused it, in the run's
 * action bar: text, icon and colour (issue 10, item 5).
 */
export async function expectResult(page: Page, text: string, tone: 'ok' | 'info' | 'help' | 'warn') {
  await expect(live(page)).toHaveText(text);
  const status = page.getByTestId('action-status');
  await expect(status).toHaveText(text);
  await expect(status).toHaveAttribute('data-tone', tone);
  await expect(status.locator('svg')).toHaveCount(1);
}

export async function expectStep(page: Page, n: number, total: number) {
  await expect(page.getByTestId('step-count')).toHaveText(`Step ${n} of ${total}`);
}

export async function chooseArtisan(page: Page, name: string) {
  await page.getByRole('button', { name }).click();
  await expect(h1(page)).toHaveText('Today');
  await expect(page.getByTestId('who-is-working')).toContainText(name);
}

export async function start(page: Page, title: string) {
  await page.getByRole('button', { name: `Start ${title}` }).click();
  await expect(page.getByTestId('step-count')).toBeVisible();
}

/** Press Tab until `target` has focus (keyboard only), at most `max` times. */
export async function tabTo(page: Page, target: Locator, max = 40) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

/** The PIN of a station from before named supervisors: 4 digits, allowed by the rule of the time. */
export const OLD_PIN = '4711';

/** settings.json as a version before named supervisors and set-up wrote it: one supervisor name, one 4-digit PIN. */
export async function writeOldSettings(dataDir: string, stationName: string): Promise<void> {
  await writeFile(
    path.join(dataDir, 'settings.json'),
    JSON.stringify({
      settings: { stationName, supervisorName: 'Meena Iyer', language: 'en', theme: 'default', textScale: 100, scanMode: 'off', scanSpeedMs: 1500, readAloud: false },
      roster: [{ id: 'asha-devi', name: 'Asha Devi', prefs: {} }],
      pin: await hashPin(OLD_PIN),
      pinFailures: { count: 0, lockouts: 0 },
      rosterSeeded: true,
    }),
  );
}
