import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import type { StandardDocument } from '../electron/contract/standard-document';
import { startStationHarness } from '../electron/harness/station-harness';
import { ManualClock } from '../electron/core/time/clock';
import { channel, setUpStation, tickStandard, writeStandards } from './fixtures';
import { emit, percentile, progress } from './report';
import { launchBenchChromium } from './ui';

const root = resolve(__dirname, '..', '..');
const rendererDir = join(root, 'dist', 'renderer');

/** Steps with real sentences in both languages, as an artisan hears them. */
function speechStandard(steps = 40): StandardDocument {
  const en = ['Check the pressure gauge reads between two and three bar.', 'Fold the box along the marked lines.', 'Clear the work table.', 'Put on your gloves.'];
  const hi = ['दबाव मीटर दो से तीन बार के बीच होना चाहिए।', 'डिब्बे को निशान वाली लाइनों पर मोड़ें।', 'काम की मेज़ खाली करें।', 'दस्ताने पहनें।'];
  return tickStandard(steps, {
    id: 'bench-speech',
    title: { en: 'Benchmark speech', hi: 'बेंचमार्क आवाज़' },
    text: (i) => ({ en: en[i % en.length] as string, hi: hi[i % hi.length] as string }),
  });
}


/**
 * Press Read aloud, then wait for the first audible sample on the tapped master bus; answers the milliseconds between,
 * and whether the step on screen changed after the press (the press came while Done was still being recorded: it
 * reads the next step once shown). Rejects after 30 s without sound, saying what was said and when the step changed.
 */
function pressAndHear(page: Page): Promise<{ ms: number; duringDone: boolean }> {
  return page.evaluate(async () => {
    type Tap = { firstSoundAt: number | null; utterances: unknown[]; reset(): void };
    const tap = (window as unknown as { __SW_AUDIO_TAP__: Tap }).__SW_AUDIO_TAP__;
    const button = document.querySelector<HTMLButtonElement>('[data-testid="read-aloud"]');
    if (!button) throw new Error('no Read aloud button');
    tap.reset();
    const stepAt = () => document.querySelector('[data-step-id]')?.getAttribute('data-step-id') ?? '?';
    const pressedOn = stepAt();
    let movedAt: number | null = null;
    const watch = new MutationObserver(() => {
      if (movedAt === null && stepAt() !== pressedOn) movedAt = performance.now();
    });
    watch.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-step-id'] });
    const t0 = performance.now();
    button.click();
    return new Promise<{ ms: number; duringDone: boolean }>((resolveHeard, reject) => {
      let waiting = true;
      const give = setTimeout(() => {
        waiting = false;
        watch.disconnect();
        const moved = movedAt === null ? 'never changed' : `changed ${Math.round(movedAt - t0)} ms after`;
        reject(new Error(`no sound within 30 s (pressed on ${pressedOn}; the step ${moved}; said ${JSON.stringify(tap.utterances)})`));
      }, 30_000);
      const look = () => {
        if (!waiting) return;
        if (tap.firstSoundAt !== null) {
          clearTimeout(give);
          watch.disconnect();
          resolveHeard({ ms: tap.firstSoundAt - t0, duringDone: movedAt !== null && movedAt < tap.firstSoundAt });
        } else setTimeout(look, 1);
      };
      look();
    });
  });
}

/**
 * speech.first-audio: from pressing Read aloud to the first audible sample of the shipped voice, in Chromium through
 * the harness (worker message, eSpeak NG synthesis of the first piece, WebAudio scheduling, rendering). Measured
 * inside the page on the tapped master bus (voice/audio.ts). "cold" is the first press of a fresh page (the worker
 * loads the engine and the en and hi voice data, about 1 MB); p50/p95 are warm presses, half in English and half in Hindi.
 */
