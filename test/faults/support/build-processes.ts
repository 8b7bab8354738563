import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Builds the packages whose `dist/` the faults run as processes (incremental: `npm run test:faults`
 * and CI have built already).
 */
export function buildProcesses(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', 'aggregator', 'producer-cli'], { cwd: root, stdio: 'inherit' });
}
