#!/usr/bin/env node
// The `tracey` binary. A build script calls it dozens of times, so start-up time matters: V8's
// on-disk compile cache (Node 22.1+) skips recompiling modules, and the bundle made by
// `npm run bundle` (dist/bundle/tracey.js) replaces ~500 module files with a few.
import { readFileSync, statSync } from 'node:fs';
import * as nodeModule from 'node:module';

nodeModule.enableCompileCache?.();

// A reader that has read enough closes the pipe (`tracey search … | head -1`): writing to it fails
// with EPIPE, and oclif would wait for the write forever. That ends the command, quietly and
// successfully, so a script with `set -o pipefail` goes on.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

const bundle = new URL('../dist/bundle/tracey.js', import.meta.url);
const built = new URL('../dist/commands.js', import.meta.url);

/** The bundle, unless it is missing or older than the last `tsc -b`. */
function freshBundle() {
  try {
    return statSync(bundle).mtimeMs >= statSync(built).mtimeMs;
  } catch {
    return false;
  }
}

if (freshBundle()) {
  const { execute } = await import(bundle.href);
  const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  pjson.oclif.commands = { strategy: 'explicit', target: './dist/bundle/tracey.js', identifier: 'COMMANDS' };
  await execute({
    dir: import.meta.url,
    loadOptions: { root: new URL('..', import.meta.url).pathname, pjson },
  });
} else {
  const { execute } = await import('@oclif/core');
  await execute({ dir: import.meta.url });
}
