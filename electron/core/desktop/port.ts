/**
 * What the core asks of the desktop shell (issue 15): the computer's dialogs, printing, the log folder, the window's
 * kiosk preferences, keeping the screen awake and OS notifications. Electron's main process implements it
 * (electron/shell/desktop.ts); the browser harness has none (NO_DESKTOP), and the channels answer "not available".
 */
import type { ChosenFile, FilePurpose, HelpAlert, KioskPrefs, KioskState, OpenedFolder, PrintResult } from '../../contract';

export interface DesktopPort {
  chooseFile(purpose: FilePurpose, title?: string): Promise<ChosenFile>;
  print(mode: 'print' | 'pdf', name: string): Promise<PrintResult>;
  /** The folder of the log files; null when there is no log file. */
  logDir(): string | null;
  openLogFolder(): Promise<OpenedFolder>;
  kiosk(): KioskState;
  setKiosk(prefs: Partial<KioskPrefs>): KioskState;
  /** Keep the screen awake (a run is open) or let it sleep again. */
  keepAwake(on: boolean): void;
  /** An OS notification (and taskbar flash, and the alert sound if chosen); `onClick` when someone clicks it. */
  notifyHelp(alert: HelpAlert, onClick: () => void): void;
  runtime(): { electron: string | null; chrome: string | null };
}

const notAvailable = { available: false } as const;

/** The browser harness: no OS dialogs, printing through the page (window.print), in-page alerts only. */
export const NO_DESKTOP: DesktopPort = {
  chooseFile: async () => notAvailable,
  print: async () => notAvailable,
  logDir: () => null,
  openLogFolder: async () => notAvailable,
  kiosk: () => notAvailable,
  setKiosk: () => notAvailable,
  keepAwake: () => {},
  notifyHelp: () => {},
  runtime: () => ({ electron: null, chrome: null }),
};
