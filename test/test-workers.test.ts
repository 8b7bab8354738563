import { describe, expect, it } from 'vitest';
import { integrationWorkers } from './support/test-workers.js';

describe('integrationWorkers', () => {
  it('runs two files at once by default', () => {
    expect(integrationWorkers({})).toBe(2);
    expect(integrationWorkers({ TRACEY_TEST_WORKERS: '' })).toBe(2);
  });

  it('takes TRACEY_TEST_WORKERS', () => {
    expect(integrationWorkers({ TRACEY_TEST_WORKERS: '1' })).toBe(1);
    expect(integrationWorkers({ TRACEY_TEST_WORKERS: '3' })).toBe(3);
  });

  it('runs one file at a time against the one database TRACEY_NEO4J_URL names', () => {
    expect(integrationWorkers({ TRACEY_NEO4J_URL: 'bolt://db:7687', TRACEY_TEST_WORKERS: '3' })).toBe(1);
  });

  it.each(['0', '10', '1.5', 'two', '-1'])('refuses %s, naming the variable', (given) => {
    expect(() => integrationWorkers({ TRACEY_TEST_WORKERS: given })).toThrow(
      `TRACEY_TEST_WORKERS must be a whole number from 1 to 9, not '${given}'`,
    );
  });
});
