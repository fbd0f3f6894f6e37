import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Journal, MemoryKeyStore, generateStationKeyPem } from '../journal';
import { publish } from '../sync';
import { TEST_NOW } from '../sync/test-support';
import { ManualClock } from '../time/clock';
import { openLedger, type ImportResult, type Ledger, type StationCheck } from '.';

/**
 * Helpers for the incremental verification tests of both ledgers (ledger/incremental.test.ts, ledger/quick-look.test.ts,
 * ledger-pg/ledger-pg.test.ts; not part of the public API).
 */

/** The import options of these tests: the fixed clock, checks in this thread. */
export const importOpts = { nowMs: TEST_NOW, workers: 0 } as const;

/** The verification of a station that was not read again: every segment as remembered, nothing new. */
export const AS_REMEMBERED = { mode: 'incremental', reason: null, read: [] } as const;

/** What the import's report says of one station. */
export const stationCheck = (r: ImportResult, id: string): StationCheck => r.report.stations.find((s) => s.station === id) as StationCheck;

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

export type LiveStation = Awaited<ReturnType<typeof liveStation>>;

/**
 * A share in `root/share` with one live station per entry of `events` (station id → events appended, then published;
 * 0: the station is made but publishes nothing; with `pem`, the station's key), in that order, and the path of a
 * DuckDB ledger beside it.
 */
export async function liveShare<Id extends string>(root: string, events: Record<Id, number | { count: number; pem: string }>) {
  const share = path.join(root, 'share');
  await mkdir(path.join(share, 'stations'), { recursive: true });
  const stations = {} as Record<Id, LiveStation>;
  for (const [id, spec] of Object.entries(events) as Array<[Id, number | { count: number; pem: string }]>) {
    const { count, pem } = typeof spec === 'number' ? { count: spec, pem: undefined } : spec;
    const s = await liveStation(root, share, id, pem);
    if (count > 0) {
      await s.append(count);
      await s.sync();
    }
    stations[id] = s;
  }
  return {
    share,
    db: path.join(root, 'ledger.duckdb'),
    stations,
    async close(): Promise<void> {
      for (const s of Object.values(stations) as LiveStation[]) await s.close();
    },
  };
}

/** `fn` on the DuckDB ledger at `db`, opened for it and closed after. */
export async function withLedger<T>(db: string, fn: (l: Ledger) => Promise<T>): Promise<T> {
  const l = await openLedger(db);
  try {
    return await fn(l);
  } finally {
    l.close();
  }
}

/**
 * One review refresh of `share` (checks in this thread); what it tells of that share. The store is described by its
 * shape only: the ledger does not import the review (which imports the ledger).
 */
export const refreshShare = async <S>(store: { refresh(sources: Array<{ dir: string; kind: 'share'; workers: number }>): Promise<{ sources: S[] }> }, share: string) =>
  (await store.refresh([{ dir: share, kind: 'share', workers: 0 }])).sources[0];

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
