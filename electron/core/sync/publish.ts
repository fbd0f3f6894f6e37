import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { genesisHash, hashBytes, normalizePublicKey, parseSegmentName, verifySegments } from '../journal';
import { readLastLine } from '../journal/fsutil';
import { ATTACHMENT_NAME_RE } from '../journal/attachments';
import { writeFileCreateOnly, writeFileReplacing } from '../files/atomic-write';
import {
  classifySegmentFileName, isOwnTemporaryName, SHARE_IDENTITY_FORMAT, SHARE_STATION_FILE, SHARE_STATION_ID_RE, stationAttachmentsDir, stationSegmentsDir,
  stationShareDir, type ShareIdentity,
} from './layout';
import { errnoOf, nodeShareFs, ShareError, shareErrorFrom, type ShareFs } from './share-fs';

export interface PublishOptions {
  /** The shared folder (it must exist: a missing share is never created, it may be an unmounted drive). */
  share: string;
  identity: { stationId: string; name: string; publicKey: string; keyId: string };
  /**
   * The journal's attachments folder (spoken notes, issue 13): every attachment in it that the share lacks is
   * published (create-only, checked against its name) before any segment, so a segment never names a file that is
   * not there yet.
   */
  attachmentsDir?: string;
  /** Full paths of the station's closed (sealed) segment files. The active segment is never published. */
  segments: string[];
  /**
   * Segments whose first seq is at or below this were published (and compared) by an earlier sync: when they are
   * still on the share with the same size they are not read again. 0 compares everything.
   */
  publishedThrough?: number;
  fs?: ShareFs;
  /** For tests: the random part of temporary names. */
  random?: () => string;
}

export interface PublishResult {
  /** Segment file names copied by this call. */
  published: string[];
  /** Attachments (their hashes) copied by this call. */
  attachments: string[];
  /** Segment file names that were already on the share with the same bytes. */
  alreadyPublished: string[];
  /** seq and hash of the last line of the last segment now on the share (a seal), or null if nothing is published. */
  head: { seq: number; hash: string } | null;
  /** Our own temporary files left by an interrupted publish, removed by this call. */
  removedTemporary: string[];
}

const randomHex = () => randomBytes(6).toString('hex');

async function lastLineOf(file: string): Promise<{ seq: number; hash: string }> {
  const last = await readLastLine(file);
  if (!last || !last.terminated) throw new ShareError('JOURNAL_DAMAGED', `The journal segment ${path.basename(file)} does not end with a complete line. Nothing more was published; call a supervisor.`);
  let seq: unknown;
  try {
    ({ seq } = JSON.parse(last.bytes.toString('utf8')) as { seq?: unknown });
  } catch {
    seq = undefined;
  }
  if (typeof seq !== 'number') throw new ShareError('JOURNAL_DAMAGED', `The last line of the journal segment ${path.basename(file)} is damaged. Nothing more was published; call a supervisor.`);
  return { seq, hash: hashBytes(last.bytes) };
}

/**
 * Publish the station's closed segments and identity into its own folder of the share:
 * `<share>/stations/<stationId>/segments/segment-….jsonl` and `<share>/stations/<stationId>/station.json`.
 *
 * Each new segment is first verified (chain from the segment before it, seal signature), then written to a
 * temporary name in the same folder (`.segment-….jsonl.tmp-<random>`, ignored by readers), flushed, closed, given
 * its final name with link() (which never replaces an existing file; rename() where the share has no hard links),
 * and the folder is flushed. A published segment is never rewritten: if its name exists with the same bytes it is
 * already published; with other bytes that is a conflict (ShareError SHARE_CONFLICT), nothing is overwritten and
 * nothing after it is published. Errors of the share come back as ShareError with a reason in plain words.
 */
