/**
 * Which shell the renderer runs in, and how it reaches Steadywork's services.
 * - Electron: the preload exposes window.steadywork (one function per contract channel, plus version).
 * - Browser harness: the same page served by `npm run start:web`; calls go to /api/<channel> on the same
 *   origin with the session token (see electron/harness/harness.ts for how the token reaches the page).
 */

import type { SteadyworkApi } from '../../electron/contract';

/** What the Electron preload exposes: one function per contract channel, plus the app version. */
export type SteadyworkBridge = SteadyworkApi & { readonly version: string };

declare global {
  interface Window {
    steadywork?: SteadyworkBridge;
  }
}

export type ShellStatus =
  | { state: 'checking' }
  | { state: 'ready'; shell: 'electron' | 'browser'; version: string }
  | { state: 'error'; reason: 'no-token' | 'unauthorized' | 'unreachable' };

const TOKEN_KEY = 'steadywork.harnessToken';
const TOKEN_FORMAT = /^[0-9a-f]{64}$/;

/**
 * Read the harness token once from `?token=`, keep it for this tab only (sessionStorage, so a reload
 * still works), and take it out of the address bar with history.replaceState.
 */
export function takeHarnessToken(win: Pick<Window, 'location' | 'history' | 'sessionStorage'> = window): string | null {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    if (TOKEN_FORMAT.test(fromUrl)) {
      try {
        win.sessionStorage.setItem(TOKEN_KEY, fromUrl);
      } catch {
        // Storage can be disabled; the token still works until the page is reloaded.
      }
      return fromUrl;
    }
  }
  try {
    const stored = win.sessionStorage.getItem(TOKEN_KEY);
    return stored !== null && TOKEN_FORMAT.test(stored) ? stored : null;
  } catch {
    return null;
  }
}

let harnessToken: string | null | undefined;

/** Call one harness channel. Answers the parsed JSON envelope, or throws with the HTTP status. */
export async function callHarness(channel: string, args?: unknown): Promise<unknown> {
  if (harnessToken === undefined) harnessToken = takeHarnessToken();
  if (harnessToken === null) throw new HarnessError(401);
  const response = await fetch(`/api/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${harnessToken}`, ...(args === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: args === undefined ? null : JSON.stringify(args),
    cache: 'no-store',
    credentials: 'omit',
  });
  if (!response.ok) throw new HarnessError(response.status);
  return response.json() as Promise<unknown>;
}

export class HarnessError extends Error {
  constructor(readonly status: number) {
    super(`The harness answered HTTP ${status}.`);
  }
}

function isPingResult(value: unknown): value is { ok: true; value: { version: string } } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; value?: { version?: unknown } };
  return v.ok === true && typeof v.value?.version === 'string';
}

export async function detectShell(win: Window = window): Promise<ShellStatus> {
  if (win.steadywork && typeof win.steadywork.version === 'string') {
    return { state: 'ready', shell: 'electron', version: win.steadywork.version };
  }
  if (harnessToken === undefined) harnessToken = takeHarnessToken(win);
  if (harnessToken === null) return { state: 'error', reason: 'no-token' };
  try {
    const result = await callHarness('ping');
    return isPingResult(result) ? { state: 'ready', shell: 'browser', version: result.value.version } : { state: 'error', reason: 'unreachable' };
  } catch (err) {
    return { state: 'error', reason: err instanceof HarnessError && err.status === 401 ? 'unauthorized' : 'unreachable' };
  }
}
