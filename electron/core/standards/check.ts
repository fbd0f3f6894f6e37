/**
 * Checking a standard before it is published (docs/standards.md, "Publishing a new version"): validation, owner,
 * version, effective date, what changed from the previous version, and its pictures and sounds. Reads files, writes
 * nothing; what is known (this station's folders, the share, the journal) comes in as a Survey, made by the publisher.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { KnownStandardVersion, StandardCheck, StandardSource } from '../../contract';
import { errnoOf } from '../files/atomic-write';
import { diffStandards, summarizeChanges } from './diff';
import { standardError, WHOLE_FILE, type StandardFileError } from './errors';
import { DEFAULT_MAX_STANDARD_BYTES, parseStandardFile, readCapped, type LoadedStandard } from './load';
import { planMedia, type MediaPlan, type Problem } from './media-plan';
import type { StandardRegistry } from './registry';

/** Where a publish writes: the shared folder's standards folder, or this station's own folder when no share is set. */
export type Destination = { kind: 'share'; share: string; dir: string } | { kind: 'station'; dir: string };

/** Everything known about standards when a check starts. */
export interface Survey {
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

export interface Checked {
  check: StandardCheck;
  standard: LoadedStandard | null;
  bytes: Buffer | null;
  media: MediaPlan[];
  survey: Survey;
}

export const versionKey = (id: string, version: number): string => `${id}@${version}`;
export const shortHash = (hash: string): string => `${hash.slice(0, 12)}…`;

/** Validate a standard and compare it with what is known. `today` is the station's date (YYYY-MM-DD). */
export async function checkStandard(
  source: StandardSource,
  survey: Survey,
  ctx: { today: string; localDir: string; stationDirs: readonly string[] },
): Promise<Checked> {
  const file = 'path' in source ? source.path : source.name;
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
  const k = versionKey(id, version);
  const same = survey.registry.get(id, version);
  const knownHash = survey.known.get(k);
  if (same && same.hash !== standard.hash) {
    const differs = summarizeChanges(diffStandards(same.doc, doc));
    problems.push(asProblem(conflictError(file, id, version, nextVersion(survey, id), `${same.file} (hash ${shortHash(same.hash)})`, differs)));
  } else if (!same && knownHash !== undefined && knownHash !== standard.hash) {
    problems.push(asProblem(conflictError(file, id, version, nextVersion(survey, id), `the records of runs at this station (hash ${shortHash(knownHash)})`, '')));
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
  const today = ctx.today;
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
      : [survey.destination.dir, ctx.localDir, ...[...ctx.stationDirs].reverse()];
  const media = await planMedia(standard, survey.destination.dir, sourceDirs, 'path' in source ? undefined : file);
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

/** Every version of every standard known, with its state today. */
export function knownVersions(survey: Survey, today: string): KnownStandardVersion[] {
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
      published: survey.onShare.get(versionKey(s.ref.id, s.ref.version))?.hash === s.hash,
    });
  }
  return out;
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

export function titleOf(t: { en: string; hi?: string | undefined }): { en: string; hi?: string } {
  return t.hi !== undefined ? { en: t.en, hi: t.hi } : { en: t.en };
}

export function ownerOf(s: LoadedStandard): string {
  return `${s.doc.owner.name} (${s.doc.owner.role})`;
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
