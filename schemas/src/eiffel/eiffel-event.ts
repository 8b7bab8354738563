import type {
  EIFFEL_EVENT_TYPES,
  EiffelDataMap,
  EiffelLinkTypeMap,
} from '../generated/eiffel-definitions.js';
import type {
  EiffelMetaPropertyV1_0_0,
  EiffelMetaPropertyV2_0_0,
  EiffelMetaPropertyV3_0_0,
  EiffelMetaPropertyV3_1_0,
  EiffelMetaPropertyV4_0_0,
  EiffelMetaPropertyV4_0_1,
} from '../generated/eiffel-properties.js';

/** One of the 24 Eiffel event type names, e.g. `EiffelActivityTriggeredEvent`. */
export type EiffelEventType = (typeof EIFFEL_EVENT_TYPES)[number];

/** `meta` of an event, any published version of EiffelMetaProperty. */
export type EiffelMeta =
  | EiffelMetaPropertyV1_0_0
  | EiffelMetaPropertyV2_0_0
  | EiffelMetaPropertyV3_0_0
  | EiffelMetaPropertyV3_1_0
  | EiffelMetaPropertyV4_0_0
  | EiffelMetaPropertyV4_0_1;

/** What every event carries whatever its type and version: the checked envelope of `meta`. */
export interface EiffelEnvelopeMeta {
  readonly id: string;
  readonly type: string;
  readonly version: string;
  readonly time: number;
  readonly source?: { readonly domainId?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

export interface EiffelLink<L extends string = string> {
  readonly type: L;
  readonly target: string;
  readonly domainId?: string;
}

/** A verified event of type `T`, any published version of it. */
export interface EiffelEventOf<T extends EiffelEventType> {
  readonly meta: EiffelMeta & { readonly type: T };
  readonly data: EiffelDataMap[T];
  readonly links: readonly EiffelLink<EiffelLinkTypeMap[T]>[];
}

/** An event checked against the definition of its type and version. */
export type KnownEiffelEvent = { [T in EiffelEventType]: EiffelEventOf<T> }[EiffelEventType];

/** An event of a type or version Tracey does not know: only its envelope is checked. */
export interface UnverifiedEiffelEvent {
  readonly meta: EiffelEnvelopeMeta;
  readonly data: Readonly<Record<string, unknown>>;
  readonly links: readonly EiffelLink[];
}

export type EiffelEvent = KnownEiffelEvent | UnverifiedEiffelEvent;
