import { fileURLToPath } from 'node:url';

// The same file from testing/src (tests run from source) and testing/dist (built).
const preload = fileURLToPath(new URL('../exit-with-parent.mjs', import.meta.url));

/**
 * For a service a test spawns with Node: the arguments that make it stop (SIGTERM) when the test
 * runner dies, and the stdin that needs (a pipe the runner holds open). A killed `vitest` otherwise
 * leaves workers and adapters running against the tests' broker and database.
 *   spawn(process.execPath, [...exitWithParent.nodeArgs, 'aggregator/dist/main.js'],
 *         { stdio: [exitWithParent.stdin, 'ignore', 'inherit'] })
 */
export const exitWithParent = {
  nodeArgs: ['--import', preload],
  stdin: 'pipe',
} as const;
