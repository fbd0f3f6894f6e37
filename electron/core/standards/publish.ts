/**
 * Publishing standards (docs/standards.md, "Publishing a new version"): a supervisor checks a standard file (validation,
 * owner, version, effective date, what changed from the previous version), publishes it to the shared folder, where
 * every station picks it up from its effective date, or retires a version (never changes it).
 *
 * Plain Node. Not exported from ./index (it uses the share's file operations of ../sync, which itself uses ./index).
 */
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { KnownStandardVersion, StandardCheck, StandardSource } from '../../contract';
import { shareStandardsDir } from '../sync/layout';
import { pullStandards } from '../sync/pull-standards';
import { writeFileCreateOnly } from '../files/atomic-write';
import { errnoOf, nodeShareFs, ShareError, shareErrorFrom, type ShareFs } from '../sync/share-fs';
import { isoWithOffset, type Clock } from '../time/clock';
import { fail, ok, type Result } from '../../contract/result';
import { diffStandards, summarizeChanges } from './diff';
import { standardError, WHOLE_FILE, type StandardFileError } from './errors';
import {
  DEFAULT_MAX_STANDARD_BYTES, loadStandardsFromDir, mediaReferences, parseStandardFile, readCapped, resolveMediaPath, type LoadedStandard,
} from './load';
import { StandardRegistry } from './registry';
import { RETIRED_DIR, retiredMarkerFileName, type RetiredMarker } from './retired';
import type { StandardRef } from './schema';

/** Pictures and sounds published with a standard may be at most this large. */
export const MAX_MEDIA_BYTES = 10 * 1024 * 1024;

export interface StandardsPublisherOptions {
  /** The standards folders this station loads, in order (bundled first, then the extra ones). */
  stationDirs: () => readonly string[];
  /** The station's own standards folder (<dataDir>/standards): standards pulled from the share land here. */
  localDir: string;
  /** The shared folder from the settings, or undefined when none is set. Read at every call. */
  sharePath: () => string | undefined;
  clock: Clock;
  /** Content already recorded (e.g. adopted in the journal) for an id and version: another content for it is refused. */
  knownRefs?: () => readonly StandardRef[];
  /** Who retires: this station. */
  station: () => { stationId: string; stationName: string };
  /** After a publish or a retirement: make this station load what changed (the pull was done already). */
  onChanged?: () => Promise<void>;
  /** For tests: the file operations used to write (share or station folder). */
  fs?: ShareFs;
  /** For tests: the random part of temporary names. */
  random?: () => string;
  /** A call that takes longer than this (a share that does not answer) answers SHARE_NOT_ANSWERING; default 60 s. */
  timeoutMs?: number;
}

export type PublishValue = { id: string; version: number; hash: string; file: string };

type Problem = StandardCheck['problems'][number];

/** Where a publish writes: the shared folder's standards folder, or this station's own folder when no share is set. */
type Destination = { kind: 'share'; share: string; dir: string } | { kind: 'station'; dir: string };

interface Survey {
  registry: StandardRegistry;
  /** Hashes recorded in the journal, by id@version. */
  known: Map<string, string>;
  /** What the destination folder holds, by id@version (first file wins). */
  atDestination: Map<string, LoadedStandard>;
  /** What the share holds (empty without a share). */
  onShare: Map<string, LoadedStandard>;
  destination: Destination;
  /** The share is set but cannot be used. */
  shareProblem: string | null;
}

interface MediaPlan {
  field: string;
  path: string;
  from: string;
  to: string;
  /** Already at the destination with the same bytes. */
  present: boolean;
}

interface Checked {
  check: StandardCheck;
  standard: LoadedStandard | null;
  bytes: Buffer | null;
  media: MediaPlan[];
  survey: Survey;
}

const key = (id: string, version: number) => `${id}@${version}`;
const short = (hash: string) => `${hash.slice(0, 12)}…`;
const randomHex = () => randomBytes(6).toString('hex');

/** File name of a published version: one file per id and version, the same name stations give it when they pull it. */
export function publishedFileName(id: string, version: number): string {
  return `${id}.v${version}.json`;
}

