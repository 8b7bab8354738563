import { checkToken } from '@tracey/http-kit';
import { apiError } from '../api-error.js';

/**
 * Checks an `Authorization` header for the bearer token (the kit's constant-time check). With no
 * configured token a protected route stays closed.
 * @throws API_AUTH_NOT_CONFIGURED without a configured token; API_UNAUTHORIZED on a missing or wrong one.
 */
export function checkBearer(header: string | undefined, token: string | undefined): void {
  checkToken(header, {
    token,
    unauthorized: (refusal) =>
      refusal === 'missing'
        ? apiError('API_UNAUTHORIZED', 'missing bearer token: send "Authorization: Bearer <token>"')
        : apiError('API_UNAUTHORIZED', 'wrong bearer token'),
    notConfigured: () =>
      apiError(
        'API_AUTH_NOT_CONFIGURED',
        'this endpoint needs a bearer token, but TRACEY_API_TOKEN is not set on the server',
      ),
  });
}
