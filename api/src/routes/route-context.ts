import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiConfig } from '../config.js';
import type { QueryGraph } from '../graph/query-graph.js';
import { checkBearer } from '../http/bearer-auth.js';

/** What every route module receives. */
export interface RouteContext {
  readonly graph: QueryGraph;
  readonly config: Pick<ApiConfig, 'apiToken' | 'readAuth'>;
  /** How searches prune by time and how much they may visit. */
  readonly search: Pick<ApiConfig, 'clockSkewMs' | 'searchBudget'> & {
    /** How long a lead-time search runs unpruned before the time-window search; 0: never. */
    readonly quickSearchMs: number;
    /** Whether lead time tries the history index before searching. */
    readonly historyIndex: boolean;
  };
}

/** Who may call a route: anyone, readers (token when `readAuth` is `required`), or token holders. */
export type RouteAccess = 'public' | 'read' | 'token';

/** An `onRequest` hook enforcing `access`. */
export function guard(context: RouteContext, access: RouteAccess) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (access === 'public') return;
    if (access === 'read' && context.config.readAuth !== 'required') return;
    checkBearer(request.headers.authorization, context.config.apiToken);
  };
}
