import { test as base, expect, type APIResponse, type Page, type Route } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type * as Server from '../electron/harness/server';
import type { StationHarness } from '../electron/harness/station-harness';

export const rootDir = path.resolve(__dirname, '..');
/** The built files of this test run: global-setup's private copy, else dist/ (e.g. when one spec is run by hand). */
const distDir = process.env.STEADYWORK_E2E_DIST ?? path.join(rootDir, 'dist');
export const rendererDir = path.join(distDir, 'renderer');
export const screensDir = path.join(rootDir, 'e2e-output', 'screens');

/** "Today" for every test: Friday 27 November 2026, 08:05 in India. The start-of-shift check is due (08:00). */
export const FAKE_NOW = '2026-11-27T08:05:00+05:30';
export const STATION_ENV = { STEADYWORK_FAKE_NOW: FAKE_NOW, STEADYWORK_TIME_ZONE: 'Asia/Kolkata' };

/**
 * Starts the browser harness with the real core on `dataDir`. Loaded from the bundle that global-setup
 * builds (some core dependencies are ESM-only, which Playwright's CommonJS loader cannot require from source).
 */
export async function startStation(dataDir: string, opts: { empty?: boolean } = {}): Promise<StationHarness> {
  if (!existsSync(path.join(rendererDir, 'index.html'))) throw new Error(`${rendererDir} is missing: run \`npm run build\`.`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is CommonJS, built by global-setup
  const server = require(path.join(distDir, 'harness', 'server.cjs')) as typeof Server;
  const harness = await server.startStationHarness({ dataDir, rendererDir, standardsDir: path.join(rootDir, 'assets', 'standards'), env: STATION_ENV });
  // A new station is set up as the specs expect it (demo roster, a supervisor); a restarted one is left as it was.
  if (!opts.empty && !(await call<{ pinSet: boolean }>(harness, 'station.info', {})).pinSet) await completeSetUp(harness);
  return harness;
}

/** The supervisor the shared fixture's set-up creates: named, with a PIN of 8 digits (set-up takes 6 to 12). */
export const FIXTURE_SUPERVISOR = { name: 'Supervisor', pin: '24680246' } as const;

/**
 * First-day set-up through the channels (done by startStation for every new station unless asked not to), keeping
 * the demo roster the specs expect: setup.start with FIXTURE_SUPERVISOR (which clears the untouched demo roster), the
 * same people saved again, finish. For specs that are not about set-up; e2e/first-day.spec.ts does it through the UI.
 */
export async function completeSetUp(h: StationHarness): Promise<void> {
  const info = await call<{ settings: { stationName?: string }; roster: Array<Record<string, unknown>> }>(h, 'station.info', {});
  const opened = await call<{ session: string }>(h, 'setup.start', {
    stationName: info.settings.stationName ?? 'Station',
    supervisorName: FIXTURE_SUPERVISOR.name,
    pin: FIXTURE_SUPERVISOR.pin,
  });
  for (const artisan of info.roster) await call(h, 'roster.save', { session: opened.session, artisan });
  await call(h, 'setup.finish', { session: opened.session });
  await call(h, 'supervisor.lock', { session: opened.session });
}

/**
 * A session of FIXTURE_SUPERVISOR, to set a test up through the channels (the UI under test unlocks by itself). A
 * station that is still new (e.g. a second harness on a new data folder) is set up first.
 */
export async function supervisorSession(h: StationHarness): Promise<string> {
  if (!(await call<{ pinSet: boolean }>(h, 'station.info', {})).pinSet) await completeSetUp(h);
  return (await call<{ session: string }>(h, 'supervisor.unlock', { pin: FIXTURE_SUPERVISOR.pin })).session;
}

type Fixtures = {
  /** A fresh temporary data folder, removed after the test. */
  dataDir: string;
  /** A browser harness of its own for this test, with the real core on `dataDir` (loopback only, random port and token). */
  harness: StationHarness;
  /** Leave the station as a new one (first-day set-up not done); default false: set-up is completed by channels. */
  emptyStation: boolean;
  /** Console errors and uncaught page errors seen during the test. */
  pageErrors: string[];
};

export const test = base.extend<Fixtures>({
  emptyStation: [false, { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright needs the destructuring even when empty.
  dataDir: async ({}, use) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'steadywork-e2e-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  harness: async ({ dataDir, emptyStation }, use) => {
    const harness = await startStation(dataDir, { empty: emptyStation });
    await use(harness);
    await harness.close();
  },
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console: ${msg.text()} (${msg.location().url})`);
    });
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
    await use(errors);
  },
});

export { expect };

/**
 * The one wait longer than the expect timeout in playwright.config.ts: an operation that works through many files
 * and takes seconds even on a quiet machine (procurement's import and its integrity report, an export, the review
 * refresh that verifies every journal). Everything else waits with the config's timeouts.
 */
export const LONG_OPERATION = { timeout: 120_000 } as const;

/** Calls a contract channel of the harness directly (to set up a test, never to replace the UI under test). */
export async function call<T = unknown>(h: StationHarness, channel: string, args: unknown = {}): Promise<T> {
  const res = await fetch(`${h.origin}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${h.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(args),
  });
  const body = (await res.json()) as { ok: boolean; value?: T; error?: { code: string; message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.code} ${body.error?.message}`);
  return body.value as T;
}

/** Every journal line on disk, in order (segments sorted by name). */
export async function journalLines(dataDir: string): Promise<Array<{ type: string; step?: string; value?: unknown; reason?: string; actor: string; run?: string; seq: number }>> {
  const dir = path.join(dataDir, 'journal', 'segments');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort();
  const text = (await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')))).join('');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string; step?: string; value?: unknown; reason?: string; actor: string; run?: string; seq: number });
}

/** Opens the station page and waits until it is ready (the "Who is working?" screen). */
export async function openStation(page: Page, h: StationHarness): Promise<void> {
  await page.goto(h.url);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

/**
 * route.fetch() for a read-only channel, once more if the connection was reset: on a busy machine Playwright's own
 * request can meet a keep-alive socket the harness is just closing (ECONNRESET), which is not what a test checks.
 */
export async function fetchRoute(route: Route): Promise<APIResponse> {
  try {
    return await route.fetch();
  } catch (err) {
    if (!/ECONNRESET|socket hang up/.test(String(err))) throw err;
    return route.fetch();
  }
}

/** The screens in a language and text size: station.info is answered as if the station had them. */
export async function answerAsIf(page: Page, lang: 'en' | 'hi', scale: 100 | 200): Promise<void> {
  await page.route('**/api/station.info', async (route: Route) => {
    const res = await fetchRoute(route);
    const body = (await res.json()) as { ok: boolean; value?: { settings: Record<string, unknown> } };
    if (body.ok && body.value) body.value.settings = { ...body.value.settings, language: lang, textScale: scale };
    await route.fulfill({ response: res, json: body });
  });
}
