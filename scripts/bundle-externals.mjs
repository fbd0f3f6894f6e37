// What esbuild leaves out of the Node bundles (scripts/build.mjs), in one place: electron/shell/packaging.test.ts
// reads it too, to check that package.json "dependencies" (what electron-builder copies into app.asar) holds exactly
// the packages that are needed on disk at run time, and nothing esbuild has bundled already.
//
// Electron provides `electron`; native addons (DuckDB) are loaded from node_modules (asarUnpack in
// electron-builder.yml); Playwright is used only by the benchmarks and tests, never by the app.
export const nodeExternal = ['electron', '@duckdb/*', '*.node', '@playwright/test', 'playwright', 'playwright-core'];

/** Externals that are development tools, never loaded by the app, the CLI or the harness (so devDependencies). */
export const devOnlyExternal = ['electron', '@playwright/test', 'playwright', 'playwright-core'];
