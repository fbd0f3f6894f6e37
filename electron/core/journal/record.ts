import { z } from 'zod';
import { StandardRef } from '../standards/schema';
import { JOURNAL_FORMAT } from './record-layout';

export { genesisHash, JOURNAL_FORMAT, RECORD_FIELD_ORDER, sha256Hex } from './record-layout';

/**
 * One line of a station's journal. The journal is the truth: every action is one of these,
 * appended, hash-chained, never edited. See docs/journal.md.
 */
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


