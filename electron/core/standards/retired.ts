import { z } from 'zod';

/**
 * A retired (withdrawn) version of a standard. A version is never changed or deleted; retiring it only stops stations
 * from starting new runs on it. The marker is a small, create-only JSON file in the `retired/` folder next to the
 * standard files: `<standards folder>/retired/<id>.v<version>.json` (docs/standards.md, "Retiring a version").
 */
export const RETIRED_DIR = 'retired';

export const RetiredMarker = z
  .object({
    format: z.literal(1),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    version: z.number().int().min(1),
    /** The content hash of the version retired: a marker only applies to exactly that content. */
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    /** When, with the station's UTC offset. */
    retiredAt: z.string().min(1).max(64),
    reason: z.string().trim().min(1).max(500),
    /** The station where a supervisor retired it (behind the supervisor PIN). */
    by: z.object({ stationId: z.string().min(1).max(128), stationName: z.string().max(200) }).strict(),
  })
  .strict();
export type RetiredMarker = z.infer<typeof RetiredMarker>;

/** File name of the marker of one version (the same name as the version's published file). */
export function retiredMarkerFileName(id: string, version: number): string {
  return `${id}.v${version}.json`;
}

/** Parse a marker file; null when it is not a valid marker. */
export function parseRetiredMarker(bytes: Buffer | Uint8Array): RetiredMarker | null {
  try {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').replace(/^\uFEFF/, '');
    const parsed = RetiredMarker.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
