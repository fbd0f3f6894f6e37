import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal, MemoryKeyStore, generateStationKeyPem } from '../journal';
import { publish } from '../sync';
import { TEST_NOW, TempDirs } from '../sync/test-support';
import { ManualClock } from '../time/clock';
import { freshDatabase } from '../../../test/support/pg';
import { importShareToPg } from '../ledger-pg';
import { importShare, openLedger, readKnown, verifyShare, type LedgerProblem, type StationCheck } from '.';

/**
 * The clock check across an incremental import: the new segment is verified alone, chained from the remembered head,
 * and its first event is compared with the head's time as the ledger holds it (KnownStation.headAt), in both ledgers.
 */
const dirs = new TempDirs();
let root: string;
const opts = { nowMs: TEST_NOW, workers: 0 } as const;

beforeAll(async () => {
  root = await dirs.make('sw-clock-boundary-');
});
afterAll(() => dirs.cleanup());

/** A station whose first segment is published; `more()` then sets its clock back two hours and publishes a second one. */
async function station(name: string) {
  const share = path.join(root, name, 'share');
  await mkdir(path.join(share, 'stations'), { recursive: true });
  const clock = new ManualClock(TEST_NOW - 86_400_000, 'Asia/Kolkata');
  const journal = await Journal.open({ dir: path.join(root, name, 'journal'), stationId: 'st-clock', clock, keyStore: new MemoryKeyStore(generateStationKeyPem()) });
  const sync = async () => {
    await journal.seal();
    await publish({ share, identity: { stationId: 'st-clock', name: 'Clock', publicKey: journal.publicKey, keyId: journal.keyId }, segments: journal.segmentFiles().closed });
  };
  for (let i = 0; i < 5; i++) {
    await journal.append({ actor: 'a', type: 'test.event', value: i });
    clock.advance(60_000);
  }
  await sync();
  const head = journal.head.seq;
  return {
    share,
    head,
    async more(): Promise<void> {
      clock.advance(-2 * 3600_000);
      for (let i = 0; i < 3; i++) {
        await journal.append({ actor: 'a', type: 'test.event', value: i });
        clock.advance(60_000);
      }
      await sync();
      await journal.close();
    },
  };
}

const checkOf = (r: { report: { stations: StationCheck[] } }) => r.report.stations[0] as StationCheck;
const clockProblems = (r: { report: { problems: LedgerProblem[] } }) => r.report.problems.filter((p) => p.code === 'CLOCK_BACKWARDS');
const segment2 = (head: number) => `stations/st-clock/segments/segment-${String(head + 1).padStart(12, '0')}.jsonl`;

describe('a clock going back across an incremental import', () => {
  it('is found between the last event imported before and the first of the new segment (DuckDB ledger, and verify with it)', async () => {
    const st = await station('duck');
    const db = path.join(root, 'duck', 'ledger.duckdb');
    const first = await importShare(st.share, db, opts);
    expect(first.report.problems).toEqual([]);
    // A copy of the ledger without the head's event: the check then has no starting point (as before: nothing said).
    const lacking = path.join(root, 'duck', 'lacking.duckdb');
    await copyFile(db, lacking);
    const l = await openLedger(lacking);
    await l.conn.run(`DELETE FROM event_rows WHERE seq = ${st.head}`);
    const knownLacking = await readKnown(l.conn);
    l.close();
    expect(knownLacking.stations.get('st-clock')?.headAt).toBeUndefined();

    await st.more();
    const ledger = await openLedger(db);
    const known = await readKnown(ledger.conn);
    const [headRow] = (await ledger.conn.runAndReadAll(`SELECT at_text FROM events WHERE seq = ${st.head}`)).getRowObjectsJS();
    ledger.close();
    const headAt = String(headRow?.at_text);
    expect(known.stations.get('st-clock')?.headAt).toBe(headAt);
    expect(headAt).toMatch(/\+05:30$/);

    const expected = { code: 'CLOCK_BACKWARDS', severity: 'warning', file: segment2(st.head), line: 1, seq: st.head + 1, expected: expect.stringContaining(`a time after ${headAt} (the event before)`) };
    const verified = await verifyShare(st.share, { ...opts, known });
    expect(checkOf({ report: verified }).verification.mode).toBe('incremental');
    expect(clockProblems({ report: verified })).toEqual([expect.objectContaining(expected)]);
    expect(clockProblems({ report: await verifyShare(st.share, { ...opts, known: knownLacking }) })).toEqual([]);

    const second = await importShare(st.share, db, opts);
    expect(checkOf(second).verification.mode).toBe('incremental');
    expect(clockProblems(second)).toEqual([expect.objectContaining(expected)]);
    expect(second.eventsAdded).toBe(4); // a warning: the events are imported
  });

  it('is found in the PostgreSQL ledger too (its head time read with the heads)', async () => {
    const db = await freshDatabase();
    try {
      const st = await station('pg');
      const pgOpts = { ...opts, supplier: 'Acme' } as const;
      expect((await importShareToPg(st.share, db.url, pgOpts)).report.problems).toEqual([]);
      await st.more();
      const second = await importShareToPg(st.share, db.url, pgOpts);
      expect(checkOf(second).verification.mode).toBe('incremental');
      expect(clockProblems(second)).toEqual([expect.objectContaining({ code: 'CLOCK_BACKWARDS', file: segment2(st.head), line: 1, seq: st.head + 1 })]);
      expect(second.eventsAdded).toBe(4);
    } finally {
      await db.drop();
    }
  }, 60_000);
});
