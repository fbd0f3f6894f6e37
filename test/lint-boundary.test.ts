import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The architecture rule that keeps the core plain Node: the lint must fail on any electron import under electron/core. */
describe('lint boundary', () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const ruleIds = async (code: string, filePath: string) =>
    (await eslint.lintText(code, { filePath }))[0]?.messages.map((m) => m.ruleId) ?? [];

  it.each([
    ["import { app } from 'electron';\nexport const a = app;\n", 'no-restricted-imports'],
    ["import type { App } from 'electron/main';\nexport type A = App;\n", 'no-restricted-imports'],
    ["const e = require('electron');\nexport const a = e;\n", 'no-restricted-syntax'],
  ])('fails on an electron import under electron/core: %s', async (code, rule) => {
    expect(await ruleIds(code, 'electron/core/runs/bad-example.ts')).toContain(rule);
  });

  it('allows electron in the shell', async () => {
    expect(await ruleIds("import { app } from 'electron';\nexport const a = app;\n", 'electron/main-example.ts')).toEqual([]);
  });

  it('keeps the renderer away from Node and the core at run time, but allows the contract and type-only imports', async () => {
    expect(await ruleIds("import { readFile } from 'node:fs/promises';\nexport const r = readFile;\n", 'renderer/src/bad-example.ts')).toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds("import { fold } from '../../electron/core/runs';\nexport const f = fold;\n", 'renderer/src/bad-example.ts')).toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds("import type { RunView } from '../../electron/core/runs';\nexport type R = RunView;\n", 'renderer/src/ok-example.ts')).toEqual([]);
    expect(await ruleIds("import { CHANNEL_NAMES } from '../../electron/contract/channel-names';\nexport const c = CHANNEL_NAMES;\n", 'renderer/src/ok-example.ts')).toEqual([]);
  });
});
