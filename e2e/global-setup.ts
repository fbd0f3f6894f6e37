import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Build dist/ (esbuild, a few seconds) so the tests never see a stale renderer, then take a private copy of
 * the built renderer and harness bundle for this test run: another `npm run build` in the same checkout
 * (which wipes dist/renderer first) cannot pull the files from under a running test. Workers find the
 * copy through STEADYWORK_E2E_DIST (environment variables set here reach them).
 */
export default function globalSetup(): () => void {
  const root = path.resolve(__dirname, '..');
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error('e2e: "node scripts/build.mjs" failed; see the errors above.');
  // Inside the checkout (node_modules/.cache), so the bundle still finds its native external modules (@duckdb/node-api)
  // in node_modules; the ledger's worker bundle goes with it (found as ../ledger/worker.cjs).
  const cache = path.join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const copy = mkdtempSync(path.join(existsSync(cache) ? cache : os.tmpdir(), 'steadywork-e2e-dist-'));
  cpSync(path.join(root, 'dist', 'renderer'), path.join(copy, 'renderer'), { recursive: true });
  cpSync(path.join(root, 'dist', 'harness'), path.join(copy, 'harness'), { recursive: true });
  cpSync(path.join(root, 'dist', 'ledger'), path.join(copy, 'ledger'), { recursive: true });
  // The station's share worker (sync/share-worker.cjs): without it the harness falls back to share I/O on the main
  // thread, and the e2e runs would not exercise the worker the app uses.
  cpSync(path.join(root, 'dist', 'sync'), path.join(copy, 'sync'), { recursive: true });
  process.env.STEADYWORK_E2E_DIST = copy;
  return () => rmSync(copy, { recursive: true, force: true });
}
