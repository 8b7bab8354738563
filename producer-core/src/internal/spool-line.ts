import { TraceyError } from '@tracey/common';
import type { PublishableMessage } from '@tracey/schemas';
import { PRODUCER_ERROR_CODES } from '../producer-error.js';

/**
 * One line of a spool segment back into a message. Segments are written whole and renamed into
 * place, so a bad line means someone edited the file: that is refused loudly, not skipped.
 */
export function parseSpoolLine(line: string, segment: string): PublishableMessage {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (cause) {
    throw corrupt(segment, 'a line is not JSON', cause);
  }
  if (typeof value !== 'object' || value === null) throw corrupt(segment, 'a line is not an object');
  const { routingKey, contentType, messageId, body } = value as Record<string, unknown>;
  if (
    typeof routingKey !== 'string' ||
    typeof contentType !== 'string' ||
    typeof messageId !== 'string' ||
    typeof body !== 'string'
  ) {
    throw corrupt(segment, 'a line lacks routingKey, contentType, messageId or body');
  }
  return { routingKey, contentType, messageId, body };
}

function corrupt(segment: string, reason: string, cause?: unknown): TraceyError {
  return new TraceyError(PRODUCER_ERROR_CODES.spoolCorrupt, `spool segment ${segment}: ${reason}`, {
    details: { segment },
    cause,
  });
}
