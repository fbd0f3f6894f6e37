/**
 * Supervisor review, end to end on the browser harness with the real core: history with filters and counts, a run's
 * timeline, countersigning (it survives a restart and reaches procurement's verified import), help requests answered,
 * publishing a new standard version (a station adopts it while a run in progress keeps the old one), an invalid
 * standard file (a clear error, nothing changes), and the idle lock. Accessibility of every supervisor screen is in
 * review-a11y.spec.ts.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { KnownStandardVersion, ProcurementStatus, RunView } from '../electron/contract';
import { call, expect, FIXTURE_SUPERVISOR, journalLines, LONG_OPERATION, rootDir, startStation, test } from './fixtures';
import { seedRuns, PIN, openReview, supervisorSession } from './review-support';

test.use({ timezoneId: 'Asia/Kolkata' });
test.describe.configure({ timeout: 180_000 });

test('filter the history by outcome and open a run timeline', async ({ page, harness, pageErrors }) => {
  const runs = await seedRuns(harness);
  await openReview(page, harness);
  await expect(page.getByTestId('count-runs')).toHaveAttribute('data-value', '3');
  await expect(page.getByTestId('history-row').and(page.locator('[data-loaded="true"]'))).toHaveCount(3);

  // Days are typed as day / month / year boxes; a day that does not exist is an error at the field, nothing applied.
  await page.getByTestId('filter-from-day').fill('31');
  await page.getByTestId('filter-from-month').fill('11');
  await page.getByTestId('filter-from-year').fill('2026');
  await page.getByTestId('filter-apply').click();
  await expect(page.locator('#filter-from-error')).toContainText('Give a real day');
  await page.getByTestId('history-filters').screenshot({ path: path.join(rootDir, 'e2e-output', 'screens', 'history-date-filter-error.png') });
  await page.getByTestId('filter-from-day').fill('27');
  await page.getByTestId('filter-apply').click();
  await expect(page.locator('#filter-from-error')).toHaveCount(0);
  await expect(page.getByTestId('count-runs')).toHaveAttribute('data-value', '3');

  // Only runs with a deviation: the start-of-shift check.
  await page.getByTestId('outcome-deviation').check();
  await page.getByTestId('filter-apply').click();
  await expect(page.getByTestId('count-runs')).toHaveAttribute('data-value', '1');
  await expect(page.getByTestId('count-deviations')).toHaveAttribute('data-value', '1');
  const row = page.locator(`[data-testid="history-row"][data-run="${runs.deviated}"]`);
  await expect(row).toBeVisible();
  await expect(page.getByTestId('history-row').and(page.locator('[data-loaded="true"]'))).toHaveCount(1);

  // "With a deviation or still in progress": any of the boxes ticked.
  await page.getByTestId('outcome-in_progress').check();
  await page.getByTestId('filter-apply').click();
  await expect(page.getByTestId('count-runs')).toHaveAttribute('data-value', '0');
  await page.getByTestId('outcome-match').selectOption('any');
  await page.getByTestId('filter-apply').click();
  await expect(page.getByTestId('count-runs')).toHaveAttribute('data-value', '2');
  await page.getByTestId('outcome-in_progress').uncheck();
  await page.getByTestId('filter-apply').click();
  await expect(page.getByTestId('count-runs')).toHaveAttribute('data-value', '1');

  await row.getByTestId('history-open').click();
  const timeline = page.getByTestId('timeline');
  await expect(timeline).toHaveAttribute('data-run', runs.deviated);
  await expect(page.locator('h1')).toBeFocused();
  // Every event of the run in order, the deviation with its reason, the undo and what it cancelled.
  const types = await page.getByTestId('timeline-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
  expect(types[0]).toBe('run.started');
  expect(types).toContain('step.deviated');
  expect(types).toContain('step.undone');
  expect(types.at(-1)).toBe('run.completed');
  await expect(page.locator('[data-testid="timeline-event"][data-type="step.deviated"]')).toContainText(/no electricity/i);
  await expect(page.locator('[data-testid="timeline-event"][data-superseded="true"]')).toHaveCount(1);
  // A choice by its words, not its code ("full"), and the person who ran it.
  await expect(page.locator('[data-testid="timeline-event"][data-type="step.chosen"]').first().getByTestId('event-value')).not.toHaveText('full');
  await expect(page.getByTestId('timeline-people')).not.toBeEmpty();
  // The exact standard version, and the integrity of the records behind it.
  await expect(page.getByTestId('timeline-standard')).toHaveAttribute('data-hash', runs.startHash);
  await expect(page.getByTestId('timeline-integrity')).toHaveAttribute('data-status', 'verified');

  // Back to the list, filter kept.
  await page.getByTestId('timeline-back').first().click();
  await expect(page.getByTestId('count-runs')).toHaveAttribute('data-value', '1');
  expect(pageErrors).toEqual([]);
});

test('countersign a run: the signature is a journal event, survives a restart and reaches procurement', async ({ page, harness, dataDir, pageErrors }) => {
  const runs = await seedRuns(harness);
  const session = await supervisorSession(harness);
  await call(harness, 'settings.update', { session, settings: { supervisorName: 'Meena Iyer' } });
  await call(harness, 'supervisor.lock', { session });
  await openReview(page, harness);
  await page.locator(`[data-testid="history-row"][data-run="${runs.completed}"]`).getByTestId('history-open').click();
  await expect(page.getByTestId('timeline-signatures')).toHaveAttribute('data-count', '0');

  // A rejection needs a reason: the error is shown in a summary and at the field.
  await page.getByTestId('sign-run').click();
  await page.getByLabel('Rejected').check();
  await page.getByTestId('sign-continue').click();
  await expect(page.locator('.sw-error-summary')).toBeVisible();
  await expect(page.locator('.sw-error-summary')).toBeFocused();
  await page.getByLabel('Approved').check();
  await page.getByTestId('sign-continue').click();
  await page.getByTestId('sign-confirm').click();
  await expect(page.getByTestId('sign-result')).toHaveAttribute('data-signed', '1');
  await expect(page.getByTestId('timeline-signatures')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('timeline-signatures')).toContainText('Meena Iyer');

  // Never an edit: one new line in this station's journal.
  const signed = (await journalLines(dataDir)).filter((l) => l.type === 'run.countersigned');
  expect(signed).toHaveLength(1);
  expect(signed[0]).toMatchObject({ run: runs.completed, actor: 'supervisor' });

  // Restart the station: the signature is still there.
  await harness.close();
  const again = await startStation(dataDir);
  try {
    await openReview(page, again);
    await expect(page.locator(`[data-testid="history-row"][data-run="${runs.completed}"]`)).toHaveAttribute('data-signed', 'approved');

    // Publish to a shared folder and import it as procurement does: the signature is among the verified events.
    const share = await mkdtemp(path.join(os.tmpdir(), 'steadywork-e2e-sign-share-'));
    try {
      const s = await supervisorSession(again);
      await call(again, 'settings.update', { session: s, settings: { sharePath: share } });
      await call(again, 'sync.now', {});
      await call(again, 'procurement.import', { session: s, source: share });
      const importStatus = () => call<ProcurementStatus>(again, 'procurement.status', { session: s });
      await expect.poll(async () => (await importStatus()).state, LONG_OPERATION).not.toBe('running');
      const status = await importStatus();
      expect(status.result?.problems ?? []).toEqual([]);
      expect(status.result).toMatchObject({ ok: true });
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const db = await DuckDBInstance.create(path.join(dataDir, 'ledger.duckdb'), { access_mode: 'READ_ONLY' });
      const conn = await db.connect();
      const rows = (await conn.runAndReadAll(`SELECT CAST(run_id AS VARCHAR) AS run, CAST(data AS VARCHAR) AS data FROM events WHERE type = 'run.countersigned'`)).getRowObjectsJS();
      conn.closeSync();
      db.closeSync();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.run).toBe(runs.completed);
      expect(JSON.parse(String(rows[0]?.data))).toMatchObject({ meaning: 'approved', signer: 'Meena Iyer' });
    } finally {
      await rm(share, { recursive: true, force: true });
    }
  } finally {
    await again.close();
  }
  expect(pageErrors).toEqual([]);
});

test('a help request outlives its finished run: the supervisor sees how long it waited, marks it seen, then answered', async ({ page, harness, dataDir, pageErrors }) => {
  const runs = await seedRuns(harness);
  // Asha weighs the carton of Ravi's check (the run is continued by a second artisan), then Ravi gives up on it before
  // anyone came: the run is finished, his request is still open.
  await call(harness, 'runs.measure', { runId: runs.inProgress, actor: 'asha-devi', stepId: 'carton-weight', value: 500 });
  await call(harness, 'runs.abandon', { runId: runs.inProgress, actor: 'ravi-kumar', reason: 'NEED_HELP' });
  const session = await supervisorSession(harness);
  await call(harness, 'settings.update', { session, settings: { supervisorName: 'Meena Iyer' } });
  await call(harness, 'supervisor.lock', { session });
  await openReview(page, harness);
  const request = page.getByTestId('help-request');
  await expect(request).toHaveCount(1);
  await expect(request).toHaveAttribute('data-run', runs.inProgress);
  await expect(request).toHaveAttribute('data-run-finished', 'true');
  await expect(request).toContainText('Ravi Kumar');
  await expect(request.getByTestId('help-waited')).toContainText(/^Waiting \d/);
  await expect(request.getByTestId('help-run-finished')).toBeVisible();
  // The status bar says so on every screen while a supervisor is signed in, and leads back here.
  await page.getByTestId('nav-standards').click();
  const waiting = page.getByTestId('help-waiting');
  await expect(waiting).toHaveAttribute('data-count', '1');
  await waiting.getByRole('button', { name: '1 help request is waiting' }).click();
  await expect(request).toHaveCount(1);

  await request.getByTestId('help-seen').click();
  await expect(request).toHaveAttribute('data-state', 'seen');
  await expect(request.getByTestId('help-seen-by')).toContainText('Meena Iyer');
  await expect(request.getByTestId('help-seen')).toHaveCount(0);
  await page.getByTestId('help-requests').screenshot({ path: path.join(rootDir, 'e2e-output', 'screens', 'review-help-list.png') });

  await request.getByTestId('help-answer').click();
  await expect(page.getByTestId('help-none')).toBeVisible();
  await expect(page.locator('#help-title')).toBeFocused();
  await page.getByTestId('nav-standards').click();
  await expect(page.getByTestId('help-waiting')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('help-waiting').getByRole('button')).toHaveCount(0);
  const lines = (await journalLines(dataDir)).filter((l) => l.type === 'help.seen' || l.type === 'help.answered');
  expect(lines.map((l) => [l.type, l.run, l.actor, (l as { data?: { signer?: string } }).data?.signer])).toEqual([
    ['help.seen', runs.inProgress, 'supervisor', 'Meena Iyer'],
    ['help.answered', runs.inProgress, 'supervisor', 'Meena Iyer'],
  ]);

  // The history names both artisans of the continued run and says why it stopped in words, not its code (issue 10, item 9).
  await page.getByTestId('nav-review').click();
  const stopped = page.locator(`[data-testid="history-row"][data-run="${runs.inProgress}"]`);
  await expect(stopped.getByTestId('history-people')).toHaveText('Ravi Kumar, Asha Devi');
  await expect(stopped.getByTestId('history-stop-reason')).toHaveText('Why stopped: I need help from the supervisor.');
  // Listed under the second artisan too.
  await page.getByTestId('filter-artisan').selectOption('asha-devi');
  await page.getByTestId('filter-apply').click();
  await expect(stopped).toBeVisible();
  await stopped.getByTestId('history-open').click();
  await expect(page.getByTestId('timeline-people')).toHaveText('Ravi Kumar, Asha Devi');
  await expect(page.getByTestId('timeline-stop-reason')).toHaveText('I need help from the supervisor.');
  expect(pageErrors).toEqual([]);
});

test('countersign a filtered set: the confirmation lists the runs, the run in progress is skipped with its reason', async ({ page, harness, dataDir, pageErrors }) => {
  const runs = await seedRuns(harness);
  await openReview(page, harness);
  await page.getByTestId('outcome-not_reviewed').check();
  await page.getByTestId('filter-apply').click();
  await expect(page.getByTestId('count-runs')).toHaveAttribute('data-value', '3');
  await page.getByTestId('sign-filtered').click();
  await page.getByLabel('Approved').check();
  await page.getByTestId('sign-continue').click();

  // The confirmation: the two finished runs it will sign (routine, station, person, date) and the one it skips, with why.
  const form = page.getByTestId('sign-filtered-form');
  const toSign = form.getByTestId('sign-runs').getByTestId('sign-run');
  await expect(toSign).toHaveCount(2);
  expect(await toSign.evaluateAll((els) => els.map((e) => e.getAttribute('data-run')))).toEqual([runs.deviated, runs.completed]);
  await expect(toSign.first()).toContainText('Asha Devi');
  await expect(toSign.nth(1)).toContainText('Farida Begum');
  const skipped = form.getByTestId('sign-skipped').getByTestId('sign-run');
  await expect(skipped).toHaveCount(1);
  await expect(skipped).toHaveAttribute('data-run', runs.inProgress);
  await expect(skipped.getByTestId('sign-skip-why')).toHaveAttribute('data-why', 'in_progress');
  await expect(skipped).toContainText(/still in progress/);
  await expect(form.getByTestId('sign-confirm')).toContainText('2 runs');
  await form.screenshot({ path: path.join(rootDir, 'e2e-output', 'screens', 'review-sign-confirm.png') });
  // Nothing written before the supervisor confirms.
  expect((await journalLines(dataDir)).filter((l) => l.type === 'run.countersigned')).toHaveLength(0);

  await form.getByTestId('sign-confirm').click();
  const result = page.getByTestId('sign-result');
  await expect(result).toHaveAttribute('data-signed', '2');
  await expect(result).toHaveAttribute('data-skipped', '1');
  await expect(result.getByTestId('sign-skip-why')).toHaveAttribute('data-why', 'in_progress');
  const signed = (await journalLines(dataDir)).filter((l) => l.type === 'run.countersigned');
  expect(signed.map((l) => l.run).sort()).toEqual([runs.deviated, runs.completed].sort());
  expect(pageErrors).toEqual([]);
});

/** Version 2 of the carton check (tighter weight limits, first day today), in a folder with its pictures. */
async function cartonV2(dir: string): Promise<string> {
  const src = path.join(rootDir, 'assets', 'standards');
  const doc = JSON.parse(await readFile(path.join(src, 'carton-quality-check.json'), 'utf8')) as {
    version: number; effectiveFrom: string; steps: Array<{ id: string; limits?: { min: number; max: number } }>;
  };
  doc.version = 2;
  doc.effectiveFrom = '2026-11-27';
  const weight = doc.steps.find((s) => s.id === 'carton-weight');
  if (!weight) throw new Error('carton-weight step missing');
  weight.limits = { min: 490, max: 510 };
  await cp(path.join(src, 'pictures'), path.join(dir, 'pictures'), { recursive: true });
  const file = path.join(dir, 'carton-quality-check.v2.json');
  await writeFile(file, JSON.stringify(doc, null, 2));
  return file;
}

