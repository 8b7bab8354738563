import { z } from 'zod';
import { errorMap, toValidationIssues } from '../internal/format-issues.js';
import type { Protocol } from '../protocol.js';

const tickSchema = z.strictObject({
  id: z.string().min(1),
  kind: z.enum(['tick', 'tock']),
  at: z.int().nonnegative(),
  after: z.array(z.string().min(1)).default([]),
});

/** The event of the {@link tickProtocol}: a clock tick that follows earlier ticks. */
export type TickEvent = z.infer<typeof tickSchema>;

/**
 * A deliberately tiny second protocol, written only against the Protocol interface: it proves a
 * protocol is a module of its own, and gives framework tests (producers, the aggregator) a protocol
 * that is not Eiffel. Its `tock` kind is accepted but unverified, to exercise that path.
 */
export const tickProtocol: Protocol<TickEvent> = {
  name: 'tick',
  contentType: 'application/vnd.tracey.tick+json',
  parse(input) {
    const result = tickSchema.safeParse(input, { error: errorMap });
    if (!result.success) return { ok: false, errors: toValidationIssues(result.error.issues) };
    return { ok: true, event: result.data, verified: result.data.kind === 'tick' };
  },
  eventId: (event) => event.id,
  eventType: (event) => event.kind,
  eventTime: (event) => event.at,
  links: (event) => event.after.map((target) => ({ type: 'AFTER', target })),
  linkTargetTypes: (_event, linkType) => (linkType === 'AFTER' ? ['tick', 'tock'] : undefined),
  routingKey: (event) => `tick.${event.kind}`,
  indexedProperties: (event) => ({ id: event.id, kind: event.kind, at: event.at }),
  serialize: (event) => JSON.stringify(event),
};
