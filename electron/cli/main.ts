/**
 * Entry of the `steadywork` CLI, bundled to dist/cli/steadywork.mjs (entered through dist/cli/steadywork.cjs; see
 * electron/cli/bin.cjs). Plain Node has no log file: an internal error prints its stack on stderr (exit 70).
 */
import { runCli } from './cli';
import { EXIT_INTERNAL } from './exit-codes';

runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  errIsTTY: process.stderr.isTTY === true,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`steadywork: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = EXIT_INTERNAL;
  },
);
