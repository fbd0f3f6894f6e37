/** A step's picture for the screen: read from the standard's own folder, never outside it, at most 1 MB. */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Picture } from '../../contract';
import { fail, ok, type Result } from '../../contract/result';
import { resolveMediaPath, type LoadedStandard } from './load';

/** Pictures larger than this are not sent to the screen. */
export const MAX_PICTURE_BYTES = 1024 * 1024;

const PICTURE_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
};

/** The picture of a step as a data: URL with its alt text; null when the step has none. */
export async function readStepPicture(loaded: LoadedStandard | undefined, hash: string, stepId: string): Promise<Result<Picture>> {
  if (!loaded) return fail('STANDARD_MISSING', `The standard with content hash ${hash.slice(0, 12)}… is not loaded at this station.`);
  const step = loaded.doc.steps.find((s) => s.id === stepId);
  if (!step) return fail('STEP_NOT_FOUND', `Standard "${loaded.ref.id}" has no step "${stepId}".`);
  const file = step.media?.picture;
  const alt = step.media?.pictureAlt;
  if (!file) return ok(null);
  const unavailable = (why: string) =>
    fail<Picture>('PICTURE_UNAVAILABLE', `The picture of step "${stepId}" in ${loaded.file} cannot be shown: ${why}.`);
  const full = resolveMediaPath(loaded, file);
  const type = PICTURE_TYPES[path.extname(file).toLowerCase()];
  if (full === null || type === undefined) return unavailable(`"${file}" is not a picture file inside the standard's folder`);
  try {
    // Follow links, then check again that the file is still inside the standard's folder.
    const [real, base] = await Promise.all([realpathOr(full), realpathOr(loaded.dir)]);
    if (!real.startsWith(base + path.sep)) return unavailable(`"${file}" leads outside the standard's folder`);
    const st = await stat(real);
    if (!st.isFile()) return unavailable(`"${file}" is not a file`);
    if (st.size > MAX_PICTURE_BYTES) return unavailable(`the file is larger than 1 MB (${st.size} bytes)`);
    const data = await readFile(real);
    if (data.length > MAX_PICTURE_BYTES) return unavailable('the file is larger than 1 MB');
    return ok({ dataUrl: `data:${type};base64,${data.toString('base64')}`, ...(alt ? { alt: { ...alt } } : {}) });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return unavailable(code === 'ENOENT' ? `there is no file "${file}"` : `it cannot be read (${code ?? String(err)})`);
  }
}

/** realpath, or the path itself where links cannot be resolved (e.g. inside an Electron asar archive). ENOENT still throws. */
async function realpathOr(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw err;
    return path.resolve(p);
  }
}
