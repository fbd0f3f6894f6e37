import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../shell/csp';
import { startHarness, type Harness } from './harness';
import { parseServerArgs } from './server';

let tmp: string;
let rendererDir: string;
const running: Harness[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'steadywork-harness-'));
  rendererDir = path.join(tmp, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>harness</title>');
  await writeFile(path.join(tmp, 'secret.txt'), 'outside the renderer folder');
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.close()));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function start(extra: Partial<Parameters<typeof startHarness>[0]> = {}): Promise<Harness> {
  const harness = await startHarness({ dataDir: path.join(tmp, `data-${running.length}-${Date.now()}`), rendererDir, ...extra });
  running.push(harness);
  return harness;
}

/** Raw request, so the Host header and odd paths are sent exactly as written. */
function raw(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('startHarness', () => {
  it('listens on 127.0.0.1 with a random port and a 64-hex-digit token, and creates the data folder', async () => {
    const h = await start();
    expect(h.port).toBeGreaterThan(0);
    expect(h.token).toMatch(/^[0-9a-f]{64}$/);
    expect(h.url).toBe(`http://127.0.0.1:${h.port}/?token=${h.token}`);
    expect((await stat(h.dataDir)).isDirectory()).toBe(true);
    const other = await start();
    expect(other.token).not.toBe(h.token);
  });

  it('refuses any host other than 127.0.0.1', async () => {
    for (const host of ['0.0.0.0', '::', 'localhost', '192.168.1.10', '::1']) {
      await expect(startHarness({ dataDir: path.join(tmp, 'never'), rendererDir, host })).rejects.toThrow(/127\.0\.0\.1 only/);
    }
  });

  it('answers 401 on /api/* without the right token', async () => {
    const h = await start();
    const none = await fetch(`${h.origin}/api/ping`, { method: 'POST' });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ ok: false, error: { code: 'unauthorized', message: expect.any(String) } });
    const wrong = await fetch(`${h.origin}/api/ping`, { headers: { Authorization: `Bearer ${'0'.repeat(64)}` } });
    expect(wrong.status).toBe(401);
    const unknown = await fetch(`${h.origin}/api/nothing/here`);
    expect(unknown.status).toBe(401);
    const query = await fetch(`${h.origin}/api/ping?token=${h.token}`);
    expect(query.status).toBe(401);
  });

  it('answers /api/ping with the version when the token is right', async () => {
    const h = await start({ version: '9.9.9' });
    const res = await fetch(`${h.origin}/api/ping`, { method: 'POST', headers: { Authorization: `Bearer ${h.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ ok: true, value: { version: '9.9.9' } });
  });

  it('routes POST /api/<channel> with a JSON body to a plugged-in handler', async () => {
    const seen: unknown[] = [];
    const h = await start({
      handlers: ({ dataDir }) => ({
        'echo.args': async (args) => {
          seen.push(args);
          return { ok: true, value: { args, dataDir } };
        },
        boom: async () => {
          throw new Error('broken on purpose');
        },
      }),
    });
    const auth = { Authorization: `Bearer ${h.token}` };
    const res = await fetch(`${h.origin}/api/echo.args`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ n: 1 }),
    });
    expect(await res.json()).toEqual({ ok: true, value: { args: { n: 1 }, dataDir: h.dataDir } });
    expect(seen).toEqual([{ n: 1 }]);

    expect((await fetch(`${h.origin}/api/echo.args`, { headers: auth })).status).toBe(405);
    expect((await fetch(`${h.origin}/api/echo.args`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{' })).status).toBe(400);
    expect((await fetch(`${h.origin}/api/echo.args`, { method: 'POST', headers: { ...auth, 'Content-Type': 'text/plain' }, body: '{}' })).status).toBe(415);
    expect((await fetch(`${h.origin}/api/missing`, { method: 'POST', headers: auth })).status).toBe(404);
    expect((await fetch(`${h.origin}/api/__proto__`, { method: 'POST', headers: auth })).status).toBe(404);
    expect((await fetch(`${h.origin}/api/constructor`, { method: 'POST', headers: auth })).status).toBe(404);
    const boom = await fetch(`${h.origin}/api/boom`, { method: 'POST', headers: auth });
    expect(boom.status).toBe(500);
    expect(await boom.json()).toEqual({ ok: false, error: { code: 'internal', message: 'broken on purpose' } });
  });

  it('serves the renderer with the CSP header and nosniff, and without the token', async () => {
    const h = await start();
    const res = await fetch(`${h.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).not.toContain(h.token);
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/..%5csecret.txt', '/%00', '/missing.js'])(
    'refuses %s',
    async (p) => {
      const h = await start();
      const res = await raw(h.port, { path: p, headers: { Host: `127.0.0.1:${h.port}` } });
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('outside the renderer folder');
    },
  );

  it('never follows a symbolic link in the renderer folder (a linked file, a linked folder), while real files are served', async () => {
    await writeFile(path.join(rendererDir, 'real.js'), 'console.log(1)');
    await symlink(path.join(tmp, 'secret.txt'), path.join(rendererDir, 'leak.txt'));
    await symlink(tmp, path.join(rendererDir, 'outside'));
    const h = await start();
    for (const p of ['/leak.txt', '/outside/secret.txt']) {
      const res = await raw(h.port, { path: p, headers: { Host: `127.0.0.1:${h.port}` } });
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('outside the renderer folder');
    }
    expect((await raw(h.port, { path: '/real.js', headers: { Host: `127.0.0.1:${h.port}` } })).status).toBe(200);
  });

  it('refuses requests whose Host header is not this loopback address (DNS rebinding)', async () => {
    const h = await start();
    const evil = await raw(h.port, { path: '/api/ping', headers: { Host: `evil.example:${h.port}`, Authorization: `Bearer ${h.token}` } });
    expect(evil.status).toBe(421);
    const ok = await raw(h.port, { path: '/api/ping', headers: { Host: `localhost:${h.port}`, Authorization: `Bearer ${h.token}` } });
    expect(ok.status).toBe(200);
  });

  it('rejects a body larger than 1 MiB', async () => {
    const h = await start({ handlers: { big: async () => ({ ok: true, value: null }) } });
    const res = await fetch(`${h.origin}/api/big`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${h.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify('x'.repeat(1024 * 1024 + 10)),
    });
    expect(res.status).toBe(413);
  });
});

describe('parseServerArgs', () => {
  it('reads --port and --data, then the environment, with defaults', () => {
    expect(parseServerArgs(['--port', '8123', '--data', '/tmp/sw'], {})).toEqual({ port: 8123, dataDir: '/tmp/sw', host: '127.0.0.1' });
    expect(parseServerArgs(['--port=0', '--data=/x'], {})).toEqual({ port: 0, dataDir: '/x', host: '127.0.0.1' });
    expect(parseServerArgs([], { STEADYWORK_PORT: '9000', STEADYWORK_DATA: '/y' })).toEqual({ port: 9000, dataDir: '/y', host: '127.0.0.1' });
    const defaults = parseServerArgs([], { XDG_DATA_HOME: '/home/a/.data' });
    expect(defaults).toMatchObject({ port: 0 });
    if (process.platform === 'linux') expect(defaults).toMatchObject({ dataDir: '/home/a/.data/steadywork-web' });
  });

  it('refuses other hosts, bad ports and unknown options', () => {
    expect(parseServerArgs(['--host', '0.0.0.0'], {})).toEqual({ error: expect.stringContaining('127.0.0.1 only') });
    expect(parseServerArgs(['--port', '70000'], {})).toEqual({ error: expect.stringContaining('Invalid port') });
    expect(parseServerArgs(['--port', 'abc'], {})).toEqual({ error: expect.stringContaining('Invalid port') });
    expect(parseServerArgs(['--verbose'], {})).toEqual({ error: expect.stringContaining('Unknown option') });
    expect(parseServerArgs(['--help'], {})).toEqual({ help: true });
  });
});
