import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertBounded } from '../../../test/support/property';
import { describeJsonValue, formatPath } from './errors';
import { findJsonSyntaxProblem } from './json-syntax';
import { parseStandardFile } from './load';

describe('formatPath and describeJsonValue', () => {
  it('writes JSON paths the way a person reads them', () => {
    expect(formatPath([])).toBe('(file)');
    expect(formatPath(['steps', 2, 'limits', 'min'])).toBe('steps[2].limits.min');
    expect(formatPath(['$schema'])).toBe('$schema');
    expect(formatPath(['title', 'en-GB'])).toBe('title["en-GB"]');
  });

  it('gives the JSON type and a short preview', () => {
    expect(describeJsonValue(undefined)).toBe('nothing');
    expect(describeJsonValue('3')).toBe('string "3"');
    expect(describeJsonValue(12)).toBe('number 12');
    expect(describeJsonValue(true)).toBe('boolean true');
    expect(describeJsonValue(null)).toBe('null');
    expect(describeJsonValue([1, 2])).toBe('array with 2 items');
    expect(describeJsonValue({ en: 'x', hi: 'y', fr: 'z', de: 'w' })).toBe('object with "en", "hi", "fr", …');
    expect(describeJsonValue('x'.repeat(100)).length).toBeLessThan(60);
  });
});

describe('BAD_JSON: line, column and what to do', () => {
  const cases: [string, string, RegExp][] = [
    ['{"a": 1,}', 'line 1, column 9', /Remove the comma before the \}/],
    ["{'a': 1}", 'line 1, column 2', /double quotes/],
    ['{\n  "a": 1\n  "b": 2\n}', 'line 3, column 3', /A comma is missing before this point/],
    ['{"a": [1, 2}', 'line 1, column 12', /A \] is missing/],
    ['{\n  // note\n  "a": 1\n}', 'line 2, column 3', /Comments are not allowed/],
    ['{"a": tru}', 'line 1, column 7', /Put text in double quotes/],
    ['{"a": "two\nlines"}', 'line 1, column 11', /closing quote/],
    ['{"a": 08}', 'line 1, column 8', /Write numbers like/],
    ['{"a": 1}}', 'line 1, column 9', /more text after the end/],
    ['{"a": "C:\\path"}', 'line 1, column 10', /backslash/],
    ['{"a": [1, 2,]}', 'line 1, column 13', /Remove the comma before the \]/],
    ['{"a" 1}', 'line 1, column 6', /colon/],
    ['{\n  "a": {\n    "b": 1\n', 'line 4, column 1', /ends too early/],
  ];
  it.each(cases)('%j → %s', (text, where, hint) => {
    const r = parseStandardFile('f.json', Buffer.from(text));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    const e = r.errors[0]!;
    expect(e.code).toBe('BAD_JSON');
    expect(e.field).toBe('(file)');
    expect(e.message).toContain(`f.json: The file is not valid JSON at ${where}`);
    expect(e.found).toContain(where);
    expect(e.message).toMatch(hint);
    expect(e.message).toMatch(/save the file again\.$/);
  });

  it('finds a problem exactly when JSON.parse refuses the text', () => {
    const parses = (t: string) => {
      try {
        JSON.parse(t);
        return true;
      } catch {
        return false;
      }
    };
    // Valid JSON of every shape, and the same texts with one character removed, doubled or replaced.
    const texts = fc
      .tuple(fc.json({ maxDepth: 4 }), fc.nat(), fc.constantFrom('drop', 'double', ',', '}', ']', '"', ':', ' ', 'x', '\\'))
      .map(([json, at, edit]) => {
        const i = json.length === 0 ? 0 : at % json.length;
        if (edit === 'drop') return json.slice(0, i) + json.slice(i + 1);
        if (edit === 'double') return json.slice(0, i) + json.charAt(i) + json.slice(i);
        return json.slice(0, i) + edit + json.slice(i + 1);
      });
    assertBounded(
      fc.property(fc.oneof(fc.json({ maxDepth: 4 }), texts), (t) => {
        expect(findJsonSyntaxProblem(t) === null).toBe(parses(t));
      }),
      { numRuns: 2000, timeLimitMs: 10_000 },
    );
  });
});

describe('UTF-8 check', () => {
  it('agrees with a strict UTF-8 decoder on any bytes', async () => {
    const { firstInvalidUtf8 } = await import('./load');
    const strictOk = (b: Uint8Array) => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(b);
        return true;
      } catch {
        return false;
      }
    };
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 16 }),
      fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => new Uint8Array(Buffer.from(s, 'utf8'))),
    );
    assertBounded(
      fc.property(bytes, (b) => {
        expect(firstInvalidUtf8(b) === -1).toBe(strictOk(b));
      }),
      { numRuns: 3000, timeLimitMs: 10_000 },
    );
  });
});
