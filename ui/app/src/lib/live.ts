import type { LiveEvent } from '@tracey/api/contract';
import { sessionToken } from './api.js';

// New events as they reach Tracey: `GET /events/live` (server-sent events), read with fetch so
// the token goes in a header (EventSource cannot send one); reconnects after a pause.

export type { LiveEvent };

export interface LiveHandlers {
  readonly onEvent: (event: LiveEvent) => void;
  readonly onDropped: (count: number) => void;
  /** `live` while connected, `off` when the API has no live feed, `retrying` between tries. */
  readonly onState: (state: 'live' | 'off' | 'retrying') => void;
}

/** Listens until the returned function is called. */
export function listenLive(handlers: LiveHandlers): () => void {
  const abort = new AbortController();
  void (async () => {
    let pause = 1000;
    while (!abort.signal.aborted) {
      try {
        const token = sessionToken();
        const response = await fetch('/events/live', {
          headers: {
            accept: 'text/event-stream',
            ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          },
          signal: abort.signal,
        });
        // No feed on this API (404), or not allowed: stop trying.
        if (response.status === 404 || response.status === 401 || response.status === 403) {
          handlers.onState('off');
          return;
        }
        if (!response.ok || response.body === null) throw new Error(`live events: ${response.status}`);
        handlers.onState('live');
        pause = 1000;
        await readFrames(response.body, handlers);
      } catch {
        if (abort.signal.aborted) return;
      }
      handlers.onState('retrying');
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 30_000);
    }
  })();
  return () => abort.abort();
}

async function readFrames(body: ReadableStream<Uint8Array>, handlers: LiveHandlers): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (name === 'event' && data !== undefined) handlers.onEvent(JSON.parse(data) as LiveEvent);
      if (name === 'dropped' && data !== undefined)
        handlers.onDropped((JSON.parse(data) as { count: number }).count);
      end = buffer.indexOf('\n\n');
    }
  }
}
