import { createHash } from 'node:crypto';

/**
 * What a journal line is made of, apart from its schema (record.ts, zod): the format version, the fixed field order
 * and the chain's hashes. Kept apart so that the verifier's worker thread (ledger/worker.ts) loads no schema library:
 * measured, zod was 750 kB of its 865 kB bundle and most of a worker's start (about 80 ms and 150 ms of CPU per import).
 */
export const JOURNAL_FORMAT = 1 as const;

/** Field order of a written line: fixed, so lines read the same everywhere. */
export const RECORD_FIELD_ORDER = ['v', 'seq', 'id', 'station', 'at', 'actor', 'type', 'run', 'standard', 'step', 'value', 'reason', 'supersedes', 'data', 'prev'] as const;

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The `prev` of a station's first line: a fixed value derived from the station id. */
export function genesisHash(stationId: string): string {
  return sha256Hex(`steadywork-genesis-v1:${stationId}`);
}
