/**
 * The Electron main process: a thin shell. Window, security, menu and lifecycle, plus the OS access the core asks
 * for through its DesktopPort (dialogs, printing, notifications, kiosk, log file; shell/desktop.ts). Business logic
 * lives in electron/core (which never imports electron) and reaches the renderer through the contract.
 */
import {
  app,
  BrowserWindow,
  crashReporter,
  dialog,
  ipcMain,
  Menu,
  Notification,
  powerMonitor,
  powerSaveBlocker,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  type MenuItemConstructorOptions,
} from 'electron';
import ElectronStore from 'electron-store';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { guardedHandlers } from './contract';
import type { KioskPrefs } from './contract';
import { createStationApp, type StationApp } from './core/composition/station-app';
import { errorMessage } from './core/log/logger';
import { confSettingsStore } from './core/settings/store';
import { systemClock } from './core/time/clock';
import { installContractIpc } from './shell/contract-ipc';
import { desktopCliArgs, runDesktopCli } from './cli/desktop-cli';
import { applyKioskToWindow, electronDesktop, type ElectronDesktop } from './shell/desktop';
import { electronDialogs } from './shell/dialogs';
import {
  installAppProtocol,
  installCspHeaders,
  installPermissionGuards,
  installWebContentsGuards,
  registerAppScheme,
} from './shell/guards';
import { openLogFile } from './shell/log-file';
import { kioskLock } from './shell/kiosk-lock';
import { installRecovery, logUncaught, startLocalCrashReporter } from './shell/recovery';
import { stationKeyStore } from './shell/safe-key-store';
import { storeShellPrefs, type StoreConstructor } from './shell/shell-prefs';
import { APP_VERSION } from './shell/version';
import { APP_START_URL, mainWindowOptions } from './shell/window';
import { placeWindow } from './shell/window-place';

// Bundled to dist/electron/main.cjs: __dirname is dist/electron. getAppPath() is the folder (or app.asar)
// that holds package.json, in development and when packaged alike.
const rendererDir = path.join(app.getAppPath(), 'dist', 'renderer');
const preloadPath = path.join(__dirname, 'preload.cjs');
/** The local documentation (docs/*.md; packaging must include docs/** for the Help menu of an installed app). */
const docsDir = path.join(app.getAppPath(), 'docs');

// Data in userData: settings.json (the core's), shell.json (the shell's), journal/, keys/, logs/, crashes/.
const dataDir = app.getPath('userData');
const logger = openLogFile(path.join(dataDir, 'logs'));
logUncaught(process, logger);
startLocalCrashReporter(app, crashReporter, path.join(dataDir, 'crashes'));
const prefs = storeShellPrefs(ElectronStore as unknown as StoreConstructor, dataDir);
/** In kiosk and full-screen mode an artisan cannot close the window (Alt+F4, Ctrl+W, Cmd+Q…): shell/kiosk-lock.ts. */
const lock = kioskLock({ kiosk: () => prefs.read().kiosk, logger });

let mainWindow: BrowserWindow | null = null;
/** The station (journal, settings, PIN): opened once the app is ready, sealed and closed before quitting. */
let station: Promise<StationApp> | undefined;

const desktop: ElectronDesktop = electronDesktop({
  electron: { app, shell, powerSaveBlocker, Notification, versions: process.versions },
  window: () => mainWindow,
  dialogs: electronDialogs(dialog, () => mainWindow, prefs),
  prefs,
  logger,
  logDir: logger.dir,
  onKioskChanged: (k) => Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(k))),
});

/** Standards: the bundled assets/standards, then <userData>/standards if it exists. */
function openStation(): Promise<StationApp> {
  const extra = path.join(dataDir, 'standards');
  return createStationApp({
    dataDir,
    clock: systemClock(),
    keyStore: stationKeyStore(path.join(dataDir, 'keys'), safeStorage),
    bundledStandardsDir: path.join(app.getAppPath(), 'assets', 'standards'),
    ...(existsSync(extra) ? { extraStandardsDirs: [extra] } : {}),
    settings: confSettingsStore(dataDir, { onWarning: (m) => logger.warn(`Settings: ${m}`) }),
    shell: 'electron',
    version: APP_VERSION,
    folderPicker: desktop.dialogs,
    desktop,
    logger,
    helpAlertIntervalMs: 15_000,
  });
}

function createMainWindow(): BrowserWindow {
  const { kiosk, bounds: saved } = prefs.read();
  // Where it was last closed, unless that screen is gone (then centred on the main screen).
  const bounds = placeWindow(saved, screen.getAllDisplays(), screen.getPrimaryDisplay());
  const win = new BrowserWindow(mainWindowOptions(preloadPath, { devTools: !app.isPackaged, bounds, mode: kiosk.mode }));
  applyKioskToWindow(win, kiosk);
  win.once('ready-to-show', () => win.show());
  // Full screen is left only by a supervisor (Settings → Station window); F11 or Esc put it back.
  win.on('leave-full-screen', () => {
    if (prefs.read().kiosk.mode !== 'window') win.setFullScreen(true);
  });
  win.webContents.on('before-input-event', (event, input) => lock.onInput(event, input));
  win.on('session-end', () => lock.release('Windows is shutting down or logging off')); // then it closes the windows
  win.on('close', (event) => {
    if (lock.refuse(event, 'close')) return;
    if (!win.isFullScreen() && !win.isMinimized()) prefs.update((p) => ({ ...p, bounds: win.getNormalBounds() }));
  });
  win.on('closed', () => {
    mainWindow = null;
  });
  installRecovery(win, {
    logger,
    onGaveUp: (message) => {
      lock.release('the page could not be recovered');
      dialog.showErrorBox('Steadywork stopped', `${message}\n\nThe log is in ${logger.dir}.`);
    },
  });
  void win.loadURL(APP_START_URL);
  return win;
}

