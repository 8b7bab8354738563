// Bundles the built CLI (dist/, from `tsc -b`) with its dependencies into dist/bundle/: one
// module graph of a few files instead of ~500, which is most of what a `tracey` call costs at
// start (see docs/BENCHMARKS.md, section CLI). bin/run.js uses the bundle when it is newer than
// dist/commands.js and falls back to dist/ otherwise. An argument names another directory (the
// tests bundle into a throwaway install: producer-cli/src/testing/installed-tracey.ts).
import { resolve } from 'node:path';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = process.argv[2] === undefined ? `${root}dist/bundle` : resolve(process.argv[2]);

await rm(dir, { recursive: true, force: true });
await build({
  input: { tracey: `${root}scripts/bundle-entry.js` },
  platform: 'node',
  logLevel: 'warn',
  output: {
    dir,
    format: 'esm',
    minify: true,
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
  },
});
