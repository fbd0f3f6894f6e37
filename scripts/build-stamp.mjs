// `node scripts/build.mjs --if-changed`: is dist/ up to date? The last build leaves a stamp (dist/.build-inputs.json):
// when it started, its entry points, its outputs and every file it read. dist/ is up to date when the entry points
// are the same, every output is there and no input is missing or modified since the build started.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Why dist/ must be built, or null when it is up to date.
 * @param {string} root the checkout
 * @param {string} stampFile
 * @param {string[]} entries the entry points of this build
 * @returns {string | null}
 */
export function staleReason(root, stampFile, entries) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return 'no earlier build';
  }
  if (JSON.stringify(stamp.entries) !== JSON.stringify(entries)) return 'the entry points changed';
  for (const f of stamp.outputs) if (!existsSync(path.join(root, f))) return `${f} is missing`;
  for (const f of stamp.inputs) {
    let mtime;
    try {
      mtime = statSync(path.join(root, f)).mtimeMs;
    } catch {
      return `${f} is gone`;
    }
    if (mtime >= stamp.builtAt) return `${f} changed`;
  }
  return null;
}

/** The stamp's content: `builtAt` is when the build started (a file saved during the build counts as changed). */
export function stamp(builtAt, entries, outputs, inputs) {
  return JSON.stringify({ builtAt, entries, outputs: [...outputs].sort(), inputs: [...inputs].sort() });
}
