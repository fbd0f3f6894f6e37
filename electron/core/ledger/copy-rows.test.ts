import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Journal } from '../journal/journal';
import { MemoryKeyStore } from '../journal/keys';
import type { EventInput, JournalRecord } from '../journal/record';
import { verifySegments } from '../journal/verify';
import { ManualClock } from '../time/clock';
import { assertBoundedAsync } from '../../../test/support/property';
import { withTempDir } from '../../../test/support/temp-dir';
import { COPY_COLUMNS } from '../ledger-pg/rows';
import { CopyRowsWriter, type CopyRowsResult } from './copy-rows';

/**
 * The PostgreSQL import's rows, made from the verified bytes (copy-rows.ts): whether a line took the verifier's hot path
 * (offsets) or the full check (parsed), its row decodes, as COPY's text format reads it, to the line's own values.
 */

/** COPY's text format as PostgreSQL reads it: rows end with "\n", fields with "\t", `\N` is NULL, backslash escapes. */
function decodeCopyText(text: string): Array<Array<string | null>> {
  return text.split('\n').slice(0, -1).map((row) => row.split('\t').map((f) => (f === '\\N' ? null
    : f.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' } as Record<string, string>)[c] ?? c))));
}

const noProtoKeys = (v: unknown): boolean =>
  v === null || typeof v !== 'object' ? true : Array.isArray(v) ? v.every(noProtoKeys) : Object.entries(v).every(([k, x]) => k !== '__proto__' && noProtoKeys(x));
// Texts with tabs, newlines, backslashes, quotes, Devanagari and emoji: what the hot path must leave to the full check or copy as they are.
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('plain', 'tab\there', 'a\\b', 'say "hi"', 'नमस्ते', 'x\ny', '🙂', ''));
const json = fc.oneof(fc.jsonValue({ maxDepth: 2 }).filter(noProtoKeys), fc.constantFrom(null, 1.5, 'ok', { mm: 12.5 }, [1, 'a\tb']));
const eventArb: fc.Arbitrary<EventInput> = fc.record(
  {
    actor: fc.oneof(fc.constantFrom('op-1', 'Asha Rao', 'आशा'), fc.string({ unit: 'binary', minLength: 1, maxLength: 8 })),
    type: fc.constantFrom('step.done', 'run.started', 'step.measured', 'note.added'),
    run: fc.uuid(),
    standard: fc.record({ id: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/), version: fc.integer({ min: 1, max: 999 }), hash: fc.stringMatching(/^[0-9a-f]{64}$/) }),
    step: text,
    value: json,
    reason: text,
    supersedes: fc.uuid(),
    data: fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 3 }).filter(noProtoKeys),
  },
  { requiredKeys: ['actor', 'type'] },
);

/** What a row must say for one journal line (COPY_COLUMNS order), from the line parsed. */
function expectedRow(r: JournalRecord & Record<string, unknown>, supplier: string, station: string, file: string, line: number, importId: number): Array<string | null> {
  // Text as PostgreSQL receives it: UTF-8 (a lone surrogate cannot be sent; it becomes U+FFFD on both paths).
  const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('utf8');
  const str = (v: unknown) => (v === undefined || v === null ? null : utf8(String(v)));
  const js = (v: unknown) => (v === undefined || v === null ? null : utf8(JSON.stringify(v)));
  const std = r.standard as { id: string; version: number; hash: string } | undefined;
  return [supplier, station, String(r.seq), r.id, r.at, r.at, str(r.actor), r.type, str(r.run), str(std?.id), std ? String(std.version) : null, str(std?.hash),
    str(r.step), js(r.value), str(r.reason), str(r.supersedes), js(r.data), `stations/${station}/segments/${file}`, String(line), String(importId)];
}

/** Rows compared as values (JSON columns parsed: the hot path copies the line's JSON text, the full check re-serialises it). */
const comparable = (row: Array<string | null>) => row.map((v, i) => (v !== null && (COPY_COLUMNS[i] === 'value' || COPY_COLUMNS[i] === 'data') ? JSON.parse(v) as unknown : v));

async function rowsOf(files: string[], dir: string, name: string, fastLines: boolean, from: number, publicKey: string): Promise<{ result: CopyRowsResult; text: string }> {
  const writer = new CopyRowsWriter(join(dir, name), 'Supplier\tA', 'station-r', 7, from);
  await verifySegments(files, { stationId: 'station-r', publicKey, requireSealedEnd: true, fastLines, onRecord: writer.onRecord.bind(writer) });
  const result = writer.close();
  return { result, text: await readFile(result.file, 'utf8') };
}

describe('COPY rows from the verified bytes (property)', () => {
  it('the hot path and the full check write the same rows, and each row reads back as its line', async () => {
    await assertBoundedAsync(
      fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 14 }), fc.integer({ min: 0, max: 6 }), (events, fromIndex) => withTempDir('sw-copy-rows-', async (dir) => {
        const keyStore = new MemoryKeyStore();
        const j = await Journal.open({ dir: join(dir, 'j'), stationId: 'station-r', clock: new ManualClock(Date.UTC(2026, 2, 31, 22, 30), 'Asia/Kolkata'), keyStore, segmentMaxRecords: 4, durability: 'none' });
        for (const e of events) await j.append(e);
        await j.seal();
        await j.close();
        const names = (await readdir(join(dir, 'j', 'segments'))).sort();
        const files = names.map((n) => join(dir, 'j', 'segments', n));
        const lines = (await Promise.all(files.map(async (f, fi) => (await readFile(f, 'utf8')).split('\n').slice(0, -1)
          .map((l, li) => ({ r: JSON.parse(l) as JournalRecord & Record<string, unknown>, file: names[fi] as string, line: li + 1 }))))).flat();
        const from = Math.min(fromIndex, lines.length - 1);
        const fast = await rowsOf(files, dir, 'fast.copy', true, from, j.publicKey);
        const full = await rowsOf(files, dir, 'full.copy', false, from, j.publicKey);
        expect(fast.result.ends).toEqual(full.result.ends);
        expect(fast.result.months).toEqual(full.result.months);
        const want = lines.filter((l) => l.r.seq > from).map((l) => comparable(expectedRow(l.r, 'Supplier\tA', 'station-r', l.file, l.line, 7)));
        expect(decodeCopyText(fast.text).map(comparable)).toEqual(want);
        expect(decodeCopyText(full.text).map(comparable)).toEqual(want);
        // Each segment's rows end where the next one's begin; the last end is the whole file.
        expect(fast.result.ends.map((e) => e.seq)).toEqual([...new Set(lines.filter((l) => l.r.seq > from).map((l) => l.file))]
          .map((f) => Math.max(...lines.filter((l) => l.file === f).map((l) => l.r.seq))));
        expect(fast.result.ends.at(-1)?.offset ?? 0).toBe(Buffer.byteLength(fast.text));
        // The UTC months of the rows (the clock starts at 04:00 on 1 April in Kolkata: still 31 March in UTC).
        const utcMonths = [...new Set(lines.filter((l) => l.r.seq > from).map((l) => new Date(l.r.at).toISOString().slice(0, 7)))].sort();
        expect(fast.result.months).toEqual(utcMonths);
      })),
      { numRuns: 80, timeLimitMs: 30_000 },
    );
  }, 90_000);
});
