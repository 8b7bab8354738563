import { useEffect, useState } from 'preact/hooks';
import { apiGet, type ApiError } from './api.js';

type Params = Record<string, string | number | undefined | null>;

export type Loaded<T> =
  | { readonly state: 'idle' }
  | { readonly state: 'loading' }
  | { readonly state: 'done'; readonly data: T }
  | { readonly state: 'failed'; readonly error: ApiError | Error };

/**
 * The answer of `GET path?params`, fetched again when they change (the previous request is
 * aborted). `path` null: nothing to ask yet. `retry` changes when a token was given.
 */
export function useApi<T>(path: string | null, params: Params = {}, retry = 0): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'idle' });
  const key = path === null ? null : JSON.stringify([path, params]);
  useEffect(() => {
    if (path === null) {
      setLoaded({ state: 'idle' });
      return undefined;
    }
    const abort = new AbortController();
    setLoaded({ state: 'loading' });
    apiGet<T>(path, params, abort.signal).then(
      (data) => setLoaded({ state: 'done', data }),
      (error: unknown) => {
        if (!abort.signal.aborted) setLoaded({ state: 'failed', error: error as Error });
      },
    );
    return () => abort.abort();
    // `key` stands for path and params: the effect runs again when either changes.
  }, [key, retry]);
  return loaded;
}
