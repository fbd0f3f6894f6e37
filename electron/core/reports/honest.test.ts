/**
 * Honest scorecards and procurement-grade exports, on a real import of a simulated share in which one station is
 * partial (one byte changed in one of its segments) and one is rejected (its station.json deleted before the first
 * import): the flags, the verified-period labels and the header counts on every surface (scorecard JSON, CSV, XLSX,
 * HTML), each export read back with a real reader (CSV parser, exceljs, DuckDB for Parquet), and `steadywork report`
 * working while another process holds the ledger read-only.
 */
import { spawn } from 'node:child_process';
import { enrolEveryStation } from './test-fixture';
import { copyFile, cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/cli';
import { importShare } from '../ledger';
import { simulate } from '../sim/simulate';
import { STANDARDS, TEST_NOW, TempDirs } from '../sync/test-support';
import { parseCsv } from './csv';
import { computeScorecard, writeReport, type Scorecard } from './index';

const dirs = new TempDirs();
let root: string;
let db: string;
let cleanDb: string;
let card: Scorecard;
let partialId: string;
let rejectedId: string;
let names: Map<string, string>;

const opts = { nowMs: TEST_NOW, workers: 0 } as const;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  root = await dirs.make('sw-honest-');
  const original = path.join(root, 'original');
  const sim = await simulate({ share: original, standardsDir: STANDARDS, stations: 4, days: 5, seed: 11, startDate: '2026-11-16', timeZone: 'Asia/Kolkata' });
  names = new Map(sim.stations.map((s) => [s.stationId, s.name]));
  const ids = sim.stations.map((s) => s.stationId).sort();
  partialId = ids[1] as string;
  rejectedId = ids[2] as string;
  const share = path.join(root, 'share');
  await cp(original, share, { recursive: true });
  // Partial: one byte of an actor changed in the middle segment of one station.
  const segDir = path.join(share, 'stations', partialId, 'segments');
  const segs = (await readdir(segDir)).filter((f) => f.endsWith('.jsonl')).sort();
  const seg = path.join(segDir, segs[Math.floor(segs.length / 2)] as string);
  const text = await readFile(seg, 'utf8');
  const at = text.indexOf('"actor":"') + 9;
  await writeFile(seg, text.slice(0, at) + (text[at] === 'x' ? 'y' : 'x') + text.slice(at + 1));
  // Rejected: station.json deleted (the station must not vanish).
  await rm(path.join(share, 'stations', rejectedId, 'station.json'));
  db = path.join(root, 'ledger.duckdb');
  await importShare(share, db, opts);
  await enrolEveryStation(db);
  cleanDb = path.join(root, 'clean.duckdb');
  await importShare(original, cleanDb, opts);
  await enrolEveryStation(cleanDb);
  card = await computeScorecard(db);
}, 240_000);
afterAll(() => dirs.cleanup());