export class StandardsPublisher {
  private readonly fs: ShareFs;
  private readonly random: () => string;
  /** One publish or retirement at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: StandardsPublisherOptions) {
    this.fs = opts.fs ?? nodeShareFs;
    this.random = opts.random ?? randomHex;
  }

  /** Validate a standard and compare it with what this station knows. Changes nothing. */
  check(source: StandardSource): Promise<Result<StandardCheck>> {
    return this.timed(this.checkFull(source).then((c) => ok(c.check)), 'checked');
  }

  /**
   * Check again, then write the standard (and its pictures and sounds) into the destination, create-only, and make
   * this station pick it up. An invalid standard changes nothing. The same content already published is a success
   * that changes nothing.
   */
  publish(source: StandardSource): Promise<Result<PublishValue>> {
    return this.serial('published', async () => {
      const c = await this.checkFull(source);
      if (!c.check.ok || !c.standard || !c.bytes) {
        const errors = c.check.problems.filter((p) => p.severity === 'error');
        const shown = errors.slice(0, 4).map((p) => p.message);
        if (errors.length > shown.length) shown.push(`(${errors.length - shown.length} more)`);
        return fail('STANDARD_INVALID', `Nothing was published. ${shown.join(' ')}`.trim());
      }
      const { standard, survey } = c;
      const { id, version } = standard.ref;
      const dest = survey.destination;
      const there = survey.atDestination.get(key(id, version));
      let file: string;
      if (there && there.hash === standard.hash) {
        file = there.file; // already published with exactly this content: nothing to write
      } else {
        const written = await this.writeStandard(dest, standard, c.bytes, c.media);
        if (!written.ok) return written;
        file = written.value;
      }
      await this.pickUp(dest);
      return ok({ id, version, hash: standard.hash, file });
    });
  }

  /**
   * Withdraw a version: stations stop starting new runs on it (the next lower version in force is used, if any);
   * runs already started on it finish on it. The version's file is never changed or deleted: a create-only note is
   * written to `<standards>/retired/<id>.v<version>.json`. A version known only at this station (e.g. bundled) is
   * first published next to its note, so that every station can match the note with the content.
   */
  retire(id: string, version: number, reason: string): Promise<Result<null>> {
    return this.serial('retired', async () => {
      const survey = await this.survey();
      if (survey.shareProblem) return fail('SHARE_UNAVAILABLE', `Nothing was retired. ${survey.shareProblem}`);
      const standard = survey.registry.get(id, version);
      if (!standard) {
        const versions = survey.registry.versions(id).map((s) => s.ref.version);
        return fail(
          'STANDARD_NOT_FOUND',
          versions.length > 0
            ? `Version ${version} of "${id}" is not known at this station (known versions: ${versions.join(', ')}). Nothing was retired.`
            : `There is no standard "${id}" at this station. Nothing was retired.`,
        );
      }
      const dest = survey.destination;
      const there = survey.atDestination.get(key(id, version));
      if (there && there.hash !== standard.hash) {
        return fail('CONFLICT', `${there.file} holds another content for version ${version} of "${id}" (hash ${short(there.hash)}, this station uses ${short(standard.hash)}). Nothing was retired; call the owner of the standard.`);
      }
      if (!there) {
        const bytes = await readCapped(standard.file, DEFAULT_MAX_STANDARD_BYTES).catch(() => null);
        if (!bytes) return fail('STANDARD_UNREADABLE', `The file of version ${version} of "${id}" (${standard.file}) cannot be read. Nothing was retired.`);
        const media = await this.planMedia(standard, dest, [standard.dir]);
        if (media.problems.length > 0) return fail('MEDIA_CONFLICT', `Nothing was retired. ${media.problems.map((p) => p.message).join(' ')}`);
        const written = await this.writeStandard(dest, standard, bytes, media.plan);
        if (!written.ok) return written;
      }
      const by = this.opts.station();
      const marker: RetiredMarker = {
        format: 1,
        id,
        version,
        hash: standard.hash,
        retiredAt: isoWithOffset(this.opts.clock.now(), this.opts.clock.timeZone),
        reason: reason.trim(),
        by: { stationId: by.stationId, stationName: by.stationName },
      };
      const markerDir = path.join(dest.dir, RETIRED_DIR);
      try {
        await this.fs.mkdir(markerDir);
        // Create-only: a version retired before stays retired with its first note.
        await this.writeCreateOnly(markerDir, retiredMarkerFileName(id, version), Buffer.from(JSON.stringify(marker, null, 2) + '\n', 'utf8'), { acceptExisting: true });
      } catch (err) {
        return this.writeFailure(dest, err, 'retired');
      }
      await this.pickUp(dest);
      return ok(null);
    });
  }

