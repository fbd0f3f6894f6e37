import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempDirs } from '../core/sync/test-support';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, runCli, type CliIo } from './cli';
import { progressSink } from './progress';

function io(tty = false) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), env: {}, errIsTTY: tty };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

const dirs = new TempDirs();
let root: string;
let share: string;
beforeAll(async () => {
  root = await dirs.make('sw-cli-');
  share = path.join(root, 'share');
  const t = io();
  expect(await runCli(['simulate', '--share', share, '--stations', '2', '--days', '2', '--seed', '3', '--start', '2026-11-16', '--quiet'], t.io)).toBe(EXIT_OK);
  expect(t.out()).toContain('Simulated 2 stations, 2026-11-16 to 2026-11-17');
}, 60_000);
afterAll(() => dirs.cleanup());

describe('steadywork simulate / verify / import', () => {
  it('verify: exit 0 with a summary per station; --json is one JSON document', async () => {
    const t = io();
    expect(await runCli(['verify', share, '--quiet'], t.io)).toBe(EXIT_OK);
    expect(t.out()).toMatch(/2 stations, [\d,]+ events, 3 standards/);
    expect(t.out()).toContain('Everything verified');
    const j = io();
    expect(await runCli(['verify', share, '--json'], j.io)).toBe(EXIT_OK);
    const doc = JSON.parse(j.out());
    expect(doc).toMatchObject({ ok: true, errors: 0, stations: [expect.objectContaining({ trusted: true }), expect.objectContaining({ trusted: true })] });
    expect(j.err()).toMatch(/stations verified 2\/2/); // plain progress lines on stderr when it is not a terminal
    // What the logs record, per station: its runs, counted from the journal lines themselves.
    expect(t.out()).toMatch(/: [\d,]+ events, [\d,]+ runs \([\d,]+ completed, [\d,]+ stopped\), key /);
    for (const s of doc.stations as Array<{ station: string; runs: { started: number; completed: number; abandoned: number } }>) {
      const dir = path.join(share, 'stations', s.station, 'segments');
      const lines = (await Promise.all((await readdir(dir)).map((f) => readFile(path.join(dir, f), 'utf8')))).join('').split('\n').filter(Boolean);
      const count = (type: string) => lines.filter((l) => (JSON.parse(l) as { type: string }).type === type).length;
      expect(s.runs).toEqual({ started: count('run.started'), completed: count('run.completed'), abandoned: count('run.abandoned') });
      expect(s.runs.started).toBeGreaterThan(0);
    }
  });

  it('import: exit 0; importing again adds nothing', async () => {
    const db = path.join(root, 'ledger.duckdb');
    const t = io();
    expect(await runCli(['import', share, '--db', db, '--quiet'], t.io)).toBe(EXIT_OK);
    expect(t.out()).toMatch(/import #1\): 2 stations, [\d,]+ new events, 3 new standards/);
    const again = io();
    expect(await runCli(['import', share, '--db', db, '--json'], again.io)).toBe(EXIT_OK);
    expect(JSON.parse(again.out())).toMatchObject({ ok: true, importId: 2, eventsAdded: 0 });
  });

  it('an integrity problem: verify and import exit 1, say where and what, and the good station is imported', async () => {
    const bad = path.join(root, 'bad');
    const { cp } = await import('node:fs/promises');
    await cp(share, bad, { recursive: true });
    const station = (await readdir(path.join(bad, 'stations'))).sort()[0] as string;
    const seg = path.join(bad, 'stations', station, 'segments', 'segment-000000000001.jsonl');
    await writeFile(seg, (await readFile(seg, 'utf8')).replace(/"actor":"([a-z-]+)"/, '"actor":"$1x"'));
    const v = io();
    expect(await runCli(['verify', bad, '--quiet'], v.io)).toBe(EXIT_FAILURE);
    expect(v.out()).toContain(`stations/${station}/segments/segment-000000000001.jsonl, line 2`);
    expect(v.out()).toContain('CHAIN_BROKEN');
    expect(v.out()).toContain('NOT VERIFIED');
    const i = io();
    expect(await runCli(['import', bad, '--db', path.join(root, 'bad.duckdb'), '--json', '--quiet'], i.io)).toBe(EXIT_FAILURE);
    const doc = JSON.parse(i.out());
    expect(doc.ok).toBe(false);
    expect(doc.imported.find((s: { station: string }) => s.station === station)).toMatchObject({ status: 'rejected', added: 0 });
    expect(doc.imported.find((s: { station: string }) => s.station !== station)).toMatchObject({ status: 'imported' });
  });

  it('exit 2 for bad usage and for folders or databases that cannot be read', async () => {
    const cases: string[][] = [
      ['verify'],
      ['verify', share, 'extra'],
      ['verify', share, '--frobnicate'],
      ['verify', path.join(root, 'no-such-folder')],
      ['verify', root], // a folder, but not a shared folder (no stations/)
      ['verify', share, '--db', path.join(root, 'no-such.duckdb')],
      ['import', share],
      ['import', share, '--db'],
      ['simulate'],
      ['simulate', '--share', path.join(root, 'x'), '--stations', 'many'],
      ['simulate', '--share', path.join(root, 'x'), '--start', 'yesterday'],
    ];
    for (const args of cases) {
      const t = io();
      expect(await runCli(args, t.io), args.join(' ')).toBe(EXIT_USAGE);
      expect(t.err(), args.join(' ')).toMatch(/steadywork/);
    }
    const never = path.join(root, 'never.duckdb');
    expect(await runCli(['import', path.join(root, 'no-such-folder'), '--db', never], io().io)).toBe(EXIT_USAGE);
    expect(existsSync(never)).toBe(false); // nothing created for a folder that cannot be read
    const notDb = path.join(root, 'not-a-db.duckdb');
    await writeFile(notDb, 'this is not a database');
    const t = io();
    expect(await runCli(['import', share, '--db', notDb, '--quiet'], t.io)).toBe(EXIT_USAGE);
    expect(t.err()).toContain('cannot be opened');
  });

  it('--json shapes: simulate and report print one JSON document too', async () => {
    const small = path.join(root, 'small');
    const s = io();
    expect(await runCli(['simulate', '--share', small, '--stations', '1', '--days', '1', '--start', '2026-11-16', '--json', '--quiet'], s.io)).toBe(EXIT_OK);
    const sim = JSON.parse(s.out());
    expect(sim).toMatchObject({ ok: true, share: path.resolve(small), from: '2026-11-16', to: '2026-11-16', standards: expect.any(Array) });
    expect(sim.stations).toEqual([expect.objectContaining({ stationId: expect.any(String), events: expect.any(Number) })]);
    expect(sim.events).toBe(sim.stations[0].events);
    const db = path.join(root, 'small.duckdb');
    expect(await runCli(['import', small, '--db', db, '--quiet'], io().io)).toBe(EXIT_OK);
    const r = io();
    const out = path.join(root, 'small.html');
    expect(await runCli(['report', '--db', db, '--format', 'html', '--out', out, '--json'], r.io)).toBe(EXIT_OK);
    // Imported, not yet enrolled: the report is written and says so (what to do) in its JSON too.
    expect(JSON.parse(r.out())).toEqual({
      ok: true, db: path.resolve(db), format: 'html', files: [path.resolve(out)],
      noStationEnrolled: expect.stringMatching(/^No station is enrolled yet: .*steadywork enrol STATION --key KEYID --db /),
    });
    expect(existsSync(out)).toBe(true);
  });

  it('help lists the commands', async () => {
    const t = io();
    expect(await runCli(['--help'], t.io)).toBe(EXIT_OK);
    expect(t.out()).toMatch(/import\s+Verify a shared folder and import/);
    expect(t.out()).toMatch(/simulate\s+/);
    expect(t.out()).toMatch(/verify\s+/);
  });
});

describe('progress on stderr', () => {
  it('draws a bar in place on a terminal, and plain occasional lines otherwise', () => {
    let now = 0;
    const tty: string[] = [];
    const bar = progressSink((t) => void tty.push(t), { tty: true, width: 10, now: () => now });
    bar.update('stations verified', 5, 10);
    now += 500;
    bar.update('stations verified', 10, 10);
    bar.done();
    expect(tty[0]).toBe('\r[#####-----]  50% stations verified 5/10\x1b[K');
    expect(tty[1]).toContain('[##########] 100%');
    expect(tty[2]).toBe('\r\x1b[K');

    const plain: string[] = [];
    now = 0;
    const lines = progressSink((t) => void plain.push(t), { tty: false, now: () => now });
    lines.update('stations verified', 1, 10);
    now += 100;
    lines.update('stations verified', 2, 10); // too soon: skipped
    now += 5000;
    lines.update('stations verified', 3, 10);
    lines.update('stations verified', 10, 10); // the end is always shown
    expect(plain).toEqual(['stations verified 1/10 (10%)\n', 'stations verified 3/10 (30%)\n', 'stations verified 10/10 (100%)\n']);
  });
});
