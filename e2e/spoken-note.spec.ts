/**
 * Spoken notes (issue 13), end to end with Chromium's fake microphone: it "hears" a WAV this spec writes (a tone),
 * MediaRecorder records it for real, the artisan plays it back (heard through the audio tap, voice/audio.ts), keeps
 * it and saves the note; the run is synced, `steadywork verify` accepts the share, `steadywork import` keeps the
 * recording in the ledger, the supervisor plays it from the run's timeline (heard again), and a changed byte on the
 * share makes `steadywork verify` fail with ATTACHMENT_TAMPERED.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import config from '../playwright.config';
import type { RunView } from '../electron/contract';
import { axe, checkTargets } from './a11y-checks';
import { call, expect, openStation, rootDir, screensDir, test } from './fixtures';
import { openReview, supervisorSession } from './review-support';
import { toneWav } from './tone-wav';

const wavDir = path.join(os.tmpdir(), `steadywork-e2e-mic-${process.pid}`);
mkdirSync(wavDir, { recursive: true });
const wav = path.join(wavDir, 'tone.wav');
// A 440 Hz tone of 3 s at 48 kHz: what the fake microphone hears (Chromium loops it).
writeFileSync(wav, toneWav({ hz: 440, seconds: 3, rate: 48_000, amplitude: 12_000 }));

// The config's launch options (executable, sandbox, quiet flags), plus the fake microphone.
const base = config.use?.launchOptions ?? {};
test.use({
  launchOptions: {
    ...base,
    args: [...(base.args ?? []), '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`],
  },
});

const cli = path.join(rootDir, 'dist', 'cli', 'steadywork.cjs');
type Tap = { audibleBlocks: number; recordings: Array<{ name: string }>; reset(): void };
const tapState = (page: Page) =>
  page.evaluate(() => {
    const t = window.__SW_AUDIO_TAP__ as unknown as Tap;
    return { audibleBlocks: t.audibleBlocks, recordings: t.recordings.map((r) => r.name) };
  });

type Harness = Parameters<typeof openStation>[1];

/** Asha's start-of-shift check, up to its last step (the note), through the channels: the note is what is tested. */
async function upToTheNote(harness: Harness, asha: string): Promise<RunView> {
  const run = await call<RunView>(harness, 'runs.start', { standardId: 'station-start-check', actor: asha });
  const step = (stepId: string) => ({ runId: run.runId, actor: asha, stepId });
  for (const id of ['clear-table', 'lamp-on', 'tools-ready']) await call(harness, 'runs.tick', step(id));
  await call(harness, 'runs.choose', { ...step('glue-level'), option: 'full' });
  for (const id of ['material-ready', 'first-aid-box']) await call(harness, 'runs.tick', step(id));
  await call(harness, 'runs.choose', { ...step('walkway-clear'), option: 'clear' });
  return run;
}

/**
 * The recorder in one state, as the artisan sees it at 1366×768: axe 0, every target 48 px (72 for Save), Save note
 * and the Undo / Read aloud / I need help row on the screen without scrolling, the recorder's main control on the
 * screen and not under the action bar once focused, no English words left on a Hindi screen; and a screenshot.
 */
async function checkRecorder(page: Page, c: { lang: 'en' | 'hi'; scale: 100 | 200 }, state: string) {
  const what = `spoken note ${state}, ${c.lang} ${c.scale} %`;
  await page.evaluate(() => document.fonts.ready);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(screensDir, `spoken-note-${c.lang}-${c.scale}-1366x768-${state}.png`) });
  await axe(page, what);
  await checkTargets(page, what);
  const boxes = await page.evaluate(() =>
    ['save-note', 'undo', 'read-aloud', 'help'].map((id) => {
      const r = document.querySelector(`main [data-testid="${id}"]`)?.getBoundingClientRect();
      return { id, r: r ? { top: r.top, bottom: r.bottom, left: r.left, right: r.right } : null };
    }),
  );
  for (const { id, r } of boxes) {
    expect(r, `${what}: ${id} is shown`).not.toBeNull();
    expect(r!.top >= 0 && r!.left >= 0 && r!.bottom <= 768 && r!.right <= 1366, `${what}: ${id} at ${JSON.stringify(r)} is in reach`).toBe(true);
  }
  const main = page.locator('[data-testid="spoken-note"] .sw-spoken__actions button').first();
  await main.focus();
  const focused = await main.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const bar = document.querySelector('.sw-actionbar')?.getBoundingClientRect();
    const under = !!bar && r.bottom > bar.top && r.top < bar.bottom && r.right > bar.left && r.left < bar.right;
    return { top: r.top, bottom: r.bottom, under };
  });
  expect(focused.top >= 0 && focused.bottom <= 768 && !focused.under, `${what}: the recorder's control, focused, is seen (${JSON.stringify(focused)})`).toBe(true);
  if (c.lang === 'hi') {
    const text = (await page.getByTestId('spoken-note').innerText()).replace(/Steadywork/g, '');
    expect(text, `${what}: no English left`).not.toMatch(/[A-Za-z]{2,}/);
  }
  await page.locator('body').focus();
}

