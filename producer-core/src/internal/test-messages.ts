import type { PublishableMessage } from '@tracey/schemas';

/** `count` distinct messages for tests (not published anywhere real). */
export function testMessages(count: number, prefix = 'm'): PublishableMessage[] {
  return Array.from({ length: count }, (_, index) => ({
    routingKey: 'tick.tick',
    contentType: 'application/vnd.tracey.tick+json',
    messageId: `${prefix}${index}`,
    body: JSON.stringify({ id: `${prefix}${index}`, kind: 'tick', at: index, after: [] }),
  }));
}
