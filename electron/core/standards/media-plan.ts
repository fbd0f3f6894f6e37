/**
 * The pictures and sounds a standard refers to, before it is published: where each one is read from, where it goes,
 * and why it cannot go (missing, unreadable, too large, or a different file already published under its name).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { StandardCheck } from '../../contract';
import { mediaReferences, readCapped, resolveMediaPath, type LoadedStandard } from './load';

/** Pictures and sounds published with a standard may be at most this large. */
export const MAX_MEDIA_BYTES = 10 * 1024 * 1024;

export type Problem = StandardCheck['problems'][number];

export interface MediaPlan {
  field: string;
  path: string;
  from: string;
  to: string;
  /** Already at the destination with the same bytes. */
  present: boolean;
}

/**
 * Where each picture and sound comes from (the first of `sourceDirs` that has it) and goes to (`destDir`); problems
 * when one is missing or would replace another file. `textUpload`: the name of a standard offered as text.
 */
export async function planMedia(
  standard: LoadedStandard,
  destDir: string,
  sourceDirs: readonly string[],
  textUpload?: string,
): Promise<{ plan: MediaPlan[]; problems: Problem[] }> {
  const plan: MediaPlan[] = [];
  const problems: Problem[] = [];
  const file = textUpload ?? standard.file;
  const missing: Array<{ field: string; path: string }> = [];
  for (const ref of mediaReferences(standard.doc)) {
    let from: string | null = null;
    for (const dir of sourceDirs) {
      const candidate = resolveMediaPath({ dir }, ref.path);
      if (candidate && (await isFile(candidate))) {
        from = candidate;
        break;
      }
    }
    const to = resolveMediaPath({ dir: destDir }, ref.path);
    if (from === null || to === null) {
      missing.push(ref);
      continue;
    }
    const data = await readMedia(from);
    if (data === 'too-large') {
      problems.push({ severity: 'error', field: ref.field, message: `${file}: ${ref.field}: "${ref.path}" is larger than ${MAX_MEDIA_BYTES / (1024 * 1024)} MB. Use a smaller picture or sound.` });
      continue;
    }
    if (data === null) {
      problems.push({ severity: 'error', field: ref.field, message: `${file}: ${ref.field}: "${ref.path}" cannot be read (${from}). Check the file and try again.` });
      continue;
    }
    const existing = path.resolve(from) === path.resolve(to) ? data : await readMedia(to);
    if (existing === 'too-large' || (existing !== null && !existing.equals(data))) {
      problems.push({
        severity: 'error',
        field: ref.field,
        message: `${file}: ${ref.field}: a different "${ref.path}" is already published in ${destDir}. Published pictures and sounds never change (earlier versions use them): give the new file a new name, e.g. "${withSuffix(ref.path, `-v${standard.ref.version}`)}", and check again.`,
      });
      continue;
    }
    plan.push({ field: ref.field, path: ref.path, from, to, present: existing !== null });
  }
  return { plan, problems: [...(await missingProblems(standard, file, missing, textUpload !== undefined, destDir)), ...problems] };
}

/**
 * Pictures and sounds that cannot be found, said once per folder (a standard copied without its "pictures" folder
 * gives one problem naming the folder that was expected, not one per step), then one per file in a folder that is there.
 */
async function missingProblems(standard: LoadedStandard, file: string, missing: ReadonlyArray<{ field: string; path: string }>, text: boolean, destDir: string): Promise<Problem[]> {
  if (missing.length === 0) return [];
  const names = (refs: ReadonlyArray<{ path: string }>) => {
    const list = refs.map((r) => `"${r.path}"`);
    return list.length > 4 ? `${list.slice(0, 4).join(', ')} and ${list.length - 4} more` : list.join(', ');
  };
  if (text) {
    const folders = [...new Set(missing.map((r) => r.path.split('/')[0]))].map((f) => `"${f}"`).join(', ');
    return [
      {
        severity: 'error',
        field: missing[0]!.field,
        message: `${file}: ${missing.length === 1 ? 'a picture or sound' : `${missing.length} pictures or sounds`} cannot be found (${names(missing)}). A standard chosen as text carries no pictures or sounds: publish it from its path on this computer (with its ${folders} folder next to it), or first copy ${names(missing)} into ${destDir}.`,
      },
    ];
  }
  const byFolder = new Map<string, Array<{ field: string; path: string }>>();
  for (const r of missing) byFolder.set(path.posix.dirname(r.path), [...(byFolder.get(path.posix.dirname(r.path)) ?? []), r]);
  const out: Problem[] = [];
  for (const [folder, refs] of byFolder) {
    const expected = path.join(path.dirname(standard.file), folder);
    if (folder !== '.' && !(await isFolder(expected))) {
      out.push({
        severity: 'error',
        field: refs[0]!.field,
        message: `${file}: the folder "${folder}" is not next to the standard (expected ${expected}). ${refs.length === 1 ? 'Its picture or sound' : `Its ${refs.length} pictures or sounds`} (${names(refs)}) cannot be found. Copy the "${folder}" folder there, or correct the paths, and check again.`,
      });
      continue;
    }
    for (const ref of refs) {
      out.push({
        severity: 'error',
        field: ref.field,
        message: `${file}: ${ref.field}: the file "${ref.path}" does not exist next to the standard (expected ${path.join(path.dirname(standard.file), ref.path)}). Put the file there, or correct the path, and check again.`,
      });
    }
  }
  return out;
}

async function isFolder(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** The bytes of a picture or sound, null when absent or unreadable, 'too-large' over MAX_MEDIA_BYTES. */
export async function readMedia(p: string): Promise<Buffer | null | 'too-large'> {
  try {
    const bytes = await readCapped(p, MAX_MEDIA_BYTES);
    return bytes.length > MAX_MEDIA_BYTES ? 'too-large' : bytes;
  } catch {
    return null;
  }
}

function withSuffix(p: string, suffix: string): string {
  const ext = path.posix.extname(p);
  return `${p.slice(0, p.length - ext.length)}${suffix}${ext}`;
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}
