/**
 * Worker thread of the ledger: checks station folders (station-check.ts) sent by pool.ts, so that several
 * stations are verified at once on a machine with several cores. Bundled to dist/ledger/worker.cjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkStation, type StationCheckTask } from './station-check';

type Request = { id: number; task: StationCheckTask };

if (parentPort && (workerData as { steadyworkLedgerWorker?: unknown } | undefined)?.steadyworkLedgerWorker) {
  const port = parentPort;
  // Ready: the pool starts a station's deadline only now (loading this worker can take seconds on a busy machine).
  port.postMessage({ ready: true });
  port.on('message', (msg: Request) => {
    // Progress (bytes read from the share) tells the pool's deadline that the share still answers.
    let last = 0;
    const onRead = (): void => {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      port.postMessage({ id: msg.id, progress: now });
    };
    checkStation(msg.task, { onRead }).then(
      (result) => port.postMessage({ id: msg.id, result }),
      (err: unknown) => port.postMessage({ id: msg.id, error: err instanceof Error ? err.stack ?? err.message : String(err) }),
    );
  });
}
