import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** An `onRequest` hook: runs before the body is read, so an unauthorized body is never parsed. */
export type RequestGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export interface TokenCheckOptions {
  /** The configured token. */
  readonly token: string | undefined;
  /** Also take the token as the password of Basic auth, any user (the Jenkins Notification plugin). */
  readonly basicAuth?: boolean;
  /** The service's error for a request without the token (`missing`) or with another (`wrong`). */
  readonly unauthorized: (refusal: 'missing' | 'wrong') => Error;
  /**
   * With it, a server whose token is unset or empty stays closed with this error; without it,
   * such a server refuses every token as wrong.
   */
  readonly notConfigured?: () => Error;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * The secret an `Authorization` header carries: a bearer token (also as `token <t>`, the scheme of
 * GitHub's API that em-metrics' client sends), or (if allowed) a Basic password.
 */
export function presentedToken(header: string | undefined, basicAuth: boolean): string | undefined {
  const match = /^(Bearer|Token|Basic) +(\S.*?)\s*$/i.exec(header ?? '');
  const [, scheme, value] = match ?? [];
  if (scheme === undefined || value === undefined) return undefined;
  if (scheme.toLowerCase() !== 'basic') return value;
  if (!basicAuth) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/**
 * Checks an `Authorization` header against the configured token in constant time (both sides
 * hashed to the same length first).
 * @throws the service's error: `notConfigured()`, else `unauthorized('missing' | 'wrong')`.
 */
export function checkToken(header: string | undefined, options: TokenCheckOptions): void {
  const token = options.token ?? '';
  if (token === '' && options.notConfigured !== undefined) throw options.notConfigured();
  const given = presentedToken(header, options.basicAuth ?? false);
  if (given === undefined) throw options.unauthorized('missing');
  // Compared even when the configured token is empty, so that timing says nothing either way.
  if (!timingSafeEqual(digest(given), digest(token)) || token === '') throw options.unauthorized('wrong');
}

/** The `onRequest` hook that lets a request through only with the token (see {@link checkToken}). */
export function tokenGuard(options: TokenCheckOptions): RequestGuard {
  // A refusal rejects the hook's promise: fastify answers it through the error handler.
  return (request) => Promise.resolve().then(() => checkToken(request.headers.authorization, options));
}
