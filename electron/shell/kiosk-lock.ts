/**
 * A kiosk or full-screen station cannot be closed by an artisan (issue 15, item 1): Alt+F4, Ctrl+W, Ctrl+Q, Ctrl+F4,
 * Cmd+W and Cmd+Q are swallowed before the page and the menu see them (webContents 'before-input-event'), and a
 * close that comes another way (the window manager's Alt+F4, a dock's Quit) is refused ('close' and 'before-quit'
 * prevented). It is unlocked only by a supervisor setting the station window back to a plain window (kiosk.set, a
 * supervisor channel: the PIN), by the computer shutting down or logging out, or when the page could not be
 * recovered. Pure but for the handed-in logger, so it is tested without Electron.
 */
import type { KioskPrefs } from '../contract';
import type { Logger } from '../core/log/logger';

/** The part of Electron's Input used here. */
export type KeyInput = { type: string; key: string; code?: string; alt: boolean; control: boolean; meta: boolean; shift: boolean };

/** Whether a key press closes a window or quits on some platform (the OS's own Alt+F4 does not always reach here). */
export function isCloseShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const code = input.code ?? '';
  const isKey = (letter: 'w' | 'q') => key === letter || code === `Key${letter.toUpperCase()}`;
  if (input.alt && (key === 'F4' || code === 'F4')) return true; // Windows, most Linux desktops
  if (input.control && (key === 'F4' || code === 'F4')) return true; // closes a document window on Windows
  if ((input.control || input.meta) && (isKey('w') || isKey('q'))) return true; // Ctrl+W / Ctrl+Q, Cmd+W / Cmd+Q
  return false;
}

/** A station window is locked in kiosk and full-screen mode (the menu has no File → Quit there either). */
export const lockedBy = (kiosk: KioskPrefs): boolean => kiosk.mode !== 'window';

export type KioskLock = {
  /** Whether the window may close (and the app quit) now. */
  mayClose(): boolean;
  /** The computer is shutting down or logging out, or the page is lost: let the app close from now on. */
  release(reason: string): void;
  /** For webContents 'before-input-event'. */
  onInput(event: { preventDefault(): void }, input: KeyInput): void;
  /** For the window's 'close' and the app's 'before-quit': true when the close was refused. */
  refuse(event: { preventDefault(): void }, what: 'close' | 'quit'): boolean;
};

export function kioskLock(o: { kiosk: () => KioskPrefs; logger: Logger }): KioskLock {
  let released = false;
  const mayClose = () => released || !lockedBy(o.kiosk());
  return {
    mayClose,
    release(reason) {
      if (released) return;
      released = true;
      o.logger.info(`The station window may close: ${reason}.`);
    },
    onInput(event, input) {
      if (mayClose() || !isCloseShortcut(input)) return;
      event.preventDefault();
      const keys = [input.control && 'Ctrl', input.meta && 'Cmd', input.alt && 'Alt', input.shift && 'Shift', input.key].filter(Boolean).join('+');
      o.logger.info(`${keys} ignored: the station is in ${o.kiosk().mode} mode (a supervisor leaves it in Settings → Station window).`);
    },
    refuse(event, what) {
      if (mayClose()) return false;
      event.preventDefault();
      o.logger.info(`A ${what === 'close' ? 'request to close the window' : 'request to quit'} was refused: the station is in ${o.kiosk().mode} mode (a supervisor leaves it in Settings → Station window).`);
      return true;
    },
  };
}
