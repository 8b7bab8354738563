import { checkToken as checkKitToken } from '@tracey/http-kit';
import { adapterError } from '../adapter-error.js';

/**
 * Checks an `Authorization` header against the adapter's token (the kit's constant-time check):
 * `Bearer <token>`, or `Basic` with the token as password, as the Notification plugin sends it.
 * @throws ADAPTER_UNAUTHORIZED on a missing, malformed or wrong token.
 */
export function checkToken(header: string | undefined, token: string): void {
  checkKitToken(header, {
    token,
    basicAuth: true,
    unauthorized: (refusal) =>
      refusal === 'missing'
        ? adapterError(
            'ADAPTER_UNAUTHORIZED',
            'missing token: send "Authorization: Bearer <token>" or Basic auth with the token as password',
          )
        : adapterError('ADAPTER_UNAUTHORIZED', 'wrong token'),
  });
}
