import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EnrolmentStation, type ProcurementStatus, type ScorecardView } from '../../contract';
import { MemoryKeyStore } from '../journal';
import { memorySettingsStore } from '../settings';
import { simulate } from '../sim/simulate';
import { ManualClock } from '../time/clock';
import { createStationApp, type StationApp } from '../composition/station-app';
import { channelCaller, setUpStation, TEST_APP_DEFAULTS, TEST_SUPERVISOR } from '../composition/test-support';
import { memoryLogger } from '../log/logger';
import { Procurement } from './service';
import { freshDatabase } from '../../../test/support/pg';

const STANDARDS = resolve(__dirname, '../../../assets/standards');
const NOW = Date.parse('2026-11-27T08:05:00+05:30');

let root: string;
let share: string;
const apps: StationApp[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sw-procurement-'));
  share = join(root, 'share');
  await simulate({ share, standardsDir: STANDARDS, stations: 3, days: 3, seed: 11, startDate: '2026-11-20', timeZone: 'Asia/Kolkata' });
}, 120_000);

afterAll(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close().catch(() => undefined)));
  await rm(root, { recursive: true, force: true });
});

async function openApp() {
  const dataDir = await mkdtemp(join(root, 'data-'));
  const app = await createStationApp({ ...TEST_APP_DEFAULTS, dataDir, clock: new ManualClock(NOW, 'Asia/Kolkata'), keyStore: new MemoryKeyStore(), settings: memorySettingsStore() });
  apps.push(app);
  const { call, value } = channelCaller(app);
  await setUpStation(value);
  const { session } = await value<{ session: string }>('supervisor.unlock', { pin: TEST_SUPERVISOR.pin });
  /** Polls procurement.status like the screen does, until the import is no longer running. */
  const settle = async (): Promise<ProcurementStatus> => {
    const seen: string[] = [];
    for (let i = 0; i < 600; i++) {
      const s = await value<ProcurementStatus>('procurement.status', { session });
      if (s.progress) seen.push(s.progress.phase);
      if (s.state !== 'running') return s;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the import did not finish (phases seen: ${seen.join(', ')})`);
  };
  return { app, dataDir, session, call, value, settle };
}

describe('procurement channels', () => {
  it('are refused without a live supervisor session, and check their arguments', async () => {
    const { call, session } = await openApp();
    const fake = 'ab'.repeat(16);
    for (const [name, args] of [
      ['procurement.import', { session: fake, source: share }],
      ['procurement.status', { session: fake }],
      ['procurement.scorecard', { session: fake }],
      ['procurement.export', { session: fake, format: 'xlsx', out: join(root, 'x.xlsx') }],
    ] as const) {
      const r = await call(name, args);
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(r.error.code, name).toBe('SUPERVISOR_REQUIRED');
    }
    const relative = await call('procurement.import', { session, source: 'share' });
    expect(relative.ok).toBe(false);
    if (!relative.ok) expect(relative.error).toMatchObject({ code: 'BAD_ARGUMENTS', message: expect.stringMatching(/full path/) });
    const badFormat = await call('procurement.export', { session, format: 'pdf', out: join(root, 'x.pdf') });
    expect(badFormat.ok).toBe(false);
    const noSession = await call('procurement.status', {});
    expect(noSession.ok).toBe(false);
  });

  it('imports a simulated share in the background, reaches done, and a second import adds nothing', async () => {
    const { value, call, session, settle } = await openApp();
    const idle = await value<ProcurementStatus>('procurement.status', { session });
    expect(idle).toMatchObject({ state: 'idle', ledgerExists: false });
    expect(idle.exportDefaults.xlsx).toMatch(/scorecard\.xlsx$/);
    const noLedger = await call('procurement.scorecard', { session });
    expect(noLedger.ok ? null : noLedger.error.code).toBe('NO_LEDGER');

    const started = await value<{ importId: number }>('procurement.import', { session, source: share });
    expect(started.importId).toBeGreaterThan(0);
    const again = await call('procurement.import', { session, source: share });
    expect(again.ok ? null : again.error.code).toBe('IMPORT_RUNNING');

    const first = await settle();
    expect(first.state, JSON.stringify(first.error)).toBe('done');
    expect(first.ledgerExists).toBe(true);
    expect(first.result?.ok).toBe(true);
    expect(first.result?.errors).toBe(0);
    expect(first.result?.stations).toHaveLength(3);
    expect(first.result?.stations.every((s) => s.status === 'imported' && s.added > 0)).toBe(true);
    expect(first.result?.eventsAdded).toBe(first.result?.events);
    // JSON-safe: it survives the trip through JSON unchanged.
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);

    await value('procurement.import', { session, source: share });
    const second = await settle();
    expect(second.state).toBe('done');
    expect(second.result?.eventsAdded).toBe(0);
    expect(second.result?.stations.every((s) => s.status === 'up_to_date' && s.added === 0)).toBe(true);
  }, 120_000);

  it('tells a wrong folder at once, naming it', async () => {
    const { call, session, settle } = await openApp();
    const missing = join(root, 'no-such-share');
    const r = await call('procurement.import', { session, source: missing });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('SHARE_NOT_FOUND');
      expect(r.error.message).toContain(missing);
    }
    // A folder that exists but is not a share: the import starts, then fails with the folder named.
    const empty = await mkdtemp(join(root, 'empty-'));
    const started = await call('procurement.import', { session, source: empty });
    expect(started.ok).toBe(true);
    const status = await settle();
    expect(status.state).toBe('failed');
    expect(status.error?.code).toBe('SHARE_NOT_STEADYWORK');
    expect(status.error?.message).toContain(empty);
  });

  it('reports a changed byte with its station, file and line, and still imports the other stations', async () => {
    const { value, session, settle, dataDir } = await openApp();
    const tampered = join(dataDir, 'tampered');
    await (await import('node:fs/promises')).cp(share, tampered, { recursive: true });
    const stations = (await readdir(join(tampered, 'stations'))).sort();
    const station = stations[1] as string;
    const segs = (await readdir(join(tampered, 'stations', station, 'segments'))).filter((f) => f.endsWith('.jsonl')).sort();
    const seg = segs[1] as string;
    const file = join(tampered, 'stations', station, 'segments', seg);
    const text = await readFile(file, 'utf8');
    const at = text.indexOf('"actor":"') + 9;
    await writeFile(file, text.slice(0, at) + (text[at] === 'x' ? 'y' : 'x') + text.slice(at + 1));

    await value('procurement.import', { session, source: tampered });
    const status = await settle();
    expect(status.state).toBe('done');
    const result = status.result!;
    expect(result.ok).toBe(false);
    const problem = result.problems.find((p) => p.severity === 'error');
    expect(problem).toMatchObject({ station, file: `stations/${station}/segments/${seg}` });
    expect(problem!.line).toBeGreaterThan(0);
    expect(result.stations.find((s) => s.station === station)?.status).toMatch(/partial|rejected/);
    expect(result.stations.filter((s) => s.station !== station).every((s) => s.status === 'imported')).toBe(true);
  }, 120_000);

  it('answers the scorecard and writes an Excel export', async () => {
    const { value, call, session, settle, dataDir } = await openApp();
    await value('procurement.import', { session, source: share });
    expect((await settle()).state).toBe('done');
    // New stations await enrolment: listed with their signed names and keys, counted nowhere.
    const { stations } = await value<{ stations: EnrolmentStation[] }>('procurement.enrolment', { session });
    expect(stations).toHaveLength(3);
    expect(stations.every((s) => s.status === 'awaiting' && s.signedName && /^[0-9a-f]{16}$/.test(s.keyId ?? '') && /^\d{4} \d{4} \d{4} \d{4}$/.test(s.fingerprint ?? ''))).toBe(true);
    const waiting = await value<ScorecardView>('procurement.scorecard', { session });
    expect(waiting.stations.map((s) => s.status)).toEqual(['awaiting_enrolment', 'awaiting_enrolment', 'awaiting_enrolment']);
    expect(waiting.summary.runs).toBe(0);
    // Enrolling needs the key compared with the station's: another key id is refused.
    const first = stations[0] as EnrolmentStation;
    expect(await call('procurement.enrol', { session, stationId: first.stationId, keyId: 'ffffffffffffffff' })).toMatchObject({ ok: false, error: { code: 'ENROL_KEY_MISMATCH' } });
    for (const s of stations) {
      expect(await value<EnrolmentStation>('procurement.enrol', { session, stationId: s.stationId, keyId: s.keyId })).toMatchObject({ status: 'enrolled', enrolment: { keyId: s.keyId, by: TEST_SUPERVISOR.name, source: 'here' } });
    }
    const card = await value<ScorecardView>('procurement.scorecard', { session });
    expect(card.stations).toHaveLength(3);
    expect(card.summary.runs).toBeGreaterThan(0);
    expect('runs' in card).toBe(false);
    const out = join(dataDir, 'exports', 'card.xlsx');
    const { files } = await value<{ files: string[] }>('procurement.export', { session, format: 'xlsx', out });
    expect(files).toContain(out);
    expect(existsSync(out)).toBe(true);
  }, 120_000);
});

/** Waits until the import of `p` is no longer running. */
async function done(p: Procurement): Promise<ProcurementStatus> {
  for (let i = 0; i < 1200; i++) {
    const s = await p.status();
    if (s.state !== 'running') return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the import did not finish');
}

describe('procurement imports in the app log', () => {
  it('an import with problems: one line with its figures, then each problem with its code, file and station', async () => {
    const damaged = join(root, 'damaged-share');
    await cp(share, damaged, { recursive: true });
    const station = (await readdir(join(damaged, 'stations')))[0] as string;
    const segDir = join(damaged, 'stations', station, 'segments');
    const seg = join(segDir, (await readdir(segDir)).filter((f) => f.endsWith('.jsonl')).sort()[0] as string);
    const text = await readFile(seg, 'utf8');
    const at = text.indexOf('"actor":"') + 9;
    await writeFile(seg, text.slice(0, at) + (text[at] === 'x' ? 'y' : 'x') + text.slice(at + 1));
    const logger = memoryLogger();
    const p = new Procurement({ dataDir: await mkdtemp(join(root, 'data-log-')), logger });
    expect((await p.start(damaged)).ok).toBe(true);
    const s = await done(p);
    expect(s.state).toBe('done');
    expect(logger.lines[0]).toEqual({ level: 'error', message: expect.stringMatching(new RegExp(`^Import 1 of ${damaged.replace(/[/\\-]/g, '\\$&')}: \\d+ events added from 3 stations; [1-9]\\d* errors, \\d+ warnings\\.$`)) });
    expect(logger.lines.slice(1)).toContainEqual({ level: 'warn', message: expect.stringMatching(new RegExp(`^Import 1: error [A-Z_]+ at stations/${station}/segments/segment-\\d+\\.jsonl line \\d+ \\(station ${station}\\): .+`)) });
    await p.close();
  });

  it('an import that fails is an error line naming the folder and the reason', async () => {
    const logger = memoryLogger();
    const p = new Procurement({ dataDir: await mkdtemp(join(root, 'data-fail-')), logger, importShare: async () => { throw new Error('disk gone'); } });
    expect((await p.start(share)).ok).toBe(true);
    expect((await done(p)).state).toBe('failed');
    expect(logger.lines).toEqual([{ level: 'error', message: expect.stringMatching(new RegExp(`^Import of ${share.replace(/[/\\-]/g, '\\$&')} failed \\([A-Z_]+\\): .*disk gone`)) }]);
    await p.close();
  });
});

describe('the supplier of a DuckDB import from the screen', () => {
  it("is the one typed, else the share's supplier.json (as steadywork import), else none (the ledger's default)", async () => {
    const seen: Array<string | undefined> = [];
    const p = new Procurement({ dataDir: await mkdtemp(join(root, 'data-supplier-')), importShare: async (_dir, _db, opts) => { seen.push(opts?.supplier); throw new Error('stop here'); } });
    const named = await mkdtemp(join(root, 'share-named-'));
    await writeFile(join(named, 'supplier.json'), '{"supplier":"Acme Cartons"}\n');
    const unnamed = await mkdtemp(join(root, 'share-unnamed-'));
    for (const [dir, typed] of [[named, undefined], [named, 'Bharat Boxes'], [unnamed, undefined]] as const) {
      expect((await p.start(dir, typed)).ok).toBe(true);
      expect((await done(p)).state).toBe('failed');
    }
    expect(seen).toEqual(['Acme Cartons', 'Bharat Boxes', undefined]);
    await p.close();
  });
});

describe('procurement imports into the PostgreSQL ledger', () => {
  it('verify only what is new, and every file again when asked ("Check every file again"): a rewritten old segment is then reported', async () => {
    const db = await freshDatabase();
    try {
      const dataDir = await mkdtemp(join(root, 'data-pg-'));
      const p = new Procurement({ dataDir, settings: memorySettingsStore() });
      expect((await p.setLedger('postgres', db.url)).ok).toBe(true);
      const mine = join(root, 'share-pg');
      await cp(share, mine, { recursive: true });
      const run = async (full: boolean) => {
        expect((await p.start(mine, 'Acme', full)).ok).toBe(true);
        await p.idle();
        const s = await p.status();
        expect(s.state, JSON.stringify(s.error)).toBe('done');
        return s.result as NonNullable<ProcurementStatus['result']>;
      };
      const initial = await run(false);
      expect(initial).toMatchObject({ ok: true, fullCheck: false, notReadAgain: 0 }); // nothing imported before: all read
      // One byte of an old segment changed, the size kept: not read again by the usual import, reported by the full one.
      const station = (await readdir(join(mine, 'stations'))).sort()[0] as string;
      const segDir = join(mine, 'stations', station, 'segments');
      const first = (await readdir(segDir)).filter((f) => f.endsWith('.jsonl')).sort()[0] as string;
      const text = await readFile(join(segDir, first), 'utf8');
      const at = text.indexOf('"actor":"') + 9;
      await writeFile(join(segDir, first), text.slice(0, at) + (text[at] === 'x' ? 'y' : 'x') + text.slice(at + 1));
      const quick = await run(false);
      expect(quick.ok).toBe(true);
      expect(quick.eventsAdded).toBe(0);
      // The screen says so: the files imported before were not read again, for every station.
      expect(quick).toMatchObject({ fullCheck: false, notReadAgain: initial.stations.length });
      const full = await run(true);
      expect(full.ok).toBe(false);
      expect(full).toMatchObject({ fullCheck: true, notReadAgain: 0 });
      expect(full.problems).toContainEqual(expect.objectContaining({ code: 'HISTORY_REWRITTEN', station, file: `stations/${station}/segments/${first}` }));
      expect(full.stations.find((s) => s.station === station)?.status).toBe('rejected');
      expect(full.eventsAdded).toBe(0);
      await p.close();
    } finally {
      await db.drop();
    }
  }, 120_000);
});
