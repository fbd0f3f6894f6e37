/**
 * The `steadywork` command: same core as the app, for procurement and operators.
 * Subcommands live in one table (SUBCOMMANDS); each is declared with its help in ./commands/specs (see docs/cli.md).
 *
 * Conventions, enforced here for every command: `steadywork <cmd> --help` / `-h` prints that command's help (exit 0);
 * exit codes 0 done, 1 integrity problems found, 2 bad usage or unreadable input, 70 internal error (the message
 * says where the details are); `--json` prints one JSON document on stdout.
 */
import { APP_VERSION } from '../shell/version';
import { enrolCommand, importCommand, reportCommand, simulateCommand, verifyCommand } from './commands/specs';
import type { CliIo, Subcommand } from './subcommand';

export type { CliIo, CliOption, CliOptions, Subcommand } from './subcommand';

/** The subcommand table: name → command (add one line per command). */
export const SUBCOMMANDS: Record<string, Subcommand> = {
  simulate: simulateCommand,
  verify: verifyCommand,
  import: importCommand,
  report: reportCommand,
  enrol: enrolCommand,
};

export { EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_INTERNAL } from './exit-codes';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from './exit-codes';

const EXIT_CODES = 'Exit codes: 0 done, 1 integrity problems found (verify, import), 2 bad usage or a folder/database that cannot be read, 70 internal error.';

export function helpText(commands: Record<string, Subcommand> = SUBCOMMANDS): string {
  const names = Object.keys(commands).sort();
  const width = Math.max(8, ...names.map((n) => n.length));
  const list = names.map((n) => `  ${n.padEnd(width)}  ${commands[n]?.summary ?? ''}`).join('\n');
  return `steadywork ${APP_VERSION}: standard-work checklists, from the command line

Usage:
  steadywork <command> [options]
  steadywork <command> --help     every option of a command, with examples
  steadywork --help | --version

Commands:
${list}

Example:
  steadywork verify /mnt/steadywork-share

${EXIT_CODES}
`;
}

/** `steadywork <name> --help`: summary, usage, arguments, every option described, examples, exit codes. */
export function commandHelp(name: string, command: Subcommand): string {
  const rows: [string, string][] = [];
  for (const [arg, what] of Object.entries(command.arguments ?? {})) rows.push([arg, what]);
  const argRows = rows.length;
  for (const [opt, spec] of Object.entries(command.options)) {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${opt}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
    rows.push([flag, `${spec.description}${spec.byDefault !== undefined ? ` (default: ${spec.byDefault})` : ''}`]);
  }
  rows.push(['-h, --help', 'Show this help and exit.']);
  const width = Math.max(...rows.map(([a]) => a.length)) + 2;
  const line = ([a, b]: [string, string]) => `  ${a.padEnd(width)}${b}`;
  const parts = [`steadywork ${name}: ${command.summary}`, '', 'Usage:', `  ${command.usage}`, ''];
  if (argRows > 0) parts.push('Arguments:', ...rows.slice(0, argRows).map(line), '');
  parts.push('Options:', ...rows.slice(argRows).map(line), '');
  parts.push(command.examples.length === 1 ? 'Example:' : 'Examples:', ...command.examples.map((e) => `  ${e}`), '');
  parts.push(EXIT_CODES, '');
  return parts.join('\n');
}

/** Whether the arguments ask for help (`--help` or `-h` before a `--`). */
function wantsHelp(args: string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

function unknownCommand(io: CliIo, name: string): number {
  io.err(`steadywork: unknown command "${name}". Run "steadywork --help" for the list.\n`);
  return EXIT_USAGE;
}

/** An unexpected error: exit 70, one line saying what, and where the details are (the log, or the stack right here). */
function internalError(io: CliIo, name: string, err: unknown): number {
  const message = err instanceof Error ? err.message : String(err);
  let log: string | null;
  try {
    log = io.logError?.(err, name) ?? null;
  } catch {
    log = null;
  }
  io.err(`steadywork ${name}: internal error (a fault in steadywork, not a problem found in your data): ${message}\n`);
  if (log) io.err(`The details are in ${log}; please send that file with a report of what you ran.\n`);
  else io.err(`${err instanceof Error && err.stack ? err.stack : message}\nPlease send this output with a report of what you ran.\n`);
  return EXIT_INTERNAL;
}

export async function runCli(argv: string[], io: CliIo, commands: Record<string, Subcommand> = SUBCOMMANDS): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') {
    (first === undefined ? io.err : io.out)(helpText(commands));
    return first === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (first === '--version' || first === '-V') {
    io.out(`${APP_VERSION}\n`);
    return EXIT_OK;
  }
  if (first === 'help') {
    const name = rest[0];
    if (name === undefined) {
      io.out(helpText(commands));
      return EXIT_OK;
    }
    const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (!command) return unknownCommand(io, name);
    io.out(commandHelp(name, command));
    return EXIT_OK;
  }
  const command = Object.hasOwn(commands, first) ? commands[first] : undefined;
  if (!command) return unknownCommand(io, first);
  if (wantsHelp(rest)) {
    io.out(commandHelp(first, command));
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    return internalError(io, first, err);
  }
}
