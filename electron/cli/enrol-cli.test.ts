/** `steadywork enrol` (docs/ledger.md, "Enrolment") and names printed with their control characters escaped. */
import { cp, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempDirs } from '../core/sync/test-support';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, runCli, type CliIo } from './cli';
import { printable } from './printable';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), env: {} };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

const dirs = new TempDirs();
let root: string;
let share: string;
beforeAll(async () => {
  root = await dirs.make('sw-enrol-cli-');
  share = path.join(root, 'share');
  expect(await runCli(['simulate', '--share', share, '--stations', '2', '--days', '1', '--seed', '9', '--start', '2026-11-16', '--quiet'], io().io)).toBe(EXIT_OK);
}, 60_000);
afterAll(() => dirs.cleanup());

describe('steadywork enrol', () => {
  it('lists stations awaiting enrolment, enrols one with its key id, exports the list and a second ledger imports it', async () => {
    const db = path.join(root, 'ledger.duckdb');
    expect(await runCli(['import', share, '--db', db, '--quiet'], io().io)).toBe(EXIT_OK);
    const list = io();
    expect(await runCli(['enrol', '--db', db], list.io)).toBe(EXIT_OK);
    expect(list.out()).toContain('2 stations: 0 enrolled, 2 awaiting enrolment, 0 with an alarm.');
    const json = io();
    await runCli(['enrol', '--db', db, '--json'], json.io);
    const stations = (JSON.parse(json.out()) as { stations: Array<{ stationId: string; keyId: string; fingerprint: string }> }).stations;
    const [a, b] = stations as [(typeof stations)[0], (typeof stations)[0]];
    expect(list.out()).toContain(`steadywork enrol ${a.stationId} --key ${a.keyId} --db FILE`);
    expect(list.out()).toContain(`fingerprint ${a.fingerprint}`);

    const wrong = io();
    expect(await runCli(['enrol', a.stationId, '--key', b.keyId, '--db', db], wrong.io)).toBe(EXIT_FAILURE);
    expect(wrong.err()).toContain('ENROL_KEY_MISMATCH');
    const ok = io();
    expect(await runCli(['enrol', a.stationId, '--key', a.keyId.toUpperCase(), '--db', db, '--by', 'Meera (procurement)'], ok.io)).toBe(EXIT_OK);
    expect(ok.out()).toMatch(/^Enrolled .* key [0-9a-f]{16}, fingerprint \d{4} \d{4} \d{4} \d{4}: it counts/);
    const after = io();
    await runCli(['enrol', '--db', db], after.io);
    expect(after.out()).toContain('1 enrolled, 1 awaiting enrolment');
    expect(after.out()).toContain('by Meera (procurement) (here)');

    const file = path.join(root, 'enrolment.json');
    const ex = io();
    expect(await runCli(['enrol', '--db', db, '--export', file], ex.io)).toBe(EXIT_OK);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ kind: 'steadywork-enrolment-list', format: 1, stations: [{ stationId: a.stationId, keyId: a.keyId }] });
    const db2 = path.join(root, 'second.duckdb');
    const im = io();
    expect(await runCli(['enrol', '--db', db2, '--import', file], im.io)).toBe(EXIT_OK);
    expect(im.out()).toContain('1 enrolled, 0 already enrolled, 0 conflicts');
    await runCli(['import', share, '--db', db2, '--quiet'], io().io);
    const second = io();
    await runCli(['enrol', '--db', db2, '--json'], second.io);
    expect((JSON.parse(second.out()) as { stations: Array<{ stationId: string; status: string }> }).stations.find((s) => s.stationId === a.stationId)?.status).toBe('enrolled');

    const usage = io();
    expect(await runCli(['enrol', a.stationId, '--db', db], usage.io)).toBe(EXIT_USAGE);
    expect(usage.err()).toContain('--key KEYID is required');
  }, 60_000);

  it('prints names and folder names with control characters escaped, never raw', async () => {
    expect(printable('bench\n  OK      forged\x1b[2J\u202e')).toBe('bench\\n  OK      forged\\x1b[2J\\u202e');
    const odd = path.join(root, 'odd');
    await cp(share, odd, { recursive: true });
    const [first] = (await (await import('node:fs/promises')).readdir(path.join(odd, 'stations'))).sort();
    const dir = path.join(odd, 'stations', first as string);
    const evil = `${first as string}\nOK      Gluing bench 9`;
    await rename(dir, path.join(odd, 'stations', evil));
    const idFile = path.join(odd, 'stations', evil, 'station.json');
    await writeFile(idFile, JSON.stringify({ ...JSON.parse(await readFile(idFile, 'utf8')), name: 'Bench\x1b[31m red\rX' }));
    const v = io();
    await runCli(['verify', odd, '--quiet'], v.io);
    expect(v.out()).not.toContain('\x1b');
    expect(v.out()).not.toContain('\r');
    expect(v.out()).toContain(`${first as string}\\nOK      Gluing bench 9`);
    expect(v.out().split('\n').filter((l) => l.startsWith('OK      Gluing bench 9'))).toEqual([]);
  }, 60_000);
});
