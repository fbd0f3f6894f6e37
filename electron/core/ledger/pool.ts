import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { checkStation, type StationCheck, type StationCheckTask } from './station-check';

/**
 * Runs station checks: in worker threads when there are several cores (one station per worker at a time), else
 * one after another in this thread. Either way `onDone` is called as each station finishes, in completion order,
 * so that the importer can write one station to the database while the next ones are still being verified.
 */
export interface PoolOptions {
  /** Worker threads; 0 = in this thread. Default: the number of cores (at most 8), 0 on a single core. */
  workers?: number;
  /** The worker script, a .cjs file (default: see findWorkerScript). */
  workerScript?: string;
  onDone?: (check: StationCheck) => void;
}

export function defaultWorkers(): number {
  const n = availableParallelism();
  return n > 1 ? Math.min(n, 8) : 0;
}

/**
 * How to start a worker: the bundled worker next to the running bundle (dist/ledger/worker.cjs), or, in development
 * (tests, tsx), the TypeScript source loaded through tsx's require hook. Null when neither is available.
 */
export function findWorkerScript(): { file: string; eval: boolean } | null {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (const file of [path.join(here, '..', 'ledger', 'worker.cjs'), path.join(here, 'ledger', 'worker.cjs'), path.join(here, 'worker.cjs')]) {
    if (existsSync(file)) return { file, eval: false };
  }
  const ts = path.join(here, 'worker.ts');
  if (!existsSync(ts)) return null;
  const tsx = [path.join(here, '..', '..', '..', 'node_modules', 'tsx'), path.join(process.cwd(), 'node_modules', 'tsx')]
    .map((d) => path.join(d, 'dist', 'cjs', 'api', 'index.cjs'))
    .find((f) => existsSync(f));
  if (!tsx) return null;
  return { file: `require(${JSON.stringify(tsx)}).register();\nrequire(${JSON.stringify(ts)});\n`, eval: true };
}

export async function runStationChecks(tasks: StationCheckTask[], opts: PoolOptions = {}): Promise<StationCheck[]> {
  const results: Array<StationCheck | undefined> = tasks.map(() => undefined);
  const wanted = Math.min(opts.workers ?? defaultWorkers(), tasks.length);
  const script = wanted > 0 ? (opts.workerScript ? { file: opts.workerScript, eval: false } : findWorkerScript()) : null;
  let next = 0;
  const inProcess = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await checkStation(tasks[i] as StationCheckTask);
      opts.onDone?.(results[i] as StationCheck);
    }
  };
  if (!script || wanted <= 0) {
    await inProcess();
    return results as StationCheck[];
  }

  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      let failed = false;
      const startOn = (w: Worker): void => {
        if (next >= tasks.length) return;
        const i = next++;
        running++;
        w.postMessage({ id: i, task: tasks[i] });
      };
      for (let k = 0; k < wanted; k++) {
        const w = new Worker(script.file, { workerData: { steadyworkLedgerWorker: true }, eval: script.eval });
        workers.push(w);
        w.on('message', (msg: { id: number; result?: StationCheck; error?: string }) => {
          running--;
          if (msg.error !== undefined || !msg.result) {
            failed = true;
            reject(new Error(`Checking station ${tasks[msg.id]?.station ?? '?'} failed: ${msg.error ?? 'no result'}`));
            return;
          }
          results[msg.id] = msg.result;
          opts.onDone?.(msg.result);
          startOn(w);
          if (running === 0 && next >= tasks.length) resolve();
        });
        w.on('error', (err) => {
          if (failed) return;
          failed = true;
          reject(err);
        });
        startOn(w);
      }
    });
  } catch (err) {
    if (process.env.STEADYWORK_DEBUG_WORKERS) process.stderr.write(`steadywork: ledger workers failed, continuing in one thread: ${String(err)}\n`);
    // A worker that cannot start (e.g. no worker script in this packaging) must not stop the import: finish here.
    for (const w of workers) await w.terminate();
    workers.length = 0;
    if (results.some((r) => r === undefined)) {
      const missing = tasks.map((_, i) => i).filter((i) => results[i] === undefined);
      for (const i of missing) {
        results[i] = await checkStation(tasks[i] as StationCheckTask);
        opts.onDone?.(results[i] as StationCheck);
      }
    }
    if (results.some((r) => r === undefined)) throw err;
  } finally {
    for (const w of workers) await w.terminate();
  }
  return results as StationCheck[];
}
