/**
 * Recorded audio first (issue 13): a step whose standard has a recording for the reader's language plays that
 * recording; the shipped voice speaks the rest. The standard (version 2 of the start-of-shift check, with a recording
 * for step 1 in English) reaches the station the way standards do, through the shared folder; what is heard is
 * measured through the audio tap (voice/audio.ts), which also says which parts were a recording and which the voice.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { axe } from './a11y-checks';
import { call, expect, openStation, rootDir, test } from './fixtures';
import { supervisorSession } from './review-support';
import { toneWav } from './tone-wav';

type Tap = { audibleBlocks: number; utterances: Array<{ text: string; lang: string; via: string }>; reset(): void };

test('a step with a recording for the reader\'s language plays the recording, the voice speaks the rest', async ({ page, harness }) => {
  const share = await mkdtemp(path.join(os.tmpdir(), 'steadywork-e2e-recorded-'));
  try {
    const doc = JSON.parse(await readFile(path.join(rootDir, 'assets', 'standards', 'station-start-check.json'), 'utf8')) as {
      version: number;
      effectiveFrom: string;
      steps: Array<{ id: string; media?: Record<string, unknown> }>;
    };
    doc.version = 2;
    doc.effectiveFrom = '2026-11-01';
    for (const s of doc.steps) delete s.media;
    (doc.steps[0] as { media?: unknown }).media = { audio: { en: 'audio/clear-table-en.wav' } };
    await mkdir(path.join(share, 'standards', 'audio'), { recursive: true });
    await writeFile(path.join(share, 'standards', 'audio', 'clear-table-en.wav'), toneWav({ hz: 660, seconds: 1.5, rate: 22_050, amplitude: 10_000 }));
    await writeFile(path.join(share, 'standards', 'station-start-check.v2.json'), JSON.stringify(doc, null, 2));
    const session = await supervisorSession(harness);
    await call(harness, 'settings.update', { session, settings: { sharePath: share } });
    await call(harness, 'sync.now', {});
    await call(harness, 'supervisor.lock', { session });
    await call(harness, 'artisans.setPrefs', { artisanId: 'asha-devi', prefs: { language: 'en' } });

    await page.addInitScript(() => {
      window.__SW_AUDIO_TAP__ = {};
    });
    await openStation(page, harness);
    await page.getByTestId('artisan-asha-devi').click();
    await page.getByTestId('routine-station-start-check').getByRole('button').click();
    await expect(page.locator('.sw-step-text')).toHaveText('Clear the work table.');
    await page.evaluate(() => (window.__SW_AUDIO_TAP__ as unknown as Tap).reset());
    await page.getByTestId('read-aloud').click();
    // The step's text is the recording (the tone), heard; the title and the step's place are the shipped voice.
    await expect
      .poll(() => page.evaluate(() => (window.__SW_AUDIO_TAP__ as unknown as Tap).utterances.map((u) => `${u.via}:${u.text}`)))
      .toContain('recording:Clear the work table.');
    const utterances = await page.evaluate(() => (window.__SW_AUDIO_TAP__ as unknown as Tap).utterances);
    expect(utterances.filter((u) => u.via === 'recording').map((u) => u.text)).toEqual(['Clear the work table.']);
    expect(utterances.some((u) => u.via === 'engine')).toBe(true);
    expect(utterances.some((u) => u.via === 'engine' && u.text.includes('Clear the work table'))).toBe(false);
    // At least the recording's 1.5 s were heard (blocks of 512 samples at 48 kHz).
    await expect.poll(() => page.evaluate(() => ((window.__SW_AUDIO_TAP__ as unknown as Tap).audibleBlocks * 512) / 48_000)).toBeGreaterThan(1.4);
    await axe(page, 'step with a recording, read aloud');
  } finally {
    await rm(share, { recursive: true, force: true });
  }
});
