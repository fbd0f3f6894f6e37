/**
 * Station enrolment (issue 11, item 2; docs/ledger.md "Enrolment"): a new station awaits enrolment and counts nowhere;
 * a copied station folder with a fresh key that claims an enrolled name is an alarm, not a second row; a changed key is
 * an alarm; a renamed station shows its signed history; a second ledger agrees through the exported list.
 */
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateStationKeyPem, stationKeyFromPem } from '../journal';
import { computeScorecard } from '../reports';
import { simulate } from '../sim/simulate';
import { STANDARDS, TempDirs } from '../sync/test-support';
import { closeStations, doRun, openStation } from '../composition/review-test-support';
import { openLedger } from './db';
import { enrolmentList, enrolStation, exportEnrolment, importEnrolment, parseEnrolmentFile, type EnrolmentRow } from './enrolment';
import { importShare } from './import';

const dirs = new TempDirs();
let root: string;
let share: string;
let other: string;
beforeAll(async () => {
  root = await dirs.make('sw-enrol-');
  share = path.join(root, 'share');
  other = path.join(root, 'other');
  await simulate({ share, standardsDir: STANDARDS, stations: 2, days: 2, seed: 5, startDate: '2026-11-16' });
  // Another simulation: its first station has the same name as ours, another id and another key.
  await simulate({ share: other, standardsDir: STANDARDS, stations: 1, days: 1, seed: 77, startDate: '2026-11-16' });
}, 120_000);
afterAll(() => dirs.cleanup());

async function withLedger<T>(db: string, work: (conn: Awaited<ReturnType<typeof openLedger>>['conn']) => Promise<T>): Promise<T> {
  const ledger = await openLedger(db);
  try {
    return await work(ledger.conn);
  } finally {
    ledger.close();
  }
}

const enrolAll = (db: string) =>
  withLedger(db, async (conn) => {
    for (const s of await enrolmentList(conn)) if (s.status === 'awaiting') await enrolStation(conn, { stationId: s.stationId, keyId: s.keyId as string, by: 'Test' });
  });

