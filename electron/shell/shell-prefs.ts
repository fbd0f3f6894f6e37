/**
 * The shell's own preferences (issue 15, item 1), kept with electron-store in <dataDir>/shell.json: the window's
 * bounds, kiosk mode, start at login, menu, keeping the screen awake, the alert sound, and the last folder chosen
 * for each purpose. The station's settings (the core's) are elsewhere; nothing here is needed to verify anything.
 */
import type { FilePurpose, FolderPurpose, KioskPrefs } from '../contract';

export type WindowBounds = { x?: number; y?: number; width: number; height: number };
export type LastFolderKey = FolderPurpose | FilePurpose | 'pdf';

export type ShellPrefsData = {
  kiosk: KioskPrefs;
  bounds: WindowBounds | null;
  lastFolders: Partial<Record<LastFolderKey, string>>;
};

export const DEFAULT_KIOSK: KioskPrefs = { mode: 'window', startAtLogin: false, hideMenu: false, keepAwake: true, alertSound: true };
export const DEFAULT_SHELL_PREFS: ShellPrefsData = { kiosk: DEFAULT_KIOSK, bounds: null, lastFolders: {} };

export interface ShellPrefs {
  read(): ShellPrefsData;
  update(change: (p: ShellPrefsData) => ShellPrefsData): ShellPrefsData;
}

/** The part of electron-store (Conf) used here. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}
export type StoreConstructor = new (options: { name: string; cwd: string; clearInvalidConfig: boolean }) => KeyValueStore;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whatever the file holds, a complete set of preferences: a broken or missing value falls back to its default. */
export function normalizeShellPrefs(raw: unknown): ShellPrefsData {
  const r = isObject(raw) ? raw : {};
  const k = isObject(r.kiosk) ? r.kiosk : {};
  const bool = (v: unknown, d: boolean) => (typeof v === 'boolean' ? v : d);
  const kiosk: KioskPrefs = {
    mode: k.mode === 'fullscreen' || k.mode === 'kiosk' || k.mode === 'window' ? k.mode : DEFAULT_KIOSK.mode,
    startAtLogin: bool(k.startAtLogin, DEFAULT_KIOSK.startAtLogin),
    hideMenu: bool(k.hideMenu, DEFAULT_KIOSK.hideMenu),
    keepAwake: bool(k.keepAwake, DEFAULT_KIOSK.keepAwake),
    alertSound: bool(k.alertSound, DEFAULT_KIOSK.alertSound),
  };
  const b = isObject(r.bounds) ? r.bounds : null;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : undefined);
  const width = num(b?.width);
  const height = num(b?.height);
  const bounds: WindowBounds | null =
    b && width !== undefined && height !== undefined && width >= 320 && height >= 240
      ? { width, height, ...(num(b.x) !== undefined ? { x: num(b.x)! } : {}), ...(num(b.y) !== undefined ? { y: num(b.y)! } : {}) }
      : null;
  const lf = isObject(r.lastFolders) ? r.lastFolders : {};
  const lastFolders = Object.fromEntries(Object.entries(lf).filter(([, v]) => typeof v === 'string' && v.length > 0 && v.length <= 1024)) as ShellPrefsData['lastFolders'];
  return { kiosk, bounds, lastFolders };
}

/** The preferences in <dir>/shell.json through electron-store (or any store with get/set, for tests). */
export function storeShellPrefs(Store: StoreConstructor, dir: string): ShellPrefs {
  const store = new Store({ name: 'shell', cwd: dir, clearInvalidConfig: true });
  const read = () => normalizeShellPrefs({ kiosk: store.get('kiosk'), bounds: store.get('bounds'), lastFolders: store.get('lastFolders') });
  return {
    read,
    update(change) {
      const next = normalizeShellPrefs(change(read()));
      store.set('kiosk', next.kiosk);
      store.set('bounds', next.bounds);
      store.set('lastFolders', next.lastFolders);
      return next;
    },
  };
}

export function memoryShellPrefs(initial: unknown = {}): ShellPrefs {
  let data = normalizeShellPrefs(initial);
  return { read: () => structuredClone(data), update: (change) => (data = normalizeShellPrefs(change(structuredClone(data)))) };
}
