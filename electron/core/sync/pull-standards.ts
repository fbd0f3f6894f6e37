import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileReplacing } from '../files/atomic-write';
import {
  DEFAULT_MAX_STANDARD_BYTES, isStandardFileName, loadStandardsFromDir, mediaReferences, parseStandardFile, resolveMediaPath,
  type LoadedStandard,
} from '../standards';
import { parseRetiredMarker, RETIRED_DIR, retiredMarkerFileName } from '../standards/retired';
import { shareRetiredDir, shareStandardsDir } from './layout';
import { MAX_MEDIA_BYTES } from '../standards/media-plan';
import { errnoOf, nodeShareFs, readShareCapped, refusedByReader, shareErrorFrom, type ShareFs } from './share-fs';

export interface PulledStandardProblem {
  /** The file on the share. */
  file: string;
  message: string;
}

export interface PullResult {
  /** Local files written (standards and their pictures/audio, retirement notes). */
  copied: string[];
  /** Standards already present locally with the same content. */
  unchanged: number;
  /** Files not copied, and why (invalid, or a version that already exists locally with other content). */
  problems: PulledStandardProblem[];
}

/** Local file name of a pulled standard: one file per id and version. */
export function pulledStandardFileName(id: string, version: number): string {
  return `${id}.v${version}.json`;
}

/**
 * Copy the valid standards published in `<share>/standards` into the station's local standards folder, with the
 * pictures and audio they refer to. Each file is validated first (the same checks as loading): an invalid one is
 * reported and not copied. A version already present locally is left alone; the same id and version with other
 * content is reported (a published version never changes) and not copied. Writes are atomic (temporary name, flush,
 * rename). A share without a standards folder is not an error: there is nothing to pull.
 *
 * Retirement notes (`<share>/standards/retired/<id>.v<version>.json`) are copied to `<localDir>/retired/` the same way,
 * create-only: a note already there is kept as it is (the first one wins; a retired version stays retired).
 */
