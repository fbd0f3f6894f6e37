/**
 * `Steadywork --cli …` (the CLI shipped in the installers), through electron/main.ts with a stand-in `electron` module:
 * the command runs before any window, lock or menu, its output reaches stdout, and the app exits with its code.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { desktopCliArgs, runDesktopCli } from './desktop-cli';

const fake = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { mkdtempSync } = require('node:fs') as typeof import('node:fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { tmpdir } = require('node:os') as typeof import('node:os');
  const userData = mkdtempSync(`${tmpdir()}/steadywork-cli-`);
  let exited: (code: number) => void = () => {};
  const exit = new Promise<number>((r) => (exited = r));
  const never = (name: string) => vi.fn(() => {
    throw new Error(`${name} must not be called for --cli`);
  });
  return {
    exit,
    module: {
      app: {
        exit: vi.fn((code: number) => exited(code)),
        dock: { hide: vi.fn() },
        enableSandbox: vi.fn(),
        requestSingleInstanceLock: never('requestSingleInstanceLock'),
        whenReady: never('whenReady'),
        on: never('app.on'),
        getAppPath: () => process.cwd(),
        // userData: a fresh folder (the log file and crash dumps go there).
        getPath: () => userData,
        setPath: vi.fn(),
        isPackaged: true,
      },
      BrowserWindow: never('BrowserWindow'),
      Menu: { setApplicationMenu: never('Menu.setApplicationMenu'), buildFromTemplate: vi.fn() },
      protocol: { registerSchemesAsPrivileged: vi.fn(), handle: never('protocol.handle') },
      session: {},
      safeStorage: {},
      dialog: {},
      crashReporter: { start: vi.fn() },
      shell: {},
      powerSaveBlocker: {},
      Notification: class {},
      ipcMain: { handle: never('ipcMain.handle') },
    },
  };
});
vi.mock('electron', () => fake.module);
vi.mock('electron-store', () => import('../../test/support/electron-store-stand-in'));

describe('Steadywork --cli', () => {
  const argv = process.argv;
  const written: string[] = [];
  beforeAll(() => {
    // As a packaged app sees it: the executable, then its arguments (Chromium may add switches of its own).
    process.argv = ['/opt/Steadywork/steadywork', '--no-sandbox', '--cli', 'verify', '--help'];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
  });
  afterAll(() => {
    process.argv = argv;
    vi.restoreAllMocks();
  });

  it('runs the command in main before any window, lock or menu, and exits with its code', async () => {
    await import('../main');
    expect(await fake.exit).toBe(0);
    expect(written.join('')).toContain('Usage:\n  steadywork verify DIR');
    expect(fake.module.app.dock.hide).toHaveBeenCalled();
    expect(fake.module.app.requestSingleInstanceLock).not.toHaveBeenCalled();
    expect(fake.module.BrowserWindow).not.toHaveBeenCalled();
  });

  it('finds the arguments after --cli, wherever Chromium put its own switches', () => {
    expect(desktopCliArgs(['/x/Steadywork.exe', '--cli', 'import', 'S:\\share', '--db', 'l.duckdb'])).toEqual(['import', 'S:\\share', '--db', 'l.duckdb']);
    expect(desktopCliArgs(['/x/electron', '.', '--user-data-dir=/tmp/x'])).toBeNull();
  });

  it('exit codes pass through: a usage error exits the app with 2', async () => {
    const errors: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (errors.push(String(chunk)), true));
    const app = { exit: vi.fn() };
    expect(await runDesktopCli(app, ['verify'])).toBe(2);
    expect(app.exit).toHaveBeenCalledWith(2);
    expect(errors.join('')).toContain('missing argument');
  });
});
