/** The station's settings, roster and supervisor PIN hash (settings only: nothing that grows). */
export {
  DEFAULT_SETTINGS,
  MAX_ROSTER,
  PinFailures,
  PinHash,
  StationId,
  StoredSettings,
  defaultStoredSettings,
  normalizeStoredSettings,
  type Normalized,
} from './schema';
export { changeSettings, confSettingsStore, memorySettingsStore, type SettingsStore, type SettingsStoreOptions } from './store';
