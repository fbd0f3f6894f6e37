/** What the station-app tests share: the options of a test station, and typed calls through the validated channels. */
import { guardedHandlers, type ChannelName } from '../../contract';
import { STANDARDS } from '../sync/test-support';
import type { Result } from '../../contract/result';
import type { StationApp, StationAppOptions } from './station-app';

/** The options every test station shares: bundled standards, cheap scrypt, no background sync, quiet warnings. */
export const TEST_APP_DEFAULTS = {
  bundledStandardsDir: STANDARDS,
  shell: 'browser',
  version: '9.9.9',
  scryptParams: { N: 1024, r: 8, p: 1, keyLen: 32 },
  onWarning: () => {},
  syncIntervalMs: 0,
} satisfies Partial<StationAppOptions>;

export type Call = <T = unknown>(name: ChannelName, args?: unknown) => Promise<Result<T>>;
export type Value = <T = unknown>(name: ChannelName, args?: unknown) => Promise<T>;

/** Calls through guardedHandlers, as the renderer's calls arrive: `call` answers the Result, `value` throws on an error. */
export function channelCaller(app: StationApp): { call: Call; value: Value } {
  const h = guardedHandlers(app.impl);
  const call: Call = async (name, args) => (await h[name](args)) as never;
  const value: Value = async (name, args) => {
    const r = await call(name, args);
    if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
    return r.value as never;
  };
  return { call, value };
}
