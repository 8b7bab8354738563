import type { Logger } from '@tracey/common';
import { getFromQueryApi, type QueryApi } from '../query-api.js';

/** Whether the graph holds an event already. */
export interface StoredEvents {
  /** True when the event is stored; false when it is not or the answer cannot be had (logged). */
  has(id: string): Promise<boolean>;
}

export interface ApiStoredEventsOptions {
  /** Base URL of the query API, e.g. `http://127.0.0.1:8080`. */
  readonly apiUrl: string;
  /** Bearer token, for an API whose reads require it. */
  readonly apiToken?: string | undefined;
  /** Longest wait for one answer. Default 2000 ms. */
  readonly timeoutMs?: number;
  readonly logger: Pick<Logger, 'warn'>;
  /** Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
}

/** Asks the query API's `GET /events/:id`: 200 is stored, 404 is not, anything else is "not known". */
export class ApiStoredEvents implements StoredEvents {
  readonly #api: QueryApi;

  constructor(private readonly options: ApiStoredEventsOptions) {
    this.#api = { url: options.apiUrl, token: options.apiToken, fetch: options.fetch ?? fetch };
  }

  async has(id: string): Promise<boolean> {
    try {
      const response = await getFromQueryApi(
        this.#api,
        `events/${encodeURIComponent(id)}`,
        AbortSignal.timeout(this.options.timeoutMs ?? 2000),
      );
      await response.body?.cancel();
      if (response.status === 200) return true;
      if (response.status !== 404) {
        this.options.logger.warn({ status: response.status, id }, 'query API refused the event lookup');
      }
      return false;
    } catch (error) {
      this.options.logger.warn(
        { err: error instanceof Error ? error.message : String(error), id },
        'query API unreachable: cannot tell whether the event is stored',
      );
      return false;
    }
  }
}
