import type { BrowserWindowConstructorOptions } from 'electron';

/** The scheme and host that the renderer is loaded from (see guards.ts: installAppProtocol). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'steadywork';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

export type MainWindowExtras = {
  /** Developer tools stay available in development; packaged builds turn them off. */
  devTools?: boolean;
  /** The window's size and place when it was last closed (the shell's preferences). */
  bounds?: { x?: number; y?: number; width: number; height: number } | null;
  /** Start full screen or in the OS kiosk mode (the station's kiosk preference). */
  mode?: 'window' | 'fullscreen' | 'kiosk';
};

/**
 * Options of the one Steadywork window. Pure, so it is unit-tested without Electron.
 * The renderer gets no Node, runs in Chromium's sandbox with context isolation, and loads only
 * app:// content (no remote content: navigation, window.open and webviews are refused in guards.ts).
 */
export function mainWindowOptions(preloadPath: string, extras: MainWindowExtras = {}): BrowserWindowConstructorOptions {
  return {
    title: 'Steadywork',
    width: extras.bounds?.width ?? 1280,
    height: extras.bounds?.height ?? 860,
    ...(extras.bounds?.x !== undefined && extras.bounds.y !== undefined ? { x: extras.bounds.x, y: extras.bounds.y } : {}),
    fullscreen: extras.mode === 'fullscreen' || extras.mode === 'kiosk',
    kiosk: extras.mode === 'kiosk',
    minWidth: 640,
    minHeight: 480,
    show: false, // shown on 'ready-to-show', so nobody sees a blank white frame
    backgroundColor: '#ffffff',
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: extras.devTools ?? false,
    },
  };
}
