// Type-aware lint. The workflows/ override is what keeps workflow code deterministic: Temporal replays
// workflow code, so any I/O, clock or Node built-in there would diverge on replay (temporal-notes §7.4).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.tools/**',
      '.data/**',
      'coverage/**',
      'console/dist/**',
      'console/node_modules/**',
      'eslint.config.mjs',
      'jest.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/only-throw-error': 'off',
      // Route handlers and activities are async by contract even when a branch needs no await.
      '@typescript-eslint/require-await': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through config.ts (loadConfig), never process.env directly.',
        },
      ],
    },
  },
  {
    // The console runs in the browser: its globals are the DOM's, and it has no process.env to misuse.
    files: ['console/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Database rows arrive untyped from the driver; repositories are where they become domain objects.
    files: ['db/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The one place allowed to read the environment.
    files: ['config.ts', 'scripts/**', 'bench/**', 'test/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'Workflow code must be deterministic: no Node built-ins.',
            })),
            { name: 'knex', message: 'No database access in workflows: use an activity.' },
            { name: 'pg', message: 'No database access in workflows: use an activity.' },
            { name: 'handlebars', message: 'Render notices in activities, not workflows.' },
            { name: 'ajv', message: 'Validate at the API edge, not in workflows.' },
            { name: 'pino', message: 'Use the workflow logger (log from @temporalio/workflow).' },
          ],
          patterns: [
            { group: ['../db', '../db/*', '**/db/*'], message: 'No database access in workflows.' },
            { group: ['../api', '../api/*'], message: 'Workflows must not import the API.' },
            {
              group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
              message: 'Only @temporalio/workflow in workflow code.',
            },
            {
              group: ['../activities', '../activities/*'],
              allowTypeImports: true,
              message: 'Workflows import only types from activities.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use a workflow timer.' },
        { name: 'process', message: 'No process in workflows.' },
      ],
    },
  },
);
