import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertBounded } from '../../../test/support/property';
import { diffStandards, summarizeChanges } from './diff';
import { StandardDocument, type Step } from './schema';

const DEMO = path.resolve(__dirname, '../../../assets/standards/carton-quality-check.json');
const demo = (): StandardDocument => StandardDocument.parse(JSON.parse(readFileSync(DEMO, 'utf8')));

// ------------------------------------------------------------------ arbitraries

const word = fc.constantFrom('Clear', 'Weigh', 'Check', 'Wipe', 'Fold', 'Count', 'the', 'table', 'carton', 'glue', 'brush');
const sentence = fc.array(word, { minLength: 1, maxLength: 5 }).map((w) => `${w.join(' ')}.`);
const localized = fc.record({ en: sentence, hi: fc.option(sentence, { nil: undefined }) }).map((t) => (t.hi === undefined ? { en: t.en } : t));
const media = fc.option(
  fc.record({ picture: fc.constantFrom('pictures/a.svg', 'pictures/b.png'), pictureAlt: localized }),
  { nil: undefined },
);

const stepBody = fc.oneof(
  fc.record({ kind: fc.constant('tick' as const), text: localized, required: fc.boolean(), media }),
  fc.record({
    kind: fc.constant('measurement' as const),
    text: localized,
    required: fc.boolean(),
    unit: fc.constantFrom('g', 'mm', '°C'),
    decimals: fc.integer({ min: 0, max: 2 }),
    limits: fc.record({ min: fc.integer({ min: 0, max: 50 }), max: fc.integer({ min: 50, max: 100 }) }),
    media,
  }),
  fc.record({
    kind: fc.constant('choice' as const),
    text: localized,
    required: fc.boolean(),
    options: fc
      .uniqueArray(fc.constantFrom('good', 'bad', 'open', 'closed', 'half'), { minLength: 2, maxLength: 4 })
      .chain((values) =>
        fc.tuple(...values.map((value, i) => fc.record({ value: fc.constant(value), label: localized, acceptable: i === 0 ? fc.constant(true) : fc.boolean() }))),
      ),
    media,
  }),
  fc.record({ kind: fc.constant('note' as const), text: localized, required: fc.boolean(), media }),
);

const STEP_IDS = ['clear-table', 'weigh', 'fold', 'count', 'wipe', 'glue', 'label', 'note', 'sweep', 'lamp'];

/** 1–8 steps with distinct ids. */
const steps = fc
  .uniqueArray(fc.constantFrom(...STEP_IDS), { minLength: 1, maxLength: 8 })
  .chain((ids) => fc.tuple(...ids.map((id) => stepBody.map((body) => ({ id, ...body })))));

const standardDoc = fc
  .record({
    title: localized,
    owner: fc.record({ role: fc.constantFrom('Quality manager', 'Supervisor'), name: fc.constantFrom('Meena Sharma', 'Rahul Verma') }),
    at: fc.constantFrom('08:00', '11:00', '17:30'),
    graceMinutes: fc.integer({ min: 0, max: 120 }),
    reasons: fc.uniqueArray(fc.constantFrom('NO_MATERIAL', 'NEED_HELP', 'TOOL_BROKEN', 'NOT_SAFE'), { minLength: 1, maxLength: 4 }),
    steps,
  })
  .map(({ title, owner, at, graceMinutes, reasons, steps }) =>
    StandardDocument.parse({
      format: 1,
      id: 'prop-check',
      version: 1,
      title,
      owner,
      effectiveFrom: '2026-01-01',
      schedule: { every: 'day', at, graceMinutes },
      reasonCodes: reasons.map((code) => ({ code, label: { en: `Reason ${code}.` } })),
      steps,
    }),
  );

const withSteps = (doc: StandardDocument, s: Step[]): StandardDocument => ({ ...doc, version: doc.version + 1, effectiveFrom: '2026-06-01', steps: s });

/** Is `sub` (a list of distinct ids) in the same relative order inside `full`? */
const sameRelativeOrder = (sub: string[], full: string[]) => {
  const pos = sub.map((id) => full.indexOf(id));
  return pos.every((p, i) => i === 0 || p > (pos[i - 1] as number));
};

