/** The Electron side of the DesktopPort with stand-ins: kiosk, login item, power-save blocker, notifications, print. */
import { describe, expect, it, vi } from 'vitest';
import type { HelpAlert } from '../contract';
import { memoryLogger } from '../core/log/logger';
import { electronDesktop, pdfFileName, type DesktopElectron, type DesktopWindow } from './desktop';
import type { Dialogs } from './dialogs';
import { memoryShellPrefs, normalizeShellPrefs, DEFAULT_SHELL_PREFS } from './shell-prefs';

function setup(opts: { notifications?: boolean; prefs?: unknown } = {}) {
  const shown: Array<{ title: string; body: string; silent: boolean }> = [];
  const clicks: Array<() => void> = [];
  const electron = {
    app: { setLoginItemSettings: vi.fn() },
    shell: { openPath: vi.fn(async () => ''), beep: vi.fn() },
    powerSaveBlocker: { start: vi.fn(() => 7), stop: vi.fn() },
    Notification: class {
      static isSupported = () => opts.notifications ?? true;
      constructor(private o: { title: string; body: string; silent: boolean }) {}
      on(_e: 'click', l: () => void) {
        clicks.push(l);
      }
      show() {
        shown.push(this.o);
      }
    },
    versions: { electron: '41.7.1', chrome: '146.0' },
  } satisfies DesktopElectron;
  const win = {
    webContents: { print: vi.fn(), printToPDF: vi.fn(async () => Buffer.from('%PDF')) },
    setKiosk: vi.fn(),
    setFullScreen: vi.fn(),
    isFullScreen: () => false,
    setMenuBarVisibility: vi.fn(),
    setAutoHideMenuBar: vi.fn(),
    flashFrame: vi.fn(),
    isMinimized: () => true,
    restore: vi.fn(),
    show: vi.fn(),
    focus: vi.fn(),
  } satisfies DesktopWindow;
  const dialogs: Dialogs = { chooseFolder: vi.fn(), chooseFile: vi.fn(), savePdf: vi.fn(async () => null) };
  const prefs = memoryShellPrefs(opts.prefs ?? {});
  const logger = memoryLogger();
  const desktop = electronDesktop({ electron, window: () => win, dialogs, prefs, logger, logDir: '/data/logs' });
  return { desktop, electron, win, shown, clicks, prefs, logger, dialogs };
}

const alert: HelpAlert = {
  eventId: '5b0c1d1e-1111-4c4c-8888-000000000001',
  runId: '5b0c1d1e-1111-4c4c-8888-000000000002',
  stationId: 'st-2',
  stationName: 'Press 2',
  person: 'Asha Devi',
  title: { en: 'Start-of-shift station check' },
  step: { en: 'Check the guard' },
  since: '2026-12-07T05:00:00Z',
};

