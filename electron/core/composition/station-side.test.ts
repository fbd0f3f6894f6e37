/** The station side of issue 11 (item 6) through the validated channels: who may start a run. */
import { afterEach, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { actor, closeStations, env, open } from './station-test-support';

afterEach(closeStations);

async function journalRecords(dataDir: string): Promise<Array<{ type: string; actor: string }>> {
  const dir = join(dataDir, 'journal', 'segments');
  const out: Array<{ type: string; actor: string }> = [];
  for (const f of (await readdir(dir)).sort()) {
    for (const l of (await readFile(join(dir, f), 'utf8')).split('\n')) if (l) out.push(JSON.parse(l) as { type: string; actor: string });
  }
  return out;
}

describe('runs.start checks the actor against the roster', () => {
  it('refuses a person who is not on the roster (nothing recorded), accepts one who is, and follows roster changes', async () => {
    const e = await env();
    const s = await open(e);
    const before = s.app.head().seq;
    expect(await s.call('runs.start', { standardId: 'station-start-check', actor: 'someone-else' })).toMatchObject({ ok: false, error: { code: 'NOT_ON_ROSTER' } });
    expect(s.app.head().seq).toBe(before);
    expect(await s.call('runs.start', { standardId: 'station-start-check', actor })).toMatchObject({ ok: true });
    // Removed from the roster: no new run in that name.
    e.settings.write({ ...e.settings.read(), roster: e.settings.read().roster.filter((a) => a.id !== 'ravi-kumar') });
    expect(await s.call('runs.start', { standardId: 'end-of-day-clean-down', actor: 'ravi-kumar' })).toMatchObject({ ok: false, error: { code: 'NOT_ON_ROSTER' } });
    expect((await journalRecords(e.dataDir)).filter((r) => r.type === 'run.started').map((r) => r.actor)).toEqual([actor]);
  });
});
