import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { EventInput, JournalRecord } from '../journal/record';
import { sampleRef, sampleStandard } from '../../../test/support/standards';
import { apply, decide, dueList, emptyProjection, fold, runView, RunEvent, type Projection, type RunCommand } from './index';

const doc = sampleStandard();
const ref = sampleRef(doc);

/** A stand-in for the journal: numbers and stamps events the way the real one does. */
function memoryJournal(startMs = Date.parse('2026-11-27T09:00:00+05:30')) {
  const records: JournalRecord[] = [];
  let ms = startMs;
  const projection = emptyProjection();
  const append = (input: EventInput): JournalRecord => {
    ms += 1000;
    const record: JournalRecord = { v: 1, seq: records.length + 1, id: uuidv7(), station: 'st-1', at: new Date(ms).toISOString(), prev: '0'.repeat(64), ...input };
    records.push(record);
    apply(projection, record);
    return record;
  };
  const start = (actor = 'artisan-1') => {
    const runId = uuidv7();
    append({ type: RunEvent.started, actor, run: runId, standard: ref });
    return runId;
  };
  const run = (runId: string, cmd: RunCommand, actor = 'artisan-1') => {
    const decision = decide(projection.runs[runId]!, doc, actor, cmd);
    if (decision.ok) append(decision.value);
    return decision;
  };
  return { records, projection, start, run, advance: (by: number) => (ms += by) };
}

