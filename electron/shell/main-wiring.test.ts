/**
 * electron/main.ts with a stand-in `electron` module: checks the wiring (order of calls, options, guards)
 * that cannot be run here for real, since the Electron binary is not installed on CI machines.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
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
  const windows: Array<{ options: unknown; url?: string; listeners: Map<string, () => void> }> = [];
  const session = {
    setPermissionRequestHandler: vi.fn(() => calls.push('permissions')),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn(() => calls.push('csp')) },
  };
  class BrowserWindow {
    listeners = new Map<string, () => void>();
    record: { options: unknown; url?: string; listeners: Map<string, () => void> };
    constructor(options: unknown) {
      calls.push('window');
      this.record = { options, listeners: this.listeners };
      windows.push(this.record);
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
  return {
    calls,
    windows,
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
      },
      BrowserWindow,
      Menu: { setApplicationMenu: vi.fn(() => calls.push('menu')), buildFromTemplate: vi.fn((t: unknown) => t) },
      protocol: {
        registerSchemesAsPrivileged: vi.fn(() => calls.push('registerScheme')),
        handle: vi.fn(() => calls.push('protocol')),
      },
      session: { defaultSession: session },
      safeStorage,
      dialog: { showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/mnt/steadywork'] })) },
      ipcMain: {
        handle: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<unknown>) => {
          if (calls.at(-1) !== 'ipc') calls.push('ipc');
          ipcHandlers.set(channel, listener);
        }),
      },
    },
  };
});

vi.mock('electron', () => fake.module);

describe('electron/main.ts', () => {
  beforeAll(async () => {
    await import('../main');
    fake.resolveReady();
    await new Promise((r) => setTimeout(r, 0));
  });
  afterAll(async () => {
    await rm(fake.userData, { recursive: true, force: true });
  });

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
    const session = (started.value as { session: string }).session;
    expect(await invoke('dialog.chooseFolder', { session, title: 'Choose the shared folder' })).toEqual({ ok: true, value: { available: true, path: '/mnt/steadywork' } });
    expect(fake.module.dialog.showOpenDialog).toHaveBeenCalledWith(expect.anything(), { title: 'Choose the shared folder', properties: ['openDirectory', 'createDirectory'] });
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
    expect(await invoke('supervisor.setPin', { pin: 'abc' })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
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
