import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertBounded } from '../../../test/support/property';
import { canonicalStandardJson, parseStandardFile, standardHash, StandardDocument } from './index';

const standardsDir = fileURLToPath(new URL('../../../assets/standards/', import.meta.url));
const DEMOS = ['station-start-check', 'carton-quality-check', 'end-of-day-clean-down'] as const;
const demoTexts = DEMOS.map((id) => readFileSync(`${standardsDir}${id}.json`, 'utf8'));
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function hashOf(text: string | Buffer): string {
  const r = parseStandardFile('t.json', typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.standard.hash;
}

/** The same value with the keys of every object in another order, chosen by `seed`. */
function shuffleKeys(value: Json, seed: number): Json {
  let s = seed >>> 0 || 1;
  const rand = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const walk = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    }
    const out: { [k: string]: Json } = {};
    for (const k of keys) out[k] = walk(v[k]!);
    return out;
  };
  return walk(value);
}

const layout = fc.record({
  seed: fc.integer(),
  indent: fc.constantFrom<string | number>(0, 1, 2, 4, '\t', '   '),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  trailingNewlines: fc.integer({ min: 0, max: 3 }),
  leading: fc.constantFrom('', ' ', '\n', '\t\n  '),
});

describe('standard content hash', () => {
  it('is SHA-256 hex of the JCS canonical JSON, without $schema', () => {
    const r = parseStandardFile('t.json', Buffer.from(demoTexts[0]!));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.standard.hash).toMatch(/^[0-9a-f]{64}$/);
    const canonical = canonicalStandardJson(r.standard.doc);
    expect(canonical).not.toContain('$schema');
    expect(canonical.startsWith('{"effectiveFrom":"2026-01-01","format":1,"id":"station-start-check"')).toBe(true);
    expect(standardHash({ ...r.standard.doc, $schema: 'https://elsewhere/schema.json' })).toBe(r.standard.hash);
  });

  it.each(DEMOS.map((id, i) => [id, i] as const))('%s: stable under key order, indentation, line endings and BOM', (_id, i) => {
    const original = JSON.parse(demoTexts[i]!) as Json;
    const expected = hashOf(demoTexts[i]!);
    assertBounded(
      fc.property(layout, ({ seed, indent, crlf, bom, trailingNewlines, leading }) => {
        let text = leading + JSON.stringify(shuffleKeys(original, seed), null, indent) + '\n'.repeat(trailingNewlines);
        if (crlf) text = text.replace(/\n/g, '\r\n');
        const bytes = Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, 'utf8')]);
        expect(hashOf(bytes)).toBe(expected);
      }),
      { numRuns: 150, timeLimitMs: 10_000 },
    );
  });

  it('defaults written out or left to the schema give the same hash', () => {
    const doc = JSON.parse(demoTexts[0]!) as { steps: Record<string, unknown>[]; schedule: Record<string, unknown> };
    const withDefaults = structuredClone(doc);
    for (const s of withDefaults.steps) if (s.kind === 'tick') s.required = true;
    const withoutDefaults = structuredClone(doc);
    delete withoutDefaults.schedule.days; // the default is mon–sat
    expect(hashOf(JSON.stringify(withDefaults))).toBe(hashOf(demoTexts[0]!));
    expect(hashOf(JSON.stringify(withoutDefaults))).toBe(hashOf(demoTexts[0]!));
  });

  it('any change of a step text gives a different hash', () => {
    const docs = demoTexts.map((t) => JSON.parse(t) as { steps: { text: Record<string, string> }[] });
    assertBounded(
      fc.property(
        fc.integer({ min: 0, max: docs.length - 1 }),
        fc.nat(),
        fc.constantFrom('en', 'hi'),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
        (d, stepPick, lang, replacement) => {
          const doc = structuredClone(docs[d]!);
          const step = doc.steps[stepPick % doc.steps.length]!;
          const before = step.text[lang]!;
          fc.pre(replacement.trim() !== '' && replacement.trim() !== before.trim());
          step.text[lang] = replacement;
          expect(hashOf(JSON.stringify(doc))).not.toBe(hashOf(demoTexts[d]!));
        },
      ),
      { numRuns: 200, timeLimitMs: 10_000 },
    );
  });

  it('any change of a limit, a version or an option gives a different hash', () => {
    const base = JSON.parse(demoTexts[1]!) as { version: number; steps: Record<string, unknown>[] };
    const h = hashOf(demoTexts[1]!);
    assertBounded(
      fc.property(fc.integer({ min: -1000, max: 1000 }), (delta) => {
        fc.pre(delta !== 0);
        const doc = structuredClone(base);
        const limits = doc.steps[1]!.limits as { min: number; max: number };
        limits.max += Math.abs(delta);
        expect(hashOf(JSON.stringify(doc))).not.toBe(h);
      }),
      { numRuns: 50, timeLimitMs: 10_000 },
    );
    const v2 = structuredClone(base);
    v2.version = 2;
    expect(hashOf(JSON.stringify(v2))).not.toBe(h);
    const option = structuredClone(base);
    ((option.steps[6]!.options as Record<string, unknown>[])[1]!).acceptable = true;
    expect(hashOf(JSON.stringify(option))).not.toBe(h);
  });

  it('leading and trailing spaces inside a text do not count (texts are trimmed)', () => {
    const doc = JSON.parse(demoTexts[0]!) as { title: { en: string } };
    doc.title.en = `  ${doc.title.en}  `;
    expect(hashOf(JSON.stringify(doc))).toBe(hashOf(demoTexts[0]!));
  });

  it('the parsed document is the zod output', () => {
    const r = parseStandardFile('t.json', Buffer.from(demoTexts[2]!));
    expect(r.ok && StandardDocument.parse(JSON.parse(demoTexts[2]!))).toEqual(r.ok && r.standard.doc);
  });
});
