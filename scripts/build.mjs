// Fast build with esbuild: no type checking here (`npm run typecheck` does that).
//
//   node scripts/build.mjs
//
// Node bundles (CommonJS, node20):  dist/electron/main.cjs, dist/electron/preload.cjs,
//   dist/harness/server.cjs, dist/cli/steadywork.cjs, dist/ledger/worker.cjs, dist/bench/run.cjs (only if bench/run.ts exists).
// Renderer (browser, minified IIFE): dist/renderer/app.js + app.css + fonts/*.woff2 + index.html.
// Speech (issue 13), outside the main bundle and loaded only when speech is first wanted:
//   dist/renderer/speech/engine-worker.js (module worker: eSpeak NG compiled to JavaScript) + espeak-ng.data (voices).
// The fonts come from the @fontsource packages: esbuild follows the url() in renderer/src/styles/fonts.css
// and copies only the woff2 files that the CSS names (Noto Sans latin + Noto Sans Devanagari, 400 and 700).
import { build } from 'esbuild';
import { existsSync, statSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const rel = (p) => path.relative(root, p).split(path.sep).join('/');
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));

const started = performance.now();

/** Native modules and Electron itself are never bundled: Electron provides `electron`, and
 *  native addons (DuckDB) are loaded from node_modules (asarUnpack in electron-builder.yml). */
const nodeExternal = ['electron', '@duckdb/*', '*.node', '@playwright/test', 'playwright', 'playwright-core'];

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
  { entry: 'electron/cli/main.ts', out: 'dist/cli/steadywork.cjs' },
  // Worker thread of the ledger's verifier (found next to the CLI, bench and app bundles as ../ledger/worker.cjs).
  { entry: 'electron/core/ledger/worker.ts', out: 'dist/ledger/worker.cjs' },
];
// bench/run.ts is written by another part of the team: build it only once it exists.
if (existsSync(path.join(root, 'bench/run.ts'))) nodeEntries.push({ entry: 'bench/run.ts', out: 'dist/bench/run.cjs' });

// Hashless asset names keep the renderer output stable; wipe it so no stale file is served.
await rm(path.join(dist, 'renderer'), { recursive: true, force: true });
await mkdir(path.join(dist, 'renderer'), { recursive: true });

const builds = [
  ...nodeEntries.map(({ entry, out }) =>
    build({ ...nodeBase, entryPoints: [entry], outfile: out }),
  ),
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
// The engine's voice data (all eSpeak NG languages, about 23 MB), served and packaged beside the worker.
const speechData = path.join(root, 'node_modules/@echogarden/espeak-ng-emscripten/espeak-ng.data');
await copyFile(speechData, path.join(dist, 'renderer/speech/espeak-ng.data'));

const lines = [];
for (const result of results) {
  for (const [file, info] of Object.entries(result.metafile.outputs)) lines.push([file, info.bytes]);
}
lines.push(['dist/renderer/index.html', statSync(path.join(dist, 'renderer/index.html')).size]);
lines.push(['dist/renderer/speech/espeak-ng.data', statSync(path.join(dist, 'renderer/speech/espeak-ng.data')).size]);

const fmt = (n) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} kB` : `${n} B`);
const width = Math.max(...lines.map(([f]) => rel(path.resolve(root, f)).length));
for (const [file, bytes] of lines.sort((a, b) => a[0].localeCompare(b[0]))) {
  console.log(`${rel(path.resolve(root, file)).padEnd(width)}  ${fmt(bytes).padStart(9)}`);
}
console.log(`Steadywork ${pkg.version}: built ${lines.length} files in ${Math.round(performance.now() - started)} ms`);
