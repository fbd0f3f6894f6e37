/**
 * The browser harness: Steadywork's renderer and (later) its core services behind a loopback-only HTTP
 * endpoint, for development and end-to-end tests where Electron cannot run, and as a fallback on
 * locked-down machines. Plain Node, no `electron` import.
 *
 * Security model
 * - Listens on 127.0.0.1 only; any other host is refused before a socket is opened.
 * - The Host header must name that loopback address (or localhost) and our port, which defeats DNS rebinding.
 * - Every /api/* call needs `Authorization: Bearer <token>`; the token is 32 random bytes, new per start.
 * - How the token reaches the page: the harness prints `http://127.0.0.1:PORT/?token=…` to its own terminal
 *   and nowhere else. The served files (index.html included) never contain it. The renderer reads `?token=`
 *   once at start-up, keeps it in memory and in this tab's sessionStorage (so a reload still works, and
 *   nothing outlives the tab), and removes it from the address bar with history.replaceState, so it does
 *   not linger in the visible URL or history. CSP script-src 'self' keeps foreign scripts away from it, and
 *   Referrer-Policy: no-referrer keeps it out of Referer headers.
 * - Static files come only from the renderer folder (dist/renderer), with the same CSP header as Electron
 *   and X-Content-Type-Options: nosniff; path traversal is refused (static-files.ts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { SECURITY_HEADERS } from '../shell/csp';
import { mimeType } from '../shell/static-files';
import { readStaticFileNoLinks } from './static-no-links';
import { APP_VERSION } from '../shell/version';

/** One contract channel: takes the parsed JSON body, answers the full result envelope. */
export type ChannelHandler = (args: unknown) => Promise<unknown>;
export type ChannelHandlers = Record<string, ChannelHandler>;

export const LOOPBACK_HOST = '127.0.0.1';
const MAX_BODY_BYTES = 1024 * 1024;
const CHANNEL_NAME = /^[a-z][A-Za-z0-9._:-]{0,99}$/;

export type HarnessOptions = {
  /** Data folder (created if missing). */
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Only 127.0.0.1 is accepted; anything else throws. */
  host?: string;
  /** Folder of the built renderer; default dist/renderer next to the bundle. */
  rendererDir?: string;
  /**
   * Contract channels, served as POST /api/<channel> with a JSON body. Each handler answers the complete
   * `{ ok: true, value } | { ok: false, error }` envelope; the harness sends it as it is. The station's map
   * (every contract channel, from the core) is built by startStationHarness in station-harness.ts. Either
   * the map itself, or a function that builds it once the data folder exists.
   */
  handlers?: ChannelHandlers | ((ctx: { dataDir: string }) => ChannelHandlers | Promise<ChannelHandlers>);
  version?: string;
};

export type Harness = {
  /** The address to open, token included: give it only to the person at this machine. */
  url: string;
  origin: string;
  token: string;
  port: number;
  dataDir: string;
  close(): Promise<void>;
};