export async function publish(opts: PublishOptions): Promise<PublishResult> {
  const fs = opts.fs ?? nodeShareFs;
  const random = opts.random ?? randomHex;
  const { share, identity } = opts;
  if (!SHARE_STATION_ID_RE.test(identity.stationId)) {
    throw new ShareError('SHARE_ERROR', `The station id "${identity.stationId}" cannot be used as a folder name on the shared folder.`);
  }
  const result: PublishResult = { published: [], attachments: [], alreadyPublished: [], head: null, removedTemporary: [] };

  // The share itself must exist: it may be a network drive that is not connected, never create it.
  try {
    const st = await fs.stat(share);
    if (!st.isDirectory()) throw new ShareError('SHARE_MISSING', `The shared folder ${share} is not a folder. Check the path in Settings.`);
  } catch (err) {
    throw shareErrorFrom(err, share);
  }

  const stationDir = stationShareDir(share, identity.stationId);
  const segDir = stationSegmentsDir(share, identity.stationId);
  let existing: Set<string>;
  try {
    await fs.mkdir(segDir);
    const names = await fs.readdir(segDir);
    existing = new Set(names);
    // Temporary files of an interrupted publish: only this station writes here, and one sync runs at a time.
    const stale = [...names.map((n) => ({ dir: segDir, n })), ...(await fs.readdir(stationDir)).map((n) => ({ dir: stationDir, n }))];
    for (const { dir, n } of stale) {
      if (!isOwnTemporaryName(n)) continue;
      try {
        await fs.unlink(path.join(dir, n));
        result.removedTemporary.push(n);
      } catch {
        // Left for the next sync; readers ignore it.
      }
    }
  } catch (err) {
    throw shareErrorFrom(err, share);
  }

  // station.json on the share must be ours (same id, same key) before we add anything next to it.
  const identityFile = path.join(stationDir, SHARE_STATION_FILE);
  let currentIdentity: string | null = null;
  try {
    currentIdentity = (await fs.readFile(identityFile)).toString('utf8');
  } catch (err) {
    if (errnoOf(err) !== 'ENOENT') throw shareErrorFrom(err, share);
  }
  if (currentIdentity !== null) {
    let other: Partial<ShareIdentity> | null;
    try {
      other = JSON.parse(currentIdentity) as Partial<ShareIdentity>;
    } catch {
      other = null;
    }
    let sameKey: boolean;
    try {
      sameKey = other !== null && typeof other.publicKey === 'string' && normalizePublicKey(other.publicKey) === identity.publicKey;
    } catch {
      sameKey = false;
    }
    if (!other || other.stationId !== identity.stationId || !sameKey) {
      throw new ShareError('SHARE_CONFLICT',
        `The shared folder already holds a station.json for station ${identity.stationId} with another identity or key (${identityFile}). ` +
        'Nothing was overwritten. Another computer may be using the same station id: call a supervisor.');
    }
  }

  if (opts.attachmentsDir) result.attachments = await publishAttachments(fs, share, opts.attachmentsDir, stationAttachmentsDir(share, identity.stationId), random);

  const segments = opts.segments
    .map((file) => ({ file, name: path.basename(file), firstSeq: parseSegmentName(path.basename(file)) }))
    .filter((s): s is { file: string; name: string; firstSeq: number } => s.firstSeq !== null)
    .sort((a, b) => a.firstSeq - b.firstSeq);

  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as { file: string; name: string; firstSeq: number };
    const target = path.join(segDir, seg.name);
    if (existing.has(seg.name) && seg.firstSeq <= (opts.publishedThrough ?? 0)) {
      // Published and compared by an earlier sync, and still listed: not read again (the share may be slow).
      result.alreadyPublished.push(seg.name);
      continue;
    }
    const local = await readFile(seg.file);
    if (existing.has(seg.name)) {
      await compareExisting(fs, share, target, local);
      result.alreadyPublished.push(seg.name);
      continue;
    }
    // Check the segment before it leaves the station: chain from the segment before, seal signature.
    const prev = i > 0 ? await lastLineOf((segments[i - 1] as { file: string }).file) : null;
    const report = await verifySegments([seg.file], {
      stationId: identity.stationId,
      publicKey: identity.publicKey,
      requireSealedEnd: true,
      ...(prev ? { startAfter: prev } : seg.firstSeq === 1 ? { startAfter: { seq: 0, hash: genesisHash(identity.stationId) } } : { expectGenesis: false }),
    });
    if (!report.ok) {
      const p = report.problems[0];
      throw new ShareError('JOURNAL_DAMAGED',
        `The station's journal segment ${seg.name} does not verify${p ? ` (line ${p.line}: ${p.message})` : ''}. It was not published; call a supervisor.`);
    }
    await writeNew(fs, share, segDir, seg.name, local, random);
    result.published.push(seg.name);
    existing.add(seg.name);
  }

  const last = segments[segments.length - 1];
  result.head = last ? await lastLineOf(last.file) : null;

  // Identity last, so that a reader never sees a head that is not there yet (a sync client may still reorder).
  const wanted: ShareIdentity = {
    format: SHARE_IDENTITY_FORMAT,
    stationId: identity.stationId,
    name: identity.name,
    publicKey: identity.publicKey,
    keyId: identity.keyId,
    ...(result.head ? { head: result.head } : {}),
  };
  const text = JSON.stringify(wanted, null, 2) + '\n';
  if (text !== currentIdentity) {
    try {
      await writeFileReplacing(path.join(stationDir, SHARE_STATION_FILE), text, { fs, random });
    } catch (err) {
      throw shareErrorFrom(err, share);
    }
  }
  return result;
}

