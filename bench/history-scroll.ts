import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ReviewStore, REVIEW_DB_FILE } from '../electron/core/review';
import { simulate } from '../electron/core/sim/simulate';
import { startStationHarness } from '../electron/harness/station-harness';
import { ManualClock } from '../electron/core/time/clock';
import { BENCH_PIN, benchDir, setUpStation } from './fixtures';
import { emit, nowMs, percentile, progress } from './report';
import { launchBenchChromium } from './ui';

const root = resolve(__dirname, '..', '..');
const rendererDir = join(root, 'dist', 'renderer');
/** One frame at 60 Hz. A frame that took longer than 1.5 of these counts as dropped frames (rounded). */
const FRAME_MS = 1000 / 60;

/**
 * history.scroll: frames dropped while a supervisor scrolls the history of ~100k runs in Chromium, through the
 * browser harness with the real core (the list is virtualised and fetched page by page as it scrolls).
 * The review database is built once from the same kind of simulated share as history.query (1.15M events, 50
 * stations), then the station app opens it. In the page, the list is scrolled by a fixed distance on every animation
 * frame for BENCH_SCROLL_SECONDS (default 6; down, then back up), and every frame's duration is recorded.
 *
 * Env: BENCH_REVIEW_SHARE (reuse a simulated share), BENCH_REVIEW_EVENTS (default 1150000), BENCH_SCROLL_PX (px per
 * frame, default 120), BENCH_SCROLL_SECONDS, CHROMIUM_PATH.
 */
export async function benchHistoryScroll(): Promise<void> {
  const total = Number(process.env.BENCH_REVIEW_EVENTS ?? 1_150_000);
  const pxPerFrame = Number(process.env.BENCH_SCROLL_PX ?? 120);
  const seconds = Number(process.env.BENCH_SCROLL_SECONDS ?? 6);
  const dir = await benchDir('scroll');
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const given = process.env.BENCH_REVIEW_SHARE;
  const share = given ? resolve(given) : join(dir, 'share');
  if (!given || !existsSync(join(share, 'stations'))) {
    const standardsDir = join(root, 'assets', 'standards');
    progress(`history.scroll: simulating ${total} events from 50 stations`);
    await simulate({ share, standardsDir, stations: 50, fast: true, eventsPerStation: Math.ceil(total / 50), seed: 1, workDir: join(dir, 'work') });
  }
  const dataDir = join(dir, 'station');
  mkdirSync(dataDir, { recursive: true });
  // The station's review database, filled from the share before the app opens it (as a first refresh would).
  const store = new ReviewStore({ dbPath: join(dataDir, REVIEW_DB_FILE) });
  const t0 = nowMs();
  await store.refresh([{ dir: share, kind: 'share' }]);
  const runs = (await store.history({ filter: {}, sort: 'started_desc', offset: 0, limit: 1, roster: [] })).counts.runs;
  await store.dispose();
  progress(`history.scroll: review database of ${runs} runs built in ${((nowMs() - t0) / 1000).toFixed(1)} s`);

  const clock = new ManualClock(Date.parse('2026-11-27T09:00:00+05:30'), 'Asia/Kolkata');
  const harness = await startStationHarness({ dataDir, rendererDir, standardsDir: join(root, 'assets', 'standards'), clock });
  const browser = await launchBenchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await setUpStation(harness);
    await page.goto(harness.url);
    // Settings → PIN → Review.
    await page.locator('.sw-bar__btn').last().click();
    await page.locator('#pin').fill(BENCH_PIN);
    await page.getByTestId('unlock').click();
    await page.getByTestId('open-review').click();
    await page.getByTestId('history-row').first().waitFor({ timeout: 120_000 });
    const shown = await page.getByTestId('history-list').getAttribute('aria-rowcount');
    progress(`history.scroll: list shows ${shown ?? '?'} rows; scrolling for ${seconds} s`);

    const frames = await page.evaluate(
      async ({ pxPerFrame, seconds }) => {
        const el = document.querySelector('[data-testid="history-scroll"]') as HTMLElement;
        const durations: number[] = [];
        const end = performance.now() + seconds * 1000;
        let last = performance.now();
        let direction = 1;
        await new Promise<void>((done) => {
          const step = (now: number) => {
            durations.push(now - last);
            last = now;
            if (now >= end) return done();
            if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) direction = -1;
            else if (el.scrollTop <= 0) direction = 1;
            el.scrollTop += direction * pxPerFrame;
            requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        });
        return { durations, scrollTop: el.scrollTop, scrollHeight: el.scrollHeight };
      },
      { pxPerFrame, seconds },
    );
    const durations = frames.durations.slice(1);
    const dropped = durations.reduce((sum, d) => sum + Math.max(0, Math.round(d / FRAME_MS) - 1), 0);
    const blankRows = await page.locator('[data-testid="history-row"][data-loaded="false"]').count();
    emit({
      name: 'history.scroll',
      value: dropped,
      unit: 'frames dropped',
      frames: durations.length,
      expectedFrames: Math.round((seconds * 1000) / FRAME_MS),
      droppedShare: Math.round((dropped / Math.max(1, dropped + durations.length)) * 1000) / 1000,
      frameP50Ms: Math.round(percentile(durations, 50) * 10) / 10,
      frameP95Ms: Math.round(percentile(durations, 95) * 10) / 10,
      frameMaxMs: Math.round(Math.max(...durations) * 10) / 10,
      pxPerFrame,
      runs,
      rowsStillLoadingAtEnd: blankRows,
    });
  } finally {
    await browser.close();
    await harness.close();
  }
}
