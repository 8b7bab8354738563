// The generator is the ingest harness's (its shuffles use it too); re-exported for the faults.
export { seededRandom } from '@tracey/aggregator/testing';

/**
 * The seed of this run: `TRACEY_FAULTS_SEED` to replay one, else a new one (each fault prints
 * the seed it used with its figures).
 */
export function faultSeed(): number {
  return Number(process.env['TRACEY_FAULTS_SEED'] ?? Date.now() % 100_000);
}
