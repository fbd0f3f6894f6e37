// Fast build with esbuild: no type checking here (`npm run typecheck` does that).
//
//   node scripts/build.mjs
//
// Node bundles (CommonJS, node20):  dist/electron/main.cjs, dist/electron/preload.cjs,
//   dist/harness/server.cjs, dist/ledger/worker.cjs, dist/sync/share-worker.cjs, dist/bench/run.cjs (only if bench/run.ts exists).
// CLI (ES modules, split): dist/cli/steadywork.mjs + chunk-*.mjs, entered through dist/cli/steadywork.cjs.
// Renderer (browser, minified IIFE): dist/renderer/app.js + app.css + fonts/*.woff2 + index.html.
// Speech (issue 13), outside the main bundle and loaded only when speech is first wanted:
//   dist/renderer/speech/engine-worker.js (module worker: eSpeak NG compiled to JavaScript) + espeak-ng.data (voices).
// The fonts come from the @fontsource packages: esbuild follows the url() in renderer/src/styles/fonts.css
// and copies only the woff2 files that the CSS names (Noto Sans latin + Noto Sans Devanagari, 400 and 700).
import { build } from 'esbuild';
import { existsSync, statSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stamp, staleReason } from './build-stamp.mjs';
import { nodeExternal } from './bundle-externals.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const rel = (p) => path.relative(root, p).split(path.sep).join('/');
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));

const started = performance.now();
const builtAt = Date.now(); // sources saved after this moment make the next `--if-changed` build again

// Native modules and Electron itself are never bundled (nodeExternal: the list and why in scripts/bundle-externals.mjs).
const nodeBase = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: nodeExternal,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

/** @type {{ entry: string, out: string }[]} */
const nodeEntries = [
  { entry: 'electron/main.ts', out: 'dist/electron/main.cjs' },
  { entry: 'electron/preload.ts', out: 'dist/electron/preload.cjs' },
  { entry: 'electron/harness/server.ts', out: 'dist/harness/server.cjs' },
  // Worker thread of the ledger's verifier (found next to the CLI, bench and app bundles as ../ledger/worker.cjs).
  { entry: 'electron/core/ledger/worker.ts', out: 'dist/ledger/worker.cjs' },
  // Worker thread of the station's share I/O (sync, the shared-folder check): found as ../sync/share-worker.cjs.
  { entry: 'electron/core/sync/share-worker-thread.ts', out: 'dist/sync/share-worker.cjs' },
];
// bench/run.ts is written by another part of the team: build it only once it exists.
if (existsSync(path.join(root, 'bench/run.ts'))) nodeEntries.push({ entry: 'bench/run.ts', out: 'dist/bench/run.cjs' });

// `--if-changed` (npm start, npm run start:web, npm run bench): build only when a source changed since the last build
// (scripts/build-stamp.mjs). The stamp lists every file esbuild read (from its metafile), the build scripts,
// package.json and the lockfile.
const stampFile = path.join(dist, '.build-inputs.json');
const entryList = [...nodeEntries.map((e) => e.entry), 'electron/cli/main.ts', 'renderer/src/main.tsx'];
const alwaysInputs = ['scripts/build.mjs', 'scripts/build-stamp.mjs', 'scripts/bundle-externals.mjs', 'package.json', 'package-lock.json', 'tsconfig.json', 'renderer/index.html'];

if (process.argv.includes('--if-changed')) {
  const reason = staleReason(root, stampFile, entryList);
  if (reason === null) {
    console.log(`Steadywork ${pkg.version}: dist/ is up to date (no source changed since the last build; checked in ${Math.round(performance.now() - started)} ms)`);
    process.exit(0);
  }
  console.log(`Steadywork ${pkg.version}: building (${reason})`);
}
await rm(stampFile, { force: true }); // a build that fails half-way must not look up to date

// Hashless asset names keep the renderer output stable; wipe it so no stale file is served.
await rm(path.join(dist, 'renderer'), { recursive: true, force: true });
await mkdir(path.join(dist, 'renderer'), { recursive: true });
// The CLI's chunks have hashed names: wipe them so old ones do not pile up.
await rm(path.join(dist, 'cli'), { recursive: true, force: true });
await mkdir(path.join(dist, 'cli'), { recursive: true });

/**
 * The CLI (dist/cli/steadywork.mjs + chunks): ES modules with code splitting, so that each `await import()` in a
 * command's `run` (electron/cli/commands/specs.ts) becomes a chunk loaded only when that command runs, and
 * `steadywork --help` loads a few kB instead of DuckDB, the journal and the reports (issue 15: under 1 s).
 * The banner gives the ES modules the CommonJS names that bundled packages and our code use (require for the
 * native externals, __dirname for the ledger's worker and the demo standards). dist/cli/steadywork.cjs is a
 * two-line CommonJS entry that imports it, for `node dist/cli/steadywork.cjs` and electron/cli/bin.cjs.
 */
const cliBanner = [
  "import { createRequire as __swCreateRequire } from 'node:module';",
  "import { fileURLToPath as __swFileURLToPath } from 'node:url';",
  "import { dirname as __swDirname } from 'node:path';",
  'const require = __swCreateRequire(import.meta.url);',
  'const __filename = __swFileURLToPath(import.meta.url);',
  'const __dirname = __swDirname(__filename);',
].join(' ');
const cliLoader = `'use strict';
// Entry of the steadywork CLI (written by scripts/build.mjs): the CLI itself is ./steadywork.mjs and its chunks.
import(require('node:url').pathToFileURL(require('node:path').join(__dirname, 'steadywork.mjs')).href).catch((err) => {
  process.stderr.write(\`steadywork: internal error: \${err && err.stack ? err.stack : err}\\n\`);
  process.exitCode = 70;
});
`;

