import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { integrationWorkers } from './test/support/test-workers.js';

const root = fileURLToPath(new URL('.', import.meta.url));

// Tests import workspace packages from source, so no build is needed before `npm test`: `@tracey/x`
// is `x/src/index.ts`, `@tracey/x/testing` is `x/src/testing/index.ts` and `@tracey/x/contract`
// `x/src/contract/index.ts`, matched exactly.
const packages = readdirSync(root, { withFileTypes: true }).filter(
  (entry) => entry.isDirectory() && existsSync(`${root}${entry.name}/src/index.ts`),
);
const workspaceAliases = packages.flatMap(({ name }) => [
  { find: new RegExp(`^@tracey/${name}$`), replacement: `${root}${name}/src/index.ts` },
  ...(existsSync(`${root}${name}/src/testing/index.ts`)
    ? [{ find: new RegExp(`^@tracey/${name}/testing$`), replacement: `${root}${name}/src/testing/index.ts` }]
    : []),
  // A client's view of a package's answers (`@tracey/api/contract`): zod schemas, no server code.
  ...(existsSync(`${root}${name}/src/contract/index.ts`)
    ? [
        {
          find: new RegExp(`^@tracey/${name}/contract$`),
          replacement: `${root}${name}/src/contract/index.ts`,
        },
      ]
    : []),
]);

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['*/src/**/*.test.ts', 'ui/app/src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**', 'test/faults/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['*/test/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**', 'test/**'],
          globalSetup: ['testing/src/global-setup.ts'],
          // Each file starts from a clean graph, and Neo4j community has one user database: files
          // that run at the same time each get a Neo4j of their own (testServices()), one per
          // worker; timed files run alone (useTimedTestLock). After the unit project (groupOrder).
          maxWorkers: integrationWorkers(process.env),
          sequence: { groupOrder: 1 },
          setupFiles: ['testing/src/integration-file-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        // The fault suite (`npm run test:faults`): restarts brokers and Neo4j, kills workers, floods
        // the dead-letter path. Minutes long, so `npm test` leaves it out; CI runs it after.
        extends: true,
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          globalSetup: ['testing/src/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
