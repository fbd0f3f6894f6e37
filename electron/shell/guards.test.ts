import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './csp';
import {
  APP_SCHEME_PRIVILEGES,
  appProtocolHandler,
  installAppProtocol,
  installCspHeaders,
  installNavigationGuards,
  installPermissionGuards,
  installWebContentsGuards,
  installWindowOpenGuard,
  isAppUrl,
  registerAppScheme,
  type GuardedWebContents,
  type HeadersDetails,
  type HeadersResponse,
  type PreventableEvent,
  type SessionLike,
} from './guards';

type Listener = Parameters<GuardedWebContents['on']>[1];
type LooseListener = (event: PreventableEvent, ...args: unknown[]) => void;

/** A stand-in for Electron's webContents: records listeners, lets the test emit events. */
function fakeContents() {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  const contents: GuardedWebContents = {
    on(event: string, listener: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return contents;
    },
    setWindowOpenHandler(handler) {
      openHandler = handler;
    },
  };
  const emit = (name: string, event: PreventableEvent, ...args: unknown[]) => {
    for (const l of listeners.get(name) ?? []) (l as LooseListener)(event, ...args);
  };
  return { contents, emit, listeners, openHandler: () => openHandler };
}

const preventable = (url?: string) => ({ preventDefault: vi.fn(), ...(url === undefined ? {} : { url }) });

function fakeSession() {
  const calls: {
    request?: Parameters<SessionLike['setPermissionRequestHandler']>[0];
    check?: Parameters<SessionLike['setPermissionCheckHandler']>[0];
    headers?: ((details: HeadersDetails, callback: (response: HeadersResponse) => void) => void) | null;
  } = {};
  const session: SessionLike = {
    setPermissionRequestHandler: (h) => void (calls.request = h),
    setPermissionCheckHandler: (h) => void (calls.check = h),
    webRequest: { onHeadersReceived: (l) => void (calls.headers = l) },
  };
  return { session, calls };
}

