#!/usr/bin/env node
/**
 * A throw-away PostgreSQL cluster for the tests and benchmarks of the PostgreSQL ledger (issue 12, docs/ledger-pg.md):
 * initdb in a temporary folder, a free port on 127.0.0.1, run as a non-root user (root hands it to `postgres`, or
 * STEADYWORK_PG_USER), password authentication, stopped and removed at the end.
 *
 *   node scripts/pg-test-cluster.mjs -- CMD ARGS…   runs CMD with STEADYWORK_TEST_PG_URL set, then stops the cluster
 *   node scripts/pg-test-cluster.mjs                starts one, prints the URL, stops it on Ctrl-C
 *
 * Vitest starts one through test/support/pg-global-setup.ts; when STEADYWORK_TEST_PG_URL is already set, that
 * server is used instead and nothing is started. Binaries: STEADYWORK_PG_BIN, else the newest
 * /usr/lib/postgresql/<version>/bin, else `pg_config --bindir`, else the PATH.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const PG_URL_ENV = 'STEADYWORK_TEST_PG_URL';

/** The folder holding initdb and pg_ctl, or null. */
export function findPgBin() {
  const env = process.env.STEADYWORK_PG_BIN;
  if (env) return existsSync(path.join(env, 'initdb')) ? env : null;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(path.join(root, v, 'bin', 'initdb'))) return path.join(root, v, 'bin');
  }
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (existsSync(path.join(dir, 'initdb'))) return dir;
  } catch { /* no pg_config */ }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? path.dirname(which.stdout.trim()) : null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

function userIds(name) {
  const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) return null;
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/**
 * Start a cluster. Resolves to { url, superuser, password, port, dir, bin, stop() } or throws an Error whose
 * message is one line saying what is missing and what to do.
 */
export async function startPgCluster({ log = () => {} } = {}) {
  const bin = findPgBin();
  if (!bin) {
    throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian\'s "postgresql" package ' +
      '(apt-get install postgresql), set STEADYWORK_PG_BIN to their folder, or set STEADYWORK_TEST_PG_URL to a server you run.');
  }
  const root = process.getuid?.() === 0;
  const runAs = root ? (process.env.STEADYWORK_PG_USER ?? 'postgres') : null;
  const ids = runAs ? userIds(runAs) : null;
  if (runAs && !ids) {
    throw new Error(`PostgreSQL refuses to run as root and there is no user "${runAs}" to run it as: ` +
      'create one (the "postgresql" package creates "postgres") or set STEADYWORK_PG_USER.');
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'steadywork-pg-'));
  const data = path.join(dir, 'data');
  const password = randomBytes(12).toString('hex');
  const superuser = 'steadywork';
  writeFileSync(path.join(dir, 'pw'), `${password}\n`);
  if (ids) {
    chownSync(dir, ids.uid, ids.gid);
    chownSync(path.join(dir, 'pw'), ids.uid, ids.gid);
  }
  chmodSync(dir, 0o700);
  const run = (cmd, args) => {
    const full = runAs ? ['runuser', ['-u', runAs, '--', path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args];
    const r = spawnSync(full[0], full[1], { encoding: 'utf8' });
    if (r.status !== 0) {
      const why = `${r.stderr || ''}${r.stdout || ''}`.trim().split('\n').filter(Boolean).slice(-1)[0] ?? r.error?.message ?? `exit ${r.status}`;
      throw new Error(`${cmd} failed: ${why}`);
    }
    return r.stdout;
  };
  let started = false;
  const stop = () => {
    if (started) {
      try { run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']); } catch { /* already gone */ }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const t0 = Date.now();
    run('initdb', ['-D', data, '-U', superuser, '--pwfile', path.join(dir, 'pw'), '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const port = await freePort();
    // A throw-away cluster: durability is not wanted (fsync off), the sockets stay inside its folder.
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=40`;
    run('pg_ctl', ['start', '-D', data, '-w', '-t', '60', '-l', path.join(dir, 'log'), '-o', opts]);
    started = true;
    const env = { ...process.env, PGPASSWORD: password };
    const psql = (sql) => execFileSync(path.join(bin, 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', superuser, '-d', 'postgres', '-c', sql],
      { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    psql('CREATE DATABASE steadywork_test');
    log(`pg-test-cluster: PostgreSQL on 127.0.0.1:${port} (${bin}, ${Date.now() - t0} ms)`);
    const url = `postgres://${superuser}:${password}@127.0.0.1:${port}/steadywork_test`;
    return { url, superuser, password, port, dir, bin, stop };
  } catch (err) {
    stop();
    throw new Error(`The test PostgreSQL cluster could not start: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

// ------------------------------------------------------------------ command line
async function main() {
  const sep = process.argv.indexOf('--');
  const cmd = sep >= 0 ? process.argv.slice(sep + 1) : [];
  let cluster;
  try {
    cluster = await startPgCluster({ log: (m) => process.stderr.write(`${m}\n`) });
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  const end = (code) => {
    cluster.stop();
    process.exit(code);
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => end(130));
  if (cmd.length === 0) {
    process.stdout.write(`${PG_URL_ENV}=${cluster.url}\n`);
    process.stderr.write('pg-test-cluster: running; Ctrl-C stops it and removes its folder\n');
    setInterval(() => {}, 1 << 30);
  } else {
    const r = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit', env: { ...process.env, [PG_URL_ENV]: cluster.url } });
    end(r.status ?? 1);
  }
}

// Run as a script (not when bundled into the bench or imported by Vitest's global setup). By the script's name, not
// import.meta: the bench bundles this file as CommonJS, where import.meta is empty (and esbuild warns).
if (process.argv[1] && path.basename(process.argv[1]) === 'pg-test-cluster.mjs') void main();
