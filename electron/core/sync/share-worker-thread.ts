/**
 * The station's share worker thread (share-worker.ts starts it): runs the file operations of sync and of the
 * shared-folder check one at a time, with synchronous calls, so that a share that hangs blocks this thread and never
 * Node's own file-I/O threads. Bundled to dist/sync/share-worker.cjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runShareOp, toShareOpError, type ShareOp } from './share-ops';

/** Answers each request `{ id, req }` with `{ id, value }` or `{ id, error }`. */
export function serveShareOps(run: (req: ShareOp) => unknown = runShareOp): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', (msg: { id: number; req: ShareOp }) => {
    try {
      port.postMessage({ id: msg.id, value: run(msg.req) });
    } catch (err) {
      port.postMessage({ id: msg.id, error: toShareOpError(err) });
    }
  });
  port.postMessage({ ready: true });
}

if ((workerData as { steadyworkShareWorker?: unknown } | undefined)?.steadyworkShareWorker === true) serveShareOps();