describe('isAppUrl', () => {
  it('accepts only app://steadywork', () => {
    expect(isAppUrl('app://steadywork/index.html')).toBe(true);
    expect(isAppUrl('app://steadywork/')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('app://user:pw@steadywork/')).toBe(false);
    expect(isAppUrl('https://steadywork/')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('http://127.0.0.1:1234/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});

describe('navigation guards', () => {
  it('denies navigation to any other URL and allows the app itself', () => {
    const { contents, emit } = fakeContents();
    installNavigationGuards(contents);

    const away = preventable('https://example.com/');
    emit('will-navigate', away, 'https://example.com/');
    expect(away.preventDefault).toHaveBeenCalledOnce();

    const file = preventable();
    emit('will-navigate', file, 'file:///etc/passwd');
    expect(file.preventDefault).toHaveBeenCalledOnce();

    const inside = preventable('app://steadywork/index.html');
    emit('will-navigate', inside, 'app://steadywork/index.html');
    expect(inside.preventDefault).not.toHaveBeenCalled();
  });

  it('also denies redirects and frame navigations away from the app', () => {
    const { contents, emit } = fakeContents();
    installNavigationGuards(contents);
    const redirect = preventable('https://example.com/');
    emit('will-redirect', redirect, 'https://example.com/');
    expect(redirect.preventDefault).toHaveBeenCalledOnce();
    // will-frame-navigate carries the URL only on the event.
    const frame = preventable('https://example.com/');
    emit('will-frame-navigate', frame);
    expect(frame.preventDefault).toHaveBeenCalledOnce();
    const frameInside = preventable('app://steadywork/index.html');
    emit('will-frame-navigate', frameInside);
    expect(frameInside.preventDefault).not.toHaveBeenCalled();
  });

  it('refuses every <webview>', () => {
    const { contents, emit } = fakeContents();
    installNavigationGuards(contents);
    const attach = preventable();
    emit('will-attach-webview', attach, {}, {});
    expect(attach.preventDefault).toHaveBeenCalledOnce();
  });
});

describe('window.open guard', () => {
  it('denies every new window', () => {
    const { contents, openHandler } = fakeContents();
    installWindowOpenGuard(contents);
    const handler = openHandler();
    expect(handler).toBeDefined();
    expect(handler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'app://steadywork/index.html' })).toEqual({ action: 'deny' });
  });

  it('is applied, with the navigation guards, to every webContents the app creates', () => {
    let created: ((event: unknown, contents: GuardedWebContents) => void) | undefined;
    installWebContentsGuards({ on: (_name, listener) => void (created = listener) });
    const { contents, emit, openHandler } = fakeContents();
    created?.({}, contents);
    expect(openHandler()?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const away = preventable('https://example.com/');
    emit('will-navigate', away, 'https://example.com/');
    expect(away.preventDefault).toHaveBeenCalled();
  });
});

describe('permission guards', () => {
  it('refuses every permission request and check but the microphone for the app itself', () => {
    const { session, calls } = fakeSession();
    installPermissionGuards(session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'serial', 'midi', 'display-capture']) {
      const callback = vi.fn();
      calls.request?.({}, permission, callback, { requestingUrl: 'app://steadywork/index.html', ...(permission === 'media' ? { mediaTypes: ['video'] } : {}) });
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(calls.check?.({}, permission, 'app://steadywork', permission === 'media' ? { mediaType: 'video' } : {})).toBe(false);
    }
  });

  it('grants the microphone (audio alone) to app://steadywork, and to no other origin', () => {
    const { session, calls } = fakeSession();
    installPermissionGuards(session);
    const ask = (details: unknown) => {
      const callback = vi.fn();
      calls.request?.({}, 'media', callback, details);
      return callback.mock.calls[0]?.[0] as boolean;
    };
    expect(ask({ requestingUrl: 'app://steadywork/index.html', mediaTypes: ['audio'] })).toBe(true);
    expect(ask({ requestingUrl: 'app://steadywork/index.html', mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(ask({ requestingUrl: 'app://steadywork/index.html', mediaTypes: [] })).toBe(false);
    expect(ask({ requestingUrl: 'app://steadywork/index.html' })).toBe(false);
    for (const url of ['https://example.com/', 'http://127.0.0.1:8080/', 'app://other/index.html', 'file:///tmp/x.html', undefined]) {
      expect(ask({ requestingUrl: url, mediaTypes: ['audio'] })).toBe(false);
    }
    expect(calls.check?.({}, 'media', 'app://steadywork', { mediaType: 'audio' })).toBe(true);
    expect(calls.check?.({}, 'media', 'app://steadywork', { mediaType: 'video' })).toBe(false);
    expect(calls.check?.({}, 'media', 'https://example.com', { mediaType: 'audio' })).toBe(false);
    expect(calls.check?.({}, 'media', 'app://steadywork', { mediaType: 'audio', requestingUrl: 'https://example.com/' })).toBe(false);
  });
});

describe('CSP header', () => {
  it('adds the strict policy and nosniff, replacing any policy already sent', () => {
    const { session, calls } = fakeSession();
    installCspHeaders(session);
    const callback = vi.fn<(r: HeadersResponse) => void>();
    calls.headers?.(
      { url: 'app://steadywork/index.html', responseHeaders: { 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] } },
      callback,
    );
    expect(callback).toHaveBeenCalledOnce();
    const headers = callback.mock.calls[0]?.[0].responseHeaders ?? {};
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['X-Content-Type-Options']).toEqual(['nosniff']);
    expect(headers['Content-Type']).toEqual(['text/html']);
  });

  it('is the policy the design asks for', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; media-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
  });
});

describe('app:// protocol', () => {
  let root: string;
  let outside: string;
  beforeAll(async () => {
    outside = await mkdtemp(path.join(os.tmpdir(), 'steadywork-protocol-'));
    root = path.join(outside, 'renderer');
    await mkdir(path.join(root, 'fonts'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(path.join(root, 'app.js'), 'console.log(1)');
    await writeFile(path.join(root, 'fonts', 'a.woff2'), 'font');
    await writeFile(path.join(root, '.secret'), 'hidden');
    await writeFile(path.join(outside, 'secret.txt'), 'outside the renderer folder');
  });
  afterAll(async () => {
    await rm(outside, { recursive: true, force: true });
  });

  it('registers app:// as a privileged, standard, secure scheme', () => {
    const registerSchemesAsPrivileged = vi.fn();
    registerAppScheme({ registerSchemesAsPrivileged, handle: vi.fn() });
    expect(registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([{ scheme: 'app', privileges: APP_SCHEME_PRIVILEGES }]);
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, bypassCSP: false });
  });

  it('serves files of the renderer folder with CSP and the right type', async () => {
    const handle = vi.fn();
    installAppProtocol({ registerSchemesAsPrivileged: vi.fn(), handle }, root);
    expect(handle).toHaveBeenCalledWith('app', expect.any(Function));
    const handler = appProtocolHandler(root);

    const index = await handler({ url: 'app://steadywork/index.html', method: 'GET' });
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await index.text()).toContain('<title>t</title>');

    expect((await handler({ url: 'app://steadywork/', method: 'GET' })).status).toBe(200);
    const font = await handler({ url: 'app://steadywork/fonts/a.woff2', method: 'GET' });
    expect(font.headers.get('content-type')).toBe('font/woff2');
  });

  it.each([
    'app://steadywork/../secret.txt',
    'app://steadywork/%2e%2e/secret.txt',
    'app://steadywork/..%2fsecret.txt',
    'app://steadywork/..%2F..%2F..%2Fetc%2Fpasswd',
    'app://steadywork/fonts/..%2f..%2fsecret.txt',
    'app://steadywork/..%5csecret.txt',
    'app://steadywork/%00index.html',
    'app://steadywork/%E0%A4%A',
    'app://steadywork/.secret',
    'app://steadywork/missing.js',
    'app://steadywork/fonts',
    'app://other-host/index.html',
  ])('refuses %s', async (url) => {
    const handler = appProtocolHandler(root);
    const response = await handler({ url, method: 'GET' });
    expect([400, 404]).toContain(response.status);
    const body = await response.text();
    expect(body).not.toContain('outside the renderer folder');
    expect(body).not.toContain('hidden');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await appProtocolHandler(root)({ url: 'app://steadywork/index.html', method: 'POST' });
    expect(response.status).toBe(405);
  });
});
