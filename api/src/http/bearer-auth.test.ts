import { describe, expect, it } from 'vitest';
import { isTraceyError } from '@tracey/common';
import { checkBearer } from './bearer-auth.js';

function codeOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return isTraceyError(error) ? error.code : 'other';
  }
}

describe('checkBearer', () => {
  it('accepts the configured token only', () => {
    expect(codeOf(() => checkBearer('Bearer s3cret', 's3cret'))).toBeUndefined();
    expect(codeOf(() => checkBearer('Bearer wrong', 's3cret'))).toBe('API_UNAUTHORIZED');
    expect(codeOf(() => checkBearer(undefined, 's3cret'))).toBe('API_UNAUTHORIZED');
    expect(codeOf(() => checkBearer('Basic czNjcmV0', 's3cret'))).toBe('API_UNAUTHORIZED');
  });

  it('stays closed when no token is configured', () => {
    expect(codeOf(() => checkBearer('Bearer anything', undefined))).toBe('API_AUTH_NOT_CONFIGURED');
    expect(codeOf(() => checkBearer('Bearer ', ''))).toBe('API_AUTH_NOT_CONFIGURED');
  });
});
