import { standardError, type StandardFileError } from './errors';
import type { LoadedStandard } from './load';
import type { RetiredMarker } from './retired';
import type { StandardRef } from './schema';

const keyOf = (id: string, version: number) => `${id}@${version}`;
const short = (hash: string) => `${hash.slice(0, 12)}…`;

/** The first few JSON paths where two documents differ, e.g. `steps[2].limits.max`. */
function differingPaths(a: unknown, b: unknown, max = 3, path = '', out: string[] = []): string[] {
  if (out.length >= max) return out;
  if (a === b) return out;
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n && out.length < max; i++) differingPaths(a[i], b[i], max, `${path}[${i}]`, out);
    return out;
  }
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== '$schema').sort();
    for (const k of keys) {
      if (out.length >= max) break;
      differingPaths(a[k], b[k], max, path === '' ? k : `${path}.${k}`, out);
    }
    return out;
  }
  out.push(path === '' ? '(whole document)' : path);
  return out;
}

/**
 * All standards a station knows, merged from several folders in order (bundled first, then the
 * runtime folder, then the shared folder). A published version never changes: the same id and
 * version with different content is refused as a CONFLICT, and the first one seen wins.
 */
export class StandardRegistry {
  private readonly byKey = new Map<string, LoadedStandard>();
  private readonly byHash = new Map<string, LoadedStandard>();
  /** Hashes already recorded (e.g. in the journal) for an id and version, whether or not a file for them is loaded. */
  private readonly known = new Map<string, string>();
  /** Retired versions (by id@version): never offered for new runs, still found by hash for runs that use them. */
  private readonly retiredByKey = new Map<string, RetiredMarker>();

  /**
   * Record that this id and version was already published with this content (for example, from the
   * journal). A file loaded later with different content for it is refused. If a different content
   * for it is already loaded, that one is withdrawn and reported.
   */
  rememberKnownHash(ref: StandardRef): StandardFileError[] {
    const key = keyOf(ref.id, ref.version);
    if (!this.known.has(key)) this.known.set(key, ref.hash);
    const knownHash = this.known.get(key) ?? ref.hash;
    const loaded = this.byKey.get(key);
    if (loaded && loaded.hash !== knownHash) {
      this.byKey.delete(key);
      this.byHash.delete(loaded.hash);
      return [this.knownConflict(loaded, knownHash)];
    }
    return [];
  }

  /**
   * Record that a version was retired. Only a marker naming the content kept for that id and version counts (a
   * marker for other content is ignored). Markers for versions not loaded yet apply when they are added.
   */
  retire(marker: RetiredMarker): void {
    const key = keyOf(marker.id, marker.version);
    const loaded = this.byKey.get(key);
    const knownHash = loaded?.hash ?? this.known.get(key);
    if (knownHash !== undefined && knownHash !== marker.hash) return;
    if (!this.retiredByKey.has(key)) this.retiredByKey.set(key, marker);
  }

  /** The retirement of a version, if it was retired. */
  retirement(id: string, version: number): RetiredMarker | undefined {
    const marker = this.retiredByKey.get(keyOf(id, version));
    const loaded = this.byKey.get(keyOf(id, version));
    return marker && (!loaded || loaded.hash === marker.hash) ? marker : undefined;
  }

  /** Add standards in order; returns the CONFLICT errors of those refused. A standard loaded with a retirement marker retires its version. */
  add(loaded: readonly LoadedStandard[]): StandardFileError[] {
    const errors: StandardFileError[] = [];
    for (const s of loaded) {
      const key = keyOf(s.ref.id, s.ref.version);
      if (s.retired && s.retired.hash === s.hash && (this.byKey.get(key)?.hash ?? this.known.get(key) ?? s.hash) === s.hash) {
        if (!this.retiredByKey.has(key)) this.retiredByKey.set(key, s.retired);
      }
      const knownHash = this.known.get(key);
      if (knownHash !== undefined && knownHash !== s.hash) {
        errors.push(this.knownConflict(s, knownHash));
        continue;
      }
      const first = this.byKey.get(key);
      if (first) {
        // The same content again (the bundled copy and the shared copy, a sync client's copy): the same standard.
        if (first.hash !== s.hash) errors.push(this.fileConflict(first, s));
        continue;
      }
      this.byKey.set(key, s);
      this.byHash.set(s.hash, s);
    }
    return errors;
  }

