/**
 * Read aloud with the voice shipped with Steadywork (issue 13), heard through an instrumented audio sink: the page's
 * WebAudio master bus is tapped (voice/audio.ts, only when the test sets window.__SW_AUDIO_TAP__ before load) and the
 * real samples it renders are measured. Nothing is mocked: the speech worker loads eSpeak NG and its voice data from
 * the harness, makes the audio, and the page plays it. This headless Chromium has no system voice at all.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { axe, checkTargets } from './a11y-checks';
import { call, expect, openStation, screensDir, test } from './fixtures';
import { h1 } from './station-support';

type Tap = {
  firstSoundAt: number | null;
  lastSoundAt: number | null;
  resetAt: number;
  audibleBlocks: number;
  sumSquares: number;
  samples: number;
  peakRms: number;
  utterances: Array<{ text: string; lang: string; via: string; at: number }>;
  earcons: Array<{ name: string; at: number }>;
};

const tap = (page: Page) =>
  page.evaluate(() => {
    const t = window.__SW_AUDIO_TAP__ as Tap | undefined;
    return t ? { ...t, utterances: [...(t.utterances ?? [])], earcons: [...(t.earcons ?? [])] } : null;
  });
const resetTap = (page: Page) => page.evaluate(() => (window.__SW_AUDIO_TAP__ as { reset?: () => void } | undefined)?.reset?.());
/** Seconds of audible sound heard since the last reset (blocks of 512 samples at the context's rate). */
const heardSeconds = (page: Page) =>
  page.evaluate(() => {
    const t = window.__SW_AUDIO_TAP__ as Tap;
    return (t.audibleBlocks * 512) / 48000;
  });

async function begin(page: Page, h: Parameters<typeof openStation>[1], prefs: Record<string, unknown>) {
  await call(h, 'artisans.setPrefs', { artisanId: 'asha-devi', prefs });
  await page.addInitScript(() => {
    window.__SW_AUDIO_TAP__ = {};
  });
  await openStation(page, h);
  await page.getByTestId('artisan-asha-devi').click();
  await page.getByTestId('routine-station-start-check').getByRole('button').click();
  await expect(page.getByTestId('step-count')).toBeVisible();
}

/** Waits until the bus has been quiet for 400 ms (since its last sound, or since the reset when there was none). */
async function quiet(page: Page) {
  await expect
    .poll(() => page.evaluate(() => {
      const t = window.__SW_AUDIO_TAP__ as Tap;
      return performance.now() - (t.lastSoundAt ?? t.resetAt) > 400;
    }))
    .toBe(true);
}

/** Waits until at least `seconds` of sound were heard, then answers what the tap recorded. */
async function heard(page: Page, seconds: number): Promise<Tap> {
  await expect.poll(() => heardSeconds(page)).toBeGreaterThan(seconds);
  return (await tap(page)) as Tap;
}

for (const lang of ['en', 'hi'] as const) {
  test(`Read aloud in ${lang}: the step is heard, spoken by the shipped voice, and the words are the step's`, async ({ page, harness }) => {
    await begin(page, harness, { language: lang });
    const stepText = (await page.locator('.sw-step-text').innerText()).trim();
    const place = (await page.getByTestId('step-count').innerText()).trim();
    await resetTap(page);
    await page.getByTestId('read-aloud').click();
    await expect(page.getByTestId('action-status')).toHaveText(lang === 'en' ? 'Reading aloud.' : 'पढ़कर सुना रहे हैं।');
    // More than a second and a half of real sound (the title, the step's place and its text take several seconds).
    const t = await heard(page, 1.5);
    const rms = Math.sqrt(t.sumSquares / t.samples);
    expect(rms, 'RMS of what was heard').toBeGreaterThan(0.02);
    expect(t.peakRms).toBeLessThan(1);
    // What was spoken, in order: the routine and the step's place, then the step's own text, in the step's language.
    const spoken = t.utterances.map((u) => u.text);
    expect(t.utterances.every((u) => u.via === 'engine' && u.lang === lang)).toBe(true);
    expect(spoken[0]).toContain(`${place}.`);
    await expect.poll(async () => (await tap(page))!.utterances.map((u) => u.text)).toContain(stepText);
    // Moving on stops the reading: after Done only its short sound is heard, not the seconds of step 1 still to come.
    await resetTap(page);
    await page.getByTestId('done').click();
    await expect(page.getByTestId('step-count')).not.toHaveText(place);
    await quiet(page);
    const after = (await tap(page))!;
    expect(after.earcons.map((e) => e.name)).toEqual(['recorded']);
    expect(await heardSeconds(page)).toBeLessThan(1);
    expect(after.utterances).toEqual([]);
  });
}

