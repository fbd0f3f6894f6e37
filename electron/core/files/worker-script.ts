/**
 * How to start one of Steadywork's worker threads: the bundled script next to the running bundle
 * (dist/<bundled>, found from dist/electron, dist/cli, dist/bench or dist/harness), or, in development (tests, tsx),
 * the TypeScript source loaded through tsx's require hook. Null when neither is available (the caller then works
 * without a worker). Used by the ledger's verifier (ledger/pool.ts) and the station's share I/O (sync/share-worker.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export type WorkerScript = { file: string; eval: boolean };

/**
 * @param bundled the bundle's path under dist/, e.g. 'ledger/worker.cjs'
 * @param sourceDir the folder of the TypeScript source (the caller's __dirname in development)
 * @param source the source file's name in that folder, e.g. 'worker.ts'
 */
export function findWorkerScriptFor(bundled: string, sourceDir: string, source: string): WorkerScript | null {
  const [folder = '', name = ''] = bundled.split('/');
  for (const file of [path.join(sourceDir, '..', folder, name), path.join(sourceDir, folder, name), path.join(sourceDir, name)]) {
    if (existsSync(file)) return { file, eval: false };
  }
  const ts = path.join(sourceDir, source);
  if (!existsSync(ts)) return null;
  return workerScriptFromSource(ts, sourceDir);
}

/** A worker that runs a TypeScript file through tsx's require hook (development and tests only). */
export function workerScriptFromSource(ts: string, near = path.dirname(ts)): WorkerScript | null {
  const tsx = [path.join(near, '..', '..', '..', 'node_modules', 'tsx'), path.join(process.cwd(), 'node_modules', 'tsx')]
    .map((d) => path.join(d, 'dist', 'cjs', 'api', 'index.cjs'))
    .find((f) => existsSync(f));
  if (!tsx) return null;
  return { file: `require(${JSON.stringify(tsx)}).register();\nrequire(${JSON.stringify(ts)});\n`, eval: true };
}
