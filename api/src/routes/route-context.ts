import type { FastifyReply, FastifyRequest } from 'fastify';
import { checkScope, type AuditLog, type TokenScope, type TokenStore } from '@tracey/http-kit';
import type { ApiConfig } from '../config.js';
import type { QueryGraph } from '../graph/query-graph.js';
import { apiError } from '../api-error.js';

/** What every route module receives. */
export interface RouteContext {
  readonly graph: QueryGraph;
  readonly config: Pick<ApiConfig, 'readAuth'>;
  /** The tokens the API takes (`TRACEY_TOKENS_FILE`, `TRACEY_API_TOKEN`), each with its scopes. */
  readonly tokens: TokenStore;
  /** Where what is done and refused is recorded (by token name). */
  readonly audit: AuditLog;
  /** How searches prune by time and how much they may visit. */
  readonly search: Pick<ApiConfig, 'clockSkewMs' | 'searchBudget'> & {
    /** How long a lead-time search runs unpruned before the time-window search; 0: never. */
    readonly quickSearchMs: number;
    /** Whether lead time tries the history index before searching. */
    readonly historyIndex: boolean;
  };
}

// Who made a request, once a guard knew them: for the audit trail (never the token).
const callers = new WeakMap<FastifyRequest, string>();

/** The name of the token a request came with, when a guard identified it. */
export function callerOf(request: FastifyRequest): string | null {
  return callers.get(request) ?? null;
}

/**
 * Who may call a route: anyone, readers (a token with scope `read` when `readAuth` is `required`),
 * or holders of a token with the scope named (`cypher`, `admin`).
 */
export type RouteAccess = 'public' | TokenScope;

/** An `onRequest` hook enforcing `access`; it carries the scope for the OpenAPI document. */
export function guard(context: RouteContext, access: RouteAccess) {
  const hook = async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (access === 'public') return;
    if (access === 'read' && context.config.readAuth !== 'required') return;
    if (!context.tokens.configured)
      throw apiError(
        'API_AUTH_NOT_CONFIGURED',
        'this endpoint needs a bearer token, but neither TRACEY_API_TOKEN nor TRACEY_TOKENS_FILE is set on the server',
      );
    const route = request.routeOptions.url ?? request.url;
    const holder = checkScope(request.headers.authorization, context.tokens, access, (refusal, who) => {
      context.audit.record({
        kind: 'refused',
        actor: who?.name ?? null,
        reason: refusal,
        scope: access,
        method: request.method,
        route,
        ip: request.ip,
      });
      return refusal === 'missing'
        ? apiError('API_UNAUTHORIZED', 'missing bearer token: send "Authorization: Bearer <token>"')
        : refusal === 'wrong'
          ? apiError('API_UNAUTHORIZED', 'wrong bearer token')
          : apiError(
              'API_FORBIDDEN',
              `token "${who?.name ?? ''}" lacks the scope "${access}" this endpoint needs`,
              {
                token: who?.name ?? null,
                scope: access,
              },
            );
    });
    callers.set(request, holder.name);
    // Who called: for the request log and the audit trail, never the token.
    request.log = request.log.child({ token: holder.name });
  };
  return Object.assign(hook, { scope: access });
}

/** The scope a route's `onRequest` hook (from {@link guard}) asks for, if any. */
export function routeScope(onRequest: unknown): RouteAccess | undefined {
  const hooks = Array.isArray(onRequest) ? onRequest : [onRequest];
  for (const hook of hooks) {
    const scope = (hook as { scope?: RouteAccess } | undefined)?.scope;
    if (scope !== undefined) return scope;
  }
  return undefined;
}
