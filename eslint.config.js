// ESLint: the layer rules of the house (README, "Where things are"), checked on every test run.
// - src/core is the ground floor: it imports nothing else from src (nor checks).
// - checks never import the runner, the TUI, the reporters or the CLI.
// - no check imports another check group.
// - no import cycles.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const groups = readdirSync(join(import.meta.dirname, 'checks'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      // import-x parses the imported files too (no-cycle): with the TypeScript parser, or it skips them.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/core',
              from: ['./src', './checks'],
              except: ['./core'],
              message: 'src/core is the ground floor: it imports nothing from the rest of the tree',
            },
            {
              target: './checks',
              from: ['./src/runner', './src/tui', './src/reporters', './src/cli'],
              message: 'a check decides; the runner, the TUI, the reporters and the CLI are not its business',
            },
            ...groups.map((group) => ({
              target: `./checks/${group}`,
              from: './checks',
              except: [`./${group}`],
              message: `checks/${group} imports no other check group: move what is shared to src/`,
            })),
          ],
        },
      ],
      // The codebase's own conventions, where they differ from the presets.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Refusing or stripping control characters (CR/LF in logins, ANSI in frames) is what those patterns are for.
      'no-control-regex': 'off',
    },
  },
);
