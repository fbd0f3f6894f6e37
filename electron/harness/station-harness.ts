/**
 * The browser harness with Steadywork's real core behind it: every contract channel, validated at the
 * boundary (guardedHandlers), served by the station app on a data folder of its own.
 *
 * Used by `npm run start:web` (server.ts) and in-process by the end-to-end tests. In Playwright, load it
 * from the bundle that global-setup builds (Playwright's TypeScript loader runs sources as CommonJS, and
 * some core dependencies, e.g. `canonicalize`, are ESM-only with no "require" export):
 *
 *   import type * as Server from '../electron/harness/server';
 *   const { startStationHarness } = require('../dist/harness/server.cjs') as typeof Server;
 *   const harness = await startStationHarness({ dataDir, rendererDir });   // fresh temp folder per test
 *   …
 *   await harness.close();   // stops the server, then seals and closes the journal
 *
 * (Vitest and tsx import the sources directly.)
 *
 * Time: pass `clock` (e.g. a ManualClock) in-process, or set STEADYWORK_FAKE_NOW=2026-11-27T08:05:00+05:30
 * (and optionally STEADYWORK_TIME_ZONE=Asia/Kolkata) so "today" is pinned: the clock starts there and runs on.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { guardedHandlers } from '../contract';
import { clockFromEnv } from '../core/time/clock-env';
import { createStationApp, type StationApp } from '../core/composition/station-app';
import { FileKeyStore } from '../core/journal';
import { confSettingsStore } from '../core/settings/store';
import type { Clock } from '../core/time/clock';
import { APP_VERSION } from '../shell/version';
import { startHarness, type Harness } from './harness';

export type StationHarnessOptions = {
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default: from STEADYWORK_FAKE_NOW / STEADYWORK_TIME_ZONE, else the system clock. */
  clock?: Clock;
  /** Folder of the built renderer; default dist/renderer. */
  rendererDir?: string;
  /** Default assets/standards of this checkout or installation. */
  standardsDir?: string;
  /** Read for STEADYWORK_FAKE_NOW / STEADYWORK_TIME_ZONE when no clock is given. */
  env?: NodeJS.ProcessEnv;
  version?: string;
};

export type StationHarness = Harness & { stationId: string; app: StationApp };

/**
 * The bundled standards: assets/standards two folders up, both from the bundle (dist/harness/server.cjs)
 * and from the source (electron/harness/*.ts); else relative to the working folder.
 */
export function defaultStandardsDir(): string {
  const candidates = [
    ...(typeof __dirname === 'string' ? [path.resolve(__dirname, '..', '..', 'assets', 'standards')] : []),
    path.resolve('assets', 'standards'),
  ];
  return candidates.find((c) => existsSync(c)) ?? (candidates[0] as string);
}

export async function startStationHarness(opts: StationHarnessOptions): Promise<StationHarness> {
  const dataDir = path.resolve(opts.dataDir);
  let app: StationApp | undefined;
  const runtimeStandards = path.join(dataDir, 'standards');
  let harness: Harness;
  try {
    harness = await startHarness({
      dataDir,
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      ...(opts.rendererDir !== undefined ? { rendererDir: opts.rendererDir } : {}),
      version: opts.version ?? APP_VERSION,
      handlers: async () => {
        app = await createStationApp({
          dataDir,
          clock: opts.clock ?? clockFromEnv(opts.env ?? process.env),
          keyStore: new FileKeyStore(path.join(dataDir, 'keys', 'station.key')),
          bundledStandardsDir: opts.standardsDir ?? defaultStandardsDir(),
          ...(existsSync(runtimeStandards) ? { extraStandardsDirs: [runtimeStandards] } : {}),
          settings: confSettingsStore(dataDir),
          shell: 'browser',
          version: opts.version ?? APP_VERSION,
        });
        return guardedHandlers(app.impl);
      },
    });
  } catch (err) {
    // The server did not start (e.g. the port is taken): do not leave the journal open.
    await app?.close().catch(() => undefined);
    throw err;
  }
  const opened = app as StationApp | undefined;
  if (!opened) throw new Error('Steadywork harness: the station did not start.');
  let closing: Promise<void> | undefined;
  return {
    ...harness,
    stationId: opened.stationId,
    app: opened,
    // Stop taking calls first, then seal and close the journal.
    close: () => (closing ??= harness.close().finally(() => opened.close())),
  };
}
