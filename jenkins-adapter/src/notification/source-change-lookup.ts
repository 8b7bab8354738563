import type { Logger } from '@tracey/common';
import { getFromQueryApi, type QueryApi } from '../query-api.js';

/** Finds the source change event of a commit in the graph. */
export interface SourceChangeLookup {
  /**
   * The id of the event that submitted (else created) `commit`, or `undefined` when the graph has
   * none. Never rejects: when the answer cannot be had, it logs why and resolves `undefined`.
   */
  find(commit: string): Promise<string | undefined>;
}

export interface ApiSourceChangeLookupOptions {
  /** Base URL of the query API, e.g. `http://127.0.0.1:8080`. */
  readonly apiUrl: string;
  /** Bearer token, for an API whose reads require it. */
  readonly apiToken?: string | undefined;
  /** Longest wait for one answer. Default 2000 ms: a notification must not wait long. */
  readonly timeoutMs?: number;
  readonly logger: Pick<Logger, 'warn' | 'debug'>;
  /** Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
}

// Submitted first: the commit as it landed on the branch is what a build is built from.
const SOURCE_CHANGE_TYPES = ['EiffelSourceChangeSubmittedEvent', 'EiffelSourceChangeCreatedEvent'] as const;

/** Ids of the `items` of an Event Repository style page, `{pageNo, pageSize, totalNumberItems, items}`. */
function firstItemId(body: unknown): string | undefined {
  const items = (body as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return undefined;
  const id = (items[0] as { meta?: { id?: unknown } } | undefined)?.meta?.id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Asks the query API's Event Repository search (`GET /events?meta.type=…&data.gitIdentifier.commitId=…`).
 * An unreachable or failing API costs the link, never the notification: a warning is logged.
 */
export class ApiSourceChangeLookup implements SourceChangeLookup {
  readonly #api: QueryApi;

  constructor(private readonly options: ApiSourceChangeLookupOptions) {
    this.#api = { url: options.apiUrl, token: options.apiToken, fetch: options.fetch ?? fetch };
  }

  async find(commit: string): Promise<string | undefined> {
    for (const type of SOURCE_CHANGE_TYPES) {
      const query = new URLSearchParams({
        'meta.type': type,
        'data.gitIdentifier.commitId': commit,
        pageSize: '1',
      });
      try {
        const response = await getFromQueryApi(
          this.#api,
          `events?${query.toString()}`,
          AbortSignal.timeout(this.options.timeoutMs ?? 2000),
        );
        if (!response.ok) {
          this.options.logger.warn(
            { status: response.status, commit },
            'query API refused the source change search: no CAUSE link to the source change',
          );
          return undefined;
        }
        const id = firstItemId(await response.json());
        if (id !== undefined) return id;
      } catch (error) {
        this.options.logger.warn(
          { err: error instanceof Error ? error.message : String(error), commit },
          'query API unreachable: no CAUSE link to the source change',
        );
        return undefined;
      }
    }
    this.options.logger.debug({ commit }, 'no source change in the graph for the commit');
    return undefined;
  }
}
