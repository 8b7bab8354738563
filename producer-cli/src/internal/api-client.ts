import { redactUrlCredentials, TraceyError } from '@tracey/common';
import type { z } from 'zod';
import type { CliConfig } from '../config.js';
import { CLI_ERROR_CODES } from './cli-error.js';

/** Query string values; `undefined` members are left out, arrays repeat the key. */
export type QueryValues = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

export interface ApiClientOptions {
  /** Base URL of the query API (`TRACEY_API_URL`); a path in it prefixes every request. */
  readonly baseUrl: string;
  /** Bearer token (`TRACEY_API_TOKEN`), sent when set. */
  readonly token?: string | undefined;
  /** Longest wait for an answer, in ms. Default 30 s. */
  readonly timeoutMs?: number;
  /** The fetch to use; tests give their own. Default the global one. */
  readonly fetch?: typeof fetch;
  /** The service in messages, and the variable that says where it is. Default the query API. */
  readonly service?: { readonly name: string; readonly urlVariable: string };
}

export interface RequestOptions<S extends z.ZodType> {
  /** The schema the answer's JSON must match; a mismatch is a failure (exit 1). */
  readonly schema: S;
  /** Query parameters; a string is sent as it is (already encoded, without the `?`). */
  readonly query?: QueryValues | URLSearchParams | string;
  /** A JSON body (POST). */
  readonly body?: unknown;
}

/** The `{error: {code, message, details}}` body of the API's error answers, loosely. */
interface ApiErrorBody {
  readonly error: { readonly code?: unknown; readonly message?: unknown; readonly details?: unknown };
}

const DEFAULT_TIMEOUT_MS = 30_000;

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { error?: unknown }).error === 'object' &&
    (value as { error?: unknown }).error !== null
  );
}

function searchParams(query: QueryValues | URLSearchParams | undefined): URLSearchParams {
  if (query instanceof URLSearchParams) return query;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  return params;
}

/**
 * The CLI's client of the Tracey query API. Every failure is a `TraceyError` the base command
 * turns into an exit code: the API out of reach or failing (5xx, an unexpected answer) →
 * `CLI_API_UNREACHABLE` / `CLI_API_FAILED` (exit 1); the API refusing the request (4xx) →
 * `CLI_API_REFUSED` (exit 2) with the API's own message, and its code, status and details in
 * `details.apiCode`, `details.status`, `details.apiDetails`.
 */
export class ApiClient {
  readonly #base: URL;
  readonly #authorization: string | undefined;
  readonly #displayBase: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  readonly #service: { readonly name: string; readonly urlVariable: string };

  constructor(options: ApiClientOptions) {
    // A trailing slash makes relative paths append to the base path instead of replacing it.
    const base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    // fetch refuses URLs with credentials: they become Basic auth (e.g. for a proxy in front),
    // unless a bearer token is set, which is what the API itself checks.
    const basic =
      base.username === ''
        ? undefined
        : Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString(
            'base64',
          );
    this.#displayBase = redactUrlCredentials(base.href);
    base.username = '';
    base.password = '';
    this.#base = base;
    this.#authorization =
      options.token === undefined
        ? basic === undefined
          ? undefined
          : `Basic ${basic}`
        : `Bearer ${options.token}`;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#fetch = options.fetch ?? fetch;
    this.#service = options.service ?? { name: 'the Tracey API', urlVariable: 'TRACEY_API_URL' };
  }

  /** The base URL as it is safe to print (no credentials). */
  get baseUrl(): string {
    return this.#displayBase;
  }

  /** `GET path?query`, the answer parsed with `schema`. */
  get<S extends z.ZodType>(path: string, options: RequestOptions<S>): Promise<z.output<S>> {
    return this.request('GET', path, options);
  }

  /** `POST path?query` with a JSON body, the answer parsed with `schema`. */
  post<S extends z.ZodType>(path: string, options: RequestOptions<S>): Promise<z.output<S>> {
    return this.request('POST', path, options);
  }

  /** One request; `path` is relative to the base URL (a leading `/` is ignored). */
  async request<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    options: RequestOptions<S>,
  ): Promise<z.output<S>> {
    const url = new URL(path.replace(/^\/+/, ''), this.#base);
    url.search = typeof options.query === 'string' ? options.query : searchParams(options.query).toString();
    const where = `${method} ${url.href}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.#authorization !== undefined) headers['authorization'] = this.#authorization;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(url, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw this.unreachable(error, where);
    }
    const json = parseJson(text);
    if (!response.ok) throw refusedOrFailed(response.status, json, where, this.#service.name);
    const parsed = options.schema.safeParse(json);
    if (!parsed.success) {
      throw new TraceyError(
        CLI_ERROR_CODES.apiFailed,
        `unexpected answer from ${where}: ${parsed.error.issues
          .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`)
          .join('; ')}`,
        { details: { status: response.status } },
      );
    }
    return parsed.data;
  }

  private unreachable(error: unknown, where: string): TraceyError {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    const reason = timedOut
      ? `no answer within ${this.#timeoutMs} ms`
      : redactUrlCredentials(causeText(error));
    return new TraceyError(
      CLI_ERROR_CODES.apiUnreachable,
      `cannot reach ${this.#service.name} at ${this.baseUrl} (${reason}); is it running? ${this.#service.urlVariable} sets where it is`,
      { retryable: true, cause: error, details: { request: where } },
    );
  }
}

/** A client for the CLI's configuration (`TRACEY_API_URL`, `TRACEY_API_TOKEN`). */
export function apiClientFor(
  config: Pick<CliConfig, 'apiUrl' | 'apiToken'>,
  options: Pick<ApiClientOptions, 'timeoutMs' | 'fetch'> = {},
): ApiClient {
  return new ApiClient({ baseUrl: config.apiUrl, token: config.apiToken, ...options });
}

/** A client of the Jenkins adapter (`TRACEY_ADAPTER_URL`, `TRACEY_ADAPTER_TOKEN`): its trigger routes. */
export function adapterClientFor(
  config: Pick<CliConfig, 'adapterUrl' | 'adapterToken'>,
  options: { readonly timeoutMs?: number } = {},
): ApiClient {
  return new ApiClient({
    baseUrl: config.adapterUrl,
    token: config.adapterToken,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    service: { name: 'the Jenkins adapter', urlVariable: 'TRACEY_ADAPTER_URL' },
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

// fetch reports a refused connection as "fetch failed" with the system error as its cause.
function causeText(error: unknown): string {
  let current: unknown = error;
  let text = 'unknown error';
  while (current instanceof Error) {
    const code = (current as { code?: unknown }).code;
    text = typeof code === 'string' ? code : current.message;
    current = current.cause;
  }
  return text;
}

function refusedOrFailed(status: number, json: unknown, where: string, service: string): TraceyError {
  const apiError = isApiErrorBody(json) ? json.error : undefined;
  const apiCode = typeof apiError?.code === 'string' ? apiError.code : undefined;
  const message =
    typeof apiError?.message === 'string' ? apiError.message : `${where} answered HTTP ${status}`;
  const apiDetails =
    typeof apiError?.details === 'object' && apiError.details !== null ? apiError.details : {};
  const details = { status, ...(apiCode === undefined ? {} : { apiCode }), apiDetails };
  if (status >= 400 && status < 500) {
    return new TraceyError(CLI_ERROR_CODES.apiRefused, message, { details });
  }
  return new TraceyError(CLI_ERROR_CODES.apiFailed, `${service} failed: ${message}`, {
    retryable: status === 503,
    details,
  });
}
