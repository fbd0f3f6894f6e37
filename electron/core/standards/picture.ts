/** A step's picture for the screen: read from the standard's own folder, never outside it, at most 1 MB. Also the
 *  reader of every media file of a standard (readStandardMedia), used for recordings too (audio.ts). */
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
  const found = findStep(loaded, hash, stepId);
  if (!found.ok) return found;
  const step = found.value;
  const file = step.media?.picture;
  const alt = step.media?.pictureAlt;
  if (!file || !loaded) return ok(null);
  const read = await readStandardMedia(loaded, file, PICTURE_TYPES, MAX_PICTURE_BYTES, 'PICTURE_UNAVAILABLE', `The picture of step "${stepId}"`, 'picture');
  if (!read.ok) return read;
  return ok({ dataUrl: `data:${read.value.type};base64,${read.value.data.toString('base64')}`, ...(alt ? { alt: { ...alt } } : {}) });
}

/** The step of a loaded standard, or the error that names what is missing. */
export function findStep(loaded: LoadedStandard | undefined, hash: string, stepId: string): Result<LoadedStandard['doc']['steps'][number]> {
  if (!loaded) return fail('STANDARD_MISSING', `The standard with content hash ${hash.slice(0, 12)}… is not loaded at this station.`);
  const step = loaded.doc.steps.find((s) => s.id === stepId);
  if (!step) return fail('STEP_NOT_FOUND', `Standard "${loaded.ref.id}" has no step "${stepId}".`);
  return ok(step);
}

/**
 * Read one media file of a standard (a picture, a recording): inside the standard's own folder (links followed and
 * checked again), a regular file, of a known type, at most maxBytes. Errors name the file and what is wrong.
 */
export async function readStandardMedia(
  loaded: LoadedStandard,
  file: string,
  types: Record<string, string>,
  maxBytes: number,
  code: string,
  what: string,
  kind: string,
): Promise<Result<{ type: string; data: Buffer }>> {
  const unavailable = (why: string) => fail<{ type: string; data: Buffer }>(code, `${what} in ${loaded.file} cannot be ${kind === 'picture' ? 'shown' : 'played'}: ${why}.`);
  const full = resolveMediaPath(loaded, file);
  const type = types[path.extname(file).toLowerCase()];
  if (full === null || type === undefined) return unavailable(`"${file}" is not a ${kind} file inside the standard's folder`);
  const limit = `${Math.round(maxBytes / 1024 / 1024)} MB`;
  try {
    // Follow links, then check again that the file is still inside the standard's folder.
    const [real, base] = await Promise.all([realpathOr(full), realpathOr(loaded.dir)]);
    if (!real.startsWith(base + path.sep)) return unavailable(`"${file}" leads outside the standard's folder`);
    const st = await stat(real);
    if (!st.isFile()) return unavailable(`"${file}" is not a file`);
    if (st.size > maxBytes) return unavailable(`the file is larger than ${limit} (${st.size} bytes)`);
    const data = await readFile(real);
    if (data.length > maxBytes) return unavailable(`the file is larger than ${limit}`);
    return ok({ type, data });
  } catch (err) {
    const errCode = (err as NodeJS.ErrnoException).code;
    return unavailable(errCode === 'ENOENT' ? `there is no file "${file}"` : `it cannot be read (${errCode ?? String(err)})`);
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