// A quick hand presses Done, then Read aloud (same place on every step) before the next step is shown. That press is
// for the step coming: it must be heard, not silenced by the stop that moving on makes (1 press in ~80 in the bench).
test('Read aloud pressed while Done is being recorded reads the next step, and is heard', async ({ page, harness }) => {
  await begin(page, harness, { language: 'en', sounds: false });
  await expect(page.getByTestId('step-count')).toHaveText('Step 1 of 8');
  await resetTap(page);
  // Both presses in one task, so Read aloud is surely pressed while Done is still on its way to the journal.
  await page.evaluate(() => {
    document.querySelector<HTMLButtonElement>('[data-testid="done"]')?.click();
    document.querySelector<HTMLButtonElement>('[data-testid="read-aloud"]')?.click();
  });
  await expect(page.getByTestId('step-count')).toHaveText('Step 2 of 8');
  const t = await heard(page, 0.5);
  expect(t.utterances[0]?.text, JSON.stringify(t.utterances)).toContain('Step 2 of 8.');
  await expect(page.getByTestId('action-status')).toHaveText('Reading aloud.');
});

test('auto-read: each step is read when it opens, after the result of the last action', async ({ page, harness }) => {
  await begin(page, harness, { language: 'en', readAloud: true, sounds: false });
  const first = (await page.locator('.sw-step-text').innerText()).trim();
  await expect.poll(async () => (await tap(page))!.utterances.map((u) => u.text)).toContain(first);
  await heard(page, 0.5);
  await page.getByTestId('done').click();
  await expect(page.getByTestId('step-count')).toHaveText('Step 2 of 8');
  const second = (await page.locator('.sw-step-text').innerText()).trim();
  await expect.poll(async () => (await tap(page))!.utterances.map((u) => u.text)).toContain(second);
  const texts = (await tap(page))!.utterances.map((u) => u.text);
  // "Step 1 done." (the result of Done) comes before step 2's place and text.
  const i = texts.findIndex((x) => x.startsWith('Step 1 done.') && x.includes('Step 2 of 8.'));
  expect(i, texts.join(' | ')).toBeGreaterThanOrEqual(0);
  expect(texts.indexOf(second)).toBeGreaterThan(i);
  // Sounds are off for this artisan: none played.
  expect((await tap(page))!.earcons).toEqual([]);
});

test('earcon: Done plays the short "recorded" sound, Undo the "undone" one; both are also shown', async ({ page, harness }) => {
  await begin(page, harness, { language: 'en' });
  await resetTap(page);
  await page.getByTestId('done').click();
  await expect(page.getByTestId('action-status')).toHaveText('Step 1 done.');
  let t = await heard(page, 0.1);
  expect(t.earcons.map((e) => e.name)).toEqual(['recorded']);
  expect(Math.sqrt(t.sumSquares / t.samples)).toBeGreaterThan(0.01);
  // Short and soft: the sound is over within about half a second and stays far below full scale.
  await quiet(page);
  expect(await heardSeconds(page)).toBeLessThan(0.7);
  expect((await tap(page))!.peakRms).toBeLessThan(0.2);
  await resetTap(page);
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('action-status')).toHaveText('Step 1 is open again.');
  t = await heard(page, 0.1);
  expect(t.earcons.map((e) => e.name)).toEqual(['undone']);
  await expect(h1(page)).toBeVisible();
});

for (const lang of ['en', 'hi'] as const) {
  test(`My settings, read aloud and sounds (${lang}, 200 % text, 1366×768): saved per artisan, Try it is heard, axe 0`, async ({ page, harness }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await call(harness, 'artisans.setPrefs', { artisanId: 'asha-devi', prefs: { language: lang, textScale: 200 } });
    await page.addInitScript(() => {
      window.__SW_AUDIO_TAP__ = {};
    });
    await openStation(page, harness);
    await page.getByTestId('artisan-asha-devi').click();
    await page.getByRole('button', { name: lang === 'en' ? 'My settings' : 'मेरी सेटिंग' }).click();
    const section = page.getByTestId('speech-settings');
    await expect(section).toBeVisible();
    await section.getByRole('radio', { name: lang === 'en' ? 'Slow' : 'धीरे' }).check();
    await section.getByRole('radio', { name: lang === 'en' ? 'No sounds' : 'कोई आवाज़ नहीं' }).check();
    await section.scrollIntoViewIfNeeded();
    await page.evaluate(() => document.fonts.ready);
    await section.screenshot({ path: path.join(screensDir, `${lang}-200-my-settings-speech.png`) });
    await axe(page, `${lang}-200 my-settings speech`);
    await checkTargets(page, `${lang}-200 my-settings speech`);
    // Try it: the sample sentence in the artisan's language, heard before anything is saved.
    await page.getByTestId('try-speech').click();
    await heard(page, 1);
    expect((await tap(page))!.utterances.map((u) => [u.lang, u.via])).toEqual([[lang, 'engine']]);
    await page.getByTestId('save-prefs').click();
    await expect.poll(async () => (await call<{ roster: Array<{ id: string; prefs: Record<string, unknown> }> }>(harness, 'station.info', {})).roster.find((a) => a.id === 'asha-devi')?.prefs).toMatchObject({
      speechRate: 'slow',
      sounds: false,
      voice: 'app',
      readAloud: false,
    });
  });
}
