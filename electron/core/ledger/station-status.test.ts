/**
 * A station's status reads the latest import of its own supplier (issue 11): a ledger holds many suppliers, imported
 * in turn, and another supplier's clean import must not make one supplier's partial station look verified again.
 */
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../sim/simulate';
import { STANDARDS, TEST_NOW, TempDirs } from '../sync/test-support';
import { enrolEveryStation } from '../reports/test-fixture';
import { computeScorecard } from '../reports';
import { openLedger } from './db';
import { importShare } from './import';
import { ledgerStationStatus } from './station-status';

const dirs = new TempDirs();
const opts = { nowMs: TEST_NOW, workers: 0 } as const;
let root: string;
let acmeOriginal: string;
let acmeDamaged: string;
let beta: string;
let acmeStation: string;
let betaStation: string;

beforeAll(async () => {
  root = await dirs.make('sw-status-supplier-');
  acmeOriginal = path.join(root, 'acme');
  beta = path.join(root, 'beta');
  const a = await simulate({ share: acmeOriginal, standardsDir: STANDARDS, stations: 1, days: 3, seed: 21, startDate: '2026-11-16', timeZone: 'Asia/Kolkata' });
  const b = await simulate({ share: beta, standardsDir: STANDARDS, stations: 1, days: 3, seed: 22, startDate: '2026-11-16', timeZone: 'Asia/Kolkata' });
  acmeStation = a.stations[0]?.stationId as string;
  betaStation = b.stations[0]?.stationId as string;
  // Acme's share with one byte changed in the middle segment of its station: that station is partial.
  acmeDamaged = path.join(root, 'acme-damaged');
  await cp(acmeOriginal, acmeDamaged, { recursive: true });
  const segDir = path.join(acmeDamaged, 'stations', acmeStation, 'segments');
  const segs = (await readdir(segDir)).filter((f) => f.endsWith('.jsonl')).sort();
  const seg = path.join(segDir, segs[Math.floor(segs.length / 2)] as string);
  const text = await readFile(seg, 'utf8');
  const at = text.indexOf('"actor":"') + 9;
  await writeFile(seg, text.slice(0, at) + (text[at] === 'x' ? 'y' : 'x') + text.slice(at + 1));
}, 240_000);
afterAll(() => dirs.cleanup());

async function statuses(db: string): Promise<Map<string, { status: string; errors: number; code: string | null }>> {
  const ledger = await openLedger(db);
  try {
    return new Map((await ledgerStationStatus(ledger.conn)).map((r) => [r.stationId, { status: r.status, errors: r.errors, code: r.problem?.code ?? null }]));
  } finally {
    ledger.close();
  }
}

describe('station status per supplier', () => {
  it("another supplier's clean import does not settle a partial station; its own supplier's next import does", async () => {
    const db = path.join(root, 'ledger.duckdb');
    await importShare(acmeDamaged, db, { ...opts, supplier: 'Acme' });
    await enrolEveryStation(db);
    const first = await statuses(db);
    expect(first.get(acmeStation)).toMatchObject({ status: 'partial' });
    expect(first.get(acmeStation)?.errors).toBeGreaterThan(0);

    // Beta's share is imported after: the ledger's latest import is Beta's, with no error.
    await importShare(beta, db, { ...opts, supplier: 'Beta' });
    await enrolEveryStation(db);
    const after = await statuses(db);
    expect(after.get(betaStation)).toMatchObject({ status: 'verified', errors: 0 });
    expect(after.get(acmeStation), "Acme's station is still partial: Beta's import says nothing about it").toMatchObject({ status: 'partial', code: first.get(acmeStation)?.code });
    expect(after.get(acmeStation)?.errors).toBe(first.get(acmeStation)?.errors);
    // The scorecards agree: Acme's has one partial station, Beta's none.
    expect((await computeScorecard(db, { supplier: 'Acme' })).summary.stationsByStatus).toMatchObject({ partial: 1, verified: 0 });
    expect((await computeScorecard(db, { supplier: 'Beta' })).summary.stationsByStatus).toMatchObject({ partial: 0, verified: 1 });

    // Acme's share repaired (the station's original files): Acme's next import settles it.
    await importShare(acmeOriginal, db, { ...opts, supplier: 'Acme' });
    const repaired = await statuses(db);
    expect(repaired.get(acmeStation)).toMatchObject({ status: 'verified', errors: 0 });
    expect(repaired.get(betaStation)).toMatchObject({ status: 'verified', errors: 0 });
  }, 120_000);
});
