/**
 * The renderer's client of the contract: `api.<channel>(args)` answers the Result envelope
 * `{ ok: true, value } | { ok: false, error: { code, message } }` and never throws.
 *
 * - Electron: calls go through window.steadywork (the preload exposes one function per contract channel).
 * - Browser harness: calls go to POST /api/<channel> with the session token (callHarness in shell.ts).
 *   A network failure answers `{ ok: false, error: { code: 'UNREACHABLE' } }`; an HTTP 401 answers
 *   `{ ok: false, error: { code: 'UNAUTHORIZED' } }`.
 *
 * Channel names are exactly those of CHANNELS in electron/contract (e.g. api['routines.due']({})).
 */
import type { ChannelName, Result, SteadyworkApi } from '../../electron/contract';
import { CHANNEL_NAME_LIST } from '../../electron/contract/channel-names';
import { callHarness, HarnessError } from './shell';

type AnyCall = (args: unknown) => Promise<Result<unknown>>;

function isEnvelope(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (v.ok === true) return 'value' in v;
  return v.ok === false && typeof v.error?.code === 'string' && typeof v.error.message === 'string';
}

function failure(code: string, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/** One channel through the browser harness; every failure becomes an error envelope. */
async function viaHarness(name: ChannelName, args: unknown): Promise<Result<unknown>> {
  try {
    const answer = await callHarness(name, args ?? {});
    return isEnvelope(answer) ? answer : failure('UNREACHABLE', `The station answered ${name} with something unexpected.`);
  } catch (err) {
    if (err instanceof HarnessError) {
      if (err.status === 401) return failure('UNAUTHORIZED', 'This page is not signed in to the station. Open the address the station printed.');
      return failure('UNREACHABLE', `The station could not answer ${name} (HTTP ${err.status}).`);
    }
    return failure('UNREACHABLE', 'The station cannot be reached. Check that it is still running.');
  }
}

/** One channel through the Electron preload bridge. */
async function viaBridge(name: ChannelName, args: unknown): Promise<Result<unknown>> {
  const bridge = typeof window === 'undefined' ? undefined : window.steadywork;
  const fn = bridge?.[name] as AnyCall | undefined;
  if (typeof fn !== 'function') return failure('UNREACHABLE', `The station does not offer ${name}.`);
  try {
    const answer = await fn(args ?? {});
    return isEnvelope(answer) ? answer : failure('INTERNAL', `The station answered ${name} with something unexpected.`);
  } catch (err) {
    return failure('UNREACHABLE', err instanceof Error ? err.message : String(err));
  }
}

function hasBridge(): boolean {
  return typeof window !== 'undefined' && typeof window.steadywork === 'object' && window.steadywork !== null;
}

/** Builds the client; the shell (Electron bridge or harness) is decided on each call, so tests can swap it. */
export function createApi(): SteadyworkApi {
  const out = {} as Record<ChannelName, AnyCall>;
  for (const name of CHANNEL_NAME_LIST) {
    out[name] = (args: unknown) => (hasBridge() ? viaBridge(name, args) : viaHarness(name, args));
  }
  return out as unknown as SteadyworkApi;
}

export const api: SteadyworkApi = createApi();
