/** What a subcommand of `steadywork` is (the table of them is in ./cli). */
export type CliIo = {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal (progress bars are drawn only then). */
  errIsTTY?: boolean;
};

export type Subcommand = {
  /** One line for `steadywork --help`. */
  summary: string;
  /** Usage line(s) for `steadywork help <name>`. */
  usage: string;
  /** Returns the process exit code. */
  run(args: string[], io: CliIo): Promise<number>;
};
