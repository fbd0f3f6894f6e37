/**
 * Publishing standards (docs/standards.md, "Publishing a new version"): a supervisor checks a standard file
 * (../standards/check), publishes it to the shared folder, where every station picks it up from its effective date,
 * or retires a version (never changes it). This is the part that writes: to the share (or, without one, to this
 * station's own standards folder), create-only, then pulls what it wrote.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { KnownStandardVersion, StandardCheck, StandardSource } from '../../contract';
import { fail, ok, type Result } from '../../contract/result';
import { existsAt, writeFileCreateOnly } from '../files/atomic-write';
import { readShareFile } from '../files/share-read';
import {
  checkStandard, DEFAULT_MAX_STANDARD_BYTES, knownVersions, loadStandardsFromDir, parseStandardFile, planMedia, readMedia, RETIRED_DIR,
  retiredMarkerFileName, shortHash, StandardRegistry, versionKey, type Checked, type Destination, type LoadedStandard, type MediaPlan,
  type RetiredMarker, type StandardRef, type Survey,
} from '../standards';
import { readCapped } from '../standards/load';
import { isoWithOffset, type Clock } from '../time/clock';
import { shareStandardsDir } from './layout';
import { pullStandards, pulledStandardFileName } from './pull-standards';
import { errnoOf, nodeShareFs, ShareError, shareErrorFrom, type ShareFs } from './share-fs';

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

const randomHex = () => randomBytes(6).toString('hex');

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
      const there = survey.atDestination.get(versionKey(id, version));
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
      const there = survey.atDestination.get(versionKey(id, version));
      if (there && there.hash !== standard.hash) {
        return fail('CONFLICT', `${there.file} holds another content for version ${version} of "${id}" (hash ${shortHash(there.hash)}, this station uses ${shortHash(standard.hash)}). Nothing was retired; call the owner of the standard.`);
      }
      if (!there) {
        const bytes = await readCapped(standard.file, DEFAULT_MAX_STANDARD_BYTES).catch(() => null);
        if (!bytes) return fail('STANDARD_UNREADABLE', `The file of version ${version} of "${id}" (${standard.file}) cannot be read. Nothing was retired.`);
        const media = await planMedia(standard, dest.dir, [standard.dir]);
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
    return ok(knownVersions(await this.survey(), this.today()));
  }

  // ---------------------------------------------------------------------------------------------

  private async checkFull(source: StandardSource): Promise<Checked> {
    return checkStandard(source, await this.survey(), { today: this.today(), localDir: this.opts.localDir, stationDirs: this.opts.stationDirs() });
  }

  /** Everything known: journal hashes, the station's folders, its own folder and the share, in that order of precedence. */
  private async survey(): Promise<Survey> {
    const registry = new StandardRegistry();
    const known = new Map<string, string>();
    for (const ref of this.opts.knownRefs?.() ?? []) {
      if (!known.has(versionKey(ref.id, ref.version))) known.set(versionKey(ref.id, ref.version), ref.hash);
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
      const loaded = await loadStandardsFromDir(destination.dir, { read: (file, max) => readShareFile(file, max) });
      const unreadable = loaded.errors.find((e) => e.field === '(folder)');
      if (unreadable && (await stat(destination.dir).then(() => true, (e: unknown) => errnoOf(e) !== 'ENOENT'))) shareProblem = unreadable.message;
      registry.add(loaded.standards);
      markers.push(...loaded.retired);
      for (const s of loaded.standards) if (!onShare.has(versionKey(s.ref.id, s.ref.version))) onShare.set(versionKey(s.ref.id, s.ref.version), s);
    }
    for (const m of markers) registry.retire(m);
    let atDestination = onShare;
    if (destination.kind === 'station') {
      atDestination = new Map();
      for (const s of (await loadStandardsFromDir(this.opts.localDir)).standards) {
        if (!atDestination.has(versionKey(s.ref.id, s.ref.version))) atDestination.set(versionKey(s.ref.id, s.ref.version), s);
      }
    }
    return { registry, known, atDestination, onShare, destination, shareProblem };
  }

  /** Media first (so the standard never appears without them), then the standard itself; all create-only. */
  private async writeStandard(dest: Destination, standard: LoadedStandard, bytes: Buffer, media: MediaPlan[]): Promise<Result<string>> {
    const name = pulledStandardFileName(standard.ref.id, standard.ref.version);
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
    if (await existsAt(fs, target)) return sameAsExisting();
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
