/** Where the query API is, and its token when reads need one. */
export interface QueryApi {
  /** Base URL, e.g. `http://127.0.0.1:8080`; a path in it is kept (`http://host/tracey/`). */
  readonly url: string;
  readonly token: string | undefined;
  /** Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
}

/**
 * `GET <api>/<path>` asking for JSON, with the bearer token when there is one. `path` is
 * relative (`events/…`), so an API mounted under a path prefix is reached under it. Rejects as
 * `fetch` does (unreachable, aborted by `signal`).
 */
export function getFromQueryApi(api: QueryApi, path: string, signal: AbortSignal): Promise<Response> {
  const base = new URL(api.url.endsWith('/') ? api.url : `${api.url}/`);
  return (api.fetch ?? fetch)(new URL(path, base), {
    headers: {
      accept: 'application/json',
      ...(api.token === undefined ? {} : { authorization: `Bearer ${api.token}` }),
    },
    signal,
  });
}
