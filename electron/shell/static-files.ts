/**
 * Resolve a URL path to a file inside one folder (dist/renderer), for the app:// protocol and the browser
 * harness alike. Anything that would leave the folder, or is not a plain existing file, resolves to null.
 * No `electron` import: this runs in plain Node.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.wav': 'audio/wav',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeType(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Map a URL pathname (still percent-encoded, as in `new URL(u).pathname`) to a path inside rootDir,
 * or null when it is malformed or would escape rootDir. Pure: does not touch the disk.
 * `/` and any path ending in `/` mean `index.html` of that folder.
 */
export function staticPathFor(rootDir: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  // NUL bytes, backslashes (a Windows separator the URL parser does not normalise) and any `..` segment
  // are refused outright, before the containment check below as a second line.
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..')) return null;
  if (decoded === '' || decoded.endsWith('/')) decoded += 'index.html';
  const root = path.resolve(rootDir);
  const full = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  // Dot-files (e.g. .DS_Store, editor swap files) are never served.
  if (path.relative(root, full).split(path.sep).some((s) => s.startsWith('.'))) return null;
  return full;
}

/** Like staticPathFor, and the result must also be an existing regular file. */
export async function findStaticFile(rootDir: string, pathname: string): Promise<string | null> {
  const full = staticPathFor(rootDir, pathname);
  if (full === null) return null;
  try {
    const info = await stat(full);
    return info.isFile() ? full : null;
  } catch {
    return null;
  }
}
