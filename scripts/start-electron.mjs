// `npm start`: run the built app in Electron.
//
// Electron's npm package has no install script since Electron 42: the binary (about 110 MB) is fetched on first use.
// This script does that itself, with progress on stderr: @electron/get (the library electron's own `install-electron`
// command uses) downloads the zip into its cache and checks it against electron's checksums.json, then electron's
// install.js extracts it from that cache into node_modules/electron/dist. Later starts find the binary at once.
// Where the download fails (no network, a proxy, a firewall), one line says so and points to `npm run start:web`.
//
// Electron's download variables apply: ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR, electron_config_cache,
// ELECTRON_OVERRIDE_DIST_PATH (see https://www.electronjs.org/docs/latest/tutorial/installation).
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { electronPackage } = require('./electron-binary.cjs');

/** No byte for this long: give up (a firewall that drops packets would otherwise hang the start for minutes). */
const STALL_MS = Number(process.env.STEADYWORK_DOWNLOAD_STALL_MS) || 30_000;

function fail(reason) {
  process.stderr.write(`Steadywork: ${reason}. Run \`npm run start:web\` to use Steadywork in a browser instead.\n`);
  process.exit(1);
}

/** The reason of a failed download in a few words: "fetch failed (ENOTFOUND github.com)". */
function reasonOf(err) {
  const e = /** @type {Error & { cause?: { code?: string, hostname?: string, message?: string } }} */ (err);
  const cause = e.cause ? ` (${[e.cause.code, e.cause.hostname].filter(Boolean).join(' ') || e.cause.message})` : '';
  return `${String(e.message ?? e).split('\n')[0]}${cause}`;
}

function progressWriter(version) {
  const tty = process.stderr.isTTY === true;
  let shownTenth = -1;
  return ({ transferred, total }) => {
    const mb = (n) => (n / 1024 / 1024).toFixed(0);
    if (!total) return;
    const pct = Math.floor((transferred / total) * 100);
    if (tty) {
      process.stderr.write(`\rDownloading Electron ${version}: ${String(pct).padStart(3)}% (${mb(transferred)} of ${mb(total)} MB)\x1b[K`);
    } else if (Math.floor(pct / 10) > shownTenth) {
      shownTenth = Math.floor(pct / 10);
      process.stderr.write(`Downloading Electron ${version}: ${pct}% (${mb(transferred)} of ${mb(total)} MB)\n`);
    }
  };
}

/** Download electron's zip into @electron/get's cache, then let electron's install.js extract it. */
async function downloadElectron(pkg) {
  process.stderr.write(`Steadywork: the Electron ${pkg.version} binary is not here yet; downloading it once (about 110 MB).\n`);
  const electronRequire = createRequire(path.join(pkg.dir, 'package.json'));
  let get;
  try {
    get = await import(pathToFileURL(electronRequire.resolve('@electron/get')).href);
  } catch (err) {
    fail(`Electron's downloader (@electron/get) cannot be loaded (${reasonOf(err)}); run \`npm install\` again`);
  }
  const controller = new AbortController();
  let stall = setTimeout(() => controller.abort(new Error(`no data for ${STALL_MS / 1000} s`)), STALL_MS);
  const show = progressWriter(pkg.version);
  try {
    await get.downloadArtifact({
      version: pkg.version,
      artifactName: 'electron',
      platform: process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform,
      arch: process.env.ELECTRON_INSTALL_ARCH || process.env.npm_config_arch || process.arch,
      cacheRoot: process.env.electron_config_cache,
      checksums: process.env.electron_use_remote_checksums ? undefined : electronRequire('./checksums.json'),
      downloadOptions: {
        quiet: true, // our own progress line instead of @electron/get's bar (which appears only after 30 s)
        signal: controller.signal,
        getProgressCallback: (p) => {
          clearTimeout(stall);
          stall = setTimeout(() => controller.abort(new Error(`no data for ${STALL_MS / 1000} s`)), STALL_MS);
          show(p);
        },
      },
    });
  } catch (err) {
    if (process.stderr.isTTY) process.stderr.write('\n');
    fail(`Electron ${pkg.version} could not be downloaded: ${controller.signal.aborted ? reasonOf(controller.signal.reason) : reasonOf(err)}`);
  } finally {
    clearTimeout(stall);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  // Extract from the cache (no second download): electron's `install-electron` command.
  const install = spawnSync(process.execPath, [path.join(pkg.dir, 'install.js')], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (install.status !== 0) fail(`Electron ${pkg.version} was downloaded but could not be unpacked (${(install.stderr || '').trim().split('\n')[0] || `exit ${install.status}`})`);
}

let pkg = electronPackage(root);
if (!pkg) fail('the electron package is not installed (run `npm install` first)');
if (!pkg.binary) {
  await downloadElectron(pkg);
  pkg = electronPackage(root);
  if (!pkg?.binary) fail('the Electron binary is still missing after the download (node_modules/electron/path.txt or dist/ is absent)');
}

const args = [root, ...process.argv.slice(2)];
// Chromium refuses to start as root without --no-sandbox (containers, CI). Never the case on a station.
if (process.getuid?.() === 0) args.push('--no-sandbox');

const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE; // would make Electron behave as plain Node
const child = spawn(pkg.binary, args, { cwd: root, stdio: 'inherit', env });
child.on('error', (err) => fail(`could not start Electron (${err.message})`));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