/**
 * Copy the journal's attachments that the share does not list yet, each checked against its name first (a local file
 * that does not hash to its name is not published: JOURNAL_DAMAGED). Create-only, like segments.
 */
async function publishAttachments(fs: ShareFs, share: string, localDir: string, shareDir: string, random: () => string): Promise<string[]> {
  let local: string[];
  try {
    local = (await readdir(localDir)).filter((n) => ATTACHMENT_NAME_RE.test(n)).sort();
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return [];
    throw err;
  }
  if (local.length === 0) return [];
  let there: Set<string>;
  try {
    await fs.mkdir(shareDir);
    there = new Set(await fs.readdir(shareDir));
    for (const n of there) if (isOwnTemporaryName(n)) await fs.unlink(path.join(shareDir, n)).catch(() => undefined);
  } catch (err) {
    throw shareErrorFrom(err, share);
  }
  const copied: string[] = [];
  for (const name of local) {
    if (there.has(name)) continue;
    const bytes = await readFile(path.join(localDir, name));
    if (hashBytes(bytes) !== name) {
      throw new ShareError('JOURNAL_DAMAGED', `The station's attachment ${name.slice(0, 12)}… (a spoken note) does not match its name: it was changed or damaged. It was not published; call a supervisor.`);
    }
    await writeNew(fs, share, shareDir, name, bytes, random);
    copied.push(name);
  }
  return copied;
}

async function compareExisting(fs: ShareFs, share: string, target: string, local: Buffer): Promise<void> {
  let remote: Buffer | null = null;
  try {
    const st = await fs.stat(target);
    if (st.size === local.length) remote = await fs.readFile(target);
  } catch (err) {
    throw shareErrorFrom(err, share);
  }
  if (remote === null || !remote.equals(local)) {
    throw new ShareError('SHARE_CONFLICT',
      `The shared folder already holds ${target} with different content than this station's journal. Nothing was overwritten and nothing newer was published; call a supervisor.`);
  }
}

/** A new immutable file: never replaces an existing one; the same bytes already there is fine, others are a conflict. */
export async function writeNew(fs: ShareFs, share: string, dir: string, name: string, data: Buffer, random: () => string = randomHex): Promise<void> {
  const target = path.join(dir, name);
  let outcome: 'created' | 'exists';
  try {
    outcome = await writeFileCreateOnly(target, data, { fs, random });
  } catch (err) {
    throw shareErrorFrom(err, share);
  }
  // Someone (a sync client?) created it meanwhile: same bytes is fine, anything else is a conflict.
  if (outcome === 'exists') await compareExisting(fs, share, target, data);
}

/** Segment file names published for a station (canonical names only), sorted by first seq. */
export async function listPublishedSegments(share: string, stationId: string, fs: ShareFs = nodeShareFs): Promise<string[]> {
  const names = await fs.readdir(stationSegmentsDir(share, stationId));
  return names
    .map((n) => ({ n, k: classifySegmentFileName(n) }))
    .filter((x): x is { n: string; k: { kind: 'segment'; firstSeq: number } } => x.k.kind === 'segment')
    .sort((a, b) => a.k.firstSeq - b.k.firstSeq)
    .map((x) => x.n);
}
