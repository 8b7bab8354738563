import { describe, expect, it } from 'vitest';
import { Neo4jError } from 'neo4j-driver';
import { TraceyError } from '@tracey/common';
import { toGraphError } from './graph-error.js';

const driverError = (code: string) => new Neo4jError('boom', code, '50N42', 'general processing exception');

describe('toGraphError', () => {
  it.each([
    ['ServiceUnavailable', 'GRAPH_UNAVAILABLE', true],
    ['SessionExpired', 'GRAPH_UNAVAILABLE', true],
    ['Neo.TransientError.Transaction.DeadlockDetected', 'GRAPH_TRANSIENT', true],
    ['Neo.TransientError.Transaction.LockClientStopped', 'GRAPH_TRANSIENT', true],
    ['Neo.ClientError.Schema.ConstraintValidationFailed', 'GRAPH_CONSTRAINT_RACE', true],
    ['Neo.TransientError.General.MemoryPoolOutOfMemoryError', 'GRAPH_TOO_LARGE', false],
    ['Neo.TransientError.General.TransactionMemoryLimit', 'GRAPH_TOO_LARGE', false],
    ['Neo.ClientError.Security.Unauthorized', 'GRAPH_AUTH', false],
    ['Neo.ClientError.Statement.TypeError', 'GRAPH_REJECTED', false],
    ['Neo.DatabaseError.General.UnknownError', 'GRAPH_FAILED', false],
  ])('maps %s to %s (retryable %s)', (neo4jCode, code, retryable) => {
    const error = toGraphError(driverError(neo4jCode), 'write events');
    expect(error).toBeInstanceOf(TraceyError);
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code, retryable });
    expect(error.details).toEqual({ operation: 'write events', neo4jCode });
    expect(error.message).toContain('write events');
  });

  it('treats errors that are not the driver’s as failures, keeping the cause', () => {
    const bug = new TypeError('x is undefined');
    const error = toGraphError(bug, 'read');
    expect(error.code).toBe('GRAPH_FAILED');
    expect(error.retryable).toBe(false);
    expect(error.cause).toBe(bug);
  });

  it('passes graph errors through unchanged', () => {
    const once = toGraphError(driverError('ServiceUnavailable'), 'ping');
    expect(toGraphError(once, 'other')).toBe(once);
  });
});
