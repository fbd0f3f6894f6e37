import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from '@playwright/test';
import { startStationHarness } from '../electron/harness/station-harness';
import { ManualClock } from '../electron/core/time/clock';
import { setUpStation, tickStandard, writeStandards } from './fixtures';
import { emit, percentile, progress } from './report';

const root = resolve(__dirname, '..', '..');
const rendererDir = join(root, 'dist', 'renderer');

/** renderer.bundle: gzipped size of the renderer's JavaScript, as the station loads it. */
export function benchRendererBundle(): void {
  const js = readdirSync(rendererDir).filter((f) => f.endsWith('.js'));
  let raw = 0;
  let gzipped = 0;
  for (const f of js) {
    const bytes = readFileSync(join(rendererDir, f));
    raw += bytes.length;
    gzipped += gzipSync(bytes, { level: 9 }).length;
  }
  emit({ name: 'renderer.bundle', value: gzipped / 1024, unit: 'KiB gzip', rawKiB: Math.round(raw / 1024), files: js.length, target: '<= 300 KB' });
}

/** The Chromium `npm run bench` checked for before building (scripts/find-chromium.cjs, scripts/check-browser.mjs). */
export function chromiumPath(): string | undefined {
  const { findChromium } = createRequire(__filename)(join(root, 'scripts', 'find-chromium.cjs')) as { findChromium(): { executablePath: string | null } };
  return findChromium().executablePath ?? undefined;
}

/** The benchmarks' Chromium: the one the tests use, quiet, without the sandbox (this container runs as root); `extra` flags added. */
export function launchBenchChromium(extra: string[] = []): Promise<Browser> {
  const executablePath = chromiumPath();
  return chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...extra],
  });
}

/**
 * ui.tick: from pressing Done to the screen showing the next step, in Chromium through the harness
 * (contract call, validation, fold, journal append with fdatasync, render, next paint). Measured inside
 * the page: click → the step heading changes → the next animation frame.
 */
export async function benchUiTick(samples = Number(process.env.BENCH_UI_SAMPLES ?? 200)): Promise<void> {
  const dataDir = await mkdtemp(join(process.env.BENCH_DIR ?? tmpdir(), 'sw-bench-ui-'));
  const standardsDir = join(dataDir, 'bench-standards');
  const doc = tickStandard(40);
  await writeStandards(standardsDir, [doc]);
  const clock = new ManualClock(Date.parse('2026-11-27T09:00:00+05:30'), 'Asia/Kolkata');
  const harness = await startStationHarness({ dataDir, rendererDir, standardsDir, clock });
  const browser = await launchBenchChromium();
  try {
    // A fresh station shows first-day set-up: set it up through the channels, keeping the demo roster.
    await setUpStation(harness);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(harness.url);
    await page.locator('[data-testid^="artisan-"]').first().click();
    const times: number[] = [];
    progress(`ui.tick: ${samples} ticks through the harness in Chromium`);
    while (times.length < samples) {
      await page.getByTestId(`routine-${doc.id}`).getByRole('button').click();
      for (let step = 0; step < doc.steps.length && times.length < samples; step++) {
        await page.getByTestId('done').waitFor();
        const ms = await page.evaluate(async () => {
          const heading = () => document.querySelector('h1')?.textContent ?? '';
          const before = heading();
          const done = document.querySelector<HTMLButtonElement>('[data-testid="done"]');
          if (!done) throw new Error('no Done button');
          const t0 = performance.now();
          done.click();
          await new Promise<void>((resolveChange) => {
            const observer = new MutationObserver(() => {
              if (heading() !== before) {
                observer.disconnect();
                resolveChange();
              }
            });
            observer.observe(document.body, { subtree: true, childList: true, characterData: true });
          });
          await new Promise((r) => requestAnimationFrame(() => r(null)));
          return performance.now() - t0;
        });
        times.push(ms);
      }
      // Finish the run from its summary, then start the next one.
      await page.getByTestId('finish').click();
      await page.getByTestId(`routine-${doc.id}`).waitFor();
      if (times.length < samples) {
        // A finished daily routine is done for today: move the clock to the next day.
        clock.advance(24 * 3600 * 1000);
        await page.reload();
        const artisan = page.locator('[data-testid^="artisan-"]').first();
        const routine = page.getByTestId(`routine-${doc.id}`).getByRole('button');
        await artisan.or(routine).first().waitFor();
        if (await artisan.isVisible()) await artisan.click();
      }
    }
    for (const p of [50, 95]) emit({ name: `ui.tick.p${p}`, value: percentile(times, p), unit: 'ms', samples: times.length });
  } finally {
    await browser.close();
    await harness.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