function showAbout(): void {
  void (station ?? Promise.reject(new Error('not started')))
    .then(async (s) => {
      const about = await s.impl['app.about']({});
      if (!about.ok) throw new Error(about.error.message);
      const a = about.value;
      const detail = [`Version ${a.version}`, `Station ${a.stationId}`, `Key id ${a.keyId}`, `Data folder ${a.dataDir}`, `Log folder ${a.logDir ?? '—'}`, `Electron ${a.runtime.electron ?? '—'}, ${a.runtime.platform}`].join('\n');
      const opts = { type: 'info' as const, title: 'About Steadywork', message: `Steadywork ${a.version}`, detail, buttons: ['OK'] };
      await (mainWindow ? dialog.showMessageBox(mainWindow, opts) : dialog.showMessageBox(opts));
    })
    .catch((err: unknown) => logger.warn(`About could not be shown: ${errorMessage(err)}`));
}

const openDoc = (file: string) => () => {
  void shell.openPath(path.join(docsDir, file)).then((problem) => {
    if (problem) logger.warn(`The documentation ${file} could not be opened from ${docsDir}: ${problem}`);
  });
};

/** The menu: in kiosk or full-screen mode (or with the menu hidden) nothing that leaves the station's screen. */
export function menuTemplate(kiosk: KioskPrefs): MenuItemConstructorOptions[] {
  const isMac = process.platform === 'darwin';
  const locked = kiosk.mode !== 'window' || kiosk.hideMenu;
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    ...(locked ? [] : [{ label: '&File', submenu: [isMac ? { role: 'close' as const } : { role: 'quit' as const }] }]),
    {
      label: '&View',
      submenu: [
        // Zoom stays available from the keyboard (Ctrl/Cmd +, -, 0) for low-vision users.
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        ...(locked ? [] : [{ type: 'separator' as const }, { role: 'togglefullscreen' as const }]),
        ...(app.isPackaged || locked ? [] : [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }]),
      ],
    },
    { role: 'editMenu' }, // copy/paste shortcuts in text fields
    {
      label: '&Help',
      submenu: [
        { label: 'Station guide', click: openDoc('station-ui.md') },
        { label: 'Shared folder', click: openDoc('share.md') },
        { label: 'Standards', click: openDoc('standards.md') },
        { label: 'Glossary', click: openDoc('glossary.md') },
        { type: 'separator' },
        { label: 'About Steadywork', click: showAbout },
      ],
    },
  ];
}

// Before 'ready': the privileged app:// scheme and the sandbox for every renderer.
registerAppScheme(protocol);
app.enableSandbox();

const cliArgs = desktopCliArgs(process.argv);
if (cliArgs) {
  // `Steadywork --cli <command> …`: the steadywork CLI shipped in the installers; no window, no lock (docs/cli.md).
  // An unexpected error's details go to today's log file (exit 70 names it).
  void runDesktopCli(app, cliArgs, (err, command) => {
    logger.error(`steadywork ${command}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return logger.fileFor(new Date());
  });
} else if (!app.requestSingleInstanceLock()) {
  // One Steadywork per station: a second launch focuses the first window and quits.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  installWebContentsGuards(app);

  app.on('window-all-closed', () => app.quit());
  app.on('child-process-gone', (_event: unknown, details: { type: string; reason: string; exitCode: number }) => {
    if (details.reason !== 'clean-exit') logger.error(`A ${details.type} process stopped (${details.reason}, exit code ${details.exitCode}).`);
  });

  // Seal and close the journal before quitting: hold the quit once, close, then quit for real.
  let quitState: 'running' | 'closing' | 'closed' = 'running';
  app.on('before-quit', (event: { preventDefault(): void }) => {
    // In kiosk mode only a supervisor (or the computer shutting down) ends the app: nothing is sealed for a refused quit.
    if (quitState === 'running' && lock.refuse(event, 'quit')) return;
    if (quitState === 'closed' || station === undefined) return;
    event.preventDefault();
    if (quitState === 'closing') return;
    quitState = 'closing';
    void station
      .then((s) => s.close())
      .catch((err: unknown) => logger.error(`The journal could not be sealed and closed: ${errorMessage(err)}`))
      .finally(() => {
        quitState = 'closed';
        logger.info('Steadywork stopped.');
        app.quit();
      });
  });

  void app.whenReady().then(() => {
    logger.info(`Steadywork ${APP_VERSION} starting (Electron ${process.versions.electron ?? '?'}, ${process.platform}); data in ${dataDir}.`);
    installAppProtocol(protocol, rendererDir);
    installPermissionGuards(session.defaultSession);
    installCspHeaders(session.defaultSession);
    const { kiosk } = prefs.read();
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(kiosk)));
    // The OS keeps its own login item; the shell's preference is the truth and is applied at every start.
    app.setLoginItemSettings({ openAtLogin: kiosk.startAtLogin });
    // The computer shutting down ends a kiosk station too (the journal is sealed first); Windows: 'session-end' below.
    const ending = (reason: string) => () => {
      lock.release(reason);
      app.quit();
    };
    powerMonitor.on('shutdown', ending('the computer is shutting down'));
    station = openStation();
    station.catch((err: unknown) => logger.error(`The station could not start: ${errorMessage(err)}`));
    installContractIpc(ipcMain, station.then((s) => guardedHandlers(s.impl)));
    mainWindow = createMainWindow();
  });
}
