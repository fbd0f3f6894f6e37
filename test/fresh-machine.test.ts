/**
 * A fresh machine (issue 15): `npm test` and `npm run bench` say in one line how to get a browser when there is none;
 * `engines` is honest about the Node the dependencies need; `npm start` / `start:web` build only when a source changed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stamp, staleReason } from '../scripts/build-stamp.mjs';

const root = path.resolve(__dirname, '..');
const require = createRequire(import.meta.url);
const { findChromium, HOW_TO_GET_CHROMIUM } = require('../scripts/find-chromium.cjs') as {
  findChromium(env: NodeJS.ProcessEnv, where?: { system: string[]; playwright: () => string | null }): { executablePath: string | null; problem?: string; source?: string };
  HOW_TO_GET_CHROMIUM: string;
};
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string }; scripts: Record<string, string> };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sw-fresh-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a browser for the tests and benchmarks', () => {
  it('none anywhere: one sentence naming apt-get and npx playwright install', () => {
    const found = findChromium({}, { system: [path.join(tmp, 'no-chromium')], playwright: () => null });
    expect(found.executablePath).toBeNull();
    expect(found.problem).toBe(HOW_TO_GET_CHROMIUM);
    expect(HOW_TO_GET_CHROMIUM).toContain('`sudo apt-get install chromium`');
    expect(HOW_TO_GET_CHROMIUM).toContain('`npx playwright install chromium`');
    expect(HOW_TO_GET_CHROMIUM).not.toContain('\n');
  });

  it('CHROMIUM_PATH first, then a system browser, then Playwright\'s own', () => {
    const system = path.join(tmp, 'chromium');
    writeFileSync(system, '');
    expect(findChromium({ CHROMIUM_PATH: system }, { system: [], playwright: () => null })).toMatchObject({ executablePath: system, source: 'CHROMIUM_PATH' });
    expect(findChromium({}, { system: [path.join(tmp, 'absent'), system], playwright: () => '/pw/chrome' })).toMatchObject({ executablePath: system, source: 'system' });
    expect(findChromium({}, { system: [], playwright: () => '/pw/chrome' })).toMatchObject({ executablePath: '/pw/chrome', source: 'playwright' });
  });

  it('a Chromium elsewhere on the PATH is found; a PATH without one is the one line', () => {
    const bin = path.join(tmp, 'bin');
    mkdirSync(bin, { recursive: true });
    const empty = path.join(tmp, 'empty-bin');
    mkdirSync(empty, { recursive: true });
    const none = { system: [path.join(tmp, 'absent')], playwright: () => null };
    expect(findChromium({ PATH: [empty, bin].join(path.delimiter) }, none)).toMatchObject({ executablePath: null, problem: HOW_TO_GET_CHROMIUM });
    const name = process.platform === 'win32' ? 'chrome.exe' : 'chromium-browser';
    writeFileSync(path.join(bin, name), '');
    expect(findChromium({ PATH: [empty, bin].join(path.delimiter) }, none)).toMatchObject({ executablePath: path.join(bin, name), source: 'system' });
    // CHROMIUM_PATH pointing nowhere wins over the PATH: the person asked for that one.
    expect(findChromium({ CHROMIUM_PATH: path.join(tmp, 'nowhere'), PATH: bin }, none).executablePath).toBeNull();
  });

  it('npm test and npm run bench check first: a missing browser is one line on stderr and exit 1, no Playwright banner', () => {
    expect(pkg.scripts.test?.startsWith('node scripts/check-browser.mjs && ')).toBe(true);
    expect(pkg.scripts.bench?.startsWith('node scripts/check-browser.mjs && ')).toBe(true);
    expect(pkg.scripts['test:e2e']?.startsWith('node scripts/check-browser.mjs && ')).toBe(true);
    const run = spawnSync(process.execPath, [path.join(root, 'scripts/check-browser.mjs')], { env: { ...process.env, CHROMIUM_PATH: path.join(tmp, 'nowhere') }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('CHROMIUM_PATH is');
    expect(run.stderr).toContain('`npx playwright install chromium`');
    expect(run.stderr).not.toMatch(/Looks like Playwright|download new browsers|╔/);
  });
});

describe('engines', () => {
  it('the lowest Node of each range package.json accepts runs every locked package (no EBADENGINE on a supported Node)', () => {
    const semver = require('semver') as { minVersion(range: string): { version: string } | null; satisfies(v: string, range: string): boolean };
    const lowest = pkg.engines.node.split('||').map((range) => semver.minVersion(range.trim())?.version as string);
    expect(lowest).toEqual(['22.13.0', '24.0.0']); // Electron 45, @electron/get 5, @electron/rebuild 4: >= 22.12; ESLint 10: ^22.13 || >= 24
    const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[] }> };
    const refused = Object.entries(lock.packages).flatMap(([at, e]) => {
      const wants = e.engines && !Array.isArray(e.engines) ? e.engines.node : undefined;
      return wants ? lowest.filter((v) => !semver.satisfies(v, wants)).map((v) => `${at} wants node ${wants}, not ${v}`) : [];
    });
    expect(refused).toEqual([]);
  });
});

describe('build --if-changed (npm start, npm run start:web)', () => {
  const project = path.join(tmp, 'project');
  const stampFile = path.join(project, 'dist', '.build-inputs.json');
  const entries = ['electron/main.ts'];
  const at = (f: string) => path.join(project, f);
  const ago = (file: string, seconds: number) => utimesSync(at(file), new Date(Date.now() - seconds * 1000), new Date(Date.now() - seconds * 1000));

  it('is up to date only while every input is older than the last build and every output is there', () => {
    mkdirSync(at('electron'), { recursive: true });
    mkdirSync(at('dist'), { recursive: true });
    for (const f of ['electron/main.ts', 'electron/util.ts', 'dist/main.cjs']) writeFileSync(at(f), 'x');
    ago('electron/main.ts', 60);
    ago('electron/util.ts', 60);
    expect(staleReason(project, stampFile, entries)).toBe('no earlier build');
    writeFileSync(stampFile, stamp(Date.now() - 30_000, entries, ['dist/main.cjs'], ['electron/main.ts', 'electron/util.ts']));
    expect(staleReason(project, stampFile, entries)).toBeNull();
    expect(staleReason(project, stampFile, [...entries, 'bench/run.ts'])).toBe('the entry points changed');
    writeFileSync(at('electron/util.ts'), 'y'); // saved now, after the build started
    expect(staleReason(project, stampFile, entries)).toBe('electron/util.ts changed');
    ago('electron/util.ts', 60);
    rmSync(at('dist/main.cjs'));
    expect(staleReason(project, stampFile, entries)).toBe('dist/main.cjs is missing');
    writeFileSync(at('dist/main.cjs'), 'x');
    rmSync(at('electron/util.ts'));
    expect(staleReason(project, stampFile, entries)).toBe('electron/util.ts is gone');
  });

  it('npm start, start:web and bench build with --if-changed', () => {
    for (const s of ['start', 'start:web', 'bench']) expect(pkg.scripts[s], s).toContain('node scripts/build.mjs --if-changed && ');
  });
});
