import type { EventRow, GraphVocabulary } from '@tracey/graph';
import { toPipelineEvents, type CloudEventMapper } from '@tracey/mapping';
import type { Protocol } from '@tracey/schemas';
import { readCloudEvents, type CloudEventsMessage } from './amqp-cloud-events.js';
import { decodeEvent, decodeMessage, type IncomingMessage } from './decode-message.js';
import { deadLetter, type Disposition } from './disposition.js';

/** What the worker needs to decode a delivery. */
export interface DeliveryDecoder<E> {
  readonly protocol: Protocol<E>;
  readonly vocabulary: GraphVocabulary;
  /** Mappers of CloudEvents that are no CDEvents, tried in order. */
  readonly mappers: readonly CloudEventMapper[];
}

/** A message's rows (several from a CloudEvents batch, none from a CloudEvent mapped to nothing). */
export type DeliveryResult =
  | { readonly ok: true; readonly rows: readonly EventRow[]; readonly notes: readonly string[] }
  | { readonly ok: false; readonly disposition: Disposition; readonly eventId?: string };

/**
 * Turns a delivery into the rows the graph stores. A plain event (no CloudEvents binding) is
 * decoded as ever; CloudEvents (the AMQP binding, binary or structured) become pipeline events
 * through `toPipelineEvents`, each then validated by the protocol like any event. Whatever of the
 * message cannot be stored dead-letters all of it, with the reason: `invalid-cloudevent` (the
 * binding or the SDK refuses it), `unmapped-cloudevent` (no mapper takes it, or its mapper refuses
 * it), `invalid-event` (what it maps to is no valid event).
 */
export function decodeDelivery<E>(
  decoder: DeliveryDecoder<E>,
  message: IncomingMessage & CloudEventsMessage,
): DeliveryResult {
  const read = readCloudEvents(message);
  if (read.kind === 'none') {
    const decoded = decodeMessage(decoder.protocol, decoder.vocabulary, message);
    return decoded.ok ? { ok: true, rows: [decoded.row], notes: [] } : decoded;
  }
  if (read.kind === 'invalid')
    return {
      ok: false,
      disposition: deadLetter('invalid-cloudevent', { field: read.field, reason: read.reason }),
    };
  const rows: EventRow[] = [];
  const notes: string[] = [];
  for (const event of read.events) {
    const cloudEvent = { cloudEventId: event.id, cloudEventType: event.type, cloudEventSource: event.source };
    const mapped = toPipelineEvents(event, decoder.mappers);
    if (!mapped.ok) {
      return {
        ok: false,
        eventId: event.id,
        disposition: deadLetter('unmapped-cloudevent', {
          ...cloudEvent,
          ...(mapped.field === undefined ? {} : { field: mapped.field }),
          reason: mapped.reason,
        }),
      };
    }
    if (mapped.events.length === 0) notes.push(`${mapped.mapper}: ${mapped.note ?? 'no event'}`);
    for (const pipelineEvent of mapped.events) {
      const decoded = decodeEvent(decoder.protocol, decoder.vocabulary, pipelineEvent);
      if (!decoded.ok) {
        const { disposition } = decoded;
        return {
          ...decoded,
          // Which CloudEvent and mapper made the invalid event, beside its issues.
          disposition:
            disposition.action === 'dead-letter'
              ? deadLetter(disposition.reason, {
                  ...disposition.details,
                  ...cloudEvent,
                  mapper: mapped.mapper,
                })
              : disposition,
        };
      }
      rows.push(decoded.row);
    }
  }
  return { ok: true, rows, notes };
}