const builds = [
  ...nodeEntries.map(({ entry, out }) =>
    build({ ...nodeBase, entryPoints: [entry], outfile: out }),
  ),
  build({
    ...nodeBase,
    format: 'esm',
    splitting: true,
    entryPoints: { steadywork: 'electron/cli/main.ts' },
    outdir: 'dist/cli',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    banner: { js: cliBanner },
  }),
  build({
    absWorkingDir: root,
    entryPoints: { app: 'renderer/src/main.tsx' },
    outdir: 'dist/renderer',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: ['chrome120'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    jsx: 'automatic',
    loader: { '.woff2': 'file' },
    assetNames: 'fonts/[name]',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    metafile: true,
  }),
  // The speech worker: its own ES module (the engine finds nothing by import.meta.url: the worker hands it the data).
  build({
    absWorkingDir: root,
    entryPoints: { 'engine-worker': 'renderer/src/voice/engine-worker.ts' },
    outdir: 'dist/renderer/speech',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['chrome120'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    // The engine's Node-only branches (never taken in a worker) name Node modules: leave them unresolved.
    external: ['module', 'fs', 'path', 'url', 'crypto', 'worker_threads'],
    logLevel: 'warning',
    metafile: true,
  }),
];

let results;
try {
  results = await Promise.all(builds);
} catch {
  // esbuild has already printed the errors (logLevel 'warning' shows errors and warnings).
  console.error('Steadywork build failed.');
  process.exit(1);
}

await copyFile(path.join(root, 'renderer/index.html'), path.join(dist, 'renderer/index.html'));
await writeFile(path.join(dist, 'cli/steadywork.cjs'), cliLoader);
// The engine's voice data, served and packaged beside the worker: only what the app's languages (en, hi) need. The
// package is one emscripten data file (24 MB, every language's dictionary) whose table of files is written into the
// engine's code; the build keeps the shared files (phonemes, intonations, voices, language definitions) and the en
// and hi dictionaries, writes them into a new data file and rewrites that table in the worker (about 1 MB).
const speechData = await readFile(path.join(root, 'node_modules/@echogarden/espeak-ng-emscripten/espeak-ng.data'));
const workerFile = path.join(dist, 'renderer/speech/engine-worker.js');
const workerCode = await readFile(workerFile, 'utf8');
const table = /\{files:\[(?:\{filename:"[^"]*",start:\d+,end:\d+(?:,audio:\d)?\},?)+\],remote_package_size:\d+\}/.exec(workerCode);
if (!table) {
  console.error('Steadywork build: the eSpeak NG data table was not found in the speech worker (the package changed?).');
  process.exit(1);
}
const SPEECH_LANGUAGES = ['en', 'hi'];
const kept = [];
const parts = [];
let offset = 0;
for (const f of table[0].matchAll(/\{filename:"([^"]*)",start:(\d+),end:(\d+)(?:,audio:\d)?\}/g)) {
  const [, filename, start, end] = f;
  const dict = /\/([a-z-]+)_dict$/.exec(filename);
  if (dict && !SPEECH_LANGUAGES.includes(dict[1])) continue;
  const bytes = speechData.subarray(Number(start), Number(end));
  parts.push(bytes);
  kept.push(`{filename:${JSON.stringify(filename)},start:${offset},end:${offset + bytes.length}}`);
  offset += bytes.length;
}
await writeFile(path.join(dist, 'renderer/speech/espeak-ng.data'), Buffer.concat(parts));
await writeFile(workerFile, workerCode.replace(table[0], `{files:[${kept.join(',')}],remote_package_size:${offset}}`));

const lines = [];
for (const result of results) {
  for (const [file, info] of Object.entries(result.metafile.outputs)) lines.push([file, info.bytes]);
}
lines.push(['dist/renderer/index.html', statSync(path.join(dist, 'renderer/index.html')).size]);
lines.push(['dist/cli/steadywork.cjs', statSync(path.join(dist, 'cli/steadywork.cjs')).size]);
lines.push(['dist/renderer/speech/espeak-ng.data', statSync(path.join(dist, 'renderer/speech/espeak-ng.data')).size]);

const fmt = (n) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} kB` : `${n} B`);
const width = Math.max(...lines.map(([f]) => rel(path.resolve(root, f)).length));
for (const [file, bytes] of lines.sort((a, b) => a[0].localeCompare(b[0]))) {
  console.log(`${rel(path.resolve(root, file)).padEnd(width)}  ${fmt(bytes).padStart(9)}`);
}
const inputs = new Set(alwaysInputs);
for (const result of results) for (const file of Object.keys(result.metafile.inputs)) if (existsSync(path.join(root, file))) inputs.add(file);
await writeFile(stampFile, stamp(builtAt, entryList, lines.map(([f]) => rel(path.resolve(root, f))), inputs));
console.log(`Steadywork ${pkg.version}: built ${lines.length} files in ${Math.round(performance.now() - started)} ms`);
