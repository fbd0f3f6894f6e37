/**
 * The `steadywork` command: same core as the app, for procurement and operators.
 * Subcommands live in one table; simulate / verify / import / report are added there by later issues.
 */
import { APP_VERSION } from '../shell/version';
import { importCommand, simulateCommand, verifyCommand } from './commands/ledger-commands';
import { reportCommand } from './commands/report-command';
import { enrolCommand } from './commands/enrol-command';
import type { CliIo, Subcommand } from './subcommand';

export type { CliIo, Subcommand } from './subcommand';

/** The subcommand table. Planned: report. */
export const SUBCOMMANDS: Record<string, Subcommand> = {
  simulate: simulateCommand,
  verify: verifyCommand,
  import: importCommand,
  report: reportCommand,
  enrol: enrolCommand,
};

export { EXIT_OK, EXIT_FAILURE, EXIT_USAGE } from './exit-codes';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes';

export function helpText(commands: Record<string, Subcommand> = SUBCOMMANDS): string {
  const names = Object.keys(commands).sort();
  const width = Math.max(8, ...names.map((n) => n.length));
  const list = names.length
    ? names.map((n) => `  ${n.padEnd(width)}  ${commands[n]?.summary ?? ''}`).join('\n')
    : '  (none yet: simulate, verify, import and report are coming)';
  return `steadywork ${APP_VERSION}: standard-work checklists, from the command line

Usage:
  steadywork <command> [options]
  steadywork help <command>
  steadywork --help | --version

Commands:
${list}
`;
}

export async function runCli(argv: string[], io: CliIo, commands: Record<string, Subcommand> = SUBCOMMANDS): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') {
    io.out(helpText(commands));
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
    if (!command) {
      io.err(`steadywork: unknown command "${name}". Run "steadywork --help" for the list.\n`);
      return EXIT_USAGE;
    }
    io.out(`${command.summary}\n\nUsage:\n  ${command.usage}\n`);
    return EXIT_OK;
  }
  const command = Object.hasOwn(commands, first) ? commands[first] : undefined;
  if (!command) {
    io.err(`steadywork: unknown command "${first}". Run "steadywork --help" for the list.\n`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    io.err(`steadywork ${first}: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_FAILURE;
  }
}
