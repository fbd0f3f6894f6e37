import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { ok, type Result } from '../../contract/result';
import { normalizeStoredSettings, StoredSettings } from './schema';

/**
 * Where the station keeps its settings, roster and supervisor PIN hash. One process owns the file.
 * `read()` never throws: a missing file gives defaults (with a new station id, stored at once), a corrupt
 * one gives defaults for the parts that cannot be read, keeps the parts that can (the station id above
 * all), puts a copy of the bad file aside and reports a warning.
 */
export interface SettingsStore {
  read(): StoredSettings;
  /** Throws if `next` is not valid settings (a programming error) or the file cannot be written. */
  write(next: StoredSettings): void;
}

/**
 * Read-modify-write of the settings: `change` answers the next settings and the value to answer, or a failure
 * (then nothing is written).
 */
export function changeSettings<T>(store: SettingsStore, change: (s: StoredSettings) => Result<{ next: StoredSettings; value: T }>): Result<T> {
  const changed = change(store.read());
  if (!changed.ok) return changed;
  store.write(changed.value.next);
  return ok(changed.value.value);
}

export type SettingsStoreOptions = {
  /** Told about every repair; default console.warn. */
  onWarning?: (message: string) => void;
};

const warnDefault = (message: string) => console.warn(`Steadywork settings: ${message}`);

/** Settings in memory only: for tests. `initial` is taken as if read from a file (so it is checked the same way). */
export function memorySettingsStore(initial?: unknown, opts: SettingsStoreOptions = {}): SettingsStore & { writes: number } {
  const warn = opts.onWarning ?? warnDefault;
  let stored: StoredSettings | undefined;
  const store = {
    writes: 0,
    read(): StoredSettings {
      if (stored === undefined) {
        const n = normalizeStoredSettings(initial === undefined ? undefined : structuredClone(initial));
        for (const w of n.warnings) warn(w);
        stored = n.value;
      }
      return structuredClone(stored);
    },
    write(next: StoredSettings): void {
      stored = StoredSettings.parse(structuredClone(next));
      store.writes++;
    },
  };
  return store;
}

/** Marker key under which a file that is not JSON is handed from deserialize to read(). */
const UNREADABLE = '__steadyworkUnreadable';

/**
 * Settings in `<dir>/settings.json` through the `conf` package (what electron-store wraps), mode 0600
 * since it holds the PIN hash. Written atomically by conf (temporary file, then rename).
 */
export function confSettingsStore(dir: string, opts: SettingsStoreOptions = {}): SettingsStore & { readonly path: string } {
  const warn = opts.onWarning ?? warnDefault;
  const file = path.join(dir, 'settings.json');
  let conf: Conf<Record<string, unknown>> | undefined;
  let cache: StoredSettings | undefined;

  const open = (): Conf<Record<string, unknown>> => {
    conf ??= new Conf<Record<string, unknown>>({
      cwd: dir,
      configName: 'settings',
      fileExtension: 'json',
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
      watch: false,
      // Never throw on a bad file: hand its text to read(), which salvages what it can.
      deserialize: (text: string) => {
        try {
          const value: unknown = JSON.parse(text);
          return typeof value === 'object' && value !== null && !Array.isArray(value)
            ? (value as Record<string, unknown>)
            : { [UNREADABLE]: text };
        } catch {
          return { [UNREADABLE]: text };
        }
      },
    });
    return conf;
  };

  const putAside = (text: string | undefined) => {
    const aside = path.join(dir, `settings.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    try {
      if (text !== undefined) writeFileSync(aside, text, { mode: 0o600 });
      else copyFileSync(file, aside);
      warn(`A copy of the damaged settings file was kept as ${aside}.`);
    } catch {
      // Nothing to copy (or no room): the warning above already says what happened.
    }
  };

  return {
    path: file,
    read(): StoredSettings {
      if (cache !== undefined) return structuredClone(cache);
      let raw: Record<string, unknown> | undefined;
      try {
        raw = open().store;
      } catch (err) {
        // The file exists but cannot be read (permissions, disk): use defaults in memory, do not overwrite it.
        warn(`The settings file ${file} cannot be read (${err instanceof Error ? err.message : String(err)}); defaults are used and nothing is saved over it.`);
        const n = normalizeStoredSettings(undefined);
        cache = n.value;
        return structuredClone(cache);
      }
      const unreadable = typeof raw[UNREADABLE] === 'string' ? (raw[UNREADABLE] as string) : undefined;
      const data: unknown = unreadable !== undefined ? {} : raw;
      const n = normalizeStoredSettings(data, unreadable);
      if (n.warnings.length > 0) {
        for (const w of n.warnings) warn(w);
        putAside(unreadable);
      }
      cache = n.value;
      if (n.changed) {
        try {
          open().store = structuredClone(n.value) as unknown as Record<string, unknown>;
        } catch (err) {
          warn(`The settings could not be saved to ${file}: ${err instanceof Error ? err.message : String(err)}.`);
        }
      }
      return structuredClone(cache);
    },
    write(next: StoredSettings): void {
      const value = StoredSettings.parse(structuredClone(next));
      open().store = structuredClone(value) as unknown as Record<string, unknown>;
      cache = value;
    },
  };
}