describe('enrolment', () => {
  it('a new station awaits enrolment and counts nowhere; enrolled, it counts', async () => {
    const db = path.join(root, 'a.duckdb');
    const result = await importShare(share, db, { workers: 0 });
    expect(result.report.ok).toBe(true);
    expect(result.enrolment.map((s) => s.status)).toEqual(['awaiting', 'awaiting']);
    expect(result.enrolment.every((s) => s.signedName && s.names.length === 1 && /^\d{4} \d{4} \d{4} \d{4}$/.test(s.fingerprint ?? ''))).toBe(true);
    // Listed, awaiting enrolment, counted nowhere.
    const before = await computeScorecard(db);
    expect(before.stations.map((s) => s.status)).toEqual(['awaiting_enrolment', 'awaiting_enrolment']);
    expect(before.summary.runs).toBe(0);
    await enrolAll(db);
    const card = await computeScorecard(db);
    expect(card.stations.map((s) => s.stationName).sort()).toEqual(result.enrolment.map((s) => s.name).sort());
  });

  it('a copied station folder with a fresh key claiming an enrolled name is an alarm (NAME_CLAIMED), not a second row, and cannot be enrolled', async () => {
    const db = path.join(root, 'b.duckdb');
    const bad = path.join(root, 'share-copied');
    await cp(share, bad, { recursive: true });
    await importShare(bad, db, { workers: 0 });
    await enrolAll(db);
    const [stranger] = await readdir(path.join(other, 'stations'));
    await cp(path.join(other, 'stations', stranger as string), path.join(bad, 'stations', stranger as string), { recursive: true });

    const result = await importShare(bad, db, { workers: 0 });
    const row = result.enrolment.find((s) => s.stationId === stranger) as EnrolmentRow;
    const holder = result.enrolment.find((s) => s.stationId !== stranger && s.name === row.name) as EnrolmentRow;
    expect(holder.status).toBe('enrolled');
    expect(row).toMatchObject({ status: 'alarm', signedName: true, alarms: [{ code: 'NAME_CLAIMED', otherStation: holder.stationId }] });
    expect(result.report.ok).toBe(false);
    expect(result.report.problems).toContainEqual(expect.objectContaining({ station: stranger, code: 'NAME_CLAIMED', severity: 'error' }));
    // Verified and listed, but the scorecard still has one row of that name.
    const card = await computeScorecard(db);
    // (the stranger is listed too, flagged: never counted)
    const counted = card.stations.filter((s) => s.status === 'verified');
    expect(counted.filter((s) => s.stationName === row.name)).toHaveLength(1);
    expect(counted.map((s) => s.stationId)).not.toContain(stranger);
    await expect(withLedger(db, (conn) => enrolStation(conn, { stationId: stranger as string, keyId: row.keyId as string, by: 'Test' }))).rejects.toMatchObject({ code: 'NAME_TAKEN' });
  });

  it('a station whose key changed is an alarm (KEY_CHANGED): nothing more imported, and it cannot be enrolled again with the new key', async () => {
    const db = path.join(root, 'c.duckdb');
    const bad = path.join(root, 'share-rekeyed');
    await cp(share, bad, { recursive: true });
    await importShare(bad, db, { workers: 0 });
    await enrolAll(db);
    const [victim] = (await readdir(path.join(bad, 'stations'))).sort();
    const file = path.join(bad, 'stations', victim as string, 'station.json');
    const identity = JSON.parse(await readFile(file, 'utf8')) as { publicKey: string; keyId: string };
    const fresh = stationKeyFromPem(generateStationKeyPem());
    await writeFile(file, JSON.stringify({ ...identity, publicKey: fresh.publicKey, keyId: fresh.keyId }));
    const result = await importShare(bad, db, { workers: 0 });
    const row = result.enrolment.find((s) => s.stationId === victim) as EnrolmentRow;
    expect(row).toMatchObject({ status: 'alarm', keyId: identity.keyId, alarms: [expect.objectContaining({ code: 'KEY_CHANGED' })] });
    await expect(withLedger(db, (conn) => enrolStation(conn, { stationId: victim as string, keyId: fresh.keyId, by: 'Test' }))).rejects.toMatchObject({ code: 'KEY_MISMATCH' });
  });

  it('a second ledger agrees through the exported list; a station it enrolled with another key is a conflict, not applied', async () => {
    const db = path.join(root, 'd.duckdb');
    await importShare(share, db, { workers: 0 });
    await enrolAll(db);
    const doc = parseEnrolmentFile(JSON.stringify(await withLedger(db, (conn) => exportEnrolment(conn))), 'list.json');
    expect(doc.stations).toHaveLength(2);

    // The second computer takes the list before its first import: the stations are enrolled and count at once.
    const db2 = path.join(root, 'd2.duckdb');
    const taken = await withLedger(db2, (conn) => importEnrolment(conn, doc));
    expect(taken).toMatchObject({ added: doc.stations.map((s) => s.stationId), unchanged: [], conflicts: [] });
    const result = await importShare(share, db2, { workers: 0 });
    expect(result.enrolment.map((s) => s.status)).toEqual(['enrolled', 'enrolled']);
    expect((await computeScorecard(db2)).stations).toHaveLength(2);
    expect(await withLedger(db2, (conn) => importEnrolment(conn, doc))).toMatchObject({ added: [], unchanged: doc.stations.map((s) => s.stationId) });

    // A list that enrolled another key for one of them: reported, never applied.
    const fresh = stationKeyFromPem(generateStationKeyPem());
    const forged = { ...doc, stations: [{ ...(doc.stations[0] as (typeof doc.stations)[number]), publicKey: fresh.publicKey, keyId: fresh.keyId }] };
    const r = await withLedger(db2, (conn) => importEnrolment(conn, forged));
    expect(r.conflicts).toEqual([expect.objectContaining({ code: 'KEY_CHANGED', stationId: doc.stations[0]?.stationId })]);
    expect((await computeScorecard(db2)).stations).toHaveLength(2);
    expect(() => parseEnrolmentFile('{"kind":"something else"}', 'x.json')).toThrow(/x\.json is not a Steadywork enrolment list/);
  });
});

describe('a renamed station', () => {
  it('has its names as signed events; the ledger shows the history and never takes the name from station.json', async () => {
    try {
      const s = await openStation(path.join(root, 'renamed-station'));
      const pub = path.join(root, 'rename-share');
      await mkdir(pub);
      await s.value('settings.update', { session: s.session, settings: { sharePath: pub, stationName: 'Gluing A' } });
      await doRun(s, 'station-start-check', 'asha-devi');
      await s.value('settings.update', { session: s.session, settings: { stationName: 'Gluing bench 2' } });
      await s.app.sync.syncNow();
      // station.json is not signed: whatever it says, the ledger keeps the signed name.
      const file = path.join(pub, 'stations', s.app.stationId, 'station.json');
      await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), name: 'Forged name' }));
      const db = path.join(root, 'rename.duckdb');
      const result = await importShare(pub, db, { workers: 0 });
      const row = result.enrolment[0] as EnrolmentRow;
      expect(row.name).toBe('Gluing bench 2');
      expect(row.signedName).toBe(true);
      expect(row.names.map((n) => n.name).slice(-2)).toEqual(['Gluing A', 'Gluing bench 2']);
      expect(row.names.at(-1)?.signer).toBeTruthy();
      await enrolAll(db);
      expect((await computeScorecard(db)).stations.map((x) => x.stationName)).toEqual(['Gluing bench 2']);
    } finally {
      await closeStations();
    }
  }, 60_000);
});