describe('electronDesktop', () => {
  it('keeps the screen awake only while a run is open and the preference is on', () => {
    const { desktop, electron } = setup();
    desktop.keepAwake(true);
    desktop.keepAwake(true);
    expect(electron.powerSaveBlocker.start).toHaveBeenCalledTimes(1);
    expect(electron.powerSaveBlocker.start).toHaveBeenCalledWith('prevent-display-sleep');
    expect(desktop.screenKeptAwake()).toBe(true);
    desktop.setKiosk({ keepAwake: false }); // a supervisor turns it off: the blocker stops at once
    expect(electron.powerSaveBlocker.stop).toHaveBeenCalledWith(7);
    desktop.setKiosk({ keepAwake: true });
    expect(electron.powerSaveBlocker.start).toHaveBeenCalledTimes(2);
    desktop.keepAwake(false);
    expect(electron.powerSaveBlocker.stop).toHaveBeenCalledTimes(2);
    expect(desktop.screenKeptAwake()).toBe(false);
  });

  it('start at login is changed only when it changes; full screen hides the menu, a plain window shows it', () => {
    const { desktop, electron, win } = setup();
    desktop.setKiosk({ mode: 'fullscreen' });
    expect(electron.app.setLoginItemSettings).not.toHaveBeenCalled();
    expect(win.setFullScreen).toHaveBeenLastCalledWith(true);
    expect(win.setKiosk).toHaveBeenLastCalledWith(false);
    expect(win.setMenuBarVisibility).toHaveBeenLastCalledWith(false);
    desktop.setKiosk({ startAtLogin: true, mode: 'window', hideMenu: true });
    expect(electron.app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true });
    expect(win.setFullScreen).toHaveBeenLastCalledWith(false);
    expect(win.setMenuBarVisibility).toHaveBeenLastCalledWith(false); // hidden for artisans
    expect(desktop.kiosk()).toEqual({ available: true, screenKeptAwake: false, mode: 'window', startAtLogin: true, hideMenu: true, keepAwake: true, alertSound: true });
  });

  it('a help notification: station, person, routine and step; silent when the sound is off; a click restores the window', () => {
    const { desktop, shown, clicks, win } = setup({ prefs: { kiosk: { alertSound: false } } });
    const opened = vi.fn();
    desktop.notifyHelp(alert, opened);
    expect(shown).toEqual([{ title: 'Help at Press 2', body: 'Asha Devi needs help · Start-of-shift station check · Step: Check the guard', silent: true, urgency: 'critical' }]);
    expect(win.flashFrame).toHaveBeenCalledWith(true);
    clicks[0]!();
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
    expect(win.flashFrame).toHaveBeenLastCalledWith(false);
    expect(opened).toHaveBeenCalledTimes(1);
  });

  it('without OS notifications: the alert sound and the taskbar flash still tell the station', () => {
    const { desktop, electron, shown, win } = setup({ notifications: false });
    desktop.notifyHelp(alert, () => {});
    expect(shown).toEqual([]);
    expect(electron.shell.beep).toHaveBeenCalled();
    expect(win.flashFrame).toHaveBeenCalledWith(true);
  });

  it('print: a failed print is logged; a PDF cancelled in the save dialog writes nothing', async () => {
    const { desktop, win, logger } = setup();
    win.webContents.print.mockImplementation((_o: unknown, cb: (ok: boolean, reason: string) => void) => cb(false, 'Printer is out of paper'));
    expect(await desktop.print('print', 'Checklist')).toEqual({ available: true, done: false, path: null });
    expect(logger.lines).toContainEqual({ level: 'warn', message: 'Printing "Checklist" failed: Printer is out of paper' });
    expect(await desktop.print('pdf', 'Checklist')).toEqual({ available: true, done: false, path: null });
    expect(win.webContents.printToPDF).not.toHaveBeenCalled();
  });

  it('PDF file names keep what was printed and drop what file systems refuse', () => {
    expect(pdfFileName('Run timeline: Asha / 2026-12-07')).toBe('Run timeline Asha 2026-12-07.pdf');
    expect(pdfFileName('***')).toBe('steadywork.pdf');
  });
});

describe('shell preferences', () => {
  it('a broken or hand-edited shell.json falls back value by value to the defaults', () => {
    expect(normalizeShellPrefs('garbage')).toEqual(DEFAULT_SHELL_PREFS);
    expect(
      normalizeShellPrefs({ kiosk: { mode: 'tv', startAtLogin: 'yes', hideMenu: true }, bounds: { width: 10, height: 10 }, lastFolders: { share: '/mnt/s', export: 5 } }),
    ).toEqual({ kiosk: { ...DEFAULT_SHELL_PREFS.kiosk, hideMenu: true }, bounds: null, lastFolders: { share: '/mnt/s' } });
    expect(normalizeShellPrefs({ bounds: { x: 5.4, y: 7, width: 1366, height: 768 } }).bounds).toEqual({ x: 5, y: 7, width: 1366, height: 768 });
  });
});