describe('the scorecard flags partial and rejected stations', () => {
  it('counts stations by status in the header; none vanishes', () => {
    expect(card.summary.stations).toBe(4);
    expect(card.summary.stationsByStatus).toEqual({ verified: 2, partial: 1, rejected: 1, awaiting_enrolment: 0, stale: 0 });
    expect(card.stations.map((s) => s.stationId).sort()).toEqual([...names.keys()].sort());
  });

  it('names the partial station, what is missing and why, and labels its verified period', () => {
    const p = card.stations.find((s) => s.stationId === partialId);
    expect(p).toMatchObject({ status: 'partial', stationName: names.get(partialId), cut: true });
    expect(p?.verifiedFrom).toBe(card.period.from);
    expect(p?.verifiedTo && p.verifiedTo <= card.period.to).toBe(true);
    expect(p?.missing).toMatch(/^Events after seq \d+ are not in the ledger \(first problem: stations\/.+\/segments\/segment-\d+\.jsonl line \d+\)/);
    expect(p?.why).toMatch(/^[A-Z_]+: /);
    expect(p?.problemCode).toMatch(/^[A-Z_]+$/);
  });

  it('names the rejected station (no station.json) with all of it missing and the reason', () => {
    const r = card.stations.find((s) => s.stationId === rejectedId);
    expect(r).toMatchObject({ status: 'rejected', problemCode: 'IDENTITY_MISSING', verifiedFrom: null, verifiedTo: null, dueOccurrences: 0, completionRate: null, onTimeRate: null });
    expect(r?.missing).toContain('All of its events');
    expect(r?.why).toMatch(/^IDENTITY_MISSING: /);
  });

  it('never lowers a rate silently: days the ledger cannot vouch for are left out, not counted as missed', async () => {
    const p = card.stations.find((s) => s.stationId === partialId);
    const end = p?.verifiedTo as string;
    // Over the days before the cut, the partial station's figures are exactly those of the untouched share.
    const before = addDays(end, -1);
    if (before >= card.period.from) {
      const tampered = (await computeScorecard(db, { from: card.period.from, to: before })).stations.find((s) => s.stationId === partialId);
      const clean = (await computeScorecard(cleanDb, { from: card.period.from, to: before })).stations.find((s) => s.stationId === partialId);
      expect(clean?.status).toBe('verified');
      expect(tampered).toMatchObject({ dueOccurrences: clean?.dueOccurrences, completedDue: clean?.completedDue, completedOnTime: clean?.completedOnTime });
      // On the last verified day only the routines with a run count: every extra occurrence is a completed one.
      const extraDue = (p?.dueOccurrences ?? 0) - (tampered?.dueOccurrences ?? 0);
      expect((p?.completedDue ?? 0) - (tampered?.completedDue ?? 0)).toBe(extraDue);
    }
    // The untouched share has more due routines for that station (the days after the cut), all of them counted there.
    const whole = (await computeScorecard(cleanDb)).stations.find((s) => s.stationId === partialId);
    expect(whole?.status).toBe('verified');
    expect(whole?.dueOccurrences).toBeGreaterThan(p?.dueOccurrences ?? 0);
  });

  it('a station imported before whose station.json is then deleted stays listed, rejected, with its verified events counted', async () => {
    const again = path.join(root, 'again.duckdb');
    await copyFile(cleanDb, again);
    await importShare(path.join(root, 'share'), again, opts);
    await enrolEveryStation(again);
    const c = await computeScorecard(again);
    const r = c.stations.find((s) => s.stationId === rejectedId);
    const before = (await computeScorecard(cleanDb)).stations.find((s) => s.stationId === rejectedId);
    expect(r).toMatchObject({ status: 'rejected', problemCode: 'IDENTITY_MISSING', stationName: names.get(rejectedId), cut: true, verifiedFrom: c.period.from });
    expect(r?.missing).toMatch(/^Nothing new of this station was imported by the latest import/);
    expect(r?.runs).toBe(before?.runs);
    expect(c.summary.stations).toBe(4);
  });

  it('a station with nothing new for staleDays is stale, with the days it was quiet', async () => {
    const later = addDays(card.period.to, 8);
    const c = await computeScorecard(db, { from: card.period.from, to: later, staleDays: 7 });
    const verified = c.stations.filter((s) => s.stationId !== partialId && s.stationId !== rejectedId);
    for (const s of verified) {
      expect(s).toMatchObject({ status: 'stale', cut: true });
      expect(s.missing).toMatch(/^No event after .+: nothing for \d+ days before the end of the period/);
    }
    expect(c.summary.stationsByStatus.stale).toBe(2);
  });
});