export async function pullStandards(share: string, localDir: string, opts: { fs?: ShareFs } = {}): Promise<PullResult> {
  const fs = opts.fs ?? nodeShareFs;
  const src = shareStandardsDir(share);
  const result: PullResult = { copied: [], unchanged: 0, problems: [] };
  let names: string[];
  try {
    names = (await fs.readdir(src)).filter(isStandardFileName).sort();
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') {
      // No standards published yet (the share itself was checked by the caller).
      try {
        await fs.stat(share);
        return result;
      } catch (e) {
        throw shareErrorFrom(e, share);
      }
    }
    throw shareErrorFrom(err, share);
  }

  const local = await loadStandardsFromDir(localDir).catch(() => ({ standards: [] as LoadedStandard[], errors: [], retired: [] }));
  const localByKey = new Map(local.standards.map((s) => [`${s.ref.id}@${s.ref.version}`, s]));

  for (const name of names) {
    const file = path.join(src, name);
    // One capped read (the size is checked on the open handle, before reading): no links, FIFOs or devices.
    let bytes: Buffer;
    try {
      bytes = await readShareCapped(fs, file, DEFAULT_MAX_STANDARD_BYTES);
    } catch (err) {
      if (refusedByReader(err)) {
        result.problems.push({
          file,
          message: err.code === 'TOO_LARGE'
            ? `${name} is larger than 1 MB: it is not a standard. It was not copied.`
            : `${name} on the shared folder is ${err.found}, not a standard file: it was not read nor copied. Ask whoever runs the shared folder to remove it.`,
        });
        continue;
      }
      if (errnoOf(err) === 'ENOENT' || (err as { code?: unknown }).code === 'MISSING') continue; // gone since it was listed
      throw shareErrorFrom(err, share);
    }
    const parsed = parseStandardFile(file, bytes);
    if (!parsed.ok) {
      for (const e of parsed.errors) result.problems.push({ file, message: `${name} is not a valid standard and was not copied: ${e.message}` });
      continue;
    }
    const std = parsed.standard;
    const key = `${std.ref.id}@${std.ref.version}`;
    const have = localByKey.get(key);
    if (have) {
      if (have.hash === std.hash) result.unchanged++;
      else {
        result.problems.push({
          file,
          message: `Version ${std.ref.version} of "${std.ref.id}" on the shared folder differs from the one this station already has (${path.basename(have.file)}). ` +
            'A published version never changes, so it was not copied: the owner must publish the change as a new version.',
        });
      }
      continue;
    }
    await mkdir(localDir, { recursive: true });
    // Pictures and audio first, so the standard never appears without them.
    let mediaOk = true;
    for (const ref of mediaReferences(std.doc)) {
      const from = resolveMediaPath(std, ref.path);
      const to = resolveMediaPath({ dir: localDir }, ref.path);
      if (from === null || to === null) continue; // the loader reports paths leaving the folder
      let data: Buffer;
      try {
        data = await readShareCapped(fs, from, MAX_MEDIA_BYTES);
      } catch (err) {
        if (errnoOf(err) === 'ENOENT' || (err as { code?: unknown }).code === 'MISSING') continue; // the loader reports the missing file; the standard still loads
        if (refusedByReader(err)) {
          result.problems.push({ file: from, message: `${ref.path} on the shared folder is ${err.found}, not a picture or sound file: "${std.ref.id}" v${std.ref.version} was not copied.` });
          mediaOk = false;
          break;
        }
        throw shareErrorFrom(err, share);
      }
      const existing = await readFile(to).catch(() => null);
      if (existing?.equals(data)) continue;
      if (existing) {
        result.problems.push({ file: from, message: `${ref.path} already exists at this station with other content; "${std.ref.id}" v${std.ref.version} was not copied.` });
        mediaOk = false;
        break;
      }
      await atomicLocalWrite(to, data);
      result.copied.push(to);
    }
    if (!mediaOk) continue;
    const target = path.join(localDir, pulledStandardFileName(std.ref.id, std.ref.version));
    await atomicLocalWrite(target, bytes);
    result.copied.push(target);
    localByKey.set(key, { ...std, file: target, dir: localDir });
  }
  await pullRetiredMarkers(share, localDir, fs, result);
  return result;
}

const MAX_MARKER_BYTES = 64 * 1024;

async function pullRetiredMarkers(share: string, localDir: string, fs: ShareFs, result: PullResult): Promise<void> {
  const src = shareRetiredDir(share);
  let names: string[];
  try {
    names = (await fs.readdir(src)).filter(isStandardFileName).sort();
  } catch (err) {
    if (errnoOf(err) === 'ENOENT' || errnoOf(err) === 'ENOTDIR') return;
    throw shareErrorFrom(err, share);
  }
  for (const name of names) {
    const file = path.join(src, name);
    let bytes: Buffer | null;
    try {
      bytes = await readShareCapped(fs, file, MAX_MARKER_BYTES);
    } catch (err) {
      if (errnoOf(err) === 'ENOENT' || errnoOf(err) === 'EISDIR' || (err as { code?: unknown }).code === 'MISSING') continue;
      if (!refusedByReader(err)) throw shareErrorFrom(err, share);
      bytes = null;
    }
    const marker = bytes === null ? null : parseRetiredMarker(bytes);
    if (!marker || bytes === null) {
      result.problems.push({ file, message: `${name} in the "retired" folder of the shared folder is not a retirement note written by Steadywork; it was ignored.` });
      continue;
    }
    const target = path.join(localDir, RETIRED_DIR, retiredMarkerFileName(marker.id, marker.version));
    if ((await readFile(target).catch(() => null)) !== null) continue; // already retired here: the first note stays
    await atomicLocalWrite(target, bytes);
    result.copied.push(target);
  }
}

async function atomicLocalWrite(file: string, data: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileReplacing(file, data);
}