describe('diffStandards (properties)', () => {
  it('a version compared with itself has no changes; version and effectiveFrom alone are not changes', () => {
    assertBounded(
      fc.property(standardDoc, (a) => {
        expect(diffStandards(a, a)).toEqual([]);
        expect(diffStandards(a, structuredClone(a))).toEqual([]);
        expect(diffStandards(a, { ...a, version: 7, effectiveFrom: '2027-01-01' })).toEqual([]);
      }),
      { numRuns: 100, timeLimitMs: 10_000 },
    );
  });

  it('only reordering the steps gives only "moved", the fewest of them, and the others keep their relative order', () => {
    assertBounded(
      fc.property(standardDoc.chain((a) => fc.tuple(fc.constant(a), fc.shuffledSubarray(a.steps, { minLength: a.steps.length, maxLength: a.steps.length }))), ([a, order]) => {
        const b = withSteps(a, order);
        const changes = diffStandards(a, b);
        expect(changes.every((c) => c.change === 'moved')).toBe(true);
        const moved = new Set(changes.map((c) => c.stepId));
        const stay = a.steps.map((s) => s.id).filter((id) => !moved.has(id));
        expect(sameRelativeOrder(stay, b.steps.map((s) => s.id))).toBe(true);
        // No move at all exactly when the order is the same.
        expect(changes.length === 0).toBe(a.steps.every((s, i) => b.steps[i]?.id === s.id));
        expect(changes.length).toBeLessThan(Math.max(1, a.steps.length));
        for (const c of changes) {
          if (c.change !== 'moved') continue;
          expect(a.steps[c.from]?.id).toBe(c.stepId);
          expect(b.steps[c.to]?.id).toBe(c.stepId);
        }
      }),
      { numRuns: 100, timeLimitMs: 10_000 },
    );
  });

  it('added and removed steps are exactly the ids only in one version, with their index there', () => {
    assertBounded(
      fc.property(standardDoc, standardDoc, (a, b0) => {
        const b = withSteps(a, b0.steps);
        const changes = diffStandards(a, b);
        const aIds = a.steps.map((s) => s.id);
        const bIds = b.steps.map((s) => s.id);
        const added = changes.filter((c) => c.change === 'added');
        const removed = changes.filter((c) => c.change === 'removed');
        expect(added.map((c) => c.stepId).sort()).toEqual(bIds.filter((id) => !aIds.includes(id)).sort());
        expect(removed.map((c) => c.stepId).sort()).toEqual(aIds.filter((id) => !bIds.includes(id)).sort());
        for (const c of added) if (c.change === 'added') expect(b.steps[c.index]?.id).toBe(c.stepId);
        for (const c of removed) if (c.change === 'removed') expect(a.steps[c.index]?.id).toBe(c.stepId);
        // Kept steps: "changed" exactly when their content differs (ignoring the id).
        for (const s of b.steps) {
          const old = a.steps.find((o) => o.id === s.id);
          if (!old) continue;
          const changed = changes.some((c) => c.change === 'changed' && c.stepId === s.id);
          expect(changed).toBe(JSON.stringify(sortKeys(old)) !== JSON.stringify(sortKeys(s)));
        }
        // Nothing about the standard itself: only the steps differ.
        expect(changes.some((c) => c.stepId === '')).toBe(false);
      }),
      { numRuns: 100, timeLimitMs: 10_000 },
    );
  });

  it('one changed field of one step gives exactly one "changed" entry naming that field', () => {
    assertBounded(
      fc.property(standardDoc, fc.nat(), sentence, (a, pick, text) => {
        const i = pick % a.steps.length;
        const target = a.steps[i] as Step;
        fc.pre(target.text.en !== text);
        const b = withSteps(a, a.steps.map((s, j) => (j === i ? { ...s, text: { ...s.text, en: text } } : s)));
        expect(diffStandards(a, b)).toEqual([
          { change: 'changed', stepId: target.id, index: i, title: { ...b.steps[i]?.text }, fields: [{ field: 'text.en', before: target.text.en, after: text }] },
        ]);
      }),
      { numRuns: 100, timeLimitMs: 10_000 },
    );
  });
});