/** Per-user default data folder of the harness (it is deliberately not the desktop app's folder). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'steadywork-web');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'steadywork-web');
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'steadywork-web');
}

function defaultRendererDir(): string {
  // In the bundle (dist/harness/server.cjs) __dirname is dist/harness.
  return typeof __dirname === 'string' && path.basename(__dirname) === 'harness' && path.basename(path.dirname(__dirname)) === 'dist'
    ? path.join(__dirname, '..', 'renderer')
    : path.resolve('dist', 'renderer');
}

const baseHeaders = { ...SECURITY_HEADERS, 'Cache-Control': 'no-store' };

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...baseHeaders, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string, extra: http.OutgoingHttpHeaders = {}): void {
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) res.setHeader(k, v);
  sendJson(res, status, { ok: false, error: { code, message } });
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function tokenMatches(header: string | undefined, token: Buffer): boolean {
  const match = /^Bearer ([0-9a-f]+)$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1], 'utf8');
  return given.length === token.length && timingSafeEqual(given, token);
}

async function readBody(req: http.IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) return 'too-large';
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const host = opts.host ?? LOOPBACK_HOST;
  if (host !== LOOPBACK_HOST) {
    throw new Error(`Steadywork harness listens on ${LOOPBACK_HOST} only (asked for "${host}").`);
  }
  const requestedPort = opts.port ?? 0;
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
    throw new Error(`Steadywork harness: port must be an integer from 0 to 65535 (got ${String(opts.port)}).`);
  }
  const dataDir = path.resolve(opts.dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const rendererDir = path.resolve(opts.rendererDir ?? defaultRendererDir());
  const version = opts.version ?? APP_VERSION;
  const handlers: ChannelHandlers =
    typeof opts.handlers === 'function' ? await opts.handlers({ dataDir }) : { ...(opts.handlers ?? {}) };
  const tokenHex = randomBytes(32).toString('hex');
  const token = Buffer.from(tokenHex, 'utf8');
  let port = 0;

  const handleApi = async (req: http.IncomingMessage, res: http.ServerResponse, channel: string) => {
    if (!tokenMatches(req.headers.authorization, token)) {
      sendError(res, 401, 'unauthorized', 'A valid session token is required.', { 'WWW-Authenticate': 'Bearer' });
      return;
    }
    if (channel === 'ping' && !Object.hasOwn(handlers, 'ping')) {
      if (req.method !== 'GET' && req.method !== 'POST') return sendError(res, 405, 'method_not_allowed', 'Use GET or POST.', { Allow: 'GET, POST' });
      return sendJson(res, 200, { ok: true, value: { version } });
    }
    if (!CHANNEL_NAME.test(channel) || !Object.hasOwn(handlers, channel)) {
      return sendError(res, 404, 'unknown_channel', `There is no channel "${channel.slice(0, 100)}".`);
    }
    if (req.method !== 'POST') return sendError(res, 405, 'method_not_allowed', 'Use POST.', { Allow: 'POST' });
    const body = await readBody(req);
    if (body === 'too-large') return sendError(res, 413, 'too_large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    let args: unknown = undefined;
    if (body.length > 0) {
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
        return sendError(res, 415, 'unsupported_media_type', 'Send the arguments as application/json.');
      }
      try {
        args = JSON.parse(body.toString('utf8'));
      } catch {
        return sendError(res, 400, 'bad_json', 'The request body is not valid JSON.');
      }
    }
    const handler = handlers[channel] as ChannelHandler;
    try {
      sendJson(res, 200, await handler(args));
    } catch (err) {
      sendError(res, 500, 'internal', err instanceof Error ? err.message : String(err));
    }
  };

  const handleStatic = async (req: http.IncomingMessage, res: http.ServerResponse, pathname: string) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'Method not allowed');
    }
    const found = await readStaticFileNoLinks(rendererDir, pathname);
    if (found === null) return sendText(res, 404, 'Not found');
    const { file, data } = found;
    res.writeHead(200, { ...baseHeaders, 'Cache-Control': 'no-cache', 'Content-Type': mimeType(file), 'Content-Length': data.length });
    res.end(req.method === 'HEAD' ? undefined : data);
  };

  const server = http.createServer((req, res) => {
    const allowedHosts = [`${LOOPBACK_HOST}:${port}`, `localhost:${port}`];
    if (!allowedHosts.includes((req.headers.host ?? '').toLowerCase())) {
      sendText(res, 421, 'Misdirected request: use the 127.0.0.1 address that the harness printed.');
      return;
    }
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', `http://${LOOPBACK_HOST}`).pathname;
    } catch {
      sendText(res, 400, 'Bad request');
      return;
    }
    // Everything under /api/ needs the token first; only then is the channel name looked at.
    const work = pathname.startsWith('/api/')
      ? handleApi(req, res, decodeURIComponentSafe(pathname.slice('/api/'.length)))
      : handleStatic(req, res, pathname);
    work.catch((err: unknown) => {
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
      console.error('Steadywork harness:', err);
    });
  });
  // Idle keep-alive sockets stay open a minute (Node's default is 5 s): a client reusing one just as the server closes
  // it gets ECONNRESET, which on a busy machine happened to the e2e runs' own requests.
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: LOOPBACK_HOST, port: requestedPort, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('Steadywork harness: no TCP address.');
  port = address.port;
  const origin = `http://${LOOPBACK_HOST}:${port}`;

  return {
    url: `${origin}/?token=${tokenHex}`,
    origin,
    token: tokenHex,
    port,
    dataDir,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
