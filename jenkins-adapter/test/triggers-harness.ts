import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { eiffelEvent, eiffelProtocol, encodeForPublish, type PublishableMessage } from '@tracey/schemas';
import type { AmqpTestBroker } from '@tracey/testing';

/** One request a test HTTP server received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Answers a request; `index` counts the requests to the same path, from 0. */
export type Responder = (request: ReceivedRequest, index: number, response: ServerResponse) => unknown;

/**
 * A real HTTP server inside the test standing in for Jenkins or a webhook receiver: it records
 * every request and answers with `respond`.
 */
export class RecordingServer {
  readonly requests: ReceivedRequest[] = [];
  respond: Responder = (_request, _index, response) => {
    response.writeHead(201).end();
  };
  private readonly server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received: ReceivedRequest = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const index = this.requests.filter((r) => r.path === received.path).length;
      this.requests.push(received);
      void Promise.resolve(this.respond(received, index, response)).catch(() => response.destroy());
    });
  });

  /** Listens on `port` (default: any free one); a closed server can listen again. */
  async listen(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** Requests to paths ending with `suffix`. */
  to(suffix: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.path.split('?')[0]?.endsWith(suffix));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** An ArtifactCreated event with `identity`, ready to publish. */
export function artifactCreated(identity: string): PublishableMessage {
  return encoded(eiffelEvent('EiffelArtifactCreatedEvent', { identity }).build());
}

/** A CompositionDefined event named `name`, ready to publish. */
export function compositionDefined(name: string): PublishableMessage {
  return encoded(eiffelEvent('EiffelCompositionDefinedEvent', { name }).build());
}

function encoded(event: unknown): PublishableMessage {
  const result = encodeForPublish(eiffelProtocol, event);
  if (!result.ok) throw new Error('test event is invalid');
  return result.message;
}

/** The next message in `queue`, waiting for it up to `timeoutMs`. */
export async function nextMessage(
  broker: AmqpTestBroker,
  queue: string,
  timeoutMs = 20_000,
): Promise<Buffer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const message = await broker.channel.get(queue, { noAck: true });
    if (message !== false) return message.content;
    if (Date.now() > deadline) throw new Error(`no message in ${queue}`);
    await sleep(50);
  }
}

/** Publishes `message` to `exchange` the way producers do (persistent, with its routing key). */
export async function publish(
  broker: AmqpTestBroker,
  exchange: string,
  message: PublishableMessage,
): Promise<void> {
  broker.channel.publish(exchange, message.routingKey, Buffer.from(message.body), {
    persistent: true,
    contentType: message.contentType,
    messageId: message.messageId,
  });
  // A round trip, so that the message is routed before the test goes on.
  await broker.channel.checkExchange(exchange);
}
