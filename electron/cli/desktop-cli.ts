/**
 * The CLI inside the installed app: `Steadywork --cli verify DIR …` (Windows: `Steadywork.exe --cli …`; macOS:
 * `Steadywork.app/Contents/MacOS/Steadywork --cli …`) runs the same `steadywork` commands as `npx steadywork`,
 * handled in main before any window, lock or menu, then exits with the command's exit code.
 * The packaged app cannot run as plain Node (the runAsNode fuse is off), so this is how the installers ship the CLI.
 */
import { runCli, type CliIo } from './cli';
import { EXIT_INTERNAL } from './exit-codes';

/** The CLI's arguments when the app was started with `--cli` (everything after it), else null. */
export function desktopCliArgs(argv: readonly string[]): string[] | null {
  const at = argv.indexOf('--cli');
  return at === -1 ? null : argv.slice(at + 1);
}

type AppLike = { exit(code?: number): void; dock?: { hide(): void } | undefined };

/** Runs the command and exits the app with its code. `logError` is the app's log, when it has one. */
export async function runDesktopCli(app: AppLike, args: string[], logError?: CliIo['logError']): Promise<number> {
  app.dock?.hide(); // no Dock icon for a command-line run on macOS
  let code: number;
  try {
    code = await runCli(args, {
      out: (text) => void process.stdout.write(text),
      err: (text) => void process.stderr.write(text),
      env: process.env,
      errIsTTY: process.stderr.isTTY === true,
      ...(logError ? { logError } : {}),
    });
  } catch (err) {
    process.stderr.write(`steadywork: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    code = EXIT_INTERNAL;
  }
  app.exit(code);
  return code;
}
