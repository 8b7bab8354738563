import { redactUrlCredentials } from '../logging/redact-url-credentials.js';

// A RabbitMQ cluster is reached through any of its nodes: TRACEY_AMQP_URL may list several, comma
// separated. A client connects to the first that answers, starting from a different node each
// time (so clients spread over the cluster and a reconnect tries the others first), and its own
// reconnect logic fails over when the node it holds goes away.

/** The broker URLs of a `TRACEY_AMQP_URL` value: comma-separated, blanks ignored. */
export function brokerUrls(text: string): string[] {
  return text
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
}

let rotation = Math.floor(Math.random() * 1024);

/**
 * Connects with `connect` to the first of `urls` that answers, trying each once, from a rotating
 * start. Fails with every node's error (credentials redacted) when none answers; with one URL the
 * error is that node's own.
 */
export async function connectToFirst<T>(urls: string, connect: (url: string) => Promise<T>): Promise<T> {
  const list = brokerUrls(urls);
  if (list.length === 0) throw new Error('no broker URL given (TRACEY_AMQP_URL)');
  if (list.length === 1) return connect(list[0] as string);
  const start = rotation++ % list.length;
  const failures: string[] = [];
  const codes = new Set<unknown>();
  for (let i = 0; i < list.length; i++) {
    const url = list[(start + i) % list.length] as string;
    try {
      return await connect(url);
    } catch (error) {
      failures.push(`${redactUrlCredentials(url)}: ${(error as Error).message}`);
      codes.add((error as { code?: unknown }).code);
    }
  }
  // Every node refusing the same way (403: wrong credentials) is that refusal: callers that give
  // up on a permanent code still do.
  const error = new Error(`no broker node answers (${failures.join('; ')})`);
  if (codes.size === 1 && [...codes][0] !== undefined) Object.assign(error, { code: [...codes][0] });
  throw error;
}
