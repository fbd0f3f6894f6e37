/**
 * `npm start` on a machine without the Electron binary (scripts/start-electron.mjs): it downloads the binary itself,
 * with progress, unpacks it with electron's own install.js and starts the app; where the download fails it says so
 * in one line and points to `npm run start:web`.
 *
 * The download is real HTTP, from a mirror on 127.0.0.1 (ELECTRON_MIRROR) serving a zip whose "electron" is a small
 * shell script that records its arguments. The electron package is a copy of the installed one (STEADYWORK_ELECTRON_DIR),
 * so the shared node_modules/electron is never written to.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const script = path.join(root, 'scripts', 'start-electron.mjs');
const installed = path.join(root, 'node_modules', 'electron');
const version = (JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { version: string }).version;
const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`;

/** A zip (stored, no compression) of Unix files with their modes. */
function zip(files: { name: string; data: Buffer; mode: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name);
    const crc = crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(f.data.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix: the external attributes hold the mode
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(f.data.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((0o100000 | f.mode) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, f.data);
    centrals.push(central, name);
    offset += local.length + name.length + f.data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

function run(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, '--flag-for-the-app'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const tmpRoot = path.join(root, 'node_modules', '.cache');
let work: string;
let server: Server;
let mirror: string;
const requests: string[] = [];

beforeAll(async () => {
  mkdirSync(tmpRoot, { recursive: true });
  work = mkdtempSync(path.join(tmpRoot, 'steadywork-start-test-'));
  const record = path.join(work, 'electron-args.txt');
  const archive = zip([
    { name: 'electron', data: Buffer.from(`#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\nexit 0\n`), mode: 0o755 },
    { name: 'version', data: Buffer.from(`v${version}`), mode: 0o644 },
  ]);
  const sums = `${createHash('sha256').update(archive).digest('hex')} *${zipName}\n`;
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === `/v${version}/${zipName}`) {
      res.writeHead(200, { 'content-length': archive.length }).end(archive);
    } else if (req.url === `/v${version}/SHASUMS256.txt`) {
      res.writeHead(200).end(sums);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

/** A copy of the installed electron package without its binary, inside node_modules so its own dependencies resolve. */
function electronCopy(name: string): string {
  const dir = path.join(work, name, 'electron');
  mkdirSync(dir, { recursive: true });
  for (const f of ['package.json', 'install.js', 'index.js', 'checksums.json']) cpSync(path.join(installed, f), path.join(dir, f));
  return dir;
}

describe.skipIf(process.platform === 'win32')('npm start without the Electron binary', () => {
  it('downloads it (with progress), unpacks it with electron\'s install.js and starts the app with its arguments', async () => {
    const dir = electronCopy('ok');
    const result = await run({
      STEADYWORK_ELECTRON_DIR: dir,
      ELECTRON_MIRROR: mirror,
      electron_use_remote_checksums: '1', // the fake zip is checked against the mirror's SHASUMS256.txt
      electron_config_cache: path.join(work, 'cache-ok'),
    });
    expect(result.stderr).toContain(`the Electron ${version} binary is not here yet; downloading it once`);
    expect(result.stderr).toMatch(new RegExp(`Downloading Electron ${version.replace(/\./g, '\\.')}: 100% `));
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(dir, 'path.txt'), 'utf8')).toBe('electron');
    const args = readFileSync(path.join(work, 'electron-args.txt'), 'utf8').trim().split('\n');
    expect(args[0]).toBe(root);
    expect(args).toContain('--flag-for-the-app');

    // Second start: the binary is there, nothing is downloaded.
    const before = requests.length;
    const again = await run({ STEADYWORK_ELECTRON_DIR: dir, ELECTRON_MIRROR: mirror, electron_config_cache: path.join(work, 'cache-ok') });
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
    expect(requests.length).toBe(before);
  });

  it('where the download fails: one line naming the reason and `npm run start:web`, exit 1, nothing half-installed', async () => {
    const dir = electronCopy('offline');
    const result = await run({
      STEADYWORK_ELECTRON_DIR: dir,
      ELECTRON_MIRROR: `${mirror}missing/`, // 404
      electron_config_cache: path.join(work, 'cache-offline'),
    });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(2); // "downloading it once", then the failure
    expect(lines[1]).toMatch(new RegExp(`^Steadywork: Electron ${version.replace(/\./g, '\\.')} could not be downloaded: .*404.*Run \`npm run start:web\``));
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(path.join(dir, 'path.txt'))).toBe(false);
  });
});
