import path from 'node:path';
import { mkdir, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal, keyIdOf, MemoryKeyStore, generateStationKeyPem } from '../journal';
import { writeJournalFixture } from '../journal/fixture';
import { publish } from '../sync';
import { TEST_NOW, TempDirs } from '../sync/test-support';
import { ManualClock } from '../time/clock';
import { importShare, verifyShare, type LedgerProblem, type ShareReport } from '.';

/** The ledger over time: clocks in the events, and stations whose history grows or is rewritten between imports. */
const dirs = new TempDirs();
let root: string;
const opts = { nowMs: TEST_NOW, workers: 0 } as const;
let dbCounter = 0;
const newDb = () => path.join(root, `db-${++dbCounter}.duckdb`);
const errorsOf = (r: ShareReport) => r.problems.filter((p) => p.severity === 'error');
const expectProblem = (r: ShareReport, match: Partial<LedgerProblem>) => expect(errorsOf(r)).toContainEqual(expect.objectContaining(match));

beforeAll(async () => {
  root = await dirs.make('sw-ledger-history-');
});
afterAll(() => dirs.cleanup());

describe('clocks', () => {
  it('reports a clock that goes back, and events dated in the future, as warnings', async () => {
    const share = path.join(root, 'clock');
    await mkdir(path.join(share, 'stations'), { recursive: true });
    const clock = new ManualClock(Date.parse('2026-11-23T08:00:00+05:30'), 'Asia/Kolkata');
    const keyStore = new MemoryKeyStore();
    const dir = path.join(root, 'clock-journal');
    const journal = await Journal.open({ dir, stationId: 'clock-station', clock, keyStore });
    await journal.append({ actor: 'a', type: 'test.event' });
    clock.advance(60_000);
    await journal.append({ actor: 'a', type: 'test.event' });
    clock.advance(-2 * 3600_000); // set back by two hours
    await journal.append({ actor: 'a', type: 'test.event' });
    clock.advance(-60_000); // one minute: tolerated
    await journal.append({ actor: 'a', type: 'test.event' });
    clock.set(TEST_NOW + 3 * 86_400_000); // three days after "now"
    await journal.append({ actor: 'a', type: 'test.event' });
    await journal.seal();
    const files = journal.segmentFiles();
    await journal.close();
    await publish({ share, identity: { stationId: 'clock-station', name: 'Clock', publicKey: journal.publicKey, keyId: journal.keyId }, segments: files.closed });
    const report = await verifyShare(share, opts);
    expect(report.ok).toBe(true);
    expect(report.problems.map((p) => [p.code, p.severity, p.line])).toEqual([
      ['CLOCK_BACKWARDS', 'warning', 3],
      ['CLOCK_FUTURE', 'warning', 5],
    ]);
    const imported = await importShare(share, newDb(), opts);
    expect(imported.eventsAdded).toBe(6);
    expect(imported.report.problems.map((p) => p.code)).toEqual(['CLOCK_BACKWARDS', 'CLOCK_FUTURE']);
  });
});

describe('stations whose history grows, or is rewritten, between imports', () => {
  async function fixtureStation(share: string, pem: string, stationId: string, events: number, tag: string) {
    const dir = path.join(root, `fx-${tag}`);
    await rm(dir, { recursive: true, force: true });
    const keyStore = new MemoryKeyStore(pem);
    await writeJournalFixture({ dir, stationId, keyStore, events, segmentMaxRecords: 20, sealEnd: true, startMs: Date.parse('2026-11-20T06:00:00Z'),
      event: (i) => ({ actor: `artisan-${tag}`, type: 'test.event', value: i }) });
    const journal = await Journal.open({ dir, stationId, clock: new ManualClock(TEST_NOW - 86_400_000), keyStore });
    const files = journal.segmentFiles();
    await journal.close();
    return publish({ share, identity: { stationId, name: tag, publicKey: journal.publicKey, keyId: keyIdOf(journal.publicKey) }, segments: files.closed });
  }

  it('imports only what is new', async () => {
    const share = path.join(root, 'grow');
    await mkdir(path.join(share, 'stations'), { recursive: true });
    const pem = generateStationKeyPem();
    await fixtureStation(share, pem, 'grow-station', 50, 'a');
    const db = newDb();
    const first = await importShare(share, db, opts);
    expect(first.eventsAdded).toBe(53); // 50 events, 3 seals
    // The same station later: its journal continued (same first 50 events), published again.
    const fx = path.join(root, 'fx-a');
    const keyStore = new MemoryKeyStore(pem);
    const journal = await Journal.open({ dir: fx, stationId: 'grow-station', clock: new ManualClock(TEST_NOW - 3600_000), keyStore });
    for (let i = 0; i < 30; i++) await journal.append({ actor: 'x', type: 'test.more' });
    await journal.seal();
    const files = journal.segmentFiles();
    await journal.close();
    await publish({ share, identity: { stationId: 'grow-station', name: 'a', publicKey: journal.publicKey, keyId: journal.keyId }, segments: files.closed });
    const second = await importShare(share, db, opts);
    expect(second.report.ok).toBe(true);
    expect(second.eventsAdded).toBe(31);
    expect((await importShare(share, db, opts)).eventsAdded).toBe(0);
  });

  it('detects a rewritten history (a fork against what was imported)', async () => {
    const share = path.join(root, 'rewrite');
    await mkdir(path.join(share, 'stations'), { recursive: true });
    const pem = generateStationKeyPem();
    await fixtureStation(share, pem, 'fork-station', 50, 'one');
    const db = newDb();
    expect((await importShare(share, db, opts)).eventsAdded).toBe(53);
    // Another history with the same key and id (a station restored from an old backup, then used): replaces the files.
    await rm(path.join(share, 'stations', 'fork-station'), { recursive: true });
    await fixtureStation(share, pem, 'fork-station', 70, 'two');
    const again = await importShare(share, db, opts);
    expectProblem(again.report, { station: 'fork-station', code: 'HISTORY_REWRITTEN' });
    expect(again.eventsAdded).toBe(0);
    expect(again.stations[0]?.status).toBe('rejected');
  });
});
