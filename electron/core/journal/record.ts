import { createHash } from 'node:crypto';
import { z } from 'zod';
import { StandardRef } from '../standards/schema';

/**
 * One line of a station's journal. The journal is the truth: every action is one of these,
 * appended, hash-chained, never edited. See docs/journal.md.
 */
export const JOURNAL_FORMAT = 1 as const;

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex characters (SHA-256)');

export const JournalRecord = z
  .object({
    v: z.literal(JOURNAL_FORMAT),
    seq: z.number().int().min(1),
    id: z.uuid({ version: 'v7' }),
    station: z.string().min(1),
    at: z.iso.datetime({ offset: true }),
    actor: z.string().min(1),
    type: z.string().regex(/^[a-z]+(\.[a-z]+)*$/),
    run: z.uuid().optional(),
    standard: StandardRef.optional(),
    step: z.string().optional(),
    value: z.unknown().optional(),
    reason: z.string().optional(),
    supersedes: z.uuid().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
    prev: Sha256Hex,
  })
  .strict();
export type JournalRecord = z.infer<typeof JournalRecord>;

/** What a caller supplies; the journal adds format, seq, id, station, time and chain. */
export type EventInput = Omit<JournalRecord, 'v' | 'seq' | 'id' | 'station' | 'at' | 'prev'>;

/** Field order of a written line: fixed, so lines read the same everywhere. */
export const RECORD_FIELD_ORDER = ['v', 'seq', 'id', 'station', 'at', 'actor', 'type', 'run', 'standard', 'step', 'value', 'reason', 'supersedes', 'data', 'prev'] as const;

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The `prev` of a station's first line: a fixed value derived from the station id. */
export function genesisHash(stationId: string): string {
  return sha256Hex(`steadywork-genesis-v1:${stationId}`);
}

