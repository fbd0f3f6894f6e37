/**
 * Test worker for share-worker.test.ts: the share worker, on a share whose files hang like a dead network drive.
 * Every FIFO read is opened the way a plain reader would open it (without O_NONBLOCK), so the thread really blocks
 * in the kernel until the test opens the FIFO's other end; a marker file per blocked thread lets the test count them.
 */
import { closeSync, lstatSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { threadId, workerData } from 'node:worker_threads';
import { runShareOp } from './share-ops';
import { serveShareOps } from './share-worker-thread';

const { markers } = workerData as { markers: string };

serveShareOps((req) => {
  if (req.op === 'read' && lstatSync(req.p, { throwIfNoEntry: false })?.isFIFO()) {
    writeFileSync(path.join(markers, `thread-${threadId}`), req.p);
    closeSync(openSync(req.p, 'r')); // blocks until the test releases the FIFO
  }
  return runShareOp(req);
});
