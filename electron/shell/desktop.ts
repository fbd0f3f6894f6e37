/**
 * The Electron side of the core's DesktopPort (issue 15): printing and PDFs of the page, OS notifications for help
 * requests (with a taskbar flash and the alert sound), the log folder, kiosk mode, start at login and keeping the
 * screen awake while a run is open. Every Electron object is handed in (small structural types), so the shell's
 * tests run with stand-ins; nothing here decides anything the core should.
 */
import { writeFile } from 'node:fs/promises';
import type { DesktopPort } from '../core/desktop/port';
import type { KioskPrefs, KioskState } from '../contract';
import type { Logger } from '../core/log/logger';
import { errorMessage } from '../core/log/logger';
import type { Dialogs } from './dialogs';
import type { ShellPrefs } from './shell-prefs';

/** The part of a BrowserWindow used here. */
export interface DesktopWindow {
  webContents: {
    print(options: { silent?: boolean; printBackground?: boolean; pageSize?: 'A4' }, callback: (success: boolean, failureReason: string) => void): void;
    printToPDF(options: { pageSize?: 'A4'; printBackground?: boolean; preferCSSPageSize?: boolean }): Promise<Buffer | Uint8Array>;
  };
  setKiosk(flag: boolean): void;
  setFullScreen(flag: boolean): void;
  isFullScreen(): boolean;
  setMenuBarVisibility(visible: boolean): void;
  setAutoHideMenuBar(hide: boolean): void;
  flashFrame(flag: boolean): void;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  show(): void;
}
export type DesktopElectron = {
  app: { setLoginItemSettings(settings: { openAtLogin: boolean }): void };
  shell: { openPath(path: string): Promise<string>; beep(): void };
  powerSaveBlocker: { start(type: 'prevent-display-sleep'): number; stop(id: number): void };
  Notification: { new (options: { title: string; body: string; silent: boolean; urgency?: 'critical' }): NotificationLike; isSupported(): boolean };
  versions: { electron?: string; chrome?: string };
};

export type ElectronDesktopOptions = {
  electron: DesktopElectron;
  window: () => DesktopWindow | null;
  dialogs: Dialogs;
  prefs: ShellPrefs;
  logger: Logger;
  logDir: string;
  /** Told when kiosk preferences change (main.ts rebuilds the menu). */
  onKioskChanged?: (prefs: KioskPrefs) => void;
};

/** A file name for a PDF: what was printed, without characters file systems refuse. */
export const pdfFileName = (name: string): string => `${[...name].map((c) => (c.charCodeAt(0) < 32 ? ' ' : c)).join('').replace(/[\\/:*?"<>|]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 100) || 'steadywork'}.pdf`;

/** Apply kiosk preferences to the window (at start and after every change). */
export function applyKioskToWindow(win: DesktopWindow, prefs: KioskPrefs): void {
  win.setKiosk(prefs.mode === 'kiosk');
  win.setFullScreen(prefs.mode === 'fullscreen' || prefs.mode === 'kiosk');
  const menu = prefs.mode === 'window' && !prefs.hideMenu;
  win.setAutoHideMenuBar(false); // Alt does not bring a hidden menu back
  win.setMenuBarVisibility(menu);
}

export type ElectronDesktop = DesktopPort & { dialogs: Dialogs; screenKeptAwake(): boolean };

export function electronDesktop(o: ElectronDesktopOptions): ElectronDesktop {
  const { electron, prefs, logger } = o;
  let blocker: number | null = null;
  let runOpen = false;
  const state = (): KioskState => ({ available: true, screenKeptAwake: blocker !== null, ...prefs.read().kiosk });
  const syncBlocker = () => {
    const want = runOpen && prefs.read().kiosk.keepAwake;
    if (want && blocker === null) {
      blocker = electron.powerSaveBlocker.start('prevent-display-sleep');
      logger.info('A run is open: the screen is kept awake.');
    } else if (!want && blocker !== null) {
      electron.powerSaveBlocker.stop(blocker);
      blocker = null;
      logger.info('No run is open: the screen may sleep again.');
    }
  };

  return {
    dialogs: o.dialogs,
    screenKeptAwake: () => blocker !== null,
    chooseFile: (purpose, title) => o.dialogs.chooseFile(purpose, title),
    async print(mode, name) {
      const win = o.window();
      if (!win) return { available: true, done: false, path: null };
      if (mode === 'print') {
        const done = await new Promise<boolean>((resolve) =>
          win.webContents.print({ printBackground: true, pageSize: 'A4' }, (success, reason) => {
            if (!success && reason && reason !== 'cancelled') logger.warn(`Printing "${name}" failed: ${reason}`);
            resolve(success);
          }),
        );
        return { available: true, done, path: null };
      }
      const file = await o.dialogs.savePdf(pdfFileName(name), `Save "${name}" as a PDF`);
      if (!file) return { available: true, done: false, path: null };
      // A4 from the page's own @page rule (print CSS), backgrounds kept (the boxes and lines of the checklist).
      const pdf = await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
      await writeFile(file, pdf);
      logger.info(`Saved "${name}" as ${file}.`);
      return { available: true, done: true, path: file };
    },
    logDir: () => o.logDir,
    async openLogFolder() {
      const problem = await electron.shell.openPath(o.logDir);
      if (problem) logger.warn(`The log folder ${o.logDir} could not be opened: ${problem}`);
      return { available: true, path: o.logDir };
    },
    kiosk: state,
    setKiosk(change) {
      const before = prefs.read().kiosk;
      const next = prefs.update((p) => ({ ...p, kiosk: { ...p.kiosk, ...change } })).kiosk;
      if (next.startAtLogin !== before.startAtLogin) electron.app.setLoginItemSettings({ openAtLogin: next.startAtLogin });
      const win = o.window();
      if (win) applyKioskToWindow(win, next);
      syncBlocker();
      o.onKioskChanged?.(next);
      logger.info(`Station window: ${next.mode}, start at login ${next.startAtLogin ? 'on' : 'off'}, menu ${next.hideMenu ? 'hidden' : 'shown'}, keep awake ${next.keepAwake ? 'on' : 'off'}.`);
      return state();
    },
    keepAwake(on) {
      runOpen = on;
      syncBlocker();
    },
    notifyHelp(alert, onClick) {
      const where = alert.stationName ?? alert.stationId;
      const body = [`${alert.person} needs help`, alert.title.en, alert.step ? `Step: ${alert.step.en}` : null].filter(Boolean).join(' · ');
      const sound = prefs.read().kiosk.alertSound;
      const win = o.window();
      if (electron.Notification.isSupported()) {
        try {
          const n = new electron.Notification({ title: `Help at ${where}`, body, silent: !sound, urgency: 'critical' });
          n.on('click', () => {
            const w = o.window();
            if (w) {
              if (w.isMinimized()) w.restore();
              w.show();
              w.focus();
              w.flashFrame(false);
            }
            onClick();
          });
          n.show();
        } catch (err) {
          logger.warn(`The help notification could not be shown: ${errorMessage(err)}`);
        }
      } else if (sound) {
        electron.shell.beep();
      }
      win?.flashFrame(true);
    },
    runtime: () => ({ electron: electron.versions.electron ?? null, chrome: electron.versions.chrome ?? null }),
  };
}
