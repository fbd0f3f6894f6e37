import { describe, expect, it } from 'vitest';
import { version } from '../../package.json';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, runCli, type CliIo, type Subcommand } from './cli';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), env: {} };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

describe('steadywork CLI', () => {
  it('--version prints the package version', async () => {
    const t = io();
    expect(await runCli(['--version'], t.io)).toBe(EXIT_OK);
    expect(t.out()).toBe(`${version}\n`);
  });

  it('--help lists the commands; no arguments shows help as a usage error', async () => {
    const t = io();
    expect(await runCli(['--help'], t.io)).toBe(EXIT_OK);
    expect(t.out()).toContain('Usage:');
    expect(await runCli([], io().io)).toBe(EXIT_USAGE);
  });

  it('refuses an unknown command', async () => {
    const t = io();
    expect(await runCli(['frobnicate'], t.io)).toBe(EXIT_USAGE);
    expect(t.err()).toContain('unknown command "frobnicate"');
    expect(await runCli(['toString'], io().io)).toBe(EXIT_USAGE);
  });

  it('dispatches to the subcommand table, with help for each entry', async () => {
    const seen: string[][] = [];
    const table: Record<string, Subcommand> = {
      verify: { summary: 'Check a journal.', usage: 'steadywork verify DIR', options: {}, examples: ['steadywork verify /x'], run: async (args) => (seen.push(args), EXIT_OK) },
      broken: { summary: 'Fails.', usage: 'steadywork broken', options: {}, examples: ['steadywork broken'], run: async () => { throw new Error('nope'); } },
    };
    const t = io();
    expect(await runCli(['--help'], t.io, table)).toBe(EXIT_OK);
    expect(t.out()).toMatch(/verify\s+Check a journal\./);
    expect(await runCli(['verify', 'a', '--b'], io().io, table)).toBe(EXIT_OK);
    expect(seen).toEqual([['a', '--b']]);
    const h = io();
    expect(await runCli(['help', 'verify'], h.io, table)).toBe(EXIT_OK);
    expect(h.out()).toContain('steadywork verify DIR');
    const b = io();
    expect(await runCli(['broken'], b.io, table)).toBe(EXIT_INTERNAL);
    expect(b.err()).toContain('nope');
  });
});
