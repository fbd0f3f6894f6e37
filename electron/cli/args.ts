import { parseArgs } from 'node:util';
import { EXIT_USAGE } from './exit-codes';
import type { CliIo } from './subcommand';

/** Bad usage of a command: the CLI prints the message and the usage, and exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** Strict option parsing: an unknown option or a missing value is a UsageError. */
export function parse<T extends OptionSpec>(args: string[], options: T, positionals: { min: number; max: number }) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
  if (parsed.positionals.length < positionals.min) throw new UsageError(`missing argument${positionals.min > 1 ? 's' : ''}`);
  if (parsed.positionals.length > positionals.max) throw new UsageError(`unexpected argument "${parsed.positionals[positionals.max]}"`);
  return parsed as { values: { [K in keyof T]?: T[K]['type'] extends 'string' ? string : boolean }; positionals: string[] };
}

/** A whole number option within bounds, or its default. */
export function intOption(value: string | undefined, name: string, dflt: number, min: number, max: number): number {
  if (value === undefined) return dflt;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number (found "${value}")`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max} (found ${n})`);
  return n;
}

/** A usage error of command `name`: the message, its usage line and where to find every option; exit 2. */
export function usageFailure(io: CliIo, name: string, usage: string, err: unknown): number {
  io.err(`steadywork ${name}: ${(err as Error).message}\nUsage: ${usage}\nRun "steadywork ${name} --help" for every option and an example.\n`);
  return EXIT_USAGE;
}