// The recorder through its states at 1366×768, in English at 100 % and in Hindi at 200 % text (the artisan's own).
for (const c of [{ lang: 'en', scale: 100 }, { lang: 'hi', scale: 200 }] as const) {
  test(`the spoken-note recorder at 1366×768 in ${c.lang} at ${c.scale} %: idle, recording, recorded, kept, all in reach, axe 0`, async ({ page, harness, pageErrors }) => {
    const asha = 'asha-devi';
    await call(harness, 'artisans.setPrefs', { artisanId: asha, prefs: { language: c.lang, textScale: c.scale, readAloud: false } });
    await upToTheNote(harness, asha);
    await page.setViewportSize({ width: 1366, height: 768 });
    await openStation(page, harness);
    await page.getByTestId('artisan-asha-devi').click();
    await expect(page.locator('html')).toHaveAttribute('lang', c.lang);
    await page.getByTestId('routine-station-start-check').getByRole('button').click();
    const note = page.getByTestId('spoken-note');
    await expect(note).toHaveAttribute('data-state', 'idle');
    await checkRecorder(page, c, 'idle');
    await page.getByTestId('spoken-record').click();
    await expect(note).toHaveAttribute('data-state', 'recording');
    await expect(page.getByTestId('spoken-clock')).toHaveText(/^0:0[1-9] \/ 1:00$/);
    await checkRecorder(page, c, 'recording');
    await page.getByTestId('spoken-stop').click();
    await expect(note).toHaveAttribute('data-state', 'recorded');
    await checkRecorder(page, c, 'recorded');
    await page.getByTestId('spoken-keep').click();
    await expect(note).toHaveAttribute('data-state', 'kept');
    await checkRecorder(page, c, 'kept');
    expect(pageErrors).toEqual([]);
  });
}