  /** Every version of every standard this station knows (bundled, its own folder, the share), with its state today. */
  list(): Promise<Result<KnownStandardVersion[]>> {
    return this.timed(this.listNow(), 'listed');
  }

  private async listNow(): Promise<Result<KnownStandardVersion[]>> {
    const survey = await this.survey();
    const today = this.today();
    const out: KnownStandardVersion[] = [];
    for (const s of survey.registry.all()) {
      const current = survey.registry.current(s.ref.id, today);
      const state: KnownStandardVersion['state'] = survey.registry.retirement(s.ref.id, s.ref.version)
        ? 'retired'
        : current?.hash === s.hash
          ? 'current'
          : s.doc.effectiveFrom > today
            ? 'upcoming'
            : 'superseded';
      out.push({
        id: s.ref.id,
        version: s.ref.version,
        hash: s.hash,
        title: titleOf(s.doc.title),
        owner: ownerOf(s),
        effectiveFrom: s.doc.effectiveFrom,
        state,
        published: survey.onShare.get(key(s.ref.id, s.ref.version))?.hash === s.hash,
      });
    }
    return ok(out);
  }

  // ---------------------------------------------------------------------------------------------

  private async checkFull(source: StandardSource): Promise<Checked> {
    const file = 'path' in source ? source.path : source.name;
    const survey = await this.survey();
    const empty = (problems: Problem[]): Checked => ({
      check: { ok: false, file, problems, standard: null, previous: null, changes: [], alreadyPublished: false },
      standard: null,
      bytes: null,
      media: [],
      survey,
    });

    const read = await readSource(source);
    if (!read.ok) return empty(read.errors.map(asProblem));
    const parsed = parseStandardFile(file, read.bytes);
    if (!parsed.ok) return empty(parsed.errors.map(asProblem));
    const standard: LoadedStandard = parsed.standard;
    const { doc } = standard;
    const { id, version } = standard.ref;

    const problems: Problem[] = [];
    if (survey.shareProblem) problems.push({ severity: 'error', field: null, message: survey.shareProblem });
    if (survey.destination.kind === 'station') {
      problems.push({
        severity: 'warning',
        field: null,
        message: `No shared folder is set in Settings: publishing puts this version on this station only (in ${survey.destination.dir}); other stations will not get it. Set the shared folder in Settings to publish to every station.`,
      });
    }

    // The same id and version: the same content is already known, anything else is refused.
    const k = key(id, version);
    const same = survey.registry.get(id, version);
    const knownHash = survey.known.get(k);
    if (same && same.hash !== standard.hash) {
      const differs = summarizeChanges(diffStandards(same.doc, doc));
      problems.push(asProblem(conflictError(file, id, version, nextVersion(survey, id), `${same.file} (hash ${short(same.hash)})`, differs)));
    } else if (!same && knownHash !== undefined && knownHash !== standard.hash) {
      problems.push(asProblem(conflictError(file, id, version, nextVersion(survey, id), `the records of runs at this station (hash ${short(knownHash)})`, '')));
    }
    const alreadyPublished = survey.atDestination.get(k)?.hash === standard.hash;

    // The version it replaces: the highest lower version known.
    const lower = survey.registry.versions(id).filter((s) => s.ref.version < version);
    const prev = lower[lower.length - 1];
    const changes = prev ? diffStandards(prev.doc, doc) : [];
    const highest = survey.registry.versions(id).at(-1);
    if (highest && highest.ref.version > version) {
      problems.push({
        severity: 'warning',
        field: 'version',
        message: `${file}: version: version ${highest.ref.version} of "${id}" already exists. Stations use the highest version in force, so version ${version} is used only on days before version ${highest.ref.version} takes effect (${highest.doc.effectiveFrom}).`,
      });
    } else if (highest && version > highest.ref.version + 1) {
      problems.push({
        severity: 'warning',
        field: 'version',
        message: `${file}: version: the highest version known is ${highest.ref.version}, so versions ${highest.ref.version + 1}${version - 1 > highest.ref.version + 1 ? `–${version - 1}` : ''} are skipped. This is allowed; check that ${version} is the number you meant.`,
      });
    }
    const today = this.today();
    if (prev && doc.effectiveFrom < prev.doc.effectiveFrom) {
      problems.push({
        severity: 'warning',
        field: 'effectiveFrom',
        message: `${file}: effectiveFrom: ${doc.effectiveFrom} is before the effective date of version ${prev.ref.version} (${prev.doc.effectiveFrom}).`,
      });
    }
    if (doc.effectiveFrom <= today && !alreadyPublished) {
      problems.push({
        severity: 'warning',
        field: 'effectiveFrom',
        message: `${file}: effectiveFrom: ${doc.effectiveFrom} is today or earlier, so stations use this version as soon as they receive it. Runs already started finish on the version they started with.`,
      });
    }
    for (const c of changes) {
      if (c.change !== 'changed' || c.stepId === '') continue;
      const kind = c.fields.find((f) => f.field === 'kind');
      if (kind) {
        problems.push({
          severity: 'warning',
          field: `steps[${c.index}].kind`,
          message: `${file}: steps[${c.index}].kind: step "${c.stepId}" was a ${kind.before} step and is now a ${kind.after} step under the same id. Reports compare steps by id: if it is a different step now, give it a new id.`,
        });
      }
    }

    // Pictures and sounds: they must exist, and never replace a published file with other content.
    const sourceDirs =
      'path' in source
        ? [path.dirname(source.path)]
        : [survey.destination.dir, this.opts.localDir, ...[...this.opts.stationDirs()].reverse()];
    const media = await this.planMedia(standard, survey.destination, sourceDirs, 'path' in source ? undefined : file);
    problems.push(...media.problems);

    const ok = !problems.some((p) => p.severity === 'error');
    return {
      check: {
        ok,
        file,
        problems,
        standard: {
          id,
          version,
          hash: standard.hash,
          title: titleOf(doc.title),
          owner: ownerOf(standard),
          effectiveFrom: doc.effectiveFrom,
          steps: doc.steps.length,
        },
        previous: prev ? { version: prev.ref.version, hash: prev.hash, effectiveFrom: prev.doc.effectiveFrom } : null,
        changes,
        alreadyPublished,
      },
      standard,
      bytes: read.bytes,
      media: media.plan,
      survey,
    };
  }

