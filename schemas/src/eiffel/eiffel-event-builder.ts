import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { TraceyError } from '@tracey/common';
import type { EiffelLatestDataMap, EiffelLinkTypeMap } from '../generated/eiffel-definitions.js';
import type { EiffelMetaPropertyV4_0_1 } from '../generated/eiffel-properties.js';
import { SCHEMAS_ERROR_CODES } from '../schemas-error.js';
import type { EiffelEventOf, EiffelEventType, EiffelLink } from './eiffel-event.js';
import { latestEiffelVersion } from './eiffel-definitions-lookup.js';
import type { EiffelParseResult } from './validate-eiffel-event.js';
import { validateEiffelEvent } from './validate-eiffel-event.js';

type Source = NonNullable<EiffelMetaPropertyV4_0_1['source']>;

/** Default `meta.source.serializer`: this package, as a purl (what meta 4.x requires). */
export const TRACEY_SERIALIZER = 'pkg:npm/%40tracey/schemas@0.1.0';

export interface EiffelEventOptions {
  /** Default: a random UUID v4. */
  readonly id?: string;
  /** Milliseconds since the epoch. Default: now. */
  readonly time?: number;
  /** Merged over the defaults `{ name: 'tracey', host: os.hostname(), serializer: TRACEY_SERIALIZER }`. */
  readonly source?: Source;
  readonly tags?: readonly string[];
  readonly security?: EiffelMetaPropertyV4_0_1['security'];
}

/** Builds one event of the latest version of `T`; see {@link eiffelEvent}. */
export class EiffelEventBuilder<T extends EiffelEventType> {
  readonly #links: EiffelLink<EiffelLinkTypeMap[T]>[] = [];

  constructor(
    readonly type: T,
    readonly data: EiffelLatestDataMap[T],
    readonly options: EiffelEventOptions = {},
  ) {}

  /** Adds a link of `linkType` to `target` (an event id, or the event itself). */
  link(
    linkType: EiffelLinkTypeMap[T],
    target: string | { readonly meta: { readonly id: string } },
    domainId?: string,
  ): this {
    const id = typeof target === 'string' ? target : target.meta.id;
    this.#links.push(
      domainId === undefined ? { type: linkType, target: id } : { type: linkType, target: id, domainId },
    );
    return this;
  }

  /** The event, validated like any received one; never throws. */
  tryBuild(): EiffelParseResult {
    const { id, time, source, tags, security } = this.options;
    const meta = {
      id: id ?? randomUUID(),
      type: this.type,
      version: latestEiffelVersion(this.type),
      time: time ?? Date.now(),
      source: { name: 'tracey', host: hostname(), serializer: TRACEY_SERIALIZER, ...source },
      ...(tags === undefined ? {} : { tags }),
      ...(security === undefined ? {} : { security }),
    };
    return validateEiffelEvent({ meta, data: this.data, links: [...this.#links] });
  }

  /**
   * The event.
   * @throws TraceyError `SCHEMAS_EVENT_INVALID` (details.errors) when it breaks its definition,
   *   e.g. a required link was not added: that is a bug in the producer, not bad input.
   */
  build(): EiffelEventOf<T> {
    const result = this.tryBuild();
    if (!result.ok) {
      const summary = result.errors.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ');
      throw new TraceyError(SCHEMAS_ERROR_CODES.eventInvalid, `invalid ${this.type}: ${summary}`, {
        details: { type: this.type, errors: result.errors },
      });
    }
    return result.event as EiffelEventOf<T>;
  }
}

/**
 * Starts an event of the latest version of `type` with typed `data`; add links with `.link()`,
 * finish with `.build()`. Defaults: UUID v4 id, time now, `meta.source` name/host/serializer.
 */
export function eiffelEvent<T extends EiffelEventType>(
  type: T,
  data: EiffelLatestDataMap[T],
  options?: EiffelEventOptions,
): EiffelEventBuilder<T> {
  return new EiffelEventBuilder(type, data, options);
}
