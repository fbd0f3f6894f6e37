/**
 * The harness's static files: like the app:// protocol's (shell/static-files.ts), and no symbolic link is ever
 * followed: every folder from the renderer folder down and the file itself must be what they are, not links (a link
 * planted in dist/renderer could otherwise serve any file of the computer to the page). The file is then opened with
 * O_NOFOLLOW, so a link swapped in after the check is refused too.
 */
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import path from 'node:path';
import { staticPathFor } from '../shell/static-files';

/** The file's bytes, or null: not found, outside the folder, not a regular file, or a link anywhere on its path. */
export async function readStaticFileNoLinks(rootDir: string, pathname: string): Promise<{ file: string; data: Buffer } | null> {
  const full = staticPathFor(rootDir, pathname);
  if (full === null) return null;
  const root = path.resolve(rootDir);
  const parts = path.relative(root, full).split(path.sep);
  let at = root;
  try {
    for (const part of parts) {
      at = path.join(at, part);
      const st = await lstat(at);
      if (st.isSymbolicLink()) return null;
    }
    if (!(await lstat(full)).isFile()) return null;
    const fh = await open(full, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    try {
      if (!(await fh.stat()).isFile()) return null;
      return { file: full, data: await fh.readFile() };
    } finally {
      await fh.close();
    }
  } catch {
    return null;
  }
}
