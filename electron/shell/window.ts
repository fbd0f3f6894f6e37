import type { BrowserWindowConstructorOptions } from 'electron';

/** The scheme and host that the renderer is loaded from (see guards.ts: installAppProtocol). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'steadywork';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

export type MainWindowExtras = {
  /** Developer tools stay available in development; packaged builds turn them off. */
  devTools?: boolean;
};

/**
 * Options of the one Steadywork window. Pure, so it is unit-tested without Electron.
 * The renderer gets no Node, runs in Chromium's sandbox with context isolation, and loads only
 * app:// content (no remote content: navigation, window.open and webviews are refused in guards.ts).
 */
export function mainWindowOptions(preloadPath: string, extras: MainWindowExtras = {}): BrowserWindowConstructorOptions {
  return {
    title: 'Steadywork',
    width: 1280,
    height: 860,
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
