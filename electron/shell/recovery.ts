/**
 * Recovery (issue 15, item 5): when the page crashes or hangs, the station must not show a blank window. The
 * crash is logged and the page reloaded: it starts on "Who is working", and the run that was open is still in the
 * journal (every step is written before the page shows it), so the artisan resumes it from Today. A page that keeps
 * crashing (3 times in 2 minutes) is not reloaded again: the log says so and the person is told where the log is.
 * Crash dumps stay on this computer (crashReporter without upload).
 */
import type { Logger } from '../core/log/logger';

export interface RecoverableWindow {
  webContents: {
    on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string; exitCode: number }) => void): unknown;
    on(event: 'unresponsive' | 'responsive', listener: () => void): unknown;
    reload(): void;
    forcefullyCrashRenderer(): void;
  };
  isDestroyed(): boolean;
}

export type RecoveryOptions = {
  logger: Logger;
  /** After this long unresponsive, the page is restarted (default 30 s). */
  unresponsiveMs?: number;
  /** Told when the page crashed too often to reload again. */
  onGaveUp?: (message: string) => void;
  now?: () => number;
};

export const CRASH_WINDOW_MS = 120_000;
export const MAX_CRASHES = 3;

export function installRecovery(win: RecoverableWindow, opts: RecoveryOptions): void {
  const { logger } = opts;
  const now = opts.now ?? Date.now;
  const crashes: number[] = [];
  let hang: ReturnType<typeof setTimeout> | undefined;

  win.webContents.on('render-process-gone', (_event, details) => {
    if (hang) clearTimeout(hang);
    hang = undefined;
    if (details.reason === 'clean-exit') return;
    const at = now();
    crashes.push(at);
    while (crashes.length > 0 && crashes[0]! < at - CRASH_WINDOW_MS) crashes.shift();
    logger.error(`The page stopped (${details.reason}, exit code ${details.exitCode}).`);
    if (win.isDestroyed()) return;
    if (crashes.length > MAX_CRASHES) {
      const message = `The page stopped ${crashes.length} times in ${CRASH_WINDOW_MS / 60_000} minutes; it is not reloaded again. Restart Steadywork; if it happens again, send the log file to support.`;
      logger.error(message);
      opts.onGaveUp?.(message);
      return;
    }
    logger.warn('Reloading the page: it starts on "Who is working"; open runs are kept and can be resumed.');
    win.webContents.reload();
  });

  win.webContents.on('unresponsive', () => {
    logger.warn('The page is not responding.');
    if (hang) return;
    hang = setTimeout(() => {
      hang = undefined;
      if (win.isDestroyed()) return;
      logger.error(`The page did not respond for ${(opts.unresponsiveMs ?? 30_000) / 1000} s: restarting it.`);
      // Its process ends ('render-process-gone', reason 'killed'), and that handler reloads the page.
      win.webContents.forcefullyCrashRenderer();
    }, opts.unresponsiveMs ?? 30_000);
  });

  win.webContents.on('responsive', () => {
    if (!hang) return;
    clearTimeout(hang);
    hang = undefined;
    logger.info('The page responds again.');
  });
}

/** Crash dumps on this computer only: <dataDir>/crashes, never uploaded. */
export function startLocalCrashReporter(
  app: { setPath(name: 'crashDumps', path: string): void },
  crashReporter: { start(options: { uploadToServer: boolean; submitURL: string; compress: boolean; productName: string }): void },
  crashDir: string,
): void {
  app.setPath('crashDumps', crashDir);
  crashReporter.start({ uploadToServer: false, submitURL: '', compress: true, productName: 'Steadywork' });
}

/** Anything thrown and not caught in the main process goes to the log (and the process keeps running). */
export function logUncaught(proc: Pick<NodeJS.Process, 'on'>, logger: Logger): void {
  proc.on('uncaughtException', (err: Error) => logger.error(`Uncaught: ${err.stack ?? err.message}`));
  proc.on('unhandledRejection', (reason: unknown) => logger.error(`Unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));
}
