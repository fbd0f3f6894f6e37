import { build } from 'esbuild';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The ledger's verification workers start at every import and verification (one per core), so what their bundle loads
 * is paid each time before the first line is verified. Measured: with zod in it (pulled in through the journal's
 * index and its record schema), the worker bundle was 865 kB and two workers took 130–250 ms and 250–400 ms of CPU to
 * start; without it, 100 kB and about 90 ms. This keeps the verifier's modules free of the schema library.
 */
const root = path.resolve(__dirname, '..');

describe('the ledger worker bundle', () => {
  it('loads no schema library and stays small', async () => {
    const result = await build({
      entryPoints: [path.join(root, 'electron/core/ledger/worker.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      metafile: true,
      logLevel: 'silent',
      external: ['@duckdb/*'],
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((f) => f.includes('node_modules/'))).toEqual([]);
    expect(inputs.filter((f) => /electron\/core\/journal\/(index|record)\.ts$/.test(f))).toEqual([]);
    const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
    expect(bytes).toBeLessThan(200_000);
  }, 60_000);
});
