import { readFile, stat } from 'node:fs/promises';
import { genesisHash, hashBytes } from '../journal';
import type { CheckedFile, StationCheck } from '../ledger/station-check';

/**
 * Verified bytes: what the PostgreSQL writer imports. The writer never opens the share's files itself; it takes the
 * segments the verification produced (the same shape as the verifier's `VerifiedSegment`, electron/core/ledger), and
 * imports exactly their lines in the station's importable range.
 */
export interface VerifiedSegment {
  station: string;
  /** The segment's file name (segment-<first seq>.jsonl). */
  name: string;
  firstSeq: number;
  bytes: Buffer;
}

/** Where the verified segments of a checked station come from. Null: they are not (or no longer) as verified. */
export type VerifiedSegmentSource = (check: StationCheck, headHash: string | null) => Promise<{ segments: VerifiedSegment[] } | { changed: CheckedFile | null }>;

const sameStamp = (a: CheckedFile['stamp'], b: { ino: number; size: number; mtimeMs: number; ctimeMs: number }) =>
  a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;

/**
 * Until the verifier hands over the bytes it verified (hostile-share, issue 12): the segment files of the station's
 * importable range, read once, accepted only when they are provably the verified ones — unchanged on disk since the
 * check, and their lines form an unbroken hash chain from the remembered head (or the station's genesis) to the
 * verified head hash `check.importable.hash`. Anything else: `changed` (CHANGED_DURING_IMPORT).
 */
export const readVerifiedSegments: VerifiedSegmentSource = async (check, headHash) => {
  const range = check.importable;
  if (!range) return { segments: [] };
  const files = check.files.filter((f) => f.firstSeq <= range.to && (f.last?.seq ?? Infinity) > range.from);
  const segments: VerifiedSegment[] = [];
  for (const f of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(f.path);
      const st = await stat(f.path);
      if (!sameStamp(f.stamp, st) || st.size !== bytes.length) return { changed: f };
    } catch {
      return { changed: f };
    }
    segments.push({ station: check.station, name: f.name, firstSeq: f.firstSeq, bytes });
  }
  // The chain, anchored at both ends: the line before the range (remembered head, or genesis) and the verified head.
  let prev = range.from > 0 ? headHash : genesisHash(check.station);
  let at = range.from;
  for (const s of segments) {
    let seq = s.firstSeq;
    let start = 0;
    const b = s.bytes;
    while (start < b.length && at < range.to) {
      const end = b.indexOf(0x0a, start);
      const stop = end === -1 ? b.length : end;
      if (seq > range.from) {
        if (seq !== at + 1) return { changed: files.find((f) => f.name === s.name) ?? null };
        const line = b.subarray(start, stop);
        // `prev` is a line's last field: …,"prev":"<64 hex>"}
        if (prev !== null && line.toString('latin1', line.length - 66, line.length - 2) !== prev) return { changed: files.find((f) => f.name === s.name) ?? null };
        prev = hashBytes(line);
        at = seq;
      }
      seq++;
      start = stop + 1;
    }
  }
  if (at !== range.to || prev !== range.hash) return { changed: files[files.length - 1] ?? null };
  return { segments };
};
