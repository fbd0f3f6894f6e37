import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Journal, MemoryKeyStore, generateStationKeyPem } from '../journal';
import { publish } from '../sync';
import { TEST_NOW } from '../sync/test-support';
import { ManualClock } from '../time/clock';

/**
 * Helpers for the incremental verification tests of both ledgers (ledger/incremental.test.ts, ledger-pg/ledger-pg.test.ts;
 * not part of the public API).
 */

/** A station with a real journal (segments of `perSegment` lines) publishing to `share` at each sync. */
export async function liveStation(root: string, share: string, id: string, pem = generateStationKeyPem(), perSegment = 6) {
  const keyStore = new MemoryKeyStore(pem);
  const clock = new ManualClock(TEST_NOW - 86_400_000);
  await mkdir(root, { recursive: true });
  const journal = await Journal.open({ dir: path.join(root, `journal-${id}`), stationId: id, clock, keyStore, segmentMaxRecords: perSegment });
  let published = 0;
  let n = 0;
  return {
    journal,
    async append(count: number, tag = 'a'): Promise<void> {
      for (let i = 0; i < count; i++) {
        await journal.append({ actor: `artisan-${tag}`, type: 'test.event', value: n++ });
        clock.advance(1000);
      }
    },
    async sync(): Promise<void> {
      if (journal.head.seq > 0) await journal.seal();
      const r = await publish({ share, identity: { stationId: id, name: id, publicKey: journal.publicKey, keyId: journal.keyId }, segments: journal.segmentFiles().closed, publishedThrough: published });
      published = r.head?.seq ?? published;
    },
    close: () => journal.close(),
  };
}

export const segDir = (share: string, id: string) => path.join(share, 'stations', id, 'segments');

/** Change one byte of line `line` (1-based) of a file, keeping its size: a digit of its value. */
export async function rewriteSameSize(file: string, line = 2): Promise<void> {
  const bytes = await readFile(file);
  const lines = bytes.toString('utf8').split('\n');
  const l = lines[line - 1] as string;
  const at = l.indexOf('"value":') + '"value":'.length;
  const digit = l[at] as string;
  lines[line - 1] = l.slice(0, at) + (digit === '9' ? '8' : String(Number(digit) + 1)) + l.slice(at + 1);
  const out = Buffer.from(lines.join('\n'), 'utf8');
  if (out.length !== bytes.length) throw new Error(`rewriteSameSize changed the size of ${file}`);
  await writeFile(file, out);
}
