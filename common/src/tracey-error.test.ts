import { describe, expect, it } from 'vitest';
import { TraceyError, isTraceyError } from './tracey-error.js';

describe('TraceyError', () => {
  it('carries a code, the retryable flag, details and the cause', () => {
    const cause = new Error('socket closed');
    const error = new TraceyError('NEO4J_UNAVAILABLE', 'Neo4j is not reachable', {
      retryable: true,
      details: { url: 'bolt://127.0.0.1:7687' },
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('NEO4J_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.details).toEqual({ url: 'bolt://127.0.0.1:7687' });
    expect(error.cause).toBe(cause);
    expect(isTraceyError(error, 'NEO4J_UNAVAILABLE')).toBe(true);
    expect(isTraceyError(error, 'OTHER')).toBe(false);
    expect(isTraceyError(new Error('plain'))).toBe(false);
  });

  it('is not retryable unless said so', () => {
    expect(new TraceyError('BAD_INPUT', 'bad').retryable).toBe(false);
  });
});