  /** Everything known: journal hashes, the station's folders, its own folder and the share, in that order of precedence. */
  private async survey(): Promise<Survey> {
    const registry = new StandardRegistry();
    const known = new Map<string, string>();
    for (const ref of this.opts.knownRefs?.() ?? []) {
      if (!known.has(key(ref.id, ref.version))) known.set(key(ref.id, ref.version), ref.hash);
      registry.rememberKnownHash(ref);
    }
    const share = this.opts.sharePath();
    let shareProblem: string | null = null;
    let destination: Destination = { kind: 'station', dir: this.opts.localDir };
    if (share) {
      destination = { kind: 'share', share, dir: shareStandardsDir(share) };
      try {
        const st = await stat(share);
        if (!st.isDirectory()) shareProblem = `The shared folder ${share} is not a folder. Check the path in Settings.`;
      } catch (err) {
        shareProblem = shareErrorFrom(err, share).reason;
      }
    }
    const dirs = [...new Set([...this.opts.stationDirs(), this.opts.localDir])];
    const markers: RetiredMarker[] = [];
    for (const dir of dirs) {
      const loaded = await loadStandardsFromDir(dir);
      registry.add(loaded.standards);
      markers.push(...loaded.retired);
    }
    const onShare = new Map<string, LoadedStandard>();
    if (destination.kind === 'share' && !shareProblem) {
      const loaded = await loadStandardsFromDir(destination.dir);
      const unreadable = loaded.errors.find((e) => e.field === '(folder)');
      if (unreadable && (await stat(destination.dir).then(() => true, (e: unknown) => errnoOf(e) !== 'ENOENT'))) shareProblem = unreadable.message;
      registry.add(loaded.standards);
      markers.push(...loaded.retired);
      for (const s of loaded.standards) if (!onShare.has(key(s.ref.id, s.ref.version))) onShare.set(key(s.ref.id, s.ref.version), s);
    }
    for (const m of markers) registry.retire(m);
    let atDestination = onShare;
    if (destination.kind === 'station') {
      atDestination = new Map();
      for (const s of (await loadStandardsFromDir(this.opts.localDir)).standards) {
        if (!atDestination.has(key(s.ref.id, s.ref.version))) atDestination.set(key(s.ref.id, s.ref.version), s);
      }
    }
    return { registry, known, atDestination, onShare, destination, shareProblem };
  }

