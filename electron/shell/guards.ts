/**
 * Security guards of the Electron shell. Each function takes the Electron object it configures as a
 * parameter (typed by the small structural interfaces below), so the unit tests drive them with
 * stand-ins and no real Electron. main.ts passes the real app, session, protocol and webContents.
 */
import { readFile } from 'node:fs/promises';
import { SECURITY_HEADERS } from './csp';
import { findStaticFile, mimeType } from './static-files';
import { APP_HOST, APP_SCHEME } from './window';

// ---------------------------------------------------------------------------------------------------------
// Navigation, window.open and webviews

export interface PreventableEvent {
  preventDefault(): void;
  /** Electron ≥ 28 also puts the target URL on the event itself. */
  url?: string;
}

export interface GuardedWebContents {
  on(event: string, listener: (event: PreventableEvent, ...args: never[]) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** True only for a URL of the app itself (app://steadywork/…). */
export function isAppUrl(raw: string | undefined): boolean {
  if (typeof raw !== 'string') return false;
  try {
    const url = new URL(raw);
    // Node's URL gives origin 'null' for non-special schemes, so compare scheme and host.
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** Refuse every navigation away from the app (links, redirects, frames) and every <webview>. */
export function installNavigationGuards(contents: GuardedWebContents): void {
  const guard = (event: PreventableEvent, url?: unknown) => {
    const target = typeof url === 'string' ? url : event.url;
    if (!isAppUrl(target)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-frame-navigate', (event: PreventableEvent) => guard(event));
  contents.on('will-attach-webview', (event: PreventableEvent) => event.preventDefault());
}

/** window.open and target=_blank never create a window. */
export function installWindowOpenGuard(contents: GuardedWebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export interface AppLike {
  on(event: 'web-contents-created', listener: (event: unknown, contents: GuardedWebContents) => void): unknown;
}

/** Apply the navigation and window.open guards to every webContents the app ever creates. */
export function installWebContentsGuards(app: AppLike): void {
  app.on('web-contents-created', (_event, contents) => {
    installNavigationGuards(contents);
    installWindowOpenGuard(contents);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Session: permissions and the CSP header

export type HeadersDetails = { url: string; responseHeaders?: Record<string, string[] | string> };
export type HeadersResponse = { cancel?: boolean; responseHeaders?: Record<string, string[] | string> };

export interface SessionLike {
  setPermissionRequestHandler(
    handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string, origin: string, details: unknown) => boolean) | null): void;
  webRequest: {
    onHeadersReceived(listener: ((details: HeadersDetails, callback: (response: HeadersResponse) => void) => void) | null): void;
  };
}

/**
 * The microphone, for spoken notes (issue 13), and only for the app's own pages: a 'media' request for audio alone
 * from app://steadywork. Everything else — the camera, audio with video, any other origin, geolocation,
 * notifications, HID, serial, clipboard-read, … — is refused, requests and checks alike.
 */
export function microphoneOnlyForApp(permission: string, url: unknown, mediaTypes: unknown): boolean {
  if (permission !== 'media' || !isAppUrl(typeof url === 'string' ? url : undefined)) return false;
  const types = Array.isArray(mediaTypes) ? mediaTypes : [mediaTypes];
  return types.length > 0 && types.every((t) => t === 'audio');
}

export function installPermissionGuards(session: SessionLike): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const d = (details ?? {}) as { requestingUrl?: unknown; mediaTypes?: unknown };
    callback(microphoneOnlyForApp(permission, d.requestingUrl, d.mediaTypes));
  });
  session.setPermissionCheckHandler((_webContents, permission, origin, details) => {
    const d = (details ?? {}) as { mediaType?: unknown; requestingUrl?: unknown };
    // A check names the origin ("app://steadywork"); the page's own URL, when given, must be the app's too.
    const url = typeof d.requestingUrl === 'string' ? d.requestingUrl : `${origin}/`;
    return microphoneOnlyForApp(permission, url, d.mediaType);
  });
}

/** Every response gets Steadywork's CSP and nosniff (replacing any such header that was already there). */
export function withSecurityHeaders(headers: Record<string, string[] | string> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const ours = new Set(Object.keys(SECURITY_HEADERS).map((k) => k.toLowerCase()));
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!ours.has(name.toLowerCase())) out[name] = Array.isArray(value) ? value : [value];
  }
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) out[name] = [value];
  return out;
}

export function installCspHeaders(session: SessionLike): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) });
  });
}

// ---------------------------------------------------------------------------------------------------------
// The app:// protocol

export type SchemePrivileges = {
  standard?: boolean;
  secure?: boolean;
  supportFetchAPI?: boolean;
  stream?: boolean;
  codeCache?: boolean;
  bypassCSP?: boolean;
  corsEnabled?: boolean;
  allowServiceWorkers?: boolean;
};

export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: SchemePrivileges }>): void;
  handle(scheme: string, handler: (request: { url: string; method: string }) => Response | Promise<Response>): void;
}

export const APP_SCHEME_PRIVILEGES: SchemePrivileges = {
  standard: true, // relative URLs, origin app://steadywork
  secure: true, // counts as a secure context
  supportFetchAPI: true,
  stream: true, // audio for read-aloud
  codeCache: true,
  bypassCSP: false,
  corsEnabled: false,
  allowServiceWorkers: false,
};

/** Must run before app 'ready'. */
export function registerAppScheme(protocol: ProtocolLike): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
}

const plain = (status: number, text: string) =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS } });

/** The request handler of app://, separate from the registration so it can be tested directly. */
export function appProtocolHandler(rendererDir: string): (request: { url: string; method: string }) => Promise<Response> {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'Bad request');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return plain(404, 'Not found');
    const method = (request.method || 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return plain(405, 'Method not allowed');
    const file = await findStaticFile(rendererDir, url.pathname);
    if (file === null) return plain(404, 'Not found');
    const body = method === 'HEAD' ? null : new Uint8Array(await readFile(file));
    return new Response(body, {
      status: 200,
      headers: { 'Content-Type': mimeType(file), 'Cache-Control': 'no-cache', ...SECURITY_HEADERS },
    });
  };
}

/** Serve app://steadywork/… from rendererDir (dist/renderer) only. Call after app 'ready'. */
export function installAppProtocol(protocol: ProtocolLike, rendererDir: string): void {
  protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir));
}
