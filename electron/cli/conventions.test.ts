/**
 * The conventions every steadywork command keeps (issue 15), checked over the whole command table so that a command
 * added later is held to them too: `<cmd> --help` / `-h` (exit 0, every option described, an example), `--json`,
 * unknown options are usage errors (exit 2), unexpected errors exit 70 and say where the details are.
 */
import { describe, expect, it } from 'vitest';
import { commandHelp, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, runCli, SUBCOMMANDS, type CliIo, type Subcommand } from './cli';

function io(extra: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), env: {}, ...extra };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

const names = Object.keys(SUBCOMMANDS).sort();

describe.each(names)('steadywork %s', (name) => {
  const command = SUBCOMMANDS[name] as Subcommand;

  it.each(['--help', '-h'])(`${name} %s prints this command's help and exits 0, without running it`, async (flag) => {
    const t = io();
    // Help wins over everything else on the line, even arguments that would be a usage error.
    expect(await runCli([name, '--no-such-option', flag], t.io)).toBe(EXIT_OK);
    expect(t.err()).toBe('');
    expect(t.out()).toBe(commandHelp(name, command));
    expect(t.out()).toContain(`Usage:\n  ${command.usage}`);
  });

  it('describes every option (with its value placeholder) and every argument, and gives an example', () => {
    const help = commandHelp(name, command);
    for (const [opt, spec] of Object.entries(command.options)) {
      expect(spec.description.length, `--${opt} needs a description`).toBeGreaterThan(15);
      const flag = `--${opt}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
      expect(help).toMatch(new RegExp(`\\n  ${flag.replace(/[|.]/g, '\\$&')}\\s+${spec.description.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }
    for (const arg of Object.keys(command.arguments ?? {})) expect(command.usage).toContain(arg);
    // The usage line names only declared options: nothing is accepted that the help does not describe.
    for (const [, opt] of command.usage.matchAll(/--([a-z][a-z-]*)/g)) expect(Object.keys(command.options), `${name}: --${opt} in the usage line`).toContain(opt);
    expect(command.examples.length).toBeGreaterThan(0);
    for (const e of command.examples) expect(e.startsWith(`steadywork ${name} `), e).toBe(true);
    expect(help).toContain('Exit codes: 0 done, 1 integrity problems found');
  });

  it('has --json', () => {
    expect(command.options.json).toMatchObject({ type: 'boolean' });
  });

  it('refuses an option it does not know with exit 2, and points to its --help', async () => {
    const t = io();
    expect(await runCli([name, '--frobnicate'], t.io)).toBe(EXIT_USAGE);
    expect(t.err()).toContain(`Run "steadywork ${name} --help"`);
    expect(t.out()).toBe('');
  });
});

describe('steadywork conventions', () => {
  it('help X is the same as X --help; an unknown command is exit 2', async () => {
    const a = io();
    const b = io();
    expect(await runCli(['help', 'verify'], a.io)).toBe(EXIT_OK);
    expect(await runCli(['verify', '--help'], b.io)).toBe(EXIT_OK);
    expect(a.out()).toBe(b.out());
    expect(await runCli(['help', 'nope'], io().io)).toBe(EXIT_USAGE);
  });

  it('--help after "--" is an argument, not a request for help', async () => {
    const seen: string[][] = [];
    const table: Record<string, Subcommand> = {
      echo: { summary: 'Echo.', usage: 'steadywork echo ARGS', options: {}, examples: ['steadywork echo x'], run: async (args) => (seen.push(args), EXIT_OK) },
    };
    expect(await runCli(['echo', '--', '--help'], io().io, table)).toBe(EXIT_OK);
    expect(seen).toEqual([['--', '--help']]);
  });

  it('--version prints the version alone; no command at all is exit 2 with the list on stderr', async () => {
    const v = io();
    expect(await runCli(['--version'], v.io)).toBe(EXIT_OK);
    expect(v.out()).toMatch(/^\d+\.\d+\.\d+\n$/);
    const none = io();
    expect(await runCli([], none.io)).toBe(EXIT_USAGE);
    expect(none.out()).toBe('');
    expect(none.err()).toContain('Commands:');
  });

  const broken: Record<string, Subcommand> = {
    broken: {
      summary: 'Fails.', usage: 'steadywork broken', options: {}, examples: ['steadywork broken'],
      run: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'seq')");
      },
    },
  };

  it('an unexpected error exits 70 (not 1, which means integrity problems) and prints the stack when there is no log', async () => {
    const t = io();
    expect(await runCli(['broken'], t.io, broken)).toBe(EXIT_INTERNAL);
    expect(EXIT_INTERNAL).toBe(70);
    expect(t.err()).toContain("steadywork broken: internal error (a fault in steadywork, not a problem found in your data): Cannot read properties of undefined (reading 'seq')");
    expect(t.err()).toMatch(/TypeError: Cannot read[^\n]*\n\s+at /); // the stack, since no log holds it
  });

  it('with a log, an unexpected error is written there and the message says where', async () => {
    const logged: unknown[] = [];
    const t = io({ logError: (err) => (logged.push(err), '/var/log/steadywork/2026-12-07.log') });
    expect(await runCli(['broken'], t.io, broken)).toBe(EXIT_INTERNAL);
    expect(logged).toHaveLength(1);
    expect(t.err()).toContain('The details are in /var/log/steadywork/2026-12-07.log');
    expect(t.err()).not.toMatch(/\n\s+at /);
  });

  it('a log that cannot be written does not hide the error: the stack is printed instead', async () => {
    const t = io({
      logError: () => {
        throw new Error('EACCES');
      },
    });
    expect(await runCli(['broken'], t.io, broken)).toBe(EXIT_INTERNAL);
    expect(t.err()).toMatch(/TypeError: Cannot read[^\n]*\n\s+at /);
  });
});
