// Lint: typescript-eslint's recommended rules (syntax only: type-aware linting would double CI's
// time for little here, since `tsc --strict` already runs), plus the two rules that keep the
// architecture what README's "Architecture" says it is:
// - libs/domain stays pure: no Nest, no drivers, no I/O, no clock, no randomness;
// - an app never imports another app: what two apps share lives in a lib.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const APPS = ['api', 'projector', 'cli', 'console'];

/** Each app may import only libs/ and itself. */
const appBoundaries = APPS.map((app) => ({
  files: [`apps/${app}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: APPS.filter((other) => other !== app).map((other) => ({
          group: [`**/apps/${other}/**`, `**/${other}/src/**`],
          message: `apps/${app} must not import apps/${other}: move what both need into a lib.`,
        })),
      },
    ],
  },
}));

const impure = 'libs/domain is pure: the shell passes time, ids and facts into the command.';

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/.scratch/**', 'apps/console/src/api-types.ts', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // Unused names fail tsc already (noUnusedLocals); a leading _ marks an intended one.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Nest's DI and decorators need empty marker classes and `{}` metadata now and then.
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-empty-object-type': 'off',
      // A user-chosen key must never meet Object.prototype (hardening round 2).
      'no-prototype-builtins': 'error',
    },
  },
  // Plain JavaScript run by Node (the launcher, scripts): Node's globals.
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: globals.node } },
  // The console runs in the browser, with React's rules of hooks.
  {
    files: ['apps/console/**/*.{ts,tsx}'],
    ignores: ['apps/console/scripts/**'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  ...appBoundaries,
  {
    files: ['libs/domain/**/*.ts'],
    ignores: ['libs/domain/**/*.spec.ts', 'libs/domain/src/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', '**/apps/**'], message: `${impure} (no Nest, no app code)` },
            { group: ['mongodb', '@eventstore/*', 'better-sqlite3', 'fastify', 'pino*'], message: `${impure} (no drivers)` },
            { group: ['node:*', 'fs', 'fs/*', 'path', 'net', 'http', 'https', 'crypto', 'child_process', 'os'], message: `${impure} (no I/O)` },
            { group: ['#libs/*', '!#libs/domain'], message: `${impure} (the domain depends on nothing)` },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: `${impure} (no I/O)` },
        { name: 'process', message: `${impure} (no environment)` },
        { name: 'setTimeout', message: `${impure} (no timers)` },
        { name: 'setInterval', message: `${impure} (no timers)` },
        { name: 'crypto', message: `${impure} (no randomness)` },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: `${impure} (no clock: take now from the command)` },
        { object: 'Math', property: 'random', message: `${impure} (no randomness)` },
        { object: 'performance', property: 'now', message: `${impure} (no clock)` },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: `${impure} (no clock: take now from the command)` },
        { selector: "CallExpression[callee.name='Date']", message: `${impure} (no clock)` },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
