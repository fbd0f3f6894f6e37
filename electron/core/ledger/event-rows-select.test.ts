import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventRowsSelect } from './import';

/**
 * What the DuckDB import reads from the verified copies (import.ts eventRowsSelect): only lines of the stations (and
 * ranges) it was asked for — a line of another station inside a station's file is never imported, whatever else
 * the checks let through.
 */
let root: string;
let file: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'sw-rows-select-'));
  file = path.join(root, 'segment-000000000001.jsonl');
  const line = (seq: number, station: string) => JSON.stringify({ v: 1, seq, id: `01a25289-2d11-7299-a5b0-f50b99d700${String(seq).padStart(2, '0')}`, station,
    at: '2026-11-27T09:05:00.000+05:30', actor: 'a', type: 'step.done' });
  await writeFile(file, [line(1, 'st-a'), line(2, 'st-a'), line(3, 'zz-forged'), line(3, 'st-a')].join('\n') + '\n');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function rowsOf(sql: string): Promise<Array<[string, number]>> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(`SELECT station_id, seq::INTEGER AS seq FROM (${sql}) ORDER BY station_id, seq`)).getRowObjectsJS()
      .map((r) => [String(r.station_id), Number(r.seq)]);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe('eventRowsSelect', () => {
  it('takes only the lines of the stations asked for', async () => {
    expect(await rowsOf(eventRowsSelect([file], 1, 'journal', { stations: ['st-a'] }))).toEqual([['st-a', 1], ['st-a', 2], ['st-a', 3]]);
  });

  it('with ranges, only seq in (from, to] of that station', async () => {
    expect(await rowsOf(eventRowsSelect([file], 1, 'compare', { ranges: [{ station: 'st-a', from: 1, to: 3 }] }))).toEqual([['st-a', 2], ['st-a', 3]]);
  });
});
