/**
 * An empty reason and an empty note through the validated channels (as any client's calls arrive): a reason that says
 * nothing is refused at the boundary and nothing is recorded; an optional note left empty records no note and the
 * step is done, never counted as skipped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunView } from '../../contract';
import { actor, closeStations, env, open } from './station-test-support';

afterEach(closeStations);

type Line = { type: string; step?: string; value?: unknown; reason?: string };
async function journalLines(dataDir: string): Promise<Line[]> {
  const dir = join(dataDir, 'journal', 'segments');
  const out: Line[] = [];
  for (const f of (await readdir(dir)).sort()) {
    for (const l of (await readFile(join(dir, f), 'utf8')).split('\n')) if (l) out.push(JSON.parse(l) as Line);
  }
  return out;
}

/** A start-of-shift check with every step but the last (the optional note) done. */
async function toTheNote(value: Awaited<ReturnType<typeof open>>['value']): Promise<RunView> {
  let run = await value<RunView>('runs.start', { standardId: 'station-start-check', actor });
  while (run.currentStepId !== 'start-note') {
    const step = run.steps.find((s) => s.id === run.currentStepId)!;
    const args = { runId: run.runId, actor, stepId: step.id };
    run = step.kind === 'choice' ? await value<RunView>('runs.choose', { ...args, option: step.id === 'glue-level' ? 'full' : 'clear' }) : await value<RunView>('runs.tick', args);
  }
  return run;
}

describe('an empty reason is refused on every channel that takes one', () => {
  it('runs.deviate, runs.reason and runs.abandon: empty or only spaces → BAD_ARGUMENTS saying what to do; nothing recorded', async () => {
    const e = await env();
    const s = await open(e);
    const run = await s.value<RunView>('runs.start', { standardId: 'station-start-check', actor });
    const ids = { runId: run.runId, actor };
    const before = s.app.head().seq;
    for (const reason of ['', ' ', '   ', '\t\n']) {
      const deviate = await s.call('runs.deviate', { ...ids, stepId: 'clear-table', reason });
      expect(deviate).toEqual({
        ok: false,
        error: { code: 'BAD_ARGUMENTS', message: "runs.deviate: reason: is empty. Say why the step could not be done: send one of the standard's reason codes, e.g. NEED_HELP. Nothing was recorded." },
      });
      expect(await s.call('runs.reason', { ...ids, stepId: 'clear-table', reason })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS', message: expect.stringContaining('runs.reason: reason: is empty.') } });
      expect(await s.call('runs.abandon', { ...ids, reason })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS', message: expect.stringContaining('runs.abandon: reason: is empty. Say why the run is stopped') } });
    }
    expect(s.app.head().seq).toBe(before);
    const after = await s.value<RunView>('runs.get', { runId: run.runId });
    expect(after.steps[0]).toMatchObject({ status: 'pending' });
    expect(after.counts.deviations).toBe(0);
    expect(after.status).toBe('in_progress');
    // A real reason still goes through.
    expect((await s.value<RunView>('runs.deviate', { ...ids, stepId: 'clear-table', reason: 'NEED_HELP' })).steps[0]).toMatchObject({ status: 'deviated', reason: 'NEED_HELP' });
  });
});

describe('an optional note left empty', () => {
  it('records no note and the step is done, not skipped: the run completes with every step done', async () => {
    const e = await env();
    const s = await open(e);
    const run = await toTheNote(s.value);
    const noted = await s.value<RunView>('runs.note', { runId: run.runId, actor, stepId: 'start-note', text: '   ' });
    const last = noted.steps[noted.steps.length - 1]!;
    expect(last).toMatchObject({ id: 'start-note', status: 'done' });
    expect(last.value).toBeUndefined();
    expect(noted.steps.filter((x) => x.status === 'skipped')).toEqual([]);
    await s.value('runs.complete', { runId: run.runId, actor });
    const lines = (await journalLines(e.dataDir)).filter((l) => l.step === 'start-note');
    expect(lines).toEqual([expect.objectContaining({ type: 'step.done', step: 'start-note' })]);
    expect(lines[0]).not.toHaveProperty('value');
  });

  it('Skip is still a skip, and a written note is still a note', async () => {
    const e = await env();
    const s = await open(e);
    const a = await toTheNote(s.value);
    expect((await s.value<RunView>('runs.skip', { runId: a.runId, actor, stepId: 'start-note' })).steps.at(-1)).toMatchObject({ status: 'skipped' });
    await s.value('runs.complete', { runId: a.runId, actor });
    const b = await toTheNote(s.value);
    expect((await s.value<RunView>('runs.note', { runId: b.runId, actor, stepId: 'start-note', text: 'Lamp flickers.' })).steps.at(-1)).toMatchObject({ status: 'done', value: 'Lamp flickers.' });
    const types = (await journalLines(e.dataDir)).filter((l) => l.step === 'start-note').map((l) => l.type);
    expect(types).toEqual(['step.skipped', 'step.noted']);
  });
});
