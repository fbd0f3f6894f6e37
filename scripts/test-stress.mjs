#!/usr/bin/env node
/**
 * `npm run test:stress`: runs `npm test` while two CPU-bound processes run beside it, as on a busy 2-core machine,
 * so anyone can check that no test fails by timing before submitting (issue 14). The two processes are ended
 * whatever happens: when the tests end, on Ctrl-C or SIGTERM, and on an error here. Exits with the tests' code.
 *
 *   npm run test:stress                  the whole `npm test`
 *   npm run test:stress -- test:e2e      another npm script under the same load (e.g. only the e2e)
 *   npm run test:stress -- test:e2e e2e/review-a11y.spec.ts    ...with arguments for it
 */
import { spawn } from 'node:child_process';
import os from 'node:os';

const BURNERS = 2;
const [script = 'test', ...scriptArgs] = process.argv.slice(2);

// Each burner spins; now and then it checks that its parent is still the one that started it, so even a
// SIGKILL of this script (which no handler can catch) does not leave it spinning.
const burn = 'const parent = process.ppid; for (let i = 0; ; i++) if ((i & 0xffffff) === 0 && process.ppid !== parent) process.exit(0);';
const burners = Array.from({ length: BURNERS }, () => spawn(process.execPath, ['-e', burn], { stdio: 'ignore' }));

function stopBurners() {
  for (const b of burners) if (b.exitCode === null && b.signalCode === null) b.kill('SIGKILL');
}
process.on('exit', stopBurners);

const started = Date.now();
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(', ');
console.log(`test:stress: ${BURNERS} CPU-bound processes (pids ${burners.map((b) => b.pid).join(', ')}) beside \`npm run ${script}\`; load ${load()}`);

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tests = spawn(npm, ['run', script, ...(scriptArgs.length > 0 ? ['--', ...scriptArgs] : [])], { stdio: 'inherit', shell: process.platform === 'win32' });

let interrupted = null;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    // Ctrl-C reaches the tests too (same process group); pass SIGTERM/SIGHUP on, then wait for them to end.
    interrupted = signal;
    stopBurners();
    if (signal !== 'SIGINT' && tests.exitCode === null) tests.kill(signal);
  });
}

tests.on('error', (err) => {
  stopBurners();
  console.error(`test:stress: could not start \`${npm} run ${script}\`: ${err.message}`);
  process.exit(1);
});

tests.on('exit', (code, signal) => {
  stopBurners();
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const outcome = signal ? `ended by ${signal}` : `exit code ${code}`;
  console.log(`test:stress: \`npm run ${script}\` ${outcome} after ${minutes} min under load (load average now ${load()})`);
  process.exit(code ?? (interrupted || signal ? 130 : 1));
});
