/** Shared set-up of the supervisor review specs: a PIN, a few runs recorded through the real core, the way in. */
import type { Page } from '@playwright/test';
import type { RunView } from '../electron/contract';
import type { StationHarness } from '../electron/harness/station-harness';
import { call, completeSetUp, expect, FIXTURE_SUPERVISOR, LONG_OPERATION, openStation, supervisorSession } from './fixtures';

export { supervisorSession };

/** The PIN of the supervisor the shared fixture's set-up creates. */
export const PIN = FIXTURE_SUPERVISOR.pin;

/** Completes first-day set-up (with its supervisor and PIN) if the station is still new (e.g. a second harness on the same data). */
export async function ensurePin(h: StationHarness): Promise<void> {
  const info = await call<{ pinSet: boolean }>(h, 'station.info', {});
  if (!info.pinSet) await completeSetUp(h);
}

/**
 * Three runs at this station: the start-of-shift check by Asha with an undo and a deviation (lamp: power cut),
 * completed; the clean-down by Farida, completed as written; the carton check by Ravi, in progress, asking for help.
 */
export async function seedRuns(h: StationHarness): Promise<{ deviated: string; completed: string; inProgress: string; startHash: string }> {
  await ensurePin(h);
  const asha = 'asha-devi';
  const start = await call<RunView>(h, 'runs.start', { standardId: 'station-start-check', actor: asha });
  const step = (stepId: string) => ({ runId: start.runId, actor: asha, stepId });
  await call(h, 'runs.tick', step('clear-table'));
  await call(h, 'runs.undo', { runId: start.runId, actor: asha });
  await call(h, 'runs.tick', step('clear-table'));
  await call(h, 'runs.deviate', { ...step('lamp-on'), reason: 'POWER_CUT' });
  await call(h, 'runs.tick', step('tools-ready'));
  await call(h, 'runs.choose', { ...step('glue-level'), option: 'full' });
  await call(h, 'runs.tick', step('material-ready'));
  await call(h, 'runs.tick', step('first-aid-box'));
  await call(h, 'runs.choose', { ...step('walkway-clear'), option: 'clear' });
  await call(h, 'runs.skip', step('start-note'));
  await call(h, 'runs.complete', { runId: start.runId, actor: asha });

  const farida = 'farida-begum';
  let clean = await call<RunView>(h, 'runs.start', { standardId: 'end-of-day-clean-down', actor: farida });
  while (clean.currentStepId !== null) {
    const s = clean.steps.find((x) => x.id === clean.currentStepId)!;
    const args = { runId: clean.runId, actor: farida, stepId: s.id };
    clean =
      s.kind === 'choice' ? await call<RunView>(h, 'runs.choose', { ...args, option: 'emptied' })
      : s.kind === 'note' ? await call<RunView>(h, 'runs.note', { ...args, text: 'all clean' })
      : await call<RunView>(h, 'runs.tick', args);
  }
  await call(h, 'runs.complete', { runId: clean.runId, actor: farida });

  const ravi = 'ravi-kumar';
  const carton = await call<RunView>(h, 'runs.start', { standardId: 'carton-quality-check', actor: ravi });
  await call(h, 'runs.tick', { runId: carton.runId, actor: ravi, stepId: 'pick-sample' });
  await call(h, 'runs.help', { runId: carton.runId, actor: ravi, stepId: 'carton-weight' });
  return { deviated: start.runId, completed: clean.runId, inProgress: carton.runId, startHash: start.standard.hash };
}

/** Status bar → Settings → PIN → Review, and wait until the history is up to date. */
export async function openReview(page: Page, h: StationHarness): Promise<void> {
  await ensurePin(h);
  await openStation(page, h);
  await page.locator('.sw-bar__btn').last().click();
  await page.locator('#pin').fill(PIN);
  await page.getByTestId('unlock').click();
  await page.getByTestId('open-review').click();
  await expect(page.locator('[data-testid="review-status"][data-state="ready"]')).toBeVisible(LONG_OPERATION);
}
