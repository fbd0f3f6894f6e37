/**
 * electron/main.ts with a stand-in `electron` module: checks the wiring (order of calls, options, guards)
 * that cannot be run here for real, since the Electron binary is not installed on CI machines.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => {
  const calls: string[] = [];
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((r) => (resolveReady = r));
  const appListeners = new Map<string, (...args: unknown[]) => void>();
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
    resolveReady,
    module: {
      app: {
        getAppPath: () => '/opt/steadywork',
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

  it('registers app://, turns the sandbox on and takes the single-instance lock before ready', () => {
    expect(fake.calls.slice(0, 3)).toEqual(['registerScheme', 'enableSandbox', 'lock']);
    expect(fake.appListeners.has('web-contents-created')).toBe(true);
    expect(fake.appListeners.has('second-instance')).toBe(true);
  });

  it('after ready installs the protocol, permission and CSP guards and the menu, then opens one window', () => {
    expect(fake.calls.slice(3)).toEqual(['protocol', 'permissions', 'csp', 'menu', 'window']);
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
});
