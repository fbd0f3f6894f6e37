// `npm start`: run the built app in Electron. The Electron binary is downloaded by electron's install
// script from GitHub; where that is not possible (this project's CI machines, locked-down networks) we
// say so once, clearly, and point to the browser harness instead of printing a stack trace.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const binary = require('electron'); // the path of the executable, or throws "Electron failed to install correctly"
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  process.stderr.write(
    'Steadywork: the Electron binary is not installed (node_modules/electron/dist is missing; it is downloaded ' +
      'from GitHub, which this machine cannot reach). Run `npm run start:web` to use Steadywork in a browser ' +
      'instead, or install Electron where the download works: `node node_modules/electron/install.js`.\n',
  );
  process.exit(1);
}

const args = [root, ...process.argv.slice(2)];
// Chromium refuses to start as root without --no-sandbox (containers, CI). Never the case on a station.
if (process.getuid?.() === 0) args.push('--no-sandbox');

const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE; // would make Electron behave as plain Node
const child = spawn(binary, args, { cwd: root, stdio: 'inherit', env });
child.on('error', (err) => {
  process.stderr.write(`Steadywork: could not start Electron (${err.message}).\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
