import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { eventPageAnswer, linkSearchAnswer } from '../contract/answers.js';
import { LIMITS } from '../limits.js';
import { parseErQuery } from '../queries/er-filter.js';
import { searchEvents, type EventSearchPage } from '../queries/event-search.js';
import { linkSearch } from '../queries/link-search.js';
import { EVENT_SEARCH_OPTIONS, eventSearchQuery, linkSearchBody, linkSearchQuery } from './er-schemas.js';
import { answers, READ_ERRORS, sendJsonText } from './route-answers.js';
import { guard, type RouteContext } from './route-context.js';
import { eventIdParams } from './route-schemas.js';

const readOptions = { timeoutMs: LIMITS.queryTimeoutMs };
const TAGS = ['Event Repository'];

function rawQueryOf(url: string): string {
  const start = url.indexOf('?');
  return start === -1 ? '' : url.slice(start + 1);
}

/** `meta.time` as an ISO 8601 time, as the Event Repository's `readable=true` gives it. */
function readable(json: string): string {
  const event = JSON.parse(json) as { meta?: { time?: unknown } };
  if (typeof event.meta?.time === 'number') event.meta.time = new Date(event.meta.time).toISOString();
  return JSON.stringify(event);
}

// The stored events are JSON text already: the page is assembled, not re-serialized.
function pageJson(pageNo: number, pageSize: number, page: EventSearchPage, isoTimes: boolean): string {
  const items = isoTimes ? page.items.map(readable) : page.items;
  return `{"pageNo":${pageNo},"pageSize":${pageSize},"totalNumberItems":${page.total},"items":[${items.join(',')}]}`;
}

/**
 * The Event Repository compatible search: `GET /events?<filters>&pageNo&pageSize` and the
 * upstream/downstream search `POST /search/:id`.
 */
export function eventRepositoryRoutes(app: FastifyInstance, context: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const onRequest = guard(context, 'read');
  api.get(
    '/events',
    {
      onRequest,
      schema: {
        tags: TAGS,
        summary: 'Events meeting every filter, newest first, one page at a time',
        description:
          'Each further query parameter is a filter on a field of the event: `field=value`, `field!=value`, ' +
          '`field>value` (also `<`, `>=`, `<=`), `field~regex` (partial match, RE2 syntax), `field` (exists), ' +
          '`!field` (missing), `int(field)>5` / `double(field)<0.5` (numeric). Fields start with ' +
          '`meta.`, `data.` or `links.`, e.g. `meta.type=EiffelArtifactCreatedEvent&data.identity~^pkg:npm/`.',
        querystring: eventSearchQuery,
        response: answers(eventPageAnswer, [...READ_ERRORS, 422]),
      },
    },
    async (request, reply) => {
      // The filters come from the raw query (their operators are not `=`); the paging options
      // were validated with the route's schema.
      const { conditions } = parseErQuery(rawQueryOf(request.url), EVENT_SEARCH_OPTIONS);
      const paging = request.query;
      const skip = (paging.pageNo - 1) * paging.pageSize + (paging.pageStartItem - 1);
      const page = await context.graph.read(
        'search events',
        (tx) => searchEvents(tx, { conditions, skip, limit: paging.pageSize, scanCap: LIMITS.searchScan }),
        readOptions,
      );
      return sendJsonText(reply, pageJson(paging.pageNo, paging.pageSize, page, paging.readable));
    },
  );

  api.post(
    '/search/:id',
    {
      onRequest,
      schema: {
        tags: TAGS,
        summary: 'Events upstream and downstream of an event, as flat lists or trees',
        params: eventIdParams,
        querystring: linkSearchQuery,
        body: linkSearchBody,
        response: answers(linkSearchAnswer, [...READ_ERRORS, 404, 413, 415, 422]),
      },
    },
    async (request) => {
      const { id } = request.params;
      const query = request.query;
      const body = request.body;
      const direction = (types: readonly string[]) =>
        types.length === 0 ? undefined : { linkTypes: types.includes('ALL') ? undefined : types };
      const upstream = direction(body.ult);
      const downstream = direction(body.dlt);
      return context.graph.read(
        'link search',
        (tx) =>
          linkSearch(tx, {
            id,
            ...(upstream === undefined ? {} : { upstream }),
            ...(downstream === undefined ? {} : { downstream }),
            limit: query.limit === -1 ? undefined : query.limit,
            cap: LIMITS.maxNodes,
            levels: query.levels === -1 ? null : query.levels,
            tree: query.tree,
          }),
        readOptions,
      );
    },
  );
}
