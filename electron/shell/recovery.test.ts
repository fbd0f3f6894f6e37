import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryLogger } from '../core/log/logger';
import { installRecovery, logUncaught, MAX_CRASHES, startLocalCrashReporter } from './recovery';

function fakeWindow() {
  const listeners = new Map<string, (...a: unknown[]) => void>();
  const win = {
    reloads: 0,
    destroyed: false,
    webContents: {
      on: ((event: string, l: (...a: unknown[]) => void) => listeners.set(event, l)) as (event: string, l: (...a: never[]) => void) => unknown,
      reload: () => win.reloads++,
      forcefullyCrashRenderer: vi.fn(() => listeners.get('render-process-gone')!({}, { reason: 'killed', exitCode: 9 })),
    },
    isDestroyed: () => win.destroyed,
  };
  return { win, emit: (event: string, ...a: unknown[]) => listeners.get(event)!(...a) };
}

describe('installRecovery', () => {
  afterEach(() => vi.useRealTimers());

  it('a crashed page is logged and reloaded; a clean exit is not', () => {
    const { win, emit } = fakeWindow();
    const logger = memoryLogger();
    installRecovery(win, { logger });
    emit('render-process-gone', {}, { reason: 'oom', exitCode: -1 });
    expect(win.reloads).toBe(1);
    expect(logger.lines[0]).toEqual({ level: 'error', message: 'The page stopped (oom, exit code -1).' });
    emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(win.reloads).toBe(1);
  });

  it('a page that hangs for the limit is restarted (and reloaded); one that answers again in time is left alone', () => {
    vi.useFakeTimers();
    const { win, emit } = fakeWindow();
    const logger = memoryLogger();
    installRecovery(win, { logger, unresponsiveMs: 10_000 });
    emit('unresponsive');
    vi.advanceTimersByTime(5_000);
    emit('responsive');
    vi.advanceTimersByTime(10_000);
    expect(win.webContents.forcefullyCrashRenderer).not.toHaveBeenCalled();
    emit('unresponsive');
    emit('unresponsive'); // repeated: still one timer
    vi.advanceTimersByTime(10_000);
    expect(win.webContents.forcefullyCrashRenderer).toHaveBeenCalledTimes(1);
    expect(win.reloads).toBe(1);
    expect(logger.lines.map((l) => l.message)).toContain('The page did not respond for 10 s: restarting it.');
  });

  it('a page that keeps crashing is not reloaded for ever: after 3 crashes in 2 minutes it gives up and says where to look', () => {
    const { win, emit } = fakeWindow();
    const logger = memoryLogger();
    let t = 0;
    const gaveUp = vi.fn();
    installRecovery(win, { logger, now: () => t, onGaveUp: gaveUp });
    for (let i = 0; i < MAX_CRASHES; i++) {
      t += 10_000;
      emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    }
    expect(win.reloads).toBe(3);
    t += 10_000;
    emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(win.reloads).toBe(3);
    expect(gaveUp).toHaveBeenCalledWith(expect.stringMatching(/stopped 4 times in 2 minutes.*send the log file/));
    // Much later, a single crash is reloaded again.
    t += 600_000;
    emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(win.reloads).toBe(4);
  });
});

describe('crash reporter and uncaught errors', () => {
  it('crash dumps go to the data folder and are never uploaded', () => {
    const app = { setPath: vi.fn() };
    const crashReporter = { start: vi.fn() };
    startLocalCrashReporter(app, crashReporter, '/data/crashes');
    expect(app.setPath).toHaveBeenCalledWith('crashDumps', '/data/crashes');
    expect(crashReporter.start).toHaveBeenCalledWith({ uploadToServer: false, submitURL: '', compress: true, productName: 'Steadywork' });
  });

  it('an uncaught exception or rejection in the main process is written to the log', () => {
    const handlers = new Map<string, (x: unknown) => void>();
    const logger = memoryLogger();
    logUncaught({ on: ((e: string, l: (x: unknown) => void) => handlers.set(e, l)) as unknown as NodeJS.Process['on'] }, logger);
    handlers.get('uncaughtException')!(new Error('boom'));
    handlers.get('unhandledRejection')!('nope');
    expect(logger.lines[0]?.message).toMatch(/^Uncaught: Error: boom/);
    expect(logger.lines[1]).toEqual({ level: 'error', message: 'Unhandled rejection: nope' });
  });
});
