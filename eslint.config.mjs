import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'e2e-output/**', 'bench-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // CommonJS shims (e.g. electron/cli/bin.cjs) load bundles with require().
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The core runs in plain Node (tests, CLI, browser harness): Electron reaches it only through small interfaces.
    files: ['electron/core/**/*.{ts,tsx,js,mjs,cjs}'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'electron/core must not import electron: pass what you need in through an interface (see electron/core/platform).' }],
        patterns: [{ group: ['electron/*', 'electron/**'], message: 'electron/core must not import electron.' }],
      }],
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.name='require'][arguments.0.value='electron']",
        message: 'electron/core must not require electron.',
      }],
    },
  },
  {
    // The renderer talks only to the contract on window.steadywork, never to Node, Electron or the core at run time.
    // Type-only imports of core types are fine: they vanish in the bundle.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer reaches Electron only through the contract (window.steadywork).' }],
        patterns: [
          { group: ['node:*', 'fs', 'fs/*', 'path', 'child_process'], message: 'The renderer has no Node: reach the core through the contract.' },
          { group: ['**/electron/core/**', '**/electron/shell/**', '**/electron/harness/**', '**/electron/main', '**/electron/preload'], allowTypeImports: true, message: 'The renderer reaches the core only through the contract (electron/contract).' },
        ],
      }],
    },
  },
  {
    // Hooks used as React expects (dependencies, no conditional hooks) and accessible markup: the station's
    // accessibility targets are requirements, so the recommended jsx-a11y rules are a floor, not a goal.
    files: ['renderer/**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['renderer/**/*.tsx'],
    ...jsxA11y.flatConfigs.recommended,
  },
);