describe('run engine', () => {
  it('runs a standard step by step to completion', () => {
    const j = memoryJournal();
    const id = j.start();
    expect(runView(j.projection.runs[id]!, doc)).toMatchObject({ currentIndex: 0, total: 5, canComplete: false, canUndo: false });
    expect(j.run(id, { op: 'tick', stepId: 'clean-bench' }).ok).toBe(true);
    expect(j.run(id, { op: 'measure', stepId: 'weigh-carton', value: 500.5 }).ok).toBe(true);
    expect(j.run(id, { op: 'choose', stepId: 'glue-state', option: 'good' }).ok).toBe(true);
    expect(j.run(id, { op: 'skip', stepId: 'remark' }).ok).toBe(true);
    expect(j.run(id, { op: 'tick', stepId: 'lock-drawer' }).ok).toBe(true);
    expect(runView(j.projection.runs[id]!, doc)).toMatchObject({ currentStepId: null, canComplete: true });
    expect(j.run(id, { op: 'complete' }).ok).toBe(true);
    const view = runView(j.projection.runs[id]!, doc);
    expect(view.status).toBe('completed');
    expect(view.steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'skipped', 'done']);
    expect(view.steps[1]).toMatchObject({ value: 500.5, acceptable: true });
  });

  it('enforces the order of steps and refuses to complete early', () => {
    const j = memoryJournal();
    const id = j.start();
    expect(j.run(id, { op: 'tick', stepId: 'lock-drawer' })).toMatchObject({ ok: false, error: { code: 'STEP_OUT_OF_ORDER' } });
    expect(j.run(id, { op: 'complete' })).toMatchObject({ ok: false, error: { code: 'STEPS_REMAINING' } });
    expect(j.run(id, { op: 'measure', stepId: 'clean-bench', value: 1 })).toMatchObject({ ok: false, error: { code: 'WRONG_STEP_KIND' } });
    expect(j.run(id, { op: 'skip', stepId: 'clean-bench' })).toMatchObject({ ok: false, error: { code: 'STEP_REQUIRED' } });
    expect(j.records).toHaveLength(1);
  });

  it('records an out-of-limits value, flags it and asks for a reason before moving on', () => {
    const j = memoryJournal();
    const id = j.start();
    j.run(id, { op: 'tick', stepId: 'clean-bench' });
    expect(j.run(id, { op: 'measure', stepId: 'weigh-carton', value: 530 }).ok).toBe(true);
    let view = runView(j.projection.runs[id]!, doc);
    expect(view.steps[1]).toMatchObject({ status: 'needs_reason', value: 530, acceptable: false });
    expect(view.currentStepId).toBe('weigh-carton');
    expect(j.run(id, { op: 'choose', stepId: 'glue-state', option: 'good' })).toMatchObject({ ok: false, error: { code: 'STEP_OUT_OF_ORDER' } });
    expect(j.run(id, { op: 'measure', stepId: 'weigh-carton', value: 500 })).toMatchObject({ ok: false, error: { code: 'REASON_REQUIRED' } });
    expect(j.run(id, { op: 'reason', stepId: 'weigh-carton', reason: 'MADE_UP' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_REASON' } });
    expect(j.run(id, { op: 'reason', stepId: 'weigh-carton', reason: 'NO_MATERIAL' }).ok).toBe(true);
    view = runView(j.projection.runs[id]!, doc);
    expect(view.steps[1]).toMatchObject({ status: 'done', value: 530, acceptable: false, reason: 'NO_MATERIAL' });
    expect(view.counts.notAcceptable).toBe(1);
    const measured = j.records.find((r) => r.type === RunEvent.stepMeasured)!;
    expect(measured.data).toMatchObject({ acceptable: false, unit: 'g', limits: { min: 480, max: 520 } });
  });

  it('checks the number of decimals and the limits at their edges', () => {
    const j = memoryJournal();
    const id = j.start();
    j.run(id, { op: 'tick', stepId: 'clean-bench' });
    expect(j.run(id, { op: 'measure', stepId: 'weigh-carton', value: 500.25 })).toMatchObject({ ok: false, error: { code: 'VALUE_INVALID' } });
    expect(j.run(id, { op: 'measure', stepId: 'weigh-carton', value: 480 }).ok).toBe(true);
    expect(runView(j.projection.runs[id]!, doc).steps[1]).toMatchObject({ status: 'done', acceptable: true });
  });

  it('undo is a new event that supersedes the latest step event, never an edit', () => {
    const j = memoryJournal();
    const id = j.start();
    expect(j.run(id, { op: 'undo' })).toMatchObject({ ok: false, error: { code: 'NOTHING_TO_UNDO' } });
    j.run(id, { op: 'tick', stepId: 'clean-bench' });
    j.run(id, { op: 'measure', stepId: 'weigh-carton', value: 530 });
    j.run(id, { op: 'reason', stepId: 'weigh-carton', reason: 'TOOL_BROKEN' });
    const reasoned = j.records.at(-1)!;
    expect(j.run(id, { op: 'undo' }).ok).toBe(true);
    const undo = j.records.at(-1)!;
    expect(undo).toMatchObject({ type: RunEvent.stepUndone, supersedes: reasoned.id, step: 'weigh-carton' });
    expect(runView(j.projection.runs[id]!, doc).steps[1]).toMatchObject({ status: 'needs_reason', value: 530 });
    j.run(id, { op: 'undo' });
    j.run(id, { op: 'undo' });
    const view = runView(j.projection.runs[id]!, doc);
    expect(view.currentIndex).toBe(0);
    expect(view.counts.undos).toBe(3);
    expect(j.records.filter((r) => r.type !== RunEvent.stepUndone)).toHaveLength(4);
  });

  it('a deviation records the reason and lets the run go on; abandon needs a reason', () => {
    const j = memoryJournal();
    const id = j.start();
    expect(j.run(id, { op: 'deviate', stepId: 'clean-bench', reason: 'NO_MATERIAL' }).ok).toBe(true);
    expect(runView(j.projection.runs[id]!, doc)).toMatchObject({ currentIndex: 1, counts: { deviations: 1 } });
    expect(j.run(id, { op: 'abandon', reason: 'nope' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_REASON' } });
    expect(j.run(id, { op: 'abandon', reason: 'TOOL_BROKEN' }).ok).toBe(true);
    expect(runView(j.projection.runs[id]!, doc)).toMatchObject({ status: 'abandoned', abandonReason: 'TOOL_BROKEN' });
    expect(j.run(id, { op: 'tick', stepId: 'weigh-carton' })).toMatchObject({ ok: false, error: { code: 'RUN_FINISHED' } });
  });

  it("a step with its own reasons accepts only those; a step without takes every reason of the standard", () => {
    const own = sampleStandard({
      steps: [
        { id: 'clean-bench', kind: 'tick', text: { en: 'Clean the bench.' }, required: true, reasons: ['TOOL_BROKEN'] },
        { id: 'lock-drawer', kind: 'tick', text: { en: 'Lock the drawer.' }, required: true },
      ],
    });
    const j = memoryJournal();
    const id = j.start();
    const run = (cmd: RunCommand) => {
      const d = decide(j.projection.runs[id]!, own, 'artisan-1', cmd);
      if (d.ok) j.records.push({ v: 1, seq: j.records.length + 1, id: uuidv7(), station: 'st-1', at: new Date().toISOString(), prev: '0'.repeat(64), ...d.value });
      if (d.ok) apply(j.projection, j.records.at(-1)!);
      return d;
    };
    const refused = run({ op: 'deviate', stepId: 'clean-bench', reason: 'NO_MATERIAL' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNKNOWN_REASON', message: expect.stringContaining('Choose one of: TOOL_BROKEN.') } });
    expect(run({ op: 'deviate', stepId: 'clean-bench', reason: 'TOOL_BROKEN' }).ok).toBe(true);
    expect(run({ op: 'deviate', stepId: 'lock-drawer', reason: 'NO_MATERIAL' }).ok).toBe(true);
  });

  it('a note with nothing in it records no note: an optional step is done (not skipped), a required one is refused', () => {
    const j = memoryJournal();
    const id = j.start();
    j.run(id, { op: 'tick', stepId: 'clean-bench' });
    j.run(id, { op: 'measure', stepId: 'weigh-carton', value: 500 });
    j.run(id, { op: 'choose', stepId: 'glue-state', option: 'good' });
    // The same run, had its standard made the note required: nothing written is refused, nothing recorded.
    const requiredNote = { ...doc, steps: doc.steps.map((s) => (s.id === 'remark' ? { ...s, required: true } : s)) };
    for (const text of ['', '  \n ']) {
      expect(decide(j.projection.runs[id]!, requiredNote, 'artisan-1', { op: 'note', stepId: 'remark', text })).toMatchObject({ ok: false, error: { code: 'NOTE_REQUIRED' } });
    }
    const before = j.records.length;
    const empty = j.run(id, { op: 'note', stepId: 'remark', text: '   ' });
    expect(empty).toMatchObject({ ok: true, value: { type: RunEvent.stepDone, step: 'remark' } });
    expect(empty.ok && 'value' in empty.value).toBe(false);
    expect(j.records).toHaveLength(before + 1);
    const view = runView(j.projection.runs[id]!, doc);
    expect(view.steps[3]).toMatchObject({ status: 'done' });
    expect(view.steps[3]?.value).toBeUndefined();
  });

  it('a help request is its own outcome: recorded with its step, and the run continues', () => {
    const j = memoryJournal();
    const id = j.start();
    expect(j.run(id, { op: 'help', stepId: 'clean-bench' }).ok).toBe(true);
    let view = runView(j.projection.runs[id]!, doc);
    expect(view.openHelp).toEqual([expect.objectContaining({ stepId: 'clean-bench' })]);
    expect(view.currentIndex).toBe(0);
    expect(j.run(id, { op: 'tick', stepId: 'clean-bench' }).ok).toBe(true);
    view = runView(j.projection.runs[id]!, doc);
    expect(view.counts.helpRequests).toBe(1);
    expect(view.currentIndex).toBe(1);
  });

  it('fold of the same events always gives the same state, whatever the split point', () => {
    const j = memoryJournal();
    const id = j.start();
    j.run(id, { op: 'tick', stepId: 'clean-bench' });
    j.run(id, { op: 'measure', stepId: 'weigh-carton', value: 470 });
    j.run(id, { op: 'undo' });
    const all = fold(j.records);
    for (let split = 0; split <= j.records.length; split++) {
      const resumed = fold(j.records.slice(split), JSON.parse(JSON.stringify(fold(j.records.slice(0, split)))) as Projection);
      expect(resumed).toEqual(all);
    }
    expect(all).toEqual(j.projection);
  });

  it('stays small however long the history: finished runs for a day, at most 200; completions for 8 days', () => {
    const j = memoryJournal();
    const first = j.start();
    j.run(first, { op: 'abandon', reason: 'NO_MATERIAL' });
    j.advance(25 * 3600 * 1000);
    const second = j.start();
    expect(Object.keys(j.projection.runs)).toEqual([second]);
    j.run(second, { op: 'abandon', reason: 'NO_MATERIAL' });
    for (let i = 0; i < 300; i++) {
      const id = j.start();
      for (const cmd of [
        { op: 'tick', stepId: 'clean-bench' },
        { op: 'measure', stepId: 'weigh-carton', value: 500 },
        { op: 'choose', stepId: 'glue-state', option: 'good' },
        { op: 'skip', stepId: 'remark' },
        { op: 'tick', stepId: 'lock-drawer' },
        { op: 'complete' },
      ] as RunCommand[]) expect(j.run(id, cmd).ok).toBe(true);
    }
    const open = j.start();
    expect(Object.keys(j.projection.runs)).toHaveLength(201);
    expect(j.projection.runs[open]?.status).toBe('in_progress');
    expect(j.projection.completions['sample-check']).toHaveLength(50);
    expect(JSON.stringify(j.projection).length).toBeLessThan(300_000); // ~1.3 KB per kept run, whatever the history length
  });
});

describe('which routines are due', () => {
  const tz = 'Asia/Kolkata';
  const at = (local: string) => Date.parse(`${local}+05:30`);
  const current = [{ doc, ref }];

  it('moves from upcoming to due to late over the day (Friday 27 Nov 2026)', () => {
    const p = emptyProjection();
    expect(dueList(current, p, at('2026-11-27T07:59:00'), tz)[0]).toMatchObject({ status: 'upcoming', dueAt: '2026-11-27T08:00:00.000+05:30', lateAt: '2026-11-27T08:30:00.000+05:30' });
    expect(dueList(current, p, at('2026-11-27T08:00:00'), tz)[0]?.status).toBe('due');
    expect(dueList(current, p, at('2026-11-27T08:30:00'), tz)[0]?.status).toBe('due');
    expect(dueList(current, p, at('2026-11-27T08:30:01'), tz)[0]?.status).toBe('late');
  });

  it('is not scheduled on a day off (Sunday)', () => {
    expect(dueList(current, emptyProjection(), at('2026-11-29T09:00:00'), tz)[0]?.status).toBe('not_scheduled');
  });

  it('shows in progress, then done with on-time flag, and sorts the one to do now first', () => {
    const other = sampleStandard({ id: 'other-check', schedule: { every: 'day', at: '07:00', graceMinutes: 10, days: ['fri'] } });
    const j = memoryJournal(at('2026-11-27T08:10:00'));
    const id = j.start();
    const both = [{ doc, ref }, { doc: other, ref: sampleRef(other, 'b'.repeat(64)) }];
    expect(dueList(both, j.projection, at('2026-11-27T08:11:00'), tz).map((d) => [d.standard.id, d.status])).toEqual([
      ['sample-check', 'in_progress'],
      ['other-check', 'late'],
    ]);
    for (const cmd of [
      { op: 'tick', stepId: 'clean-bench' },
      { op: 'measure', stepId: 'weigh-carton', value: 500 },
      { op: 'choose', stepId: 'glue-state', option: 'good' },
      { op: 'skip', stepId: 'remark' },
      { op: 'tick', stepId: 'lock-drawer' },
      { op: 'complete' },
    ] as RunCommand[]) expect(j.run(id, cmd).ok).toBe(true);
    const items = dueList(both, j.projection, at('2026-11-27T12:00:00'), tz);
    expect(items.map((d) => [d.standard.id, d.status])).toEqual([
      ['other-check', 'late'],
      ['sample-check', 'done'],
    ]);
    expect(items[1]).toMatchObject({ runId: id, onTime: true });
    // The next day it is due again.
    expect(dueList(both, j.projection, at('2026-11-28T08:05:00'), tz).find((d) => d.standard.id === 'sample-check')?.status).toBe('due');
  });

  it('a weekly routine is due on its first listed day and stays late for the rest of the week', () => {
    const weekly = sampleStandard({ id: 'weekly-check', schedule: { every: 'week', at: '10:00', graceMinutes: 60, days: ['wed'] } });
    const list = [{ doc: weekly, ref: sampleRef(weekly) }];
    expect(dueList(list, emptyProjection(), at('2026-11-24T10:00:00'), tz)[0]?.status).toBe('upcoming'); // Tuesday
    expect(dueList(list, emptyProjection(), at('2026-11-25T10:30:00'), tz)[0]?.status).toBe('due'); // Wednesday
    expect(dueList(list, emptyProjection(), at('2026-11-27T09:00:00'), tz)[0]?.status).toBe('late'); // Friday
  });
});