  /** Where each picture and sound comes from and goes to; problems when one is missing or would replace another file. */
  private async planMedia(
    standard: LoadedStandard,
    dest: Destination,
    sourceDirs: readonly string[],
    textUpload?: string,
  ): Promise<{ plan: MediaPlan[]; problems: Problem[] }> {
    const plan: MediaPlan[] = [];
    const problems: Problem[] = [];
    const file = textUpload ?? standard.file;
    for (const ref of mediaReferences(standard.doc)) {
      let from: string | null = null;
      for (const dir of sourceDirs) {
        const candidate = resolveMediaPath({ dir }, ref.path);
        if (candidate && (await isFile(candidate))) {
          from = candidate;
          break;
        }
      }
      const to = resolveMediaPath({ dir: dest.dir }, ref.path);
      if (from === null || to === null) {
        problems.push({
          severity: 'error',
          field: ref.field,
          message: textUpload
            ? `${file}: ${ref.field}: the file "${ref.path}" cannot be found. A standard chosen as text carries no pictures or sounds: publish it from its path on this computer (with its "${ref.path.split('/')[0]}" folder next to it), or first copy "${ref.path}" into ${dest.dir}.`
            : `${file}: ${ref.field}: the file "${ref.path}" does not exist next to the standard (expected ${path.join(path.dirname(standard.file), ref.path)}). Put the file there, or correct the path, and check again.`,
        });
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
          message: `${file}: ${ref.field}: a different "${ref.path}" is already published in ${dest.dir}. Published pictures and sounds never change (earlier versions use them): give the new file a new name, e.g. "${withSuffix(ref.path, `-v${standard.ref.version}`)}", and check again.`,
        });
        continue;
      }
      plan.push({ field: ref.field, path: ref.path, from, to, present: existing !== null });
    }
    return { plan, problems };
  }

  /** Media first (so the standard never appears without them), then the standard itself; all create-only. */
  private async writeStandard(dest: Destination, standard: LoadedStandard, bytes: Buffer, media: MediaPlan[]): Promise<Result<string>> {
    const name = publishedFileName(standard.ref.id, standard.ref.version);
    try {
      await this.fs.mkdir(dest.dir);
      for (const m of media) {
        if (m.present) continue;
        const data = await readMedia(m.from);
        if (data === null || data === 'too-large') return fail('MEDIA_UNREADABLE', `"${m.path}" (${m.from}) can no longer be read. Nothing more was published.`);
        await this.fs.mkdir(path.dirname(m.to));
        const same = await this.writeCreateOnly(path.dirname(m.to), path.basename(m.to), data, { acceptExisting: false });
        if (!same) return fail('MEDIA_CONFLICT', `A different "${m.path}" appeared in ${dest.dir} meanwhile. Nothing was overwritten; check again.`);
      }
      const written = await this.writeCreateOnly(dest.dir, name, bytes, { acceptExisting: false, sameStandard: standard.hash });
      if (!written) {
        return fail('CONFLICT', `${path.join(dest.dir, name)} already exists with other content. Nothing was overwritten: a published version never changes. Raise "version" and check again.`);
      }
      return ok(path.join(dest.dir, name));
    } catch (err) {
      return this.writeFailure(dest, err, 'published');
    }
  }

  /**
   * Write a new file that never replaces one (../files/atomic-write; checked first so that an existing file costs no
   * temporary copy on a slow share). Answers true when the file is now
   * there with these bytes (or, with `sameStandard`, as a standard with that content hash; or, with acceptExisting,
   * whatever it holds), false when another content holds the name.
   */
  private async writeCreateOnly(
    dir: string,
    name: string,
    data: Buffer,
    opts: { acceptExisting: boolean; sameStandard?: string },
  ): Promise<boolean> {
    const fs = this.fs;
    const target = path.join(dir, name);
    const sameAsExisting = async (): Promise<boolean> => {
      if (opts.acceptExisting) return true;
      const there = await fs.readFile(target);
      if (there.equals(data)) return true;
      if (opts.sameStandard) {
        const parsed = parseStandardFile(target, there);
        return parsed.ok && parsed.standard.hash === opts.sameStandard;
      }
      return false;
    };
    const exists = async (): Promise<boolean> => {
      try {
        await fs.stat(target);
        return true;
      } catch (e) {
        if (errnoOf(e) === 'ENOENT') return false;
        throw e;
      }
    };
    if (await exists()) return sameAsExisting();
    const outcome = await writeFileCreateOnly(target, data, { fs, random: this.random });
    return outcome === 'created' || sameAsExisting();
  }

  private writeFailure(dest: Destination, err: unknown, what: 'published' | 'retired'): Result<never> {
    const e = dest.kind === 'share' ? shareErrorFrom(err, dest.share) : err;
    if (e instanceof ShareError) return fail(e.code, `Nothing was ${what}. ${e.reason}`);
    const code = errnoOf(err);
    return fail('WRITE_FAILED', `Nothing was ${what}: ${dest.dir} cannot be written (${code ?? (err instanceof Error ? err.message : String(err))}).`);
  }

  /** This station takes what was just written: pull from the share (when there is one), then reload. Never fails the publish. */
  private async pickUp(dest: Destination): Promise<void> {
    if (dest.kind === 'share') await pullStandards(dest.share, this.opts.localDir, { fs: this.fs }).catch(() => undefined);
    await this.opts.onChanged?.().catch(() => undefined);
  }

  private today(): string {
    return DateTime.fromMillis(this.opts.clock.now(), { zone: this.opts.clock.timeZone }).toISODate() ?? '';
  }

  /** One publish or retirement at a time (each sees what the one before wrote), with the timeout. */
  private serial<T>(what: string, fn: () => Promise<Result<T>>): Promise<Result<T>> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return this.timed(next, what);
  }

  /**
   * Answer SHARE_NOT_ANSWERING when a call does not finish in time (a hanging network share). The operation itself
   * goes on: every write is create-only, so a publish that completes later is the same as one that completed now.
   */
  private async timed<T>(work: Promise<Result<T>>, what: string): Promise<Result<T>> {
    const ms = this.opts.timeoutMs ?? 60_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<Result<T>>((resolve) => {
      timer = setTimeout(() => {
        const share = this.opts.sharePath();
        resolve(
          fail(
            'SHARE_NOT_ANSWERING',
            `No answer within ${Math.max(1, Math.round(ms / 1000))} s${share ? ` from the shared folder ${share}` : ''}: the standard may not be ${what} yet. Check the network, then list the standards again to see what is published.`,
          ),
        );
      }, ms);
      timer.unref?.();
    });
    try {
      return await Promise.race([work.catch((err: unknown) => fail<T>('INTERNAL', `Nothing was ${what}: ${err instanceof Error ? err.message : String(err)}`)), late]);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}

function nextVersion(survey: Survey, id: string): number {
  let max = 0;
  for (const s of survey.registry.versions(id)) max = Math.max(max, s.ref.version);
  for (const k of survey.known.keys()) {
    const at = k.lastIndexOf('@');
    if (k.slice(0, at) === id) max = Math.max(max, Number(k.slice(at + 1)));
  }
  return max + 1;
}

function conflictError(file: string, id: string, version: number, next: number, where: string, differs: string): StandardFileError {
  return standardError(
    'CONFLICT',
    file,
    'version',
    `the content already published as version ${version}, or a new version number`,
    'different content',
    `version ${version} of "${id}" is already published with different content, in ${where}${differs ? `; this file differs in: ${differs}` : ''}. A published version never changes`,
    `Raise "version" to ${next} in the file and check again`,
  );
}

function asProblem(e: StandardFileError): Problem {
  return { severity: 'error', field: e.field === WHOLE_FILE || e.field === '(folder)' ? null : e.field, message: e.message };
}

function titleOf(t: { en: string; hi?: string | undefined }): { en: string; hi?: string } {
  return t.hi !== undefined ? { en: t.en, hi: t.hi } : { en: t.en };
}

function ownerOf(s: LoadedStandard): string {
  return `${s.doc.owner.name} (${s.doc.owner.role})`;
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

/** The bytes of a picture or sound, null when absent or unreadable, 'too-large' over MAX_MEDIA_BYTES. */
async function readMedia(p: string): Promise<Buffer | null | 'too-large'> {
  try {
    const bytes = await readCapped(p, MAX_MEDIA_BYTES);
    return bytes.length > MAX_MEDIA_BYTES ? 'too-large' : bytes;
  } catch {
    return null;
  }
}

/** The bytes of the offered standard, or the errors that say why it cannot be read. */
async function readSource(source: StandardSource): Promise<{ ok: true; bytes: Buffer } | { ok: false; errors: StandardFileError[] }> {
  if ('text' in source) return { ok: true, bytes: Buffer.from(source.text, 'utf8') };
  const file = source.path;
  try {
    const st = await stat(file);
    if (!st.isFile()) {
      return { ok: false, errors: [standardError('UNREADABLE', file, WHOLE_FILE, 'a standard file (*.json)', 'a folder', 'this is a folder, not a file', 'Choose the standard file itself')] };
    }
    if (st.size > DEFAULT_MAX_STANDARD_BYTES) {
      return { ok: false, errors: [standardError('TOO_LARGE', file, WHOLE_FILE, 'at most 1.0 MB', `${st.size} bytes`, 'the file is larger than 1 MB, so it is not a standard', 'Check that this is the right file: a standard is a short text file')] };
    }
    const bytes = await readCapped(file, DEFAULT_MAX_STANDARD_BYTES);
    if (bytes.length > DEFAULT_MAX_STANDARD_BYTES) {
      return { ok: false, errors: [standardError('TOO_LARGE', file, WHOLE_FILE, 'at most 1.0 MB', 'more than 1 MB', 'the file is larger than 1 MB, so it is not a standard', 'Check that this is the right file: a standard is a short text file')] };
    }
    return { ok: true, bytes };
  } catch (err) {
    const code = errnoOf(err);
    const [found, problem, advice] =
      code === 'ENOENT'
        ? ['no such file', 'the file does not exist', 'Check the name and the folder, and choose the file again']
        : code === 'EACCES' || code === 'EPERM'
          ? ['no permission to read it', 'the file cannot be read: this computer has no permission', 'Ask the person who manages the computer to allow reading it']
          : [code ?? 'an error', `the file cannot be read (${code ?? 'unknown error'})`, 'Check the file and the disk or network share, then try again'];
    return { ok: false, errors: [standardError('UNREADABLE', file, WHOLE_FILE, 'a readable standard file', found, problem, advice)] };
  }
}