export async function benchSpeechFirstAudio(samples = Number(process.env.BENCH_SPEECH_SAMPLES ?? 40)): Promise<void> {
  const dataDir = await mkdtemp(join(process.env.BENCH_DIR ?? tmpdir(), 'sw-bench-speech-'));
  const standardsDir = join(dataDir, 'bench-standards');
  const doc = speechStandard(40);
  await writeStandards(standardsDir, [doc]);
  const clock = new ManualClock(Date.parse('2026-11-27T09:00:00+05:30'), 'Asia/Kolkata');
  const harness = await startStationHarness({ dataDir, rendererDir, standardsDir, clock });
  const browser = await launchBenchChromium(['--autoplay-policy=no-user-gesture-required']);
  try {
    // First-day set-up through the channels (as e2e/fixtures.ts does), keeping the demo roster.
    const roster = await setUpStation(harness);
    // One artisan per language, each starting the routine afresh.
    const artisans = { en: roster[0]!.id, hi: roster[1]!.id };
    const warm: Record<'en' | 'hi', number[]> = { en: [], hi: [] };
    let cold = NaN;
    const silent: Array<{ lang: string; why: string }> = [];
    /** Presses made before the step shown changed after Done: they read the next step once it is shown. */
    let duringDone = 0;
    const silentIn = (lang: string) => silent.filter((x) => x.lang === lang).length;
    progress(`speech.first-audio: ${samples} presses of Read aloud in Chromium (en and hi)`);
    for (const lang of ['en', 'hi'] as const) {
      const artisan = artisans[lang];
      // Sounds off: the outcome sound of Done must not count as the voice.
      await channel(harness, 'artisans.setPrefs', { artisanId: artisan, prefs: { language: lang, sounds: false, readAloud: false } });
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      // The page's own errors, so that a failure here says why (e.g. the voice engine not loading).
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') progress(`speech.first-audio page ${m.type()}: ${m.text()}`); });
      page.on('pageerror', (e) => progress(`speech.first-audio page error: ${e.message}`));
      await page.addInitScript(() => {
        (window as unknown as { __SW_AUDIO_TAP__: object }).__SW_AUDIO_TAP__ = {};
      });
      await page.goto(harness.url);
      await page.getByTestId(`artisan-${artisan}`).click();
      await page.getByTestId(`routine-${doc.id}`).getByRole('button').click();
      await page.getByTestId('read-aloud').waitFor();
      const first = await pressAndHear(page);
      if (lang === 'en') cold = first.ms;
      let way: 1 | -1 = 1;
      while (warm[lang].length + silentIn(lang) < samples / 2) {
        try {
          const { ms, duringDone: during } = await pressAndHear(page);
          warm[lang].push(ms);
          if (during) duringDone++;
        } catch (err) {
          silent.push({ lang, why: err instanceof Error ? err.message : String(err) });
          progress(`speech.first-audio: a press with no sound (${lang}): ${silent.at(-1)?.why}`);
        }
        // On to the next step with Done; near the end back with Undo (a standard has at most 40 steps), and so on.
        const shownId = await page.locator('[data-step-id]').getAttribute('data-step-id');
        const at = doc.steps.findIndex((st) => st.id === shownId);
        if (at + way < 0 || at + way > doc.steps.length - 2) way = -way as 1 | -1;
        await page.getByTestId(way > 0 ? 'done' : 'undo').click();
        await page.getByTestId('read-aloud').waitFor().catch(async (err: unknown) => {
          const shown = await page.locator('main').innerText().catch(() => '(no main)');
          throw new Error(`Read aloud is not shown after ${way > 0 ? 'Done' : 'Undo'} (from step ${at + 1}); the screen says: ${shown.slice(0, 600)}`, { cause: err });
        });
      }
      await page.close();
    }
    const all = [...warm.en, ...warm.hi];
    emit({ name: 'speech.first-audio.silent', value: silent.length, unit: 'presses', samples: all.length + silent.length, note: 'presses with no sound within 30 s' });
    emit({ name: 'speech.first-audio.during-done', value: duringDone, unit: 'presses', samples: all.length, note: 'pressed while Done or Undo was being recorded (the step then shown is read)' });
    emit({ name: 'speech.first-audio.cold', value: cold, unit: 'ms', note: 'first press on a fresh page: engine and voice data load' });
    for (const p of [50, 95]) emit({ name: `speech.first-audio.p${p}`, value: percentile(all, p), unit: 'ms', samples: all.length, target: p === 95 ? '<= 300 ms warm' : undefined });
    for (const lang of ['en', 'hi'] as const) emit({ name: `speech.first-audio.${lang}.p95`, value: percentile(warm[lang], 95), unit: 'ms', samples: warm[lang].length });
  } finally {
    await browser.close();
    await harness.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
