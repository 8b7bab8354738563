import { describe, expect, it } from 'vitest';
import { isTraceyError } from '@tracey/common';
import { checkToken } from './token-auth.js';

function codeOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return isTraceyError(error) ? error.code : 'other';
  }
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('checkToken', () => {
  it('accepts the token as bearer, or as the Basic auth password with any user', () => {
    expect(codeOf(() => checkToken('Bearer s3cret', 's3cret'))).toBeUndefined();
    expect(codeOf(() => checkToken('bearer s3cret', 's3cret'))).toBeUndefined();
    // GitHub's API scheme, which em-metrics' client sends.
    expect(codeOf(() => checkToken('token s3cret', 's3cret'))).toBeUndefined();
    expect(codeOf(() => checkToken(basic('jenkins', 's3cret'), 's3cret'))).toBeUndefined();
    expect(codeOf(() => checkToken(basic('', 's3cret'), 's3cret'))).toBeUndefined();
    expect(codeOf(() => checkToken(basic('x', 'pa:ss'), 'pa:ss'))).toBeUndefined();
  });

  it('refuses a missing, malformed or wrong token', () => {
    for (const header of [
      undefined,
      '',
      'Bearer',
      'Bearer wrong',
      'Digest s3cret',
      basic('s3cret', 'wrong'),
      `Basic ${Buffer.from('s3cret').toString('base64')}`,
      's3cret',
    ]) {
      expect(
        codeOf(() => checkToken(header, 's3cret')),
        String(header),
      ).toBe('ADAPTER_UNAUTHORIZED');
    }
  });
});
