/** Why a message went to the dead-letter queue; the value of the `x-tracey-reason` header. */
export type DeadLetterReason =
  | 'unsupported-content-type'
  | 'not-json'
  | 'invalid-event'
  | 'invalid-cloudevent'
  | 'unmapped-cloudevent'
  | 'event-too-large'
  | 'conflict'
  | 'store-rejected';

/** What the worker does with one delivered message: the outcome of handling it, as a value. */
export type Disposition =
  | { readonly action: 'ack' }
  | { readonly action: 'requeue' }
  | {
      readonly action: 'dead-letter';
      readonly reason: DeadLetterReason;
      readonly details: Readonly<Record<string, unknown>>;
    };

export const ACK: Disposition = { action: 'ack' };
export const REQUEUE: Disposition = { action: 'requeue' };

export function deadLetter(
  reason: DeadLetterReason,
  details: Readonly<Record<string, unknown>>,
): Disposition {
  return { action: 'dead-letter', reason, details };
}
