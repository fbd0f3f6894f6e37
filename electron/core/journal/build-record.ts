import { newId } from './ids';
import { JournalRecord, JOURNAL_FORMAT, type EventInput } from './record';
import { assertPlainJson, serializeRecord } from './format';
import { JournalInputError } from './errors';
import { zodMessage } from './options';

const INPUT_FIELDS = ['actor', 'type', 'run', 'standard', 'step', 'value', 'reason', 'supersedes', 'data'] as const;
const INPUT_KEYS: ReadonlySet<string> = new Set(INPUT_FIELDS);

/**
 * The record (and its line, without "\n") an appended event becomes: the caller's fields, checked, plus what the
 * journal sets itself (v, seq, id, station, at, prev). Throws JournalInputError for an event that cannot be written.
 */
export function buildRecord(input: EventInput, own: { seq: number; stationId: string; at: string; prev: string }): { record: JournalRecord; line: string } {
  for (const k of Object.keys(input)) {
    if (!INPUT_KEYS.has(k)) throw new JournalInputError(`Unknown event field "${k}": the journal sets v, seq, id, station, at and prev itself.`);
  }
  try {
    if (input.value !== undefined) assertPlainJson(input.value, 'value');
    if (input.data !== undefined) assertPlainJson(input.data, 'data');
  } catch (err) {
    throw new JournalInputError((err as Error).message, { cause: err });
  }
  // Only the fields given (zod is faster without explicit undefined), in the written order.
  const candidate: Record<string, unknown> = { v: JOURNAL_FORMAT, seq: own.seq, id: newId(), station: own.stationId, at: own.at };
  const src = input as Record<string, unknown>;
  for (const k of INPUT_FIELDS) if (src[k] !== undefined) candidate[k] = src[k];
  candidate.prev = own.prev;
  const parsed = JournalRecord.safeParse(candidate);
  if (!parsed.success) throw new JournalInputError(`Invalid event: ${zodMessage(parsed.error.issues)}`, { cause: parsed.error });
  const line = serializeRecord(parsed.data);
  return { record: JSON.parse(line) as JournalRecord, line };
}
