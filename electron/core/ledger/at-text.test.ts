import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBoundedAsync } from '../../../test/support/property';
import { isJournalAtString, isJournalAtText, JournalAtTexts } from './at-text';
import { atOffsetOf, journalAtText, sqlString } from './db';

/**
 * The station check decides which time texts the DuckDB ledger does not store (at-text.ts): a text it accepts must be
 * exactly what the events view rebuilds from the instant and the offset (db.ts journalAtText), or an imported event
 * would show another time text than the line procurement verified.
 */

let instance: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

/** For each text: whether DuckDB reads it as a time, and the text the events view would rebuild from that time and its offset. */
async function rebuilt(texts: string[]): Promise<Array<{ text: string; rebuilt: string | null }>> {
  const values = texts.map((t, i) => `(${i}, ${sqlString(t)})`).join(', ');
  const rows = (await conn.runAndReadAll(`SELECT i, t, CASE WHEN try_cast(t AS TIMESTAMPTZ) IS NULL THEN NULL
    ELSE ${journalAtText('t::TIMESTAMPTZ', atOffsetOf('t'))} END AS r FROM (VALUES ${values}) v(i, t) ORDER BY i`)).getRowObjectsJS();
  return rows.map((r) => ({ text: String(r.t), rebuilt: r.r === null ? null : String(r.r) }));
}

const two = (n: number) => String(n).padStart(2, '0');

/** The journal's own text of an instant with an offset in minutes (what clock.ts isoWithOffset writes). */
function journalText(ms: number, offset: number): string {
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
  const a = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${two(Math.floor(a / 60))}:${two(a % 60)}`;
}

/** Texts of the journal's shape with every field at and beyond its limits (month 13, day 31 of February, 24:00, -00:00 …). */
const nearMiss = fc.record({
  y: fc.integer({ min: 0, max: 9999 }), mo: fc.integer({ min: 0, max: 19 }), d: fc.integer({ min: 0, max: 39 }),
  h: fc.integer({ min: 0, max: 29 }), mi: fc.integer({ min: 0, max: 69 }), s: fc.integer({ min: 0, max: 69 }), ms: fc.integer({ min: 0, max: 999 }),
  sign: fc.constantFrom('+', '-'), oh: fc.integer({ min: 0, max: 19 }), om: fc.integer({ min: 0, max: 69 }),
  sep: fc.constantFrom('T', 'T', 'T', ' ', 't'),
}).map((f) => `${String(f.y).padStart(4, '0')}-${two(f.mo)}-${two(f.d)}${f.sep}${two(f.h)}:${two(f.mi)}:${two(f.s)}.${String(f.ms).padStart(3, '0')}${f.sign}${two(f.oh)}:${two(f.om)}`);

/** Instants from year 1000 to 9999 with any offset a zone has had (and more): the journal's own texts. */
const own = fc.record({
  ms: fc.integer({ min: Date.UTC(1000, 0, 2), max: Date.UTC(9999, 11, 30) }),
  offset: fc.integer({ min: -959, max: 959 }),
}).map(({ ms, offset }) => journalText(ms, offset));

describe('which time texts the DuckDB ledger rebuilds instead of storing', () => {
  it('accepts a text only when the view rebuilds exactly that text (property: own texts and near misses, checked by DuckDB)', async () => {
    await assertBoundedAsync(fc.asyncProperty(fc.array(fc.oneof(own, nearMiss), { minLength: 50, maxLength: 200 }), async (texts) => {
      for (const { text, rebuilt: r } of await rebuilt(texts)) {
        if (isJournalAtString(text)) expect(r, text).toBe(text);
      }
    }), { numRuns: 60, timeLimitMs: 10_000 });
  });

  it('accepts every text the journal writes (except -00:00, which reads back as +00:00)', async () => {
    await assertBoundedAsync(fc.asyncProperty(fc.array(own, { minLength: 50, maxLength: 200 }), async (texts) => {
      for (const text of texts) expect(isJournalAtString(text), text).toBe(!text.endsWith('-00:00'));
    }), { numRuns: 60, timeLimitMs: 5_000 });
  });

  it('keeps what only a hand-made line has: Z, no seconds, other precisions, -00:00, impossible dates, non-ASCII digits', () => {
    for (const text of ['2026-11-27T09:05:00.000Z', '2026-11-27T09:05+05:30', '2026-11-27T09:05:07+05:30', '2026-11-27T09:05:07.1+05:30',
      '2026-11-27T09:05:07.123456+05:30', '2026-11-27T09:05:07.123-00:00', '2026-02-29T09:05:07.123+05:30', '2026-04-31T09:05:07.123+05:30',
      '2026-11-27T24:00:00.000+05:30', '2026-11-27T09:05:60.000+05:30', '2026-11-27T09:05:07.123+16:00', '0999-11-27T09:05:07.123+05:30',
      '2026-11-27T09:05:07.12\u0130+05:30', '2026-11-27 09:05:07.123+05:30']) {
      expect(isJournalAtString(text), text).toBe(false);
    }
    for (const text of ['2024-02-29T09:05:07.123+05:30', '2000-02-29T23:59:59.999-12:00', '2026-11-27T09:05:07.123+00:00', '2026-12-31T00:00:00.000+14:00']) {
      expect(isJournalAtString(text), text).toBe(true);
    }
  });

  it('reads the same from a line\'s bytes as from its text', () => {
    const line = Buffer.from('{"at":"2026-11-27T09:05:07.123+05:30"}');
    expect(isJournalAtText(line, 7, 36)).toBe(true);
    expect(isJournalAtText(line, 7, 35)).toBe(false);
  });

  it('flags a file only when no verified line of it has another text, whatever the counts (one line too many cannot make up for it)', () => {
    const texts = new JournalAtTexts();
    const record = (at: string) => ({ at }) as unknown as Parameters<JournalAtTexts['onRecord']>[4];
    const see = (file: string, at: string) => texts.onRecord(Buffer.alloc(0), 1, file, 1, record(at));
    for (const at of ['2026-11-27T09:05:00.000+05:30', '2026-11-27T09:06:00.000+05:30']) see('own.jsonl', at);
    expect(texts.allOwn('own.jsonl', 2)).toBe(true);
    expect(texts.allOwn('own.jsonl', 3)).toBe(false);
    // Three lines seen for a file said to hold 2: one written with Z, two the journal's own.
    for (const at of ['2026-11-27T03:35:00.000Z', '2026-11-27T09:06:00.000+05:30', '2026-11-27T09:06:00.000+05:30']) see('mixed.jsonl', at);
    expect(texts.allOwn('mixed.jsonl', 2)).toBe(false);
    expect(texts.allOwn('never-seen.jsonl', 0)).toBe(false);
  });
});

