import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { assertBoundedAsync } from '../../../test/support/property';
import { FileKeyStore, verifyJournalDir, type Journal } from '../journal';
import { ManualClock } from '../time/clock';
import { sampleStandard } from '../../../test/support/standards';
import { StationService } from './station-service';

const FRIDAY_0805_IST = Date.parse('2026-11-27T08:05:00+05:30');
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function station(opts: { checkpointEvery?: number; segmentMaxRecords?: number } = {}) {
  const root = await mkdtemp(join(tmpdir(), 'sw-station-'));
  dirs.push(root);
  const standardsDir = join(root, 'standards');
  await mkdir(standardsDir);
  await writeFile(join(standardsDir, 'sample-check.json'), JSON.stringify(sampleStandard(), null, 2));
  const clock = new ManualClock(FRIDAY_0805_IST, 'Asia/Kolkata');
  const open = () =>
    StationService.open({
      journalDir: join(root, 'journal'),
      stationId: 'station-test',
      clock,
      keyStore: new FileKeyStore(join(root, 'keys', 'station.key')),
      standardsDirs: [standardsDir],
      ...opts,
    });
  return { root, clock, open, journalDir: join(root, 'journal'), standardsDir };
}

const actor = 'artisan-7';

describe('station service', () => {
  it('lists due routines, runs one to completion and records each action in the journal', async () => {
    const s = await station();
    const svc = await s.open();
    const due = await svc.listDue();
    expect(due).toMatchObject({ ok: true, value: [{ standard: { id: 'sample-check', version: 1 }, status: 'due' }] });
    const started = await svc.startRun({ standardId: 'sample-check', actor });
    if (!started.ok) throw new Error(started.error.message);
    const runId = started.value.runId;
    expect((await svc.tick({ runId, actor, stepId: 'clean-bench' })).ok).toBe(true);
    expect(await svc.measure({ runId, actor, stepId: 'weigh-carton', value: 600 })).toMatchObject({ ok: true, value: { steps: expect.arrayContaining([expect.objectContaining({ id: 'weigh-carton', status: 'needs_reason' })]) } });
    expect((await svc.giveReason({ runId, actor, stepId: 'weigh-carton', reason: 'TOOL_BROKEN' })).ok).toBe(true);
    expect((await svc.requestHelp({ runId, actor, stepId: 'glue-state' })).ok).toBe(true);
    expect((await svc.choose({ runId, actor, stepId: 'glue-state', option: 'good' })).ok).toBe(true);
    expect((await svc.note({ runId, actor, stepId: 'remark', text: 'गोंद नया है' })).ok).toBe(true);
    expect((await svc.tick({ runId, actor, stepId: 'lock-drawer' })).ok).toBe(true);
    expect(await svc.complete({ runId, actor })).toMatchObject({ ok: true, value: { status: 'completed' } });
    expect((await svc.listDue())).toMatchObject({ ok: true, value: [{ status: 'done', runId, onTime: true }] });
    await svc.close();

    const lines = (await readFile(join(s.journalDir, 'segments', (await import('node:fs')).readdirSync(join(s.journalDir, 'segments'))[0]!), 'utf8')).trim().split('\n');
    const types = lines.map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types).toEqual([
      'standard.adopted', 'run.started', 'step.done', 'step.measured', 'step.reasoned', 'help.requested',
      'step.chosen', 'step.noted', 'step.done', 'run.completed', 'journal.seal',
    ]);
    expect((await verifyJournalDir(s.journalDir)).problems).toEqual([]);
  });

  it('refuses a bad command without writing anything', async () => {
    const s = await station();
    const svc = await s.open();
    const run = await svc.startRun({ standardId: 'sample-check', actor });
    if (!run.ok) throw new Error(run.error.message);
    const head = svc.head.seq;
    expect(await svc.tick({ runId: run.value.runId, actor, stepId: 'lock-drawer' })).toMatchObject({ ok: false, error: { code: 'STEP_OUT_OF_ORDER' } });
    expect(await svc.startRun({ standardId: 'no-such', actor })).toMatchObject({ ok: false, error: { code: 'STANDARD_NOT_FOUND' } });
    expect(await svc.tick({ runId: '0190a5a4-0000-7000-8000-000000000000', actor, stepId: 'x' })).toMatchObject({ ok: false, error: { code: 'RUN_NOT_FOUND' } });
    expect(svc.head.seq).toBe(head);
    await svc.close();
  });

  it('a run in progress survives closing the app and is resumed, not started twice', async () => {
    const s = await station();
    let svc = await s.open();
    const run = await svc.startRun({ standardId: 'sample-check', actor });
    if (!run.ok) throw new Error(run.error.message);
    await svc.tick({ runId: run.value.runId, actor, stepId: 'clean-bench' });
    await svc.close({ seal: false });
    svc = await s.open();
    expect(await svc.openRuns()).toMatchObject({ ok: true, value: [{ runId: run.value.runId, currentIndex: 1 }] });
    expect(await svc.startRun({ standardId: 'sample-check', actor })).toMatchObject({ ok: true, value: { runId: run.value.runId, currentIndex: 1 } });
    await svc.close();
  });

  it('a standard file changed under the same version is refused once it has been used', async () => {
    const s = await station();
    let svc = await s.open();
    await svc.listDue();
    await svc.close();
    const changed = sampleStandard({ title: { en: 'Changed without a new version' } });
    await writeFile(join(s.standardsDir, 'sample-check.json'), JSON.stringify(changed));
    svc = await s.open();
    expect(svc.standardProblems()).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
    await svc.close();
  });

  it('property: any sequence of operations folds to the same state after a journal reopen', async () => {
    const op = fc.oneof(
      fc.constant({ op: 'start' as const }),
      fc.record({ op: fc.constant('tick' as const), step: fc.constantFrom('clean-bench', 'lock-drawer') }),
      fc.record({ op: fc.constant('measure' as const), value: fc.integer({ min: 400, max: 600 }) }),
      fc.record({ op: fc.constant('choose' as const), option: fc.constantFrom('good', 'dry') }),
      fc.record({ op: fc.constant('reason' as const), reason: fc.constantFrom('NO_MATERIAL', 'TOOL_BROKEN', 'BAD') }),
      fc.constant({ op: 'skip' as const }),
      fc.constant({ op: 'undo' as const }),
      fc.constant({ op: 'help' as const }),
      fc.constant({ op: 'complete' as const }),
      fc.constant({ op: 'abandon' as const }),
      fc.constant({ op: 'reopen' as const }),
    );
    await assertBoundedAsync(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 7 }), fc.constantFrom('torn', 'stale', 'deleted'), async (ops, checkpointEvery, damage) => {
        const s = await station({ checkpointEvery, segmentMaxRecords: 9 });
        let svc = await s.open();
        let runId: string | undefined;
        for (const o of ops) {
          s.clock.advance(7_000);
          const r = runId;
          if (o.op === 'start') {
            const started = await svc.startRun({ standardId: 'sample-check', actor });
            if (started.ok) runId = started.value.runId;
          } else if (o.op === 'reopen') {
            await svc.close({ seal: false });
            svc = await s.open();
          } else if (r) {
            if (o.op === 'tick') await svc.tick({ runId: r, actor, stepId: o.step });
            if (o.op === 'measure') await svc.measure({ runId: r, actor, stepId: 'weigh-carton', value: o.value });
            if (o.op === 'choose') await svc.choose({ runId: r, actor, stepId: 'glue-state', option: o.option });
            if (o.op === 'reason') await svc.giveReason({ runId: r, actor, stepId: 'weigh-carton', reason: o.reason });
            if (o.op === 'skip') await svc.skip({ runId: r, actor, stepId: 'remark' });
            if (o.op === 'undo') await svc.undo({ runId: r, actor });
            if (o.op === 'help') await svc.requestHelp({ runId: r, actor });
            if (o.op === 'complete') await svc.complete({ runId: r, actor });
            if (o.op === 'abandon') await svc.abandon({ runId: r, actor, reason: 'NO_MATERIAL' });
          }
        }
        const before = svc.snapshot();
        await svc.close({ seal: false });
        const reopened = await s.open();
        expect(reopened.snapshot()).toEqual(before);
        await reopened.close({ seal: false });
        // Without checkpoint.json: from the newest checkpoint saved where a segment closed (checkpoints/).
        await rm(join(s.journalDir, 'checkpoint.json'), { force: true });
        const fromSegment = await s.open();
        expect(fromSegment.snapshot()).toEqual(before);
        await fromSegment.close({ seal: false });
        // With the newest of those broken as well: from an older one (or from nothing).
        await rm(join(s.journalDir, 'checkpoint.json'), { force: true });
        await breakNewestSegmentCheckpoint(s.journalDir, damage);
        const fromOlder = await s.open();
        expect(fromOlder.snapshot()).toEqual(before);
        await fromOlder.close({ seal: false });
        // And a replay from nothing (no checkpoint at all) gives the same state too.
        await rm(join(s.journalDir, 'checkpoint.json'), { force: true });
        await rm(join(s.journalDir, 'checkpoints'), { recursive: true, force: true });
        const replayed = await s.open();
        expect(replayed.snapshot()).toEqual(before);
        await replayed.close({ seal: false });
        expect((await verifyJournalDir(s.journalDir)).problems).toEqual([]);
      }),
      { numRuns: 25, timeLimitMs: 40_000 },
    );
  }, 120_000);
});

