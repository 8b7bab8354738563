/**
 * What one attempt of an action did, as a value: `done` (with what to show in the history),
 * `retryable` (may pass later: network, 5xx, 429) or `failed` (will not pass as it is).
 */
export type ActionOutcome =
  | { readonly kind: 'done'; readonly detail: string }
  | { readonly kind: 'retryable'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

/** Everything an action needs besides its own settings. */
export interface ActionContext {
  readonly ruleName: string;
  /** The triggering event's id: passed on as `TRACEY_CAUSE`. */
  readonly eventId: string;
  /** The triggering event's JSON. */
  readonly event: unknown;
  /** Where secrets named by the rule (`tokenEnv`, ...) are read from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
}

const REQUEST_TIMEOUT_MS = 30_000;
const MAX_BODY_SHOWN = 200;

/** An HTTP status as an outcome: 2xx/3xx done, 408/429/5xx retryable, other 4xx failed. */
export async function httpOutcome(response: Response, what: string, detail: string): Promise<ActionOutcome> {
  if (response.status < 400) return { kind: 'done', detail };
  const text = (await response.text().catch(() => '')).replace(/\s+/g, ' ').slice(0, MAX_BODY_SHOWN);
  const reason = `${what} answered ${response.status}${text === '' ? '' : `: ${text}`}`;
  const transient = response.status >= 500 || response.status === 408 || response.status === 429;
  return transient ? { kind: 'retryable', reason } : { kind: 'failed', reason };
}

/**
 * `fetch` with a timeout and the subscription's stop signal; a network error or timeout comes
 * back as a retryable outcome instead of an exception. Redirects are not followed: a 303 from
 * Jenkins is an answer, not a place to go.
 */
export async function send(
  url: URL,
  init: RequestInit,
  signal: AbortSignal,
  what: string,
): Promise<Response | ActionOutcome> {
  try {
    return await fetch(url, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: unknown } }).cause?.code;
    const why = error instanceof Error ? error.message : String(error);
    return {
      kind: 'retryable',
      reason: `${what} unreachable: ${why}${typeof cause === 'string' ? ` (${cause})` : ''}`,
    };
  }
}

/** `user:secret` as a Basic `Authorization` header value. */
export function basicAuth(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`, 'utf8').toString('base64')}`;
}
