/**
 * No steadywork command prints a Node deprecation warning (issue 15, item 10: the XLSX export once printed Buffer()'s).
 * Every command runs in this process on a small simulated share, with Node's 'warning' events collected.
 * (The built CLI, worker threads included, was run under `node --throw-deprecation` by hand too: no warning.)
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { withTempDir } from '../../test/support/temp-dir';
import { EXIT_OK, runCli, type CliIo } from './cli';

const io = () => {
  const out: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: () => {}, env: {} } satisfies CliIo, out: () => out.join('') };
};

it('simulate, verify, import, enrol (list, enrol, export, import), report (csv, xlsx, html, parquet, suppliers), --help: no deprecation warning', () =>
  withTempDir('sw-deprecation-', async (dir) => {
    const warnings: Error[] = [];
    const collect = (w: Error) => void warnings.push(w);
    process.on('warning', collect);
    try {
      // The collector sees a deprecation when there is one (then it is forgotten).
      process.emitWarning('collector check', { type: 'DeprecationWarning', code: 'SW_CHECK' });
      await new Promise((r) => setImmediate(r));
      expect(warnings.map((w) => w.name)).toEqual(['DeprecationWarning']);
      warnings.length = 0;

      const share = path.join(dir, 'share');
      const db = path.join(dir, 'ledger.duckdb');
      const run = async (...args: string[]) => {
        const t = io();
        expect(await runCli(args, t.io), args.join(' ')).toBe(EXIT_OK);
        return t.out();
      };
      await run('simulate', '--share', share, '--stations', '1', '--days', '1', '--seed', '5', '--start', '2026-11-16', '--quiet');
      await run('verify', share, '--quiet');
      await run('import', share, '--db', db, '--quiet');
      const listed = JSON.parse(await run('enrol', '--db', db, '--json')) as { stations: Array<{ stationId: string; keyId: string }> };
      for (const s of listed.stations) await run('enrol', s.stationId, '--key', s.keyId, '--db', db, '--by', 'Procurement test');
      await run('enrol', '--db', db, '--export', path.join(dir, 'enrolment.json'));
      await run('enrol', '--db', db, '--import', path.join(dir, 'enrolment.json'));
      await run('report', '--db', db, '--format', 'csv', '--out', path.join(dir, 'csv'), '--tz', 'Asia/Kolkata');
      await run('report', '--db', db, '--format', 'xlsx', '--out', path.join(dir, 'card.xlsx'), '--tz', 'Asia/Kolkata');
      await run('report', '--db', db, '--format', 'html', '--out', path.join(dir, 'card.html'), '--tz', 'Asia/Kolkata');
      await run('report', '--db', db, '--format', 'parquet', '--out', path.join(dir, 'parquet'));
      await run('report', '--db', db, '--suppliers', '--tz', 'Asia/Kolkata');
      await run('--help');
      await run('--version');
      await new Promise((r) => setImmediate(r));
      expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
    } finally {
      process.off('warning', collect);
    }
  }), 120_000);
