#!/usr/bin/env node
// `steadywork` command shim (package.json "bin"). Runs the bundled CLI; builds it first if dist/ is missing.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..', '..');
const bundle = path.join(root, 'dist', 'cli', 'steadywork.cjs');

if (!existsSync(bundle)) {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0 || !existsSync(bundle)) {
    process.stderr.write('steadywork: the CLI is not built and "node scripts/build.mjs" failed (see above).\n');
    process.exit(1);
  }
}
require(bundle);
