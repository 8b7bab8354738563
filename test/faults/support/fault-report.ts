import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Prints one fault's figures (counts, durations) as a line on stderr, so a run's log holds what
 * docs/RELIABILITY.md reports.
 */
export function reportFigures(fault: string, figures: Readonly<Record<string, unknown>>): void {
  process.stderr.write(`[faults] ${fault} ${JSON.stringify(figures)}\n`);
}

/**
 * Builds the packages whose `dist/` the faults run as processes (incremental: `npm run test:faults`
 * and CI have built already).
 */
export function buildProcesses(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', 'aggregator', 'producer-cli'], { cwd: root, stdio: 'inherit' });
}

/** Seeded random numbers in [0, 1) (mulberry32), so a failing run can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
