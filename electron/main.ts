/**
 * The Electron main process: a thin shell. Window, security, menu and lifecycle only; business logic
 * lives in electron/core (which never imports electron) and reaches the renderer through the contract.
 */
import { app, BrowserWindow, Menu, protocol, session, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import {
  installAppProtocol,
  installCspHeaders,
  installPermissionGuards,
  installWebContentsGuards,
  registerAppScheme,
} from './shell/guards';
import { APP_START_URL, mainWindowOptions } from './shell/window';

// Bundled to dist/electron/main.cjs: __dirname is dist/electron. getAppPath() is the folder (or app.asar)
// that holds package.json, in development and when packaged alike.
const rendererDir = path.join(app.getAppPath(), 'dist', 'renderer');
const preloadPath = path.join(__dirname, 'preload.cjs');

let mainWindow: BrowserWindow | null = null;

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

if (!app.requestSingleInstanceLock()) {
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

  void app.whenReady().then(() => {
    installAppProtocol(protocol, rendererDir);
    installPermissionGuards(session.defaultSession);
    installCspHeaders(session.defaultSession);
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate()));
    mainWindow = createMainWindow();
  });
}
