/**
 * What a subcommand of `steadywork` is. The table of them is SUBCOMMANDS in ./cli; docs/cli.md says how to add one.
 *
 * A command is a plain object: its help (summary, arguments, every option described, examples) and `run`.
 * Keep the module that declares it light: `run` imports its implementation with `await import(…)`, so that
 * `steadywork --help` and `steadywork <cmd> --help` never load DuckDB, the journal or the reports (the built CLI
 * puts each such import in its own chunk, loaded only when the command runs).
 */
export type CliIo = {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal (progress bars are drawn only then). */
  errIsTTY?: boolean;
  /**
   * Where an unexpected error's details go: writes them to the log and returns its path, or returns null when there
   * is no log (then the stack is printed on stderr). The desktop app's `--cli` passes its log; plain `node` has none.
   */
  logError?: (err: unknown, command: string) => string | null;
};

/** One option: node:util parseArgs' `type`/`short`, plus its help. */
export type CliOption = {
  type: 'string' | 'boolean';
  short?: string;
  /** The placeholder of a string option's value in the help, e.g. DIR, FILE, N. */
  value?: string;
  /** What it does, one sentence (shown by `steadywork <cmd> --help`). */
  description: string;
  /** The default, in words, when the option is not given (not `default`: parseArgs would apply that as a value). */
  byDefault?: string;
};

export type CliOptions = Record<string, CliOption>;

export type Subcommand = {
  /** One line for `steadywork --help`. */
  summary: string;
  /** The usage line: `steadywork verify DIR [--json] …`. */
  usage: string;
  /** Positional arguments: name as in the usage line → what it is. */
  arguments?: Record<string, string>;
  /** Every option the command accepts, described. `--help`/`-h` are added by the dispatcher. Parse with `parse(args, options, …)`. */
  options: CliOptions;
  /** At least one example command line; a `# comment` after it is shown as its explanation. */
  examples: string[];
  /** Returns the process exit code (EXIT_OK, EXIT_FAILURE, EXIT_USAGE). Anything thrown is an internal error: exit 70. */
  run(args: string[], io: CliIo): Promise<number>;
};
