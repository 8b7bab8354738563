#!/usr/bin/env node
// The `tracey` binary. A build script calls it dozens of times, so start-up time matters: V8's
// on-disk compile cache (Node 22.1+) skips recompiling the modules on every call after the first.
import * as nodeModule from 'node:module';

nodeModule.enableCompileCache?.();
const { execute } = await import('@oclif/core');
await execute({ dir: import.meta.url });
