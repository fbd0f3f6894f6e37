#!/usr/bin/env node
// `steadywork` command shim (package.json "bin"). Runs the bundled CLI; in a checkout of the repository it builds
// it first when dist/ is missing or older than the sources (so `npx steadywork …` always runs the current code).
'use strict';
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..', '..');
const bundle = path.join(root, 'dist', 'cli', 'steadywork.cjs');
const worker = path.join(root, 'dist', 'ledger', 'worker.cjs');
const buildScript = path.join(root, 'scripts', 'build.mjs');

/** Newest modification time of the TypeScript sources under electron/ (0 if there are none: an installed package). */
function newestSource(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function stale() {
  if (!existsSync(bundle) || !existsSync(worker)) return true;
  if (!existsSync(buildScript)) return false;
  const built = Math.min(statSync(bundle).mtimeMs, statSync(worker).mtimeMs);
  return newestSource(path.join(root, 'electron')) > built;
}

if (stale()) {
  if (!existsSync(buildScript)) {
    process.stderr.write('steadywork: the CLI is not built (dist/cli/steadywork.cjs is missing).\n');
    process.exit(1);
  }
  const build = spawnSync(process.execPath, [buildScript], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0 || !existsSync(bundle)) {
    process.stderr.write('steadywork: the CLI is not built and "node scripts/build.mjs" failed (see above).\n');
    process.exit(1);
  }
}
require(bundle);