  get(id: string, version: number): LoadedStandard | undefined {
    return this.byKey.get(keyOf(id, version));
  }

  /** The exact content a run refers to. */
  getByHash(hash: string): LoadedStandard | undefined {
    return this.byHash.get(hash);
  }

  /** Every loaded standard, by id then version. */
  all(): LoadedStandard[] {
    return [...this.byKey.values()].sort((a, b) => (a.ref.id < b.ref.id ? -1 : a.ref.id > b.ref.id ? 1 : a.ref.version - b.ref.version));
  }

  /** The ids of all loaded standards, sorted. */
  ids(): string[] {
    return [...new Set([...this.byKey.values()].map((s) => s.ref.id))].sort();
  }

  /** All loaded versions of one standard, lowest version first. */
  versions(id: string): LoadedStandard[] {
    return [...this.byKey.values()].filter((s) => s.ref.id === id).sort((a, b) => a.ref.version - b.ref.version);
  }

  /**
   * The version in force on a day: the highest version whose effectiveFrom is on or before `dateISO`
   * (YYYY-MM-DD in the station's local time), leaving out retired versions. Undefined if no version is in force.
   */
  current(id: string, dateISO: string): LoadedStandard | undefined {
    assertDate(dateISO);
    let best: LoadedStandard | undefined;
    for (const s of this.byKey.values()) {
      if (s.ref.id !== id || s.doc.effectiveFrom > dateISO) continue;
      if (this.retirement(s.ref.id, s.ref.version)) continue;
      if (!best || s.ref.version > best.ref.version) best = s;
    }
    return best;
  }

  /** The version in force on a day of every standard that has one, sorted by id. */
  currentAll(dateISO: string): LoadedStandard[] {
    assertDate(dateISO);
    return this.ids()
      .map((id) => this.current(id, dateISO))
      .filter((s): s is LoadedStandard => s !== undefined);
  }

  private nextVersion(id: string): number {
    let max = 0;
    for (const s of this.byKey.values()) if (s.ref.id === id) max = Math.max(max, s.ref.version);
    for (const key of this.known.keys()) {
      const at = key.lastIndexOf('@');
      if (key.slice(0, at) === id) max = Math.max(max, Number(key.slice(at + 1)));
    }
    return max + 1;
  }

  private fileConflict(first: LoadedStandard, later: LoadedStandard): StandardFileError {
    const { id, version } = later.ref;
    const diff = differingPaths(first.doc, later.doc);
    const where = diff.length > 0 ? ` (it differs in ${diff.join(', ')})` : '';
    return standardError(
      'CONFLICT',
      later.file,
      'version',
      `the same content as ${first.file} (hash ${short(first.hash)}), or a new version number`,
      `different content (hash ${short(later.hash)})`,
      `version ${version} of "${id}" is also in ${first.file}, which was loaded first, with different content${where}; a published version never changes, so this file is not used`,
      `Publish your change as version ${this.nextVersion(id)}: raise "version" in ${later.file} and keep ${first.file} as it was`,
    );
  }

  private knownConflict(later: LoadedStandard, knownHash: string): StandardFileError {
    const { id, version } = later.ref;
    return standardError(
      'CONFLICT',
      later.file,
      'version',
      `the content already published as version ${version} (hash ${short(knownHash)})`,
      `different content (hash ${short(later.hash)})`,
      `version ${version} of "${id}" was already published with different content, and runs have used it; a published version never changes, so this file is not used`,
      `Publish your change as version ${this.nextVersion(id)}: raise "version" in the file and save it again`,
    );
  }
}

function assertDate(dateISO: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dateISO)) throw new RangeError(`expected a date YYYY-MM-DD, got ${JSON.stringify(dateISO)}`);
}
