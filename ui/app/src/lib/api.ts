// Talks to the query API this page was served by. Answers are typed by the API's own contract
// (@tracey/api/contract, types only: nothing of the server is bundled).
import type { ErrorAnswer } from '@tracey/api/contract';

const TOKEN_KEY = 'tracey.token';

/** The token the user gave, kept for this browser tab's session only. */
export function sessionToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setSessionToken(token: string | null): void {
  if (token === null || token === '') sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

/** An error answer of the API: its code, message, and status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  /** The API wants a token (or another one). */
  get needsToken(): boolean {
    return this.status === 401 || this.status === 403 || this.code === 'API_AUTH_NOT_CONFIGURED';
  }
}

type Params = Record<string, string | number | undefined | null>;

/** `path?params` with the empty parameters left out. */
export function apiUrl(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  }
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}

const listeners = new Set<() => void>();

/** Called when a request was refused for want of a token: the app asks for one. */
export function onTokenNeeded(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** GET a JSON answer of the API; an error answer throws an {@link ApiError}. */
export async function apiGet<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  const token = sessionToken();
  const response = await fetch(apiUrl(path, params), {
    headers: { accept: 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    ...(signal === undefined ? {} : { signal }),
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as ErrorAnswer | null)?.error;
    const failure = new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? `the API answered ${response.status}`,
    );
    if (failure.needsToken) for (const listener of listeners) listener();
    throw failure;
  }
  return body as T;
}
