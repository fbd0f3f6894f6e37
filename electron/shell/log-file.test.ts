import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { withTempDir } from '../../test/support/temp-dir';
import { localDay, openLogFile, pruneOldLogs } from './log-file';

describe('the log file', () => {
  it('one file per day: lines written on two days go to two files, each line with its time and level', () =>
    withTempDir('sw-log-', async (dir) => {
    let now = new Date(2026, 11, 7, 23, 59, 58);
    const log = openLogFile(dir, { now: () => now, console: false });
    log.info('before midnight');
    now = new Date(2026, 11, 8, 0, 0, 1);
    log.warn('after midnight');
    log.error('still the 8th');
    await vi.waitFor(async () => expect(await readdir(dir)).toEqual(['steadywork-2026-12-07.log', 'steadywork-2026-12-08.log']));
    expect(await readFile(path.join(dir, 'steadywork-2026-12-07.log'), 'utf8')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} info before midnight\n$/);
    expect(await readFile(path.join(dir, 'steadywork-2026-12-08.log'), 'utf8')).toMatch(/warn after midnight\n.* error still the 8th\n$/);
    expect(log.fileFor(now)).toBe(path.join(dir, 'steadywork-2026-12-08.log'));
  }));

  it('files older than the days kept are removed when the log opens; other files are never touched', () =>
    withTempDir('sw-log-', async (dir) => {
    await mkdir(dir, { recursive: true });
    for (const f of ['steadywork-2026-10-01.log', 'steadywork-2026-10-01.old.log', 'steadywork-2026-11-30.log', 'notes.txt', 'steadywork-2026-13-99.txt']) await writeFile(path.join(dir, f), 'x');
    const removed = pruneOldLogs(dir, new Date(2026, 11, 7, 12), 30);
    expect(removed.sort()).toEqual(['steadywork-2026-10-01.log', 'steadywork-2026-10-01.old.log']);
    expect((await readdir(dir)).sort()).toEqual(['notes.txt', 'steadywork-2026-11-30.log', 'steadywork-2026-13-99.txt']);
    expect(pruneOldLogs(path.join(dir, 'missing'), new Date(), 30)).toEqual([]);
    expect(existsSync(path.join(dir, 'missing'))).toBe(false);
  }));

  it("the day is the computer's local day", () => {
    expect(localDay(new Date(2026, 0, 5, 0, 0))).toBe('2026-01-05');
  });
});