/** Break the newest checkpoints/ file for real: cut it short, make it name another hash, or delete it. */
async function breakNewestSegmentCheckpoint(journalDir: string, damage: 'torn' | 'stale' | 'deleted'): Promise<void> {
  const names = (await readdir(join(journalDir, 'checkpoints')).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  const newest = names[names.length - 1];
  if (!newest) return;
  const file = join(journalDir, 'checkpoints', newest);
  const text = await readFile(file, 'utf8');
  if (damage === 'torn') await writeFile(file, text.slice(0, Math.floor(text.length / 2)));
  else if (damage === 'stale') await writeFile(file, JSON.stringify({ ...(JSON.parse(text) as object), hash: 'e'.repeat(64) }));
  else await rm(file);
}

/** The journal the service holds (its checkpoint and note at open), for tests. */
const journalOf = (svc: StationService) => (svc as unknown as { journal: Journal }).journal;

describe('an open without checkpoint.json (issue 12: bounded, never wrong)', () => {
  /** 60 runs of 3 events each (start, tick, abandon) in segments of 10 lines: 20 closed segments. */
  async function history() {
    const s = await station({ segmentMaxRecords: 10 });
    const svc = await s.open();
    for (let i = 0; i < 60; i++) {
      s.clock.advance(60_000);
      const run = await svc.startRun({ standardId: 'sample-check', actor });
      if (!run.ok) throw new Error(run.error.message);
      await svc.tick({ runId: run.value.runId, actor, stepId: 'clean-bench' });
      await svc.abandon({ runId: run.value.runId, actor, reason: 'NO_MATERIAL' });
    }
    const state = svc.snapshot();
    const head = svc.head.seq;
    await svc.close({ seal: false });
    return { s, state, head };
  }

  it('starts from the state saved at the newest closed segment, folds only the active segment, and gives the state a full fold gives', async () => {
    const { s, state, head } = await history();
    expect((await readdir(join(s.journalDir, 'checkpoints'))).length).toBe(3);
    await rm(join(s.journalDir, 'checkpoint.json'));
    const svc = await s.open();
    const j = journalOf(svc);
    expect(j.checkpoint?.seq).toBe(j.lastClosedSeq);
    expect(head - (j.checkpoint?.seq ?? 0)).toBeLessThan(10);
    expect(j.checkpointNote).toMatch(/checkpoint.json is missing; started from checkpoints\/checkpoint-\d{12}.json/);
    expect(svc.snapshot()).toEqual(state);
    await svc.close({ seal: false });
  });

  it('with all of checkpoints/ torn, folds the whole history to the same state and saves the state at the newest seal again', async () => {
    const { s, state } = await history();
    await rm(join(s.journalDir, 'checkpoint.json'));
    const dir = join(s.journalDir, 'checkpoints');
    for (const name of await readdir(dir)) await writeFile(join(dir, name), '{"seq": 1');
    let svc = await s.open();
    expect(journalOf(svc).checkpoint).toBeNull();
    expect(svc.snapshot()).toEqual(state);
    await svc.close({ seal: false });
    // The open that folded everything kept the state at the newest seal: the next open without checkpoint.json is short.
    await rm(join(s.journalDir, 'checkpoint.json'));
    svc = await s.open();
    expect(journalOf(svc).checkpoint?.seq).toBe(journalOf(svc).lastClosedSeq);
    expect(svc.snapshot()).toEqual(state);
    await svc.close({ seal: false });
  });

  it('an old journal without checkpoints/ (before this version): the first open keeps the state at the newest seal', async () => {
    const { s, state } = await history();
    await rm(join(s.journalDir, 'checkpoints'), { recursive: true });
    await rm(join(s.journalDir, 'checkpoint.json'));
    let svc = await s.open();
    expect(journalOf(svc).checkpoint).toBeNull();
    const lastClosed = journalOf(svc).lastClosedSeq;
    await svc.close({ seal: false });
    expect(await readdir(join(s.journalDir, 'checkpoints'))).toEqual([`checkpoint-${String(lastClosed).padStart(12, '0')}.json`]);
    await rm(join(s.journalDir, 'checkpoint.json'));
    svc = await s.open();
    expect(journalOf(svc).checkpoint?.seq).toBe(lastClosed);
    expect(svc.snapshot()).toEqual(state);
    await svc.close({ seal: false });
  });
});

describe('a checkpoint that cannot be saved after an event was recorded', () => {
  it('answers the event as recorded (never "Nothing was recorded"), tells it, and saves the checkpoint later', async () => {
    const s = await station();
    const warnings: string[] = [];
    const svc = await StationService.open({
      journalDir: s.journalDir, stationId: 'station-test', clock: s.clock, keyStore: new FileKeyStore(join(s.root, 'keys', 'station.key')),
      standardsDirs: [s.standardsDir], checkpointEvery: 1, onWarning: (m) => warnings.push(m),
    });
    // Break the checkpoint for real: a non-empty folder where checkpoint.json goes makes its rename fail.
    const cp = join(s.journalDir, 'checkpoint.json');
    await rm(cp, { force: true });
    await mkdir(join(cp, 'in-the-way'), { recursive: true });
    const started = await svc.startRun({ standardId: 'sample-check', actor });
    expect(started).toMatchObject({ ok: true });
    if (!started.ok) return;
    const runId = started.value.runId;
    expect(await svc.tick({ runId, actor, stepId: 'clean-bench' })).toMatchObject({ ok: true });
    expect(warnings.length).toBeGreaterThanOrEqual(2);
    expect(warnings[0]).toMatch(/checkpoint could not be saved at seq \d+ .*every event is recorded/);
    // Each event is in the journal exactly once (a retry after a false "not recorded" would have doubled it).
    const head = svc.head.seq;
    // The disk is repaired: the next event saves the checkpoint again, at the head.
    await rm(cp, { recursive: true });
    expect(await svc.tick({ runId, actor, stepId: 'weigh-carton' })).toMatchObject({ ok: false }); // a measurement step: refused, nothing written
    expect(await svc.measure({ runId, actor, stepId: 'weigh-carton', value: 500 })).toMatchObject({ ok: true });
    const saved = JSON.parse(await readFile(cp, 'utf8')) as { seq: number };
    expect(saved.seq).toBe(head + 1);
    await svc.close();
    const reopened = await s.open();
    const types = [];
    for await (const r of (reopened as unknown as { journal: { readSince(n: number): AsyncIterable<{ type: string }> } }).journal.readSince(0)) types.push(r.type);
    expect(types.filter((t) => t === 'run.started')).toHaveLength(1);
    expect(types.filter((t) => t === 'step.done')).toHaveLength(1);
    const resumed = await reopened.startRun({ standardId: 'sample-check', actor });
    expect(resumed).toMatchObject({ ok: true, value: { runId } });
    await reopened.close();
  });
});
