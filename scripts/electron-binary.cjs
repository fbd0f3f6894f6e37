// Where the Electron binary is, without `require('electron')`: since Electron 42 that require downloads the binary
// when it is missing (synchronously, with a stack trace when offline). `npm start` (scripts/start-electron.mjs)
// downloads it with progress and a one-line failure; the Electron e2e spec only asks whether it is there.
'use strict';
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');

/**
 * The electron package of this checkout: its folder, its version and the executable when it has been downloaded.
 * `electronDir` defaults to node_modules/electron as Node resolves it from `root` (STEADYWORK_ELECTRON_DIR overrides
 * it, for the start script's own tests).
 * @param {string} root
 * @param {string} [electronDir]
 * @returns {{ dir: string, version: string, binary: string | null } | null} null when electron is not installed at all
 */
function electronPackage(root, electronDir = process.env.STEADYWORK_ELECTRON_DIR) {
  let dir = electronDir;
  if (!dir) {
    try {
      dir = path.dirname(require.resolve('electron/package.json', { paths: [root] }));
    } catch {
      return null;
    }
  }
  let version;
  try {
    version = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
  let binary = null;
  try {
    // Written by electron's install.js after extracting: the executable's path inside dist/.
    const inDist = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH; // a binary built or unpacked elsewhere (electron's own variable)
    const installed = override ? version : readFileSync(path.join(dir, 'dist', 'version'), 'utf8').trim().replace(/^v/, '');
    const candidate = path.join(override || path.join(dir, 'dist'), inDist);
    if (installed === version && existsSync(candidate)) binary = candidate;
  } catch {
    binary = null;
  }
  return { dir, version, binary };
}

module.exports = { electronPackage };