test('publish a new standard version: the station adopts it, a run in progress keeps the old one', async ({ page, harness, dataDir, pageErrors }) => {
  const actor = 'asha-devi';
  const before = await call<Array<{ standard: { id: string; version: number; hash: string } }>>(harness, 'routines.due', {});
  const v1 = before.find((d) => d.standard.id === 'carton-quality-check')!.standard;
  const inProgress = await call<RunView>(harness, 'runs.start', { standardId: 'carton-quality-check', actor });
  await call(harness, 'runs.tick', { runId: inProgress.runId, actor, stepId: 'pick-sample' });

  const dir = await mkdtemp(path.join(os.tmpdir(), 'steadywork-e2e-std-'));
  try {
    const file = await cartonV2(dir);
    await openReview(page, harness);
    await page.getByTestId('nav-standards').click();
    await page.getByTestId('standard-path').fill(file);
    await page.getByTestId('check-path').click();
    await expect(page.getByTestId('check-result')).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('check-standard')).toHaveAttribute('data-version', '2');
    // The step-by-step change from version 1: the weight limits.
    const change = page.locator('[data-testid="check-change"][data-step="carton-weight"]');
    await expect(change).toHaveAttribute('data-change', 'changed');
    await expect(change).toContainText('480');
    await expect(change).toContainText('490');
    // The diff in words (the code beside them), then a confirmation that says it cannot be undone.
    await expect(change.locator('tr[data-field="limits.min"] th')).toContainText('Smallest value');
    await page.getByTestId('publish').click();
    await expect(page.getByTestId('publish-confirm-panel')).toContainText('This cannot be undone.');
    await expect(page.getByRole('heading', { name: 'Publish Carton quality check, version 2?' })).toBeFocused();
    await page.getByTestId('check-result').screenshot({ path: path.join(rootDir, 'e2e-output', 'screens', 'standards-diff-confirm.png') });
    await page.getByTestId('publish-confirm').click();
    await expect(page.getByTestId('publish-result')).toHaveAttribute('data-version', '2');
    // Publishing names the supervisor in the journal.
    const published = (await journalLines(dataDir)).find((l) => l.type === 'standard.published') as { data?: { signer?: string } } | undefined;
    expect(published?.data?.signer).toBe(FIXTURE_SUPERVISOR.name);
    await expect(page.locator('[data-testid="standard-version"][data-id="carton-quality-check"][data-version="2"]')).toHaveAttribute('data-state', 'current');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  // The station offers version 2 from today…
  const due = await call<Array<{ standard: { id: string; version: number; hash: string } }>>(harness, 'routines.due', {});
  const now = due.find((d) => d.standard.id === 'carton-quality-check')!.standard;
  expect(now.version).toBe(2);
  expect(now.hash).not.toBe(v1.hash);
  // …while the run started on version 1 finishes on it: 485 g is inside version 1's limits.
  const resumed = await call<RunView>(harness, 'runs.get', { runId: inProgress.runId });
  expect(resumed.standard).toMatchObject({ version: 1, hash: v1.hash });
  const measured = await call<RunView>(harness, 'runs.measure', { runId: inProgress.runId, actor, stepId: 'carton-weight', value: 485 });
  expect(measured.steps.find((s) => s.id === 'carton-weight')?.status).toBe('done');
  await call(harness, 'runs.abandon', { runId: inProgress.runId, actor, reason: 'NEED_HELP' });
  // A new run starts on version 2, where 485 g is out of limits.
  const fresh = await call<RunView>(harness, 'runs.start', { standardId: 'carton-quality-check', actor: 'ravi-kumar' });
  expect(fresh.standard.version).toBe(2);
  await call(harness, 'runs.tick', { runId: fresh.runId, actor: 'ravi-kumar', stepId: 'pick-sample' });
  const out = await call<RunView>(harness, 'runs.measure', { runId: fresh.runId, actor: 'ravi-kumar', stepId: 'carton-weight', value: 485 });
  expect(out.steps.find((s) => s.id === 'carton-weight')?.status).toBe('needs_reason');
  expect(pageErrors).toEqual([]);
});

