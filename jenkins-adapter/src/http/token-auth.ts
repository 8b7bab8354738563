import { createHash, timingSafeEqual } from 'node:crypto';
import { adapterError } from '../adapter-error.js';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** The secret an `Authorization` header carries: a bearer token, or the password of Basic auth. */
function presented(header: string | undefined): string | undefined {
  const match = /^(Bearer|Basic) +(\S+)\s*$/i.exec(header ?? '');
  const [, scheme, value] = match ?? [];
  if (scheme === undefined || value === undefined) return undefined;
  if (scheme.toLowerCase() === 'bearer') return value;
  // The Notification plugin takes Basic auth from the endpoint URL's user info; the user is free.
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/**
 * Checks an `Authorization` header against the adapter's token in constant time (both sides
 * hashed to the same length first): `Bearer <token>`, or `Basic` with the token as password.
 * @throws ADAPTER_UNAUTHORIZED on a missing, malformed or wrong token.
 */
export function checkToken(header: string | undefined, token: string): void {
  const given = presented(header);
  if (given === undefined) {
    throw adapterError(
      'ADAPTER_UNAUTHORIZED',
      'missing token: send "Authorization: Bearer <token>" or Basic auth with the token as password',
    );
  }
  // Compared even when the configured token is empty, so that timing says nothing either way.
  if (!timingSafeEqual(digest(given), digest(token)) || token === '') {
    throw adapterError('ADAPTER_UNAUTHORIZED', 'wrong token');
  }
}
