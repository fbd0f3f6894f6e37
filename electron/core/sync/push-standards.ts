import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { mediaReferences, resolveMediaPath, type LoadedStandard } from '../standards';
import { shareStandardsDir } from './layout';
import { writeNew } from './publish';
import { pulledStandardFileName } from './pull-standards';
import { errnoOf, ShareError, shareErrorFrom, type ShareFs } from './share-fs';

export interface PushedStandardProblem {
  file: string;
  message: string;
}

/**
 * Make sure every standard version this station's records use is in the shared folder, so that whoever imports the
 * share can match each event to its exact checklist (by content hash), even for the standards that ship with the app.
 * The file's own bytes are copied (so the content hash is the same), with its pictures and audio first; a version
 * already there is left alone (create-only, never overwritten). The same id and version with other content on the
 * share is reported, not overwritten: a published version never changes.
 */
export async function pushStandards(
  share: string,
  standards: readonly LoadedStandard[],
  fs: ShareFs,
  random: () => string = () => randomBytes(6).toString('hex'),
): Promise<{ pushed: string[]; problems: PushedStandardProblem[] }> {
  const out = { pushed: [] as string[], problems: [] as PushedStandardProblem[] };
  if (standards.length === 0) return out;
  const dir = shareStandardsDir(share);
  let present: Set<string>;
  try {
    present = new Set(await fs.readdir(dir));
  } catch (err) {
    if (errnoOf(err) !== 'ENOENT') throw shareErrorFrom(err, share);
    await fs.mkdir(dir).catch((e: unknown) => {
      throw shareErrorFrom(e, share);
    });
    present = new Set();
  }
  for (const s of standards) {
    const name = pulledStandardFileName(s.ref.id, s.ref.version);
    if (present.has(name)) continue; // there already: a different content is the importer's and pull's to report
    try {
      for (const ref of mediaReferences(s.doc)) {
        const from = resolveMediaPath(s, ref.path);
        const to = resolveMediaPath({ dir }, ref.path);
        if (from === null || to === null) continue;
        const data = await readFile(from).catch(() => null);
        if (data === null) continue; // the loader already reported the missing picture
        await fs.mkdir(path.dirname(to));
        await writeNew(fs, share, path.dirname(to), path.basename(to), data, random).catch((e: unknown) => {
          // A picture of the same name with other content: keep the share's, report it.
          if (e instanceof ShareError && e.code === 'SHARE_CONFLICT') out.problems.push({ file: to, message: `${ref.path} is already on the shared folder with other content; it was left as it is.` });
          else throw e;
        });
      }
      await writeNew(fs, share, dir, name, await readFile(s.file), random);
      out.pushed.push(path.join(dir, name));
    } catch (err) {
      if (err instanceof ShareError && err.code === 'SHARE_CONFLICT') {
        out.problems.push({ file: path.join(dir, name), message: `Version ${s.ref.version} of "${s.ref.id}" appeared on the shared folder with other content; this station's copy was not written.` });
        continue;
      }
      throw err instanceof ShareError ? err : shareErrorFrom(err, share);
    }
  }
  return out;
}
