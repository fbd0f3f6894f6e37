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
