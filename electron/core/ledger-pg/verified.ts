import { verifiedSegments, type VerifiedSegment } from '../ledger/import';
import type { CheckedFile, StationCheck } from '../ledger/station-check';

export type { VerifiedSegment };

/** Where the verified segments of a checked station come from. Null: they are not (or no longer) as verified. */
export type VerifiedSegmentSource = (check: StationCheck, headHash: string | null) => Promise<{ segments: VerifiedSegment[] } | { changed: CheckedFile | null }>;

/**
 * The default source: the bytes the verifier hashed, from its private copies (ledger/import.ts verifiedSegments) —
 * never a second read of the share.
 */
export const fromVerifiedCopies: VerifiedSegmentSource = async (check) => {
  const segments: VerifiedSegment[] = [];
  for await (const s of verifiedSegments(check)) segments.push(s);
  return { segments };
};