test('a spoken note is recorded, kept, synced, verified, imported and played in the timeline; a changed one fails verify', async ({ page, harness, dataDir, pageErrors }) => {
  test.setTimeout(240_000);
  const share = await mkdtemp(path.join(os.tmpdir(), 'steadywork-e2e-spoken-share-'));
  try {
    const session = await supervisorSession(harness);
    await call(harness, 'settings.update', { session, settings: { sharePath: share } });
    await call(harness, 'supervisor.lock', { session });
    const asha = 'asha-devi';
    const run = await upToTheNote(harness, asha);

    await page.addInitScript(() => {
      window.__SW_AUDIO_TAP__ = {};
    });
    await openStation(page, harness);
    await page.getByTestId('artisan-asha-devi').click();
    await page.getByTestId('routine-station-start-check').getByRole('button').click();
    const note = page.getByTestId('spoken-note');
    await expect(note).toHaveAttribute('data-state', 'idle');
    await expect(page.getByTestId('spoken-status')).toHaveText('You can record a spoken note of up to 60 seconds.');
    await axe(page, 'note step, spoken note idle');
    await checkTargets(page, 'note step, spoken note idle');
    const record = page.getByTestId('spoken-record');
    const box = await record.boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(72);
    expect(box?.width).toBeGreaterThanOrEqual(72);

    // Press to start; the fake microphone plays the tone; press to stop after two seconds of recording.
    await record.click();
    await expect(note).toHaveAttribute('data-state', 'recording');
    await expect(page.getByTestId('spoken-status')).toHaveText('Recording. Speak now. Press Stop when you have finished.');
    const stop = page.getByTestId('spoken-stop');
    expect((await stop.boundingBox())?.height).toBeGreaterThanOrEqual(72);
    await axe(page, 'spoken note recording');
    await expect(page.getByTestId('spoken-clock')).toHaveText(/^0:0[2-9] \/ 1:00$/);
    await stop.click();
    await expect(note).toHaveAttribute('data-state', 'recorded');
    await expect(page.getByTestId('spoken-status')).toHaveText(/^Recorded, \d:\d\d long\. Play it back, keep it, or record again\.$/);

    // Play it back: the recording itself is heard (the tone), not the voice.
    await page.evaluate(() => (window.__SW_AUDIO_TAP__ as unknown as Tap).reset());
    await page.getByTestId('spoken-play').click();
    await expect.poll(async () => (await tapState(page)).audibleBlocks).toBeGreaterThan(50);
    expect((await tapState(page)).recordings).toEqual(['new']);
    await expect(page.getByTestId('spoken-play')).toBeEnabled();
    await page.getByTestId('spoken-keep').click();
    await expect(note).toHaveAttribute('data-state', 'kept');
    await expect(page.getByTestId('spoken-status')).toContainText('Spoken note kept');
    await axe(page, 'spoken note kept');
    await checkTargets(page, 'spoken note kept');
    await page.screenshot({ path: path.join(screensDir, 'spoken-note-kept.png') });

    await page.getByTestId('save-note').click();
    await expect(page.getByTestId('all-steps')).toBeVisible();
    const done = await call<RunView>(harness, 'runs.get', { runId: run.runId });
    const audio = done.steps.at(-1)?.audio;
    expect(audio).toMatchObject({ type: 'audio/webm;codecs=opus' });
    expect(audio?.durationMs).toBeGreaterThanOrEqual(2000);
    const hash = audio?.hash as string;
    await call(harness, 'runs.complete', { runId: run.runId, actor: asha });
    await call(harness, 'sync.now', {});

    // Procurement: the share verifies (exit 0) and the import keeps the recording's verified bytes.
    const stationId = (await readdir(path.join(share, 'stations')))[0] as string;
    const onShare = path.join(share, 'stations', stationId, 'attachments', hash);
    const bytes = await readFile(onShare);
    expect(bytes.length).toBe(audio?.bytes);
    const verified = spawnSync(process.execPath, [cli, 'verify', share, '--quiet'], { encoding: 'utf8' });
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
    const db = path.join(dataDir, 'procurement.duckdb');
    execFileSync(process.execPath, [cli, 'import', share, '--db', db, '--quiet'], { encoding: 'utf8' });
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const ledger = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
    const conn = await ledger.connect();
    const rows = (await conn.runAndReadAll(`SELECT hash, type, octet_length(data)::INTEGER AS n FROM attachments`)).getRowObjectsJS();
    conn.closeSync();
    ledger.closeSync();
    expect(rows).toEqual([{ hash, type: 'audio/webm;codecs=opus', n: bytes.length }]);

    // The supervisor plays it in the run's timeline: heard through the same audio graph.
    await openReview(page, harness);
    await page.locator(`[data-testid="history-row"][data-run="${run.runId}"]`).getByTestId('history-open').click();
    const noted = page.locator('[data-testid="timeline-event"][data-type="step.noted"]');
    await expect(noted.getByTestId('timeline-play-note')).toHaveText(/^Play the spoken note \(\d:\d\d\)$/);
    await axe(page, 'timeline with a spoken note');
    await page.evaluate(() => (window.__SW_AUDIO_TAP__ as unknown as Tap).reset());
    await noted.getByTestId('timeline-play-note').click();
    await expect.poll(async () => (await tapState(page)).audibleBlocks).toBeGreaterThan(50);
    expect((await tapState(page)).recordings).toEqual([hash]);

    // One byte changed on the share: verify fails (exit 1) and names the attachment.
    bytes[Math.floor(bytes.length / 2)] = (bytes[Math.floor(bytes.length / 2)] as number) ^ 0xff;
    await writeFile(onShare, bytes);
    const tampered = spawnSync(process.execPath, [cli, 'verify', share, '--json', '--quiet'], { encoding: 'utf8' });
    expect(tampered.status).toBe(1);
    const report = JSON.parse(tampered.stdout) as { problems: Array<{ code: string; file: string }> };
    expect(report.problems).toContainEqual(expect.objectContaining({ code: 'ATTACHMENT_TAMPERED', file: `stations/${stationId}/attachments/${hash}` }));
  } finally {
    await rm(share, { recursive: true, force: true });
  }
  expect(pageErrors).toEqual([]);
});
