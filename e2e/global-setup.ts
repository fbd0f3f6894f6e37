import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** Build dist/ (esbuild, well under a second) so the tests never see a stale renderer. */
export default function globalSetup(): void {
  const root = path.resolve(__dirname, '..');
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error('e2e: "node scripts/build.mjs" failed; see the errors above.');
}
