/**
 * electron/main.ts with a stand-in `electron` module: checks the wiring (order of calls, options, guards)
 * that cannot be run here for real, since the Electron binary is not installed on CI machines.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, ipcChannel } from '../contract';

const fake = vi.hoisted(() => {
  const calls: string[] = [];
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((r) => (resolveReady = r));
  const appListeners = new Map<string, (...args: unknown[]) => void>();
  const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const userData = `${process.env.TMPDIR ?? '/tmp'}/sw-main-wiring-${process.pid}-${Date.now()}`;
  // Stands in for the OS keychain: "encrypts" by reversing the bytes.
  const safeStorage = {
    isEncryptionAvailable: vi.fn(() => true),
    getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
    encryptString: vi.fn((s: string) => Buffer.from(s, 'utf8').reverse()),
    decryptString: vi.fn((b: Buffer) => Buffer.from(b).reverse().toString('utf8')),
  };
  const windows: Array<{ options: unknown; url?: string; listeners: Map<string, () => void>; win?: unknown }> = [];
  const session = {
    setPermissionRequestHandler: vi.fn(() => calls.push('permissions')),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn(() => calls.push('csp')) },
  };
  const notifications: Array<{ options: { title: string; body: string; silent: boolean }; listeners: Map<string, () => void>; shown: boolean }> = [];
  class Notification {
    static isSupported = () => true;
    record: { options: { title: string; body: string; silent: boolean }; listeners: Map<string, () => void>; shown: boolean };
    constructor(options: { title: string; body: string; silent: boolean }) {
      this.record = { options, listeners: new Map(), shown: false };
      notifications.push(this.record);
    }
    on(event: string, l: () => void) {
      this.record.listeners.set(event, l);
    }
    show() {
      this.record.shown = true;
    }
  }
  const ipcOn = new Map<string, unknown>();
  const printed: unknown[] = [];
  class BrowserWindow {
    listeners = new Map<string, () => void>();
    contentListeners = new Map<string, (...args: unknown[]) => void>();
    state = { kiosk: false, fullScreen: false, menuBar: true, flashing: false, reloads: 0 };
    webContents = {
      on: (event: string, l: (...args: unknown[]) => void) => this.contentListeners.set(event, l),
      reload: () => this.state.reloads++,
      forcefullyCrashRenderer: vi.fn(),
      print: vi.fn((options: unknown, cb: (ok: boolean, reason: string) => void) => (printed.push(options), cb(true, ''))),
      printToPDF: vi.fn(async () => Buffer.from('%PDF-1.7 stand-in')),
    };
    setKiosk = (f: boolean) => (this.state.kiosk = f);
    setFullScreen = (f: boolean) => (this.state.fullScreen = f);
    isFullScreen = () => this.state.fullScreen;
    setMenuBarVisibility = (v: boolean) => (this.state.menuBar = v);
    setAutoHideMenuBar = vi.fn();
    flashFrame = (f: boolean) => (this.state.flashing = f);
    isMinimized = () => false;
    isDestroyed = () => false;
    restore = vi.fn();
    show = vi.fn();
    focus = vi.fn();
    getNormalBounds = () => ({ x: 10, y: 20, width: 1366, height: 768 });
    record: { options: unknown; url?: string; listeners: Map<string, () => void> };
    constructor(options: unknown) {
      calls.push('window');
      this.record = { options, listeners: this.listeners };
      windows.push({ ...this.record, win: this });
      this.record = windows.at(-1)!;
    }
    once(event: string, l: () => void) {
      this.listeners.set(event, l);
    }
    on(event: string, l: () => void) {
      this.listeners.set(event, l);
    }
    loadURL(url: string) {
      this.record.url = url;
      return Promise.resolve();
    }
  }
  const loginItems: unknown[] = [];
  const powerListeners = new Map<string, () => void>();
  // One 1366×768 screen (a panel below): the second screen the window was last on is unplugged (shell.json, beforeAll).
  const primary = { id: 1, bounds: { x: 0, y: 0, width: 1366, height: 768 }, workArea: { x: 0, y: 0, width: 1366, height: 728 } };
  const blockers = { next: 1, started: [] as number[], stopped: [] as number[] };
  return {
    calls,
    windows,
    notifications,
    ipcOn,
    printed,
    loginItems,
    powerListeners,
    blockers,
    session,
    appListeners,
    ipcHandlers,
    userData,
    resolveReady,
    module: {
      app: {
        // The checkout itself: assets/standards are the bundled standards.
        getAppPath: () => process.cwd(),
        getPath: vi.fn((name: string) => (name === 'userData' ? userData : `/nonexistent/${name}`)),
        isPackaged: true,
        enableSandbox: vi.fn(() => calls.push('enableSandbox')),
        requestSingleInstanceLock: vi.fn(() => (calls.push('lock'), true)),
        quit: vi.fn(),
        on: vi.fn((event: string, l: (...args: unknown[]) => void) => appListeners.set(event, l)),
        whenReady: () => ready,
        getVersion: () => '0.1.0',
        setPath: vi.fn(),
        setLoginItemSettings: vi.fn((s: unknown) => loginItems.push(s)),
      },
      crashReporter: { start: vi.fn() },
      screen: { getAllDisplays: vi.fn(() => [primary]), getPrimaryDisplay: vi.fn(() => primary) },
      powerMonitor: { on: vi.fn((event: string, l: () => void) => powerListeners.set(event, l)) },
      Notification,
      powerSaveBlocker: {
        start: vi.fn(() => {
          const id = blockers.next++;
          blockers.started.push(id);
          return id;
        }),
        stop: vi.fn((id: number) => blockers.stopped.push(id)),
      },
      shell: { openPath: vi.fn(async () => ''), beep: vi.fn() },
      BrowserWindow,
      Menu: { setApplicationMenu: vi.fn(() => calls.push('menu')), buildFromTemplate: vi.fn((t: unknown) => t) },
      protocol: {
        registerSchemesAsPrivileged: vi.fn(() => calls.push('registerScheme')),
        handle: vi.fn(() => calls.push('protocol')),
      },
      session: { defaultSession: session },
      safeStorage,
      dialog: {
        showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/mnt/steadywork'] })),
        showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: `${userData}/printed/checklist.pdf` })),
        showMessageBox: vi.fn(async () => ({ response: 0 })),
        showErrorBox: vi.fn(),
      },
      ipcMain: {
        handle: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<unknown>) => {
          if (calls.at(-1) !== 'ipc') calls.push('ipc');
          ipcHandlers.set(channel, listener);
        }),
        on: vi.fn((channel: string, listener: unknown) => ipcOn.set(channel, listener)),
      },
    },
  };
});

vi.mock('electron', () => fake.module);
// electron-store is loaded from node_modules (not through the stand-in): the same store, Conf, under it.
vi.mock('electron-store', () => import('../../test/support/electron-store-stand-in'));

describe('electron/main.ts', () => {
  beforeAll(async () => {
    // Last closed on a second screen to the right, larger than this one; start at login was chosen (shell.json).
    await mkdir(fake.userData, { recursive: true });
    await writeFile(path.join(fake.userData, 'shell.json'), JSON.stringify({ bounds: { x: 1500, y: 100, width: 1600, height: 900 }, kiosk: { mode: 'window', startAtLogin: true } }));
    await import('../main');
    fake.resolveReady();
    await new Promise((r) => setTimeout(r, 0));
  });
  afterAll(async () => {
    await rm(fake.userData, { recursive: true, force: true });
  });

  let session = '';
  const fromApp = { senderFrame: { url: 'app://steadywork/index.html' } };
  const invoke = (name: (typeof CHANNEL_NAMES)[number], args: unknown, event: unknown = fromApp) => {
    const handler = fake.ipcHandlers.get(ipcChannel(name));
    if (!handler) throw new Error(`no handler for ${name}`);
    return handler(event, args) as Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
  };

  it('registers app://, turns the sandbox on and takes the single-instance lock before ready', () => {
    expect(fake.calls.slice(0, 3)).toEqual(['registerScheme', 'enableSandbox', 'lock']);
    expect(fake.appListeners.has('web-contents-created')).toBe(true);
    expect(fake.appListeners.has('second-instance')).toBe(true);
  });

  it('after ready installs the protocol, permission and CSP guards, the menu and the contract, then opens one window', () => {
    expect(fake.calls.slice(3)).toEqual(['protocol', 'permissions', 'csp', 'menu', 'ipc', 'window']);
    expect(fake.module.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(fake.windows).toHaveLength(1);
  });

  it('the default session grants the microphone to the app itself only (spoken notes), and refuses every other permission', () => {
    type RequestHandler = (wc: unknown, permission: string, cb: (granted: boolean) => void, details: unknown) => void;
    const handler = (fake.module.session.defaultSession.setPermissionRequestHandler.mock.calls[0] as unknown as [RequestHandler])[0];
    const ask = (permission: string, details: unknown) => {
      let granted: boolean | undefined;
      handler({}, permission, (g) => (granted = g), details);
      return granted;
    };
    expect(ask('media', { requestingUrl: 'app://steadywork/index.html', mediaTypes: ['audio'] })).toBe(true);
    expect(ask('media', { requestingUrl: 'app://steadywork/index.html', mediaTypes: ['video'] })).toBe(false);
    expect(ask('media', { requestingUrl: 'https://example.com/', mediaTypes: ['audio'] })).toBe(false);
    expect(ask('geolocation', { requestingUrl: 'app://steadywork/index.html' })).toBe(false);
    expect(ask('notifications', { requestingUrl: 'app://steadywork/index.html' })).toBe(false);
  });

  it('loads app://steadywork/index.html in a sandboxed, isolated window with the bundled preload', () => {
    const win = fake.windows[0];
    expect(win?.url).toBe('app://steadywork/index.html');
    expect(win?.options).toMatchObject({
      show: false,
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: false },
    });
    const preload = (win?.options as { webPreferences: { preload: string } }).webPreferences.preload;
    expect(preload).toMatch(/preload\.cjs$/);
  });

  it('opens where it was last closed, but a place on a screen that is gone is put back on the main screen, shrunk to fit', () => {
    expect(fake.module.screen.getAllDisplays).toHaveBeenCalled();
    // Saved: x 1500 on a second screen that is unplugged, 1600×900; the main screen's work area is 1366×728.
    expect(fake.windows[0]?.options).toMatchObject({ x: 0, y: 0, width: 1366, height: 728 });
  });

  it('registers one IPC handler for every contract channel, and nothing else', () => {
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(CHANNEL_NAMES.map(ipcChannel).sort());
  });

  it('answers the app page with the station: data in userData, the key protected by safeStorage', async () => {
    const due = await invoke('routines.due', {});
    expect(due.ok).toBe(true);
    expect((due.value as Array<{ standard: { id: string } }>).map((d) => d.standard.id).sort()).toEqual([
      'carton-quality-check',
      'end-of-day-clean-down',
      'station-start-check',
    ]);
    expect(await invoke('station.info', {})).toMatchObject({ ok: true, value: { shell: 'electron', sync: { state: 'not_set_up' } } });
    expect(fake.module.app.getPath).toHaveBeenCalledWith('userData');
    expect(existsSync(path.join(fake.userData, 'settings.json'))).toBe(true);
    expect(existsSync(path.join(fake.userData, 'journal'))).toBe(true);
    const keys = await readdir(path.join(fake.userData, 'keys'));
    expect(keys).toEqual(['station.key.enc']);
    const stored = await readFile(path.join(fake.userData, 'keys', 'station.key.enc'));
    expect(stored.toString('utf8')).not.toContain('PRIVATE KEY-----');
    expect(fake.module.safeStorage.encryptString).toHaveBeenCalled();
  });

  it("dialog.chooseFolder asks Electron's folder dialog over the main window (a supervisor's call)", async () => {
    expect(await invoke('dialog.chooseFolder', { session: 'ab'.repeat(32) })).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
    const started = await invoke('setup.start', { stationName: 'Gluing bench 1', supervisorName: 'Meena Iyer', pin: '135790' });
    session = (started.value as { session: string }).session;
    expect(await invoke('dialog.chooseFolder', { session, title: 'Choose the shared folder' })).toEqual({ ok: true, value: { available: true, path: '/mnt/steadywork' } });
    expect(fake.module.dialog.showOpenDialog).toHaveBeenCalledWith(expect.anything(), { title: 'Choose the shared folder', properties: ['openDirectory', 'createDirectory'] });
    // The next dialog for the same purpose opens where the last one was (the shell's preferences, shell.json).
    await invoke('dialog.chooseFolder', { session, purpose: 'share' });
    expect(fake.module.dialog.showOpenDialog).toHaveBeenLastCalledWith(expect.anything(), expect.objectContaining({ defaultPath: '/mnt/steadywork' }));
    const stored = JSON.parse(await readFile(path.join(fake.userData, 'shell.json'), 'utf8')) as { lastFolders: Record<string, string> };
    expect(stored.lastFolders.share).toBe('/mnt/steadywork');
  });

  it('dialog.chooseFile: an open dialog for a standard (JSON only), a save dialog for an export', async () => {
    fake.module.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/home/meena/standards/start-check-v4.json'] });
    expect(await invoke('dialog.chooseFile', { session, purpose: 'standard' })).toEqual({ ok: true, value: { available: true, path: '/home/meena/standards/start-check-v4.json' } });
    expect(fake.module.dialog.showOpenDialog).toHaveBeenLastCalledWith(expect.anything(), expect.objectContaining({ properties: ['openFile'], filters: [{ name: 'Standard (JSON)', extensions: ['json'] }] }));
    fake.module.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    expect(await invoke('dialog.chooseFile', { session, purpose: 'export-xlsx' })).toEqual({ ok: true, value: { available: true, path: null } });
    expect(fake.module.dialog.showSaveDialog).toHaveBeenLastCalledWith(expect.anything(), expect.objectContaining({ defaultPath: 'steadywork-scorecards.xlsx' }));
    expect(await invoke('dialog.chooseFile', { session: 'ab'.repeat(32), purpose: 'standard' })).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
  });

  it('app.about answers the version, the data folder, the station id and its key id (the fingerprint procurement compares)', async () => {
    const about = await invoke('app.about', {});
    const info = (await invoke('station.info', {})).value as { stationId: string };
    expect(about).toMatchObject({ ok: true, value: { name: 'Steadywork', version: '0.1.0', shell: 'electron', dataDir: fake.userData, stationId: info.stationId, logDir: path.join(fake.userData, 'logs') } });
    const keyId = (about.value as { keyId: string }).keyId;
    expect(keyId).toMatch(/^[0-9a-f]{16}$/);
    const segDir = path.join(fake.userData, 'journal');
    const stationJson = JSON.parse(await readFile(path.join(segDir, 'station.json'), 'utf8').catch(() => '{}')) as { keyId?: string };
    if (stationJson.keyId) expect(keyId).toBe(stationJson.keyId);
  });

  it("print.page prints the page on A4 with the computer's print dialog, or saves it as a PDF where the person chose", async () => {
    expect(await invoke('print.page', { mode: 'print', name: 'Checklist' })).toEqual({ ok: true, value: { available: true, done: true, path: null } });
    expect(fake.printed.at(-1)).toEqual({ printBackground: true, pageSize: 'A4' });
    await mkdir(path.join(fake.userData, 'printed'), { recursive: true });
    const pdf = await invoke('print.page', { mode: 'pdf', name: 'Checklist: station-start-check v1' });
    const file = `${fake.userData}/printed/checklist.pdf`;
    expect(pdf).toEqual({ ok: true, value: { available: true, done: true, path: file } });
    expect(fake.module.dialog.showSaveDialog).toHaveBeenLastCalledWith(expect.anything(), expect.objectContaining({ defaultPath: 'Checklist station-start-check v1.pdf' }));
    expect((await readFile(file)).toString('utf8')).toBe('%PDF-1.7 stand-in');
  });

  it('logs.openFolder opens the log folder, where today has one log file', async () => {
    expect(await invoke('logs.openFolder', { session })).toEqual({ ok: true, value: { available: true, path: path.join(fake.userData, 'logs') } });
    expect(fake.module.shell.openPath).toHaveBeenLastCalledWith(path.join(fake.userData, 'logs'));
    await vi.waitFor(async () => {
      const files = await readdir(path.join(fake.userData, 'logs'));
      expect(files).toEqual([expect.stringMatching(/^steadywork-\d{4}-\d{2}-\d{2}\.log$/)]);
      const text = await readFile(path.join(fake.userData, 'logs', files[0]!), 'utf8');
      expect(text).toMatch(/info Steadywork 0\.1\.0 starting/);
    });
  });

  it('crash dumps stay on this computer: the crash reporter never uploads', () => {
    expect(fake.module.app.setPath).toHaveBeenCalledWith('crashDumps', path.join(fake.userData, 'crashes'));
    expect(fake.module.crashReporter.start).toHaveBeenCalledWith(expect.objectContaining({ uploadToServer: false }));
  });

  it('kiosk: a supervisor turns on kiosk mode, start at login and the hidden menu; the window follows; F11 cannot leave it', async () => {
    const win = fake.windows[0]!.win as { state: { kiosk: boolean; fullScreen: boolean; menuBar: boolean }; listeners: Map<string, () => void> };
    // Start at login as shell.json says, applied at every start (the OS's login item follows the preference).
    expect(await invoke('kiosk.get', {})).toMatchObject({ ok: true, value: { available: true, mode: 'window', startAtLogin: true } });
    expect(fake.loginItems).toEqual([{ openAtLogin: true }]);
    expect(await invoke('kiosk.set', { session: 'ab'.repeat(32), prefs: { mode: 'window' } })).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
    const set = await invoke('kiosk.set', { session, prefs: { mode: 'kiosk', startAtLogin: true, hideMenu: true } });
    expect(set).toMatchObject({ ok: true, value: { available: true, mode: 'kiosk', startAtLogin: true, hideMenu: true } });
    expect(win.state).toMatchObject({ kiosk: true, fullScreen: true, menuBar: false });
    expect(fake.loginItems.at(-1)).toEqual({ openAtLogin: true });
    // The menu without File → Quit, full screen, reload or dev tools.
    const menu = (fake.module.Menu.buildFromTemplate.mock.calls.at(-1) as unknown as [Array<{ label?: string; submenu?: Array<{ role?: string }> }>])[0];
    expect(menu.map((m) => m.label).filter(Boolean)).toEqual(['&View', '&Help']);
    expect(JSON.stringify(menu)).not.toMatch(/togglefullscreen|quit|reload|toggleDevTools/);
    // F11 / Esc: full screen comes back.
    win.state.fullScreen = false;
    win.listeners.get('leave-full-screen')!();
    expect(win.state.fullScreen).toBe(true);
    // Leaving kiosk mode: only with the supervisor's session.
    expect(await invoke('kiosk.set', { session, prefs: { mode: 'window', hideMenu: false, startAtLogin: false } })).toMatchObject({ ok: true, value: { mode: 'window' } });
    expect(win.state).toMatchObject({ kiosk: false, fullScreen: false, menuBar: true });
    expect(fake.loginItems.at(-1)).toEqual({ openAtLogin: false });
  });

  it('kiosk: an artisan cannot close the window (Alt+F4, Ctrl+W, Cmd+Q, a close or quit from outside) until a supervisor leaves kiosk mode', async () => {
    type Ev = { preventDefault: ReturnType<typeof vi.fn> };
    const win = fake.windows[0]!.win as { listeners: Map<string, (e?: unknown) => void>; contentListeners: Map<string, (...a: unknown[]) => void> };
    const ev = (): Ev => ({ preventDefault: vi.fn() });
    const key = (k: Partial<{ key: string; code: string; alt: boolean; control: boolean; meta: boolean; shift: boolean }>) => {
      const e = ev();
      win.contentListeners.get('before-input-event')!(e, { type: 'keyDown', key: '', code: '', alt: false, control: false, meta: false, shift: false, ...k });
      return e.preventDefault.mock.calls.length > 0;
    };
    const closeRefused = () => {
      const e = ev();
      win.listeners.get('close')!(e);
      return e.preventDefault.mock.calls.length > 0;
    };
    const shellJson = async () => JSON.parse(await readFile(path.join(fake.userData, 'shell.json'), 'utf8')) as { bounds: unknown };
    // A plain window: the shortcuts and the close go through (and the bounds are kept for the next start).
    expect(key({ key: 'F4', code: 'F4', alt: true })).toBe(false);
    expect(closeRefused()).toBe(false);
    expect((await shellJson()).bounds).toEqual({ x: 10, y: 20, width: 1366, height: 768 });
    expect(await invoke('kiosk.set', { session, prefs: { mode: 'kiosk' } })).toMatchObject({ ok: true, value: { mode: 'kiosk' } });
    expect(key({ key: 'F4', code: 'F4', alt: true })).toBe(true);
    expect(key({ key: 'w', code: 'KeyW', control: true })).toBe(true);
    expect(key({ key: 'W', code: 'KeyW', control: true, shift: true })).toBe(true);
    expect(key({ key: 'q', code: 'KeyQ', meta: true })).toBe(true);
    expect(key({ key: 'q', code: 'KeyQ', control: true })).toBe(true);
    expect(key({ key: 'w', code: 'KeyW' })).toBe(false); // typing a w is not closing
    expect(key({ key: 'Enter', code: 'Enter' })).toBe(false);
    expect(closeRefused()).toBe(true);
    // A quit from outside (a dock, a script) is refused before anything is sealed: the station keeps working.
    const quit = ev();
    fake.appListeners.get('before-quit')!(quit);
    expect(quit.preventDefault).toHaveBeenCalledTimes(1);
    expect(await invoke('routines.due', {})).toMatchObject({ ok: true });
    // Full screen is locked the same way; an artisan's session is not a supervisor's.
    expect(await invoke('kiosk.set', { session: 'ab'.repeat(32), prefs: { mode: 'window' } })).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
    expect(await invoke('kiosk.set', { session, prefs: { mode: 'fullscreen' } })).toMatchObject({ ok: true, value: { mode: 'fullscreen' } });
    expect(closeRefused()).toBe(true);
    // The supervisor (PIN session) sets a plain window: closing works again.
    expect(await invoke('kiosk.set', { session, prefs: { mode: 'window' } })).toMatchObject({ ok: true, value: { mode: 'window' } });
    expect(key({ key: 'F4', code: 'F4', alt: true })).toBe(false);
    expect(closeRefused()).toBe(false);
  });

  it('kiosk: the computer shutting down ends the station all the same (released, then quit through the journal seal)', async () => {
    expect(await invoke('kiosk.set', { session, prefs: { mode: 'kiosk' } })).toMatchObject({ ok: true });
    const win = fake.windows[0]!.win as { listeners: Map<string, (e?: unknown) => void> };
    fake.module.app.quit.mockClear();
    fake.powerListeners.get('shutdown')!();
    expect(fake.module.app.quit).toHaveBeenCalledTimes(1);
    const close = { preventDefault: vi.fn() };
    win.listeners.get('close')!(close);
    expect(close.preventDefault).not.toHaveBeenCalled();
    expect(await invoke('kiosk.set', { session, prefs: { mode: 'window' } })).toMatchObject({ ok: true });
    fake.module.app.quit.mockClear();
  });

  it('keeps the screen awake while a run is open, and lets it sleep when the run is finished', async () => {
    // Only people on the roster start runs (set-up leaves the station without the demo roster).
    for (const [id, name, badge] of [['asha-devi', 'Asha Devi', '1001'], ['ravi-kumar', 'Ravi Kumar', '1002']]) {
      expect(await invoke('roster.save', { session, artisan: { id, name, badge, prefs: {} } })).toMatchObject({ ok: true });
    }
    const start = await invoke('runs.start', { standardId: 'station-start-check', actor: 'asha-devi' });
    expect(start).toMatchObject({ ok: true });
    const runId = (start.value as { runId: string }).runId;
    expect(fake.blockers.started).toHaveLength(1);
    expect(fake.module.powerSaveBlocker.start).toHaveBeenCalledWith('prevent-display-sleep');
    expect(await invoke('kiosk.get', {})).toMatchObject({ value: { screenKeptAwake: true } });
    const abandoned = await invoke('runs.abandon', { runId, actor: 'asha-devi', reason: 'POWER_CUT' });
    expect(abandoned.ok).toBe(true);
    await vi.waitFor(() => expect(fake.blockers.stopped).toEqual(fake.blockers.started));
  });

  it('a help request: an OS notification with station, person, routine and step, a taskbar flash; a click opens it in the page', async () => {
    const start = await invoke('runs.start', { standardId: 'station-start-check', actor: 'ravi-kumar' });
    const run = start.value as { runId: string; steps: Array<{ id: string }> };
    const help = await invoke('runs.help', { runId: run.runId, actor: 'ravi-kumar', stepId: run.steps[0]!.id });
    expect(help.ok).toBe(true);
    await vi.waitFor(() => expect(fake.notifications).toHaveLength(1), { timeout: 10_000 });
    const n = fake.notifications[0]!;
    expect(n.shown).toBe(true);
    expect(n.options.title).toBe('Help at Gluing bench 1');
    // The person by name (the roster has them: only people on it start runs).
    expect(n.options.body).toBe('Ravi Kumar needs help · Start-of-shift station check · Step: Clear the work table.');
    expect(n.options.silent).toBe(false); // the alert sound is on by default
    const win = fake.windows[0]!.win as { state: { flashing: boolean } };
    expect(win.state.flashing).toBe(true);
    const alerts = await invoke('help.alerts', {});
    expect(alerts).toMatchObject({ ok: true, value: { alerts: [{ person: 'Ravi Kumar', stationName: 'Gluing bench 1' }], open: null } });
    n.listeners.get('click')!();
    const eventId = (alerts.value as { alerts: Array<{ eventId: string }> }).alerts[0]!.eventId;
    expect(await invoke('help.alerts', {})).toMatchObject({ value: { open: eventId } });
    expect(win.state.flashing).toBe(false);
    expect(await invoke('help.alerts', { opened: eventId, dismiss: [eventId] })).toMatchObject({ value: { alerts: [], open: null } });
  });

  it('a page that crashes is logged and reloaded (back to Who is working); one that hangs is restarted', async () => {
    const win = fake.windows[0]!.win as { state: { reloads: number }; contentListeners: Map<string, (...a: unknown[]) => void>; webContents: { forcefullyCrashRenderer: ReturnType<typeof vi.fn> } };
    win.contentListeners.get('render-process-gone')!({}, { reason: 'crashed', exitCode: 139 });
    expect(win.state.reloads).toBe(1);
    win.contentListeners.get('render-process-gone')!({}, { reason: 'clean-exit', exitCode: 0 });
    expect(win.state.reloads).toBe(1);
    await vi.waitFor(async () => {
      const files = await readdir(path.join(fake.userData, 'logs'));
      const text = await readFile(path.join(fake.userData, 'logs', files[0]!), 'utf8');
      expect(text).toMatch(/error The page stopped \(crashed, exit code 139\)/);
    });
  });

  it('refuses calls from any page that is not the app', async () => {
    for (const event of [
      { senderFrame: { url: 'https://example.com/' } },
      { senderFrame: { url: 'file:///etc/passwd' } },
      { senderFrame: { url: 'app://other/index.html' } },
      { senderFrame: null },
      {},
    ]) {
      expect(await invoke('routines.due', {}, event)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    }
  });

  it('refuses bad arguments with BAD_ARGUMENTS', async () => {
    expect(await invoke('runs.tick', { runId: 'x' })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    expect(await invoke('supervisor.unlock', { pin: 12 })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    expect(await invoke('routines.due', 'all')).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
  });

  it('on quit holds it once, seals and closes the journal, then quits', async () => {
    const beforeQuit = fake.appListeners.get('before-quit');
    expect(beforeQuit).toBeDefined();
    const first = { preventDefault: vi.fn() };
    beforeQuit!(first);
    const again = { preventDefault: vi.fn() };
    beforeQuit!(again); // while closing: still held
    expect(first.preventDefault).toHaveBeenCalledTimes(1);
    expect(again.preventDefault).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(fake.module.app.quit).toHaveBeenCalled());
    const segDir = path.join(fake.userData, 'journal', 'segments');
    const lines = (await Promise.all((await readdir(segDir)).sort().map((f) => readFile(path.join(segDir, f), 'utf8')))).join('').trim().split('\n');
    expect((JSON.parse(lines.at(-1)!) as { type: string }).type).toMatch(/seal/);
    const last = { preventDefault: vi.fn() };
    beforeQuit!(last); // the quit that follows goes through
    expect(last.preventDefault).not.toHaveBeenCalled();
    expect(await invoke('routines.due', {})).toMatchObject({ ok: false, error: { code: 'CLOSED' } });
  });
});