describe('every export says the same, read back with real readers', () => {
  it('CSV: station_status, stations and summary carry the flags, labels and counts; README names period, ledger, version, zone', async () => {
    const dir = path.join(root, 'csv');
    await writeReport(db, { format: 'csv', out: dir, generatorVersion: '9.9.9-test' });
    const table = async (n: string) => {
      const rows = parseCsv(await readFile(path.join(dir, `${n}.csv`), 'utf8'));
      const h = rows[0] as string[];
      return rows.slice(1).map((r) => Object.fromEntries(h.map((k, i) => [k, r[i]])));
    };
    const status = await table('station_status');
    const p = status.find((r) => r['station id'] === partialId);
    expect(p).toMatchObject({ 'station name': names.get(partialId), status: 'PARTIAL' });
    expect(p?.['figures cover']).toMatch(/^verified period only: \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/);
    expect(p?.['what is missing']).toMatch(/^Events after seq/);
    expect(status.find((r) => r['station id'] === rejectedId)).toMatchObject({ status: 'REJECTED', problem: 'IDENTITY_MISSING' });
    const stations = await table('stations');
    expect(stations.find((r) => r['station id'] === partialId && r.standard === '(all)')?.['figures cover']).toMatch(/^verified period only/);
    const summary = (await table('summary'))[0];
    expect(summary).toMatchObject({ stations: '4', 'stations verified': '2', 'stations partial': '1', 'stations rejected': '1', 'stations awaiting enrolment': '0', 'stations stale': '0' });
    const readme = await readFile(path.join(dir, 'README.txt'), 'utf8');
    for (const s of [`Period: ${card.period.from} to ${card.period.to}`, `Ledger: ${db}`, 'Steadywork 9.9.9-test', 'Time zone: station local time', 'station_status.csv:', 'PARTIAL', 'REJECTED',
      '4 station(s): 2 verified, 1 partial, 1 rejected']) expect(readme).toContain(s);
    const meta = JSON.parse(await readFile(path.join(dir, 'metadata.json'), 'utf8'));
    expect(meta).toMatchObject({ generatorVersion: '9.9.9-test', ledger: db, stationsByStatus: { partial: 1, rejected: 1 } });
    // Times in station local time, as a spreadsheet reads them.
    const runs = await table('runs');
    expect(runs[0]?.['started at (station local time)']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const abandoned = runs.filter((r) => r.outcome === 'abandoned');
    for (const r of abandoned) expect(r['reason abandoned']).not.toBe('');
    const ool = (await table('deviations')).filter((r) => r.kind === 'out-of-limits');
    expect(ool.length).toBe(card.deviations.filter((d) => d.kind === 'out-of-limits').length);
    for (const r of ool) {
      expect(Number.isFinite(Number(r.value))).toBe(true);
      expect(r['lower limit'] !== '' || r['upper limit'] !== '').toBe(true);
      expect(r.unit).not.toBe('');
    }
  });

  it('XLSX: real date and number cells, A4 landscape fitted to width, print titles, a table per sheet, widths from content', async () => {
    const file = path.join(root, 'card.xlsx');
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      await writeReport(db, { format: 'xlsx', out: file });
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => /Buffer\(\)|DEP0005/.test(w))).toEqual([]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Station status', 'Hot spots', 'Stations', 'Standards', 'Adoptions', 'Runs', 'Deviations', 'Integrity']);
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup, ws.name).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
      expect(Object.keys((ws as unknown as { tables: Record<string, unknown> }).tables), ws.name).toHaveLength(1);
    }
    const header = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).map((v) => String(v));
    const runs = wb.getWorksheet('Runs') as ExcelJS.Worksheet;
    const h = header(runs);
    const started = runs.getRow(2).getCell(h.indexOf('started at (station local time)'));
    expect(started.type).toBe(ExcelJS.ValueType.Date);
    // The station's wall clock (India), not UTC: the CSV says the same time.
    const csvRuns = parseCsv(await readFile(path.join(root, 'csv', 'runs.csv'), 'utf8'));
    const csvH = csvRuns[0] as string[];
    const sameRun = csvRuns.find((r) => r[0] === runs.getRow(2).getCell(1).value);
    expect((started.value as Date).toISOString().slice(0, 19).replace('T', ' ')).toBe(sameRun?.[csvH.indexOf('started at (station local time)')]);
    expect(runs.getRow(2).getCell(h.indexOf('steps')).type).toBe(ExcelJS.ValueType.Number);
    expect(runs.getRow(2).getCell(h.indexOf('station name')).value).toBe(names.get(String(runs.getRow(2).getCell(h.indexOf('station id')).value)));
    expect(runs.getColumn(1).width).toBeGreaterThanOrEqual(36); // a run id (UUID) is not cut
    const summary = wb.getWorksheet('Summary') as ExcelJS.Worksheet;
    const sh = header(summary);
    expect(summary.getRow(2).getCell(sh.indexOf('on-time rate')).type).toBe(ExcelJS.ValueType.Number);
    expect(summary.getRow(2).getCell(sh.indexOf('period from')).type).toBe(ExcelJS.ValueType.Date);
    expect(summary.getRow(2).getCell(sh.indexOf('stations partial')).value).toBe(1);
    const status = wb.getWorksheet('Station status') as ExcelJS.Worksheet;
    const th = header(status);
    const row = [2, 3, 4, 5].map((n) => status.getRow(n)).find((r) => r.getCell(th.indexOf('station id')).value === partialId) as ExcelJS.Row;
    expect(row.getCell(th.indexOf('status')).value).toBe('PARTIAL');
    expect(String(row.getCell(th.indexOf('figures cover')).value)).toMatch(/^verified period only/);
    expect(row.getCell(th.indexOf('why')).alignment?.wrapText).toBe(true);
    const integ = wb.getWorksheet('Integrity') as ExcelJS.Worksheet;
    const ih = header(integ);
    const rejectedRow = integ.getRow(2 + card.integrity.findIndex((p) => p.stationId === rejectedId));
    expect(rejectedRow.getCell(ih.indexOf('station status')).value).toBe('REJECTED');
    expect(rejectedRow.getCell(ih.indexOf('message')).alignment?.wrapText).toBe(true);
    const partialRow = integ.getRow(2 + card.integrity.findIndex((p) => p.stationId === partialId));
    expect(partialRow.getCell(ih.indexOf('station name')).value).toBe(names.get(partialId));
  });

  it('HTML: header counts, the stations to check with what is missing and why, focusable named scroll regions', async () => {
    const file = path.join(root, 'card.html');
    await writeReport(db, { format: 'html', out: file });
    const html = await readFile(file, 'utf8');
    expect(html).toContain('4 station(s): 2 verified, 1 partial, 1 rejected, 0 awaiting enrolment, 0 stale');
    expect(html).toContain('Stations to check: 2');
    expect(html).toContain(`<b>${names.get(partialId)}</b>`);
    expect(html).toMatch(/Figures: verified period only: \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}\./);
    expect(html).toContain('Why: IDENTITY_MISSING: ');
    const regions = html.match(/<div class="tw"[^>]*>/g) ?? [];
    expect(regions.length).toBeGreaterThan(5);
    for (const r of regions) expect(r).toMatch(/tabindex="0" role="region" aria-labelledby="[\w-]+-c"/);
    expect(html).toContain('@page{size:A4 landscape');
  });

  it('Parquet: the ledger\'s tables, Hive-partitioned by supplier and month, read back with DuckDB; pseudonyms, no key', async () => {
    const dir = path.join(root, 'parquet');
    const { files } = await writeReport(db, { format: 'parquet', out: dir });
    expect(files.some((f) => /events\/supplier=default\/month=\d{4}-\d{2}\/data_0\.parquet$/.test(f))).toBe(true);
    expect(files.map((f) => path.basename(f))).toContain('README.txt');
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      const q = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS();
      const [n] = await q(`SELECT count(*)::INTEGER AS n, count(DISTINCT month)::INTEGER AS months, bool_and(artisan LIKE 'artisan-%') AS pseudo FROM read_parquet('${dir}/events/**/*.parquet', hive_partitioning = true)`);
      const ledger = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
      const lc = await ledger.connect();
      const [m] = (await lc.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM events`)).getRowObjectsJS();
      lc.closeSync();
      ledger.closeSync();
      expect(n).toMatchObject({ n: m?.n, pseudo: true });
      expect(Number(n?.months)).toBeGreaterThanOrEqual(1);
      const cols = (await q(`DESCRIBE SELECT * FROM read_parquet('${dir}/events/**/*.parquet', hive_partitioning = true)`)).map((r) => String(r.column_name));
      expect(cols).not.toContain('actor');
      expect(cols).toEqual(expect.arrayContaining(['station_id', 'seq', 'at', 'at_local', 'type', 'artisan', 'month', 'supplier']));
      const [st] = await q(`SELECT count(*)::INTEGER AS n FROM read_parquet('${dir}/stations.parquet')`);
      expect(st?.n).toBe(3); // the rejected station has no row in the ledger's stations table
      const [pr] = await q(`SELECT count(*)::INTEGER AS n FROM read_parquet('${dir}/import_problems/**/*.parquet', hive_partitioning = true) WHERE station_id = '${rejectedId}'`);
      expect(Number(pr?.n)).toBeGreaterThan(0);
      const all = (await readdir(dir, { recursive: true })).map(String);
      expect(all.filter((f) => /meta/.test(f) && f !== 'metadata.json')).toEqual([]); // the pseudonym key never leaves
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });

  it('steadywork report works while another process holds the ledger read-only', async () => {
    const holder = spawn(process.execPath, ['-e', `
      const { DuckDBInstance } = require('@duckdb/node-api');
      (async () => { const i = await DuckDBInstance.create(${JSON.stringify(db)}, { access_mode: 'READ_ONLY' }); await i.connect(); process.stdout.write('ready\\n'); process.stdin.resume(); process.stdin.on('end', () => process.exit(0)); })();
    `], { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (d: Buffer) => (d.toString().includes('ready') ? resolve() : undefined));
        holder.on('exit', (code) => reject(new Error(`the holder ended with ${code}`)));
      });
      const o = { out: '', err: '' };
      const code = await runCli(['report', '--db', db, '--format', 'csv', '--out', path.join(root, 'while-held')], { out: (t) => void (o.out += t), err: (t) => void (o.err += t), env: {} });
      expect(o.err).toBe('');
      expect(code).toBe(0);
    } finally {
      holder.stdin.end();
      await new Promise((r) => holder.once('exit', r));
    }
  });
});
