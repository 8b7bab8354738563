// One lint configuration for the whole repository.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.services/**',
      '.tools/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.check.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // The web UI's browser code has its own compiler settings (DOM, JSX, bundler resolution).
    files: ['ui/app/**/*.ts', 'ui/app/**/*.tsx'],
    languageOptions: {
      parserOptions: { project: ['./ui/app/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // Process entry points and scripts talk to the terminal directly.
    files: ['**/src/main.ts', '**/bin/**', 'scripts/**', 'testing/src/global-setup.ts'],
    rules: { 'no-console': 'off' },
  },
);