/** JSON with sorted keys, to compare content regardless of key order. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)).map(([k, x]) => [k, sortKeys(x)]));
  return v;
}

describe('diffStandards (examples)', () => {
  it('a new version of the carton check: limits, a new step, a removed step, a move, owner and schedule', () => {
    const v1 = demo();
    const [s0, s1, s2, ...rest] = v1.steps as [Step, Step, Step, ...Step[]];
    const weigh = v1.steps.find((s) => s.kind === 'measurement') as Extract<Step, { kind: 'measurement' }>;
    const v2: StandardDocument = {
      ...v1,
      version: 2,
      effectiveFrom: '2026-12-01',
      owner: { ...v1.owner, name: 'Anil Joshi' },
      schedule: { ...v1.schedule, at: '11:30' },
      reasonCodes: [...v1.reasonCodes, { code: 'LABEL_MISSING', label: { en: 'The label is missing.' } }],
      steps: [
        s1,
        s0,
        { id: 'count-cartons', kind: 'tick', required: true, text: { en: 'Count the cartons.' } } as Step,
        ...[s2, ...rest].filter((s) => s.id !== v1.steps[v1.steps.length - 1]?.id),
      ].map((s) => (s.id === weigh.id ? { ...weigh, limits: { min: 490, max: 510 } } : s)),
    };
    const changes = diffStandards(v1, v2);
    const last = v1.steps[v1.steps.length - 1] as Step;

    expect(changes[0]).toMatchObject({ change: 'changed', stepId: '', index: -1 });
    const docFields = changes[0]?.change === 'changed' ? changes[0].fields : [];
    expect(docFields).toEqual(
      expect.arrayContaining([
        { field: 'owner.name', before: v1.owner.name, after: 'Anil Joshi' },
        { field: 'schedule.at', before: '11:00', after: '11:30' },
        { field: 'reasonCodes[LABEL_MISSING]', before: '', after: 'LABEL_MISSING: The label is missing.' },
      ]),
    );
    expect(docFields).toHaveLength(3);
    expect(changes).toContainEqual({ change: 'removed', stepId: last.id, index: v1.steps.length - 1, title: expect.objectContaining({ en: last.text.en }) });
    expect(changes).toContainEqual({ change: 'added', stepId: 'count-cartons', index: 2, title: { en: 'Count the cartons.' } });
    expect(changes.filter((c) => c.change === 'moved')).toHaveLength(1);
    const limits = changes.find((c) => c.change === 'changed' && c.stepId === weigh.id);
    expect(limits?.change === 'changed' && limits.fields).toEqual([
      { field: 'limits.min', before: String(weigh.limits.min), after: '490' },
      { field: 'limits.max', before: String(weigh.limits.max), after: '510' },
    ]);
    expect(summarizeChanges(changes, 2)).toMatch(/owner\.name.*; .*more$/);
  });

  it('options: one added, one relabelled, one no longer acceptable; kind, unit and media changes are named', () => {
    const base = demo();
    const choice = base.steps.find((s) => s.kind === 'choice') as Extract<Step, { kind: 'choice' }>;
    const [o0, o1] = choice.options as [(typeof choice.options)[number], (typeof choice.options)[number]];
    const changedChoice = {
      ...choice,
      options: [{ ...o0, label: { ...o0.label, en: 'Very good' } }, { ...o1, acceptable: !o1.acceptable }, ...choice.options.slice(2), { value: 'torn', label: { en: 'Torn' }, acceptable: false }],
      media: { picture: 'pictures/new.svg' },
    };
    const tick = base.steps.find((s) => s.kind === 'tick') as Step;
    const asNote: Step = { id: tick.id, kind: 'note', required: false, text: tick.text };
    const b = { ...base, version: 2, steps: base.steps.map((s) => (s.id === choice.id ? changedChoice : s.id === tick.id ? asNote : s)) };
    const changes = diffStandards(base, b);
    const c = changes.find((x) => x.stepId === choice.id);
    expect(c?.change === 'changed' && c.fields.map((f) => f.field)).toEqual(
      expect.arrayContaining([`options[${o0.value}].label.en`, `options[${o1.value}].acceptable`, 'options[torn]', 'media.picture']),
    );
    // The new option is one line, not one per field.
    expect(c?.change === 'changed' && c.fields.some((f) => f.field.startsWith('options[torn].'))).toBe(false);
    const t = changes.find((x) => x.stepId === tick.id);
    expect(t?.change === 'changed' && t.fields).toEqual(expect.arrayContaining([{ field: 'kind', before: 'tick', after: 'note' }]));
  });
});
