import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// js-yaml and app-builder-lib come with electron-builder (no new dependency).
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };

type BuilderConfig = {
  appId?: string;
  productName?: string;
  asar?: boolean;
  asarUnpack?: string[];
  files?: string[];
  directories?: { output?: string };
  electronFuses?: Record<string, boolean>;
  linux?: { target?: string[]; category?: string; maintainer?: string };
  win?: { target?: string[] };
  mac?: { target?: string[] };
};

const configPath = path.resolve(__dirname, '../../electron-builder.yml');
const load = async () => yaml.load(await readFile(configPath, 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('packs the app into an asar archive, with DuckDB native files unpacked', async () => {
    const config = await load();
    expect(config.productName).toBe('Steadywork');
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/@duckdb/**');
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'assets/**', 'package.json']));
    expect(config.directories?.output).toBe('release/');
  });

  it('flips the Electron fuses that close the usual doors', async () => {
    const config = await load();
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds AppImage + deb, NSIS and DMG', async () => {
    const config = await load();
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.linux?.category).toBeTruthy();
    expect(config.linux?.maintainer).toBeTruthy();
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
  });

  it("matches electron-builder's own configuration schema", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util/out/DebugLogger') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(await load(), new DebugLogger(false))).resolves.toBeUndefined();
  });
});

// ---- Lean packages (issue 15): app.asar holds the bundles, and from node_modules only what must be on disk. ----

type Lock = { packages: Record<string, { version?: string; dev?: boolean; devOptional?: boolean; optional?: boolean; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }> };
type Pkg = { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
const rootDir = path.resolve(__dirname, '../..');
const readJson = async <T>(file: string) => JSON.parse(await readFile(path.join(rootDir, file), 'utf8')) as T;
const externals = async () => (await import('../../scripts/bundle-externals.mjs')) as { nodeExternal: string[]; devOnlyExternal: string[] };

/** Whether esbuild's external pattern (a package name, possibly with a * wildcard) covers the package. */
const matches = (pattern: string, name: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(name);

/** node_modules paths of the packages electron-builder copies: package.json "dependencies" and their dependency tree (per the lockfile). */
function productionTree(lock: Lock, pkg: Pkg): Set<string> {
  const found = new Set<string>();
  const resolve = (from: string, name: string): string | null => {
    for (let dir = from; ; dir = dir.replace(/\/?node_modules\/(@[^/]+\/)?[^/]+$/, '')) {
      const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (lock.packages[candidate]) return candidate;
      if (!dir) return null;
    }
  };
  const visit = (at: string) => {
    if (found.has(at)) return;
    found.add(at);
    const entry = lock.packages[at];
    for (const name of Object.keys({ ...entry?.dependencies, ...entry?.optionalDependencies })) {
      const dep = resolve(at, name);
      if (dep) visit(dep);
    }
  };
  for (const name of Object.keys(pkg.dependencies ?? {})) {
    const at = resolve('', name);
    if (!at) throw new Error(`${name} is in package.json but not in package-lock.json`);
    visit(at);
  }
  return found;
}

const nameOf = (at: string) => at.replace(/^.*node_modules\//, '');

describe('lean packages: what electron-builder copies into app.asar', () => {
  it('package.json "dependencies" holds only what esbuild leaves out and the app loads at run time (DuckDB)', async () => {
    const pkg = await readJson<Pkg>('package.json');
    const { nodeExternal, devOnlyExternal } = await externals();
    for (const name of Object.keys(pkg.dependencies ?? {})) {
      // Anything else is inside dist/*.cjs already: copying it again only makes the installer bigger.
      expect(nodeExternal.some((p) => matches(p, name)), `${name} is bundled by esbuild: it belongs in devDependencies`).toBe(true);
      expect(devOnlyExternal.some((p) => matches(p, name)), `${name} is a development tool`).toBe(false);
    }
    expect(Object.keys(pkg.dependencies ?? {})).toContain('@duckdb/node-api');
    expect(pkg.devDependencies?.electron, 'Electron is the runtime electron-builder adds itself').toBeTruthy();
  });

  it('no bundled package is in app.asar twice: every package of the production tree is reached from an external', async () => {
    const lock = await readJson<Lock>('package-lock.json');
    const pkg = await readJson<Pkg>('package.json');
    const { nodeExternal } = await externals();
    const tree = productionTree(lock, pkg);
    // Packages only reached as dependencies of an external (DuckDB's bindings and detect-libc, which its loader requires).
    const roots = [...tree].filter((at) => at.split('node_modules/').length === 2 && nodeExternal.some((p) => matches(p, nameOf(at))));
    const fromExternals = productionTree(lock, { dependencies: Object.fromEntries(roots.map((at) => [nameOf(at), '*'])) });
    expect([...tree].filter((at) => !fromExternals.has(at))).toEqual([]);
    // The lockfile agrees: everything else is marked dev, so npm's production install (and electron-builder) skips it.
    const production = Object.entries(lock.packages).filter(([at, e]) => at && !e.dev && !e.devOptional).map(([at]) => at);
    expect(production.sort()).toEqual([...tree].sort());
    expect(production.map(nameOf).filter((n) => !n.startsWith('@duckdb/'))).toEqual(['detect-libc']);
  });

  it('the file patterns keep the bundles the app needs and leave out the harness, the benchmarks and the separate CLI', async () => {
    const config = (await load()) as BuilderConfig & { artifactName?: string; publish?: unknown; beforePack?: string };
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', '!dist/bench/**', '!dist/harness/**', '!dist/cli/**']));
    expect(config.artifactName).toBe('${productName}-${version}-${os}-${arch}.${ext}');
    expect(config.publish).toBeNull(); // never uploads anything
    // The CLI ships inside main.cjs: `Steadywork --cli …` (electron/cli/desktop-cli.ts).
    expect(await readFile(path.join(rootDir, 'electron/main.ts'), 'utf8')).toContain("from './cli/desktop-cli'");
  });

  it('each platform ships only its own DuckDB binding, and a build without the target\'s binding stops with what to do', async () => {
    const config = (await load()) as Record<string, { files?: string[] } | unknown> & { beforePack?: string };
    const others = { linux: ['darwin', 'win32'], win: ['darwin', 'linux'], mac: ['linux', 'win32'] } as const;
    for (const [platform, excluded] of Object.entries(others)) {
      expect((config[platform] as { files?: string[] }).files).toContain(`!node_modules/@duckdb/node-bindings-{${excluded.join(',')}}-*/**`);
    }
    expect(config.beforePack).toBe('scripts/builder-before-pack.cjs');
    const hook = require(path.join(rootDir, config.beforePack as string)) as ((ctx: unknown) => Promise<void>) & { duckdbBindingsFor(p: string, a: string): string[] };
    expect(hook.duckdbBindingsFor('darwin', 'universal')).toEqual(['@duckdb/node-bindings-darwin-x64', '@duckdb/node-bindings-darwin-arm64']);
    const context = (platform: string, arch: number) => ({ electronPlatformName: platform, arch, packager: { projectDir: rootDir } });
    // This machine's own binding is installed (npm installs it); another OS's is not.
    const here = process.platform === 'win32' ? 'linux' : 'win32';
    await expect(hook(context(here, 1))).rejects.toThrow(new RegExp(`cannot build the ${here}-x64 installer here: node_modules/@duckdb/node-bindings-${here}-x64 .*Build it on ${here}-x64`));
    if (process.arch === 'x64') await expect(hook(context(process.platform, 1))).resolves.toBeUndefined();
  });
});

describe('what the installed app needs besides the bundles', () => {
  it('the local docs the Help menu opens are packed (docs/**), and every one of them exists', async () => {
    const config = await load();
    expect(config.files).toContain('docs/**');
    const main = await readFile(path.join(rootDir, 'electron/main.ts'), 'utf8');
    expect(main).toContain("path.join(app.getAppPath(), 'docs')");
    const opened = [...main.matchAll(/openDoc\('([^']+)'\)/g)].map((m) => m[1]!);
    expect(opened.length).toBeGreaterThanOrEqual(4);
    for (const file of opened) await expect(readFile(path.join(rootDir, 'docs', file), 'utf8'), `docs/${file}`).resolves.toMatch(/^# /);
  });

  it('npm run dist draws the icons from the source image before electron-builder looks for them in buildResources', async () => {
    const pkg = await readJson<{ scripts: Record<string, string> }>('package.json');
    const steps = (pkg.scripts.dist ?? '').split('&&').map((s) => s.trim());
    const icons = steps.indexOf('node scripts/build-icons.mjs');
    expect(icons, 'npm run dist runs scripts/build-icons.mjs').toBeGreaterThanOrEqual(0);
    expect(icons).toBeLessThan(steps.findIndex((s) => s.startsWith('electron-builder')));
    const config = (await load()) as BuilderConfig & { directories?: { buildResources?: string } };
    expect(config.directories?.buildResources).toBe('assets/build');
    const script = await readFile(path.join(rootDir, 'scripts/build-icons.mjs'), 'utf8');
    // Where the script writes is where electron-builder reads: icon.ico (Windows), icon.icns (macOS), icons/NxN.png (Linux).
    expect(script).toContain("path.join(root, 'assets', 'build')");
    for (const out of ["'icon.ico'", "'icon.icns'", "'icon.png'", "'icons'"]) expect(script).toContain(out);
    // And it finds its Chromium like the tests do (one line saying how to get one, not a Playwright banner).
    expect(script).toContain('find-chromium.cjs');
  });
});