test('an invalid standard file shows a clear error and changes nothing', async ({ page, harness }) => {
  const session = await supervisorSession(harness);
  const listBefore = await call<KnownStandardVersion[]>(harness, 'standards.list', { session });
  const dueBefore = await call(harness, 'routines.due', {});
  await openReview(page, harness);
  await page.getByTestId('nav-standards').click();
  const doc = JSON.parse(await readFile(path.join(rootDir, 'assets', 'standards', 'end-of-day-clean-down.json'), 'utf8')) as Record<string, unknown>;
  doc.version = 2;
  doc.effectiveFrom = '2026-02-30';
  doc.steps = [];
  await page.getByTestId('standard-file').setInputFiles({ name: 'clean-down-v2.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  const errors = page.getByTestId('check-errors');
  await expect(errors).toBeVisible();
  await expect(errors).toBeFocused();
  await expect(page.getByTestId('check-result')).toHaveAttribute('data-ok', 'false');
  await expect(page.getByTestId('check-error').first()).toContainText('clean-down-v2.json');
  await expect(page.getByTestId('check-error').filter({ hasText: 'effectiveFrom' })).toHaveCount(1);
  await expect(page.getByTestId('publish')).toHaveCount(0);
  const s2 = await supervisorSession(harness);
  expect(await call(harness, 'standards.list', { session: s2 })).toEqual(listBefore);
  expect(await call(harness, 'routines.due', {})).toEqual(dueBefore);
});

test('the supervisor screens lock after idle time, and when an artisan takes over', async ({ page, harness }) => {
  await page.clock.install();
  await seedRuns(harness);
  await openReview(page, harness);
  await expect(page.getByTestId('history')).toBeVisible();
  // Two minutes of use keep it open; three minutes without a touch lock it (the default).
  await page.clock.runFor(2 * 60_000);
  await page.mouse.move(10, 10);
  await page.clock.runFor(2 * 60_000);
  await expect(page.getByTestId('history')).toBeVisible();
  await page.clock.runFor(90_000);
  await expect(page.locator('.sw-app')).toHaveAttribute('data-screen', 'who');
  await expect(page.getByTestId('live-polite')).toContainText('locked');
  // The session really ended: the PIN is asked again.
  await page.locator('.sw-bar__btn').last().click();
  await expect(page.locator('#pin')).toBeVisible();

  // Unlock again, then an artisan taps their name: locked at once.
  await page.locator('#pin').fill(PIN);
  await page.getByTestId('unlock').click();
  await page.getByTestId('open-review').click();
  await expect(page.getByTestId('history')).toBeVisible();
  await page.locator('.sw-bar__btn:not(.sw-bar__btn--help)').first().click(); // Back (the help-requests button comes first when requests wait)
  await page.locator('[data-testid^="artisan-"]').first().click();
  await expect(page.locator('.sw-app')).toHaveAttribute('data-screen', 'today');
  await expect(page.getByTestId('live-polite')).toContainText('locked');
});
