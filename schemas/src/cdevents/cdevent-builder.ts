import { randomUUID } from 'node:crypto';
import { TraceyError } from '@tracey/common';
import { SCHEMAS_ERROR_CODES } from '../schemas-error.js';
import type { CdEmbeddedLink, CdEvent } from './cdevent.js';
import { validateCdEvent } from './validate-cdevent.js';

/** The release new CDEvents are written in. */
export const CDEVENTS_BUILD_SPEC_VERSION = '0.5.1';

/** What a new CDEvent is made of; id, time and release are filled in. */
export interface CdEventOptions {
  /** Full type of the 0.5.1 release, e.g. `dev.cdevents.service.deployed.0.3.0`. */
  readonly type: string;
  /** `context.source`: a URI reference naming the producer, e.g. the CI build's URL. */
  readonly source: string;
  readonly subject: {
    readonly id: string;
    readonly source?: string;
    readonly content: Record<string, unknown>;
  };
  /** Links to earlier events (PATH from the event this one follows, RELATION to a related one). */
  readonly links?: readonly CdEmbeddedLink[];
  readonly chainId?: string;
  /** Default: a new UUID. */
  readonly id?: string;
  /** Default: now. */
  readonly time?: Date;
  readonly customData?: unknown;
}

/**
 * A new CDEvent of release 0.5.1, checked against the schema of its type.
 * @throws TraceyError `SCHEMAS_EVENT_INVALID` with every issue in `details.errors` when the
 *   options make an event its schema refuses (a missing required field, a bad value).
 */
export function buildCdEvent(options: CdEventOptions): CdEvent {
  const event = {
    context: {
      specversion: CDEVENTS_BUILD_SPEC_VERSION,
      id: options.id ?? randomUUID(),
      source: options.source,
      type: options.type,
      timestamp: (options.time ?? new Date()).toISOString(),
      ...(options.chainId === undefined ? {} : { chainId: options.chainId }),
      ...(options.links === undefined || options.links.length === 0 ? {} : { links: options.links }),
    },
    subject: options.subject,
    ...(options.customData === undefined ? {} : { customData: options.customData }),
  };
  const result = validateCdEvent(event);
  if (!result.ok) {
    throw new TraceyError(
      SCHEMAS_ERROR_CODES.eventInvalid,
      `${options.type} is invalid: ${result.errors.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
      { details: { errors: result.errors } },
    );
  }
  return result.event;
}
