/**
 * The Electron main process: a thin shell. Window, security, menu and lifecycle only; business logic
 * lives in electron/core (which never imports electron) and reaches the renderer through the contract.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session, type MenuItemConstructorOptions } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { guardedHandlers } from './contract';
import { createStationApp, type StationApp } from './core/composition/station-app';
import { confSettingsStore } from './core/settings/store';
import { systemClock } from './core/time/clock';
import { installContractIpc } from './shell/contract-ipc';
import { desktopCliArgs, runDesktopCli } from './cli/desktop-cli';
import { electronFolderPicker } from './shell/folder-picker';
import {
  installAppProtocol,
  installCspHeaders,
  installPermissionGuards,
  installWebContentsGuards,
  registerAppScheme,
} from './shell/guards';
import { stationKeyStore } from './shell/safe-key-store';
import { APP_VERSION } from './shell/version';
import { APP_START_URL, mainWindowOptions } from './shell/window';

// Bundled to dist/electron/main.cjs: __dirname is dist/electron. getAppPath() is the folder (or app.asar)
// that holds package.json, in development and when packaged alike.
const rendererDir = path.join(app.getAppPath(), 'dist', 'renderer');
const preloadPath = path.join(__dirname, 'preload.cjs');

let mainWindow: BrowserWindow | null = null;
/** The station (journal, settings, PIN): opened once the app is ready, sealed and closed before quitting. */
let station: Promise<StationApp> | undefined;

/**
 * Data in userData: settings.json (conf, the library electron-store wraps), journal/, keys/.
 * Standards: the bundled assets/standards, then <userData>/standards if it exists.
 */
function openStation(): Promise<StationApp> {
  const dataDir = app.getPath('userData');
  const extra = path.join(dataDir, 'standards');
  return createStationApp({
    dataDir,
    clock: systemClock(),
    keyStore: stationKeyStore(path.join(dataDir, 'keys'), safeStorage),
    bundledStandardsDir: path.join(app.getAppPath(), 'assets', 'standards'),
    ...(existsSync(extra) ? { extraStandardsDirs: [extra] } : {}),
    settings: confSettingsStore(dataDir),
    shell: 'electron',
    version: APP_VERSION,
    folderPicker: electronFolderPicker(dialog, () => mainWindow),
  });
}

function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(preloadPath, { devTools: !app.isPackaged }));
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    mainWindow = null;
  });
  void win.loadURL(APP_START_URL);
  return win;
}

function menuTemplate(): MenuItemConstructorOptions[] {
  const isMac = process.platform === 'darwin';
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: '&File', submenu: [isMac ? { role: 'close' as const } : { role: 'quit' as const }] },
    {
      label: '&View',
      submenu: [
        // Zoom stays available from the keyboard (Ctrl/Cmd +, -, 0) for low-vision users.
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }]),
      ],
    },
    { role: 'editMenu' }, // copy/paste shortcuts in text fields
  ];
}

// Before 'ready': the privileged app:// scheme and the sandbox for every renderer.
registerAppScheme(protocol);
app.enableSandbox();

const cliArgs = desktopCliArgs(process.argv);
if (cliArgs) {
  // `Steadywork --cli <command> …`: the steadywork CLI shipped in the installers; no window, no lock (docs/cli.md).
  void runDesktopCli(app, cliArgs);
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

  // Seal and close the journal before quitting: hold the quit once, close, then quit for real.
  let quitState: 'running' | 'closing' | 'closed' = 'running';
  app.on('before-quit', (event: { preventDefault(): void }) => {
    if (quitState === 'closed' || station === undefined) return;
    event.preventDefault();
    if (quitState === 'closing') return;
    quitState = 'closing';
    void station
      .then((s) => s.close())
      .catch((err: unknown) => console.error(`Steadywork: the journal could not be sealed and closed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        quitState = 'closed';
        app.quit();
      });
  });

  void app.whenReady().then(() => {
    installAppProtocol(protocol, rendererDir);
    installPermissionGuards(session.defaultSession);
    installCspHeaders(session.defaultSession);
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate()));
    station = openStation();
    station.catch((err: unknown) => console.error(`Steadywork: the station could not start: ${err instanceof Error ? err.message : String(err)}`));
    installContractIpc(ipcMain, station.then((s) => guardedHandlers(s.impl)));
    mainWindow = createMainWindow();
  });
}
