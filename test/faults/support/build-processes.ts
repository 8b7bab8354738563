import { buildWorkspace } from '@tracey/testing';

/**
 * Builds the packages whose `dist/` the faults run as processes (incremental: `npm run test:faults`
 * and CI have built already).
 */
export function buildProcesses(): void {
  buildWorkspace('aggregator', 'producer-cli');
}
