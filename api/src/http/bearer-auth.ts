import { createHash, timingSafeEqual } from 'node:crypto';
import { apiError } from '../api-error.js';

/** Who may call a route: anyone, or holders of the bearer token. */
export type Access = 'public' | 'token';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Checks an `Authorization` header against the configured token in constant time (both sides
 * hashed to the same length first). With no configured token a protected route stays closed.
 * @throws API_AUTH_NOT_CONFIGURED without a configured token; API_UNAUTHORIZED on a missing or wrong one.
 */
export function checkBearer(header: string | undefined, token: string | undefined): void {
  if (token === undefined || token === '') {
    throw apiError(
      'API_AUTH_NOT_CONFIGURED',
      'this endpoint needs a bearer token, but TRACEY_API_TOKEN is not set on the server',
    );
  }
  const match = /^Bearer (.+)$/i.exec(header ?? '');
  const given = match?.[1];
  if (given === undefined) {
    throw apiError('API_UNAUTHORIZED', 'missing bearer token: send "Authorization: Bearer <token>"');
  }
  if (!timingSafeEqual(digest(given), digest(token))) {
    throw apiError('API_UNAUTHORIZED', 'wrong bearer token');
  }
}
