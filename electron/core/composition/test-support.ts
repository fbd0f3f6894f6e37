/** What the station-app tests share: the options of a test station, and typed calls through the validated channels. */
import { guardedHandlers, type ChannelName, type StationInfo, type SupervisorRef } from '../../contract';
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

/** The supervisor the station tests sign in as: named, with a PIN of 6 digits, made by first-day set-up (setUpStation). */
export const TEST_SUPERVISOR = { name: 'Sunita Sharma', pin: '246802' } as const;

/**
 * First-day set-up through the channels, as the set-up screens call them (the one way a station gets its first
 * supervisor): setup.start with the station's name and TEST_SUPERVISOR, the people the station had saved again (the demo
 * roster the tests' runs use: setup.start clears an untouched one), setup.finish, and the session locked, so a test
 * signs in with TEST_SUPERVISOR.pin as a supervisor at the station does. Answers the supervisor.
 */
export async function setUpStation(value: Value, supervisor: { name: string; pin: string } = TEST_SUPERVISOR): Promise<SupervisorRef> {
  const info = await value<StationInfo>('station.info', {});
  const opened = await value<{ session: string; supervisor: SupervisorRef }>('setup.start', {
    stationName: info.settings.stationName ?? 'Station',
    supervisorName: supervisor.name,
    pin: supervisor.pin,
  });
  for (const artisan of info.roster) await value('roster.save', { session: opened.session, artisan });
  await value('setup.finish', { session: opened.session });
  await value('supervisor.lock', { session: opened.session });
  return opened.supervisor;
}
