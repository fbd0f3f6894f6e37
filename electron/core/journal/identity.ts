import { readFile } from 'node:fs/promises';
import { writeFileReplacing } from '../files/atomic-write';
import { JournalDamagedError, JournalStateError } from './errors';
import { normalizePublicKey, type StationKey } from './keys';
import { describeBytes, errno, type Flush, type StationIdentity } from './options';

export /** Read or create station.json; refuse a journal of another station or another key. */
async function ensureIdentity(file: string, stationId: string, key: StationKey, flush: Flush): Promise<StationIdentity> {
  const mine: StationIdentity = { stationId, publicKey: key.publicKey, keyId: key.keyId };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (errno(err) !== 'ENOENT') throw err;
    await writeFileReplacing(file, JSON.stringify(mine, null, 2) + '\n', { flush: flush.enabled });
    return mine;
  }
  let found: Partial<StationIdentity>;
  try {
    found = JSON.parse(text) as Partial<StationIdentity>;
  } catch {
    throw new JournalDamagedError(file, 0, 'JSON { stationId, publicKey, keyId }', describeBytes(Buffer.from(text)), 'station.json is not valid JSON.');
  }
  if (found.stationId !== stationId) {
    throw new JournalStateError('JOURNAL_IDENTITY', `This journal belongs to station "${String(found.stationId)}", not "${stationId}" (${file}).`);
  }
  let foundKey: string | null;
  try {
    foundKey = typeof found.publicKey === 'string' ? normalizePublicKey(found.publicKey) : null;
  } catch {
    foundKey = null;
  }
  if (foundKey !== key.publicKey) {
    throw new JournalStateError('JOURNAL_IDENTITY',
      `The station key (keyId ${key.keyId}) is not the key of this journal (station.json keyId ${String(found.keyId)}). ` +
      'Restore the station\'s original key; never delete or replace station.json, or the journal\'s seals cannot be checked.');
  }
  return mine;
}
