import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

/**
 * The lesson compiler: runs at build time (vite-plugin.ts) and in scripts and tests. In the page only behind a
 * dynamic import() of outside.ts (lessons from outside: the editor, #/lessons/url, a widget's own lesson), which
 * this rule does not see, so no default bundle can pull it in statically.
 */
const BUILD_TIME_NAMES = [
  'compile',
  'compile-source',
  'outside',
  'schema',
  'checks',
  'vite-plugin',
  'course',
  'source',
  'markdown',
  'sent-replies',
];
const BUILD_TIME = `(${BUILD_TIME_NAMES.join('|')})\\.ts`;
const BUILD_TIME_FILES = BUILD_TIME_NAMES.map((name) => `src/lessons/${name}.ts`);
const SMTP_ONLY = 'src/smtp imports only from src/smtp.';
const WORKSTATION_ONLY = 'src/workstation imports only itself and src/smtp.';

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // A protocol codebase matches control characters (CR, LF, NUL) on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  // Layers. The SMTP core runs in Node, a worker and the browser alike: it imports nothing outside src/smtp
  // (no package, no DOM helper). The workstation (telnet, nc, dig...) builds on the core and nothing else.
  // Runtime code never pulls in the build-time lesson compiler (Markdown, YAML and schema checks run in Vite).
  // A later block replaces the rule of an earlier one for the files both match, so each zone repeats the
  // build-time pattern.
  zone(['src/**/*.ts', 'src/**/*.svelte'], []),
  zone(['src/smtp/*.ts'], [{ regex: '^(?!\\./)', message: SMTP_ONLY }]),
  zone(['src/smtp/*/**/*.ts'], [{ regex: '^(?!\\.\\.?/)|^\\.\\./\\.\\./', message: SMTP_ONLY }]),
  zone(['src/workstation/*.ts'], [{ regex: '^(?!\\./|\\.\\./smtp/)', message: WORKSTATION_ONLY }]),
  zone(
    ['src/workstation/*/**/*.ts'],
    [{ regex: '^(?!\\./|\\.\\./(?!\\.\\./)|\\.\\./\\.\\./smtp/)', message: WORKSTATION_ONLY }],
  ),
);

/**
 * An import zone: in `files`, imports matching `patterns` are errors, and so is a runtime import of the
 * build-time lesson compiler (a type-only import is erased: engine/types.ts infers its types from the schemas).
 */
function zone(files, patterns) {
  const buildTime = {
    regex: `(^|/)lessons/${BUILD_TIME}$|^\\.\\.?/${BUILD_TIME}$`,
    message: 'Runtime code must not import the build-time lesson compiler (it runs in the Vite plugin).',
    allowTypeImports: true,
  };
  return {
    files,
    ignores: BUILD_TIME_FILES,
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...patterns, buildTime] }],
    },
  };
}
