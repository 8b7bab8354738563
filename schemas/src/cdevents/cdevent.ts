/**
 * A CDEvent (https://cdevents.dev) as its JSON Schemas define it: a context (the envelope) and a
 * subject. Only what Tracey reads is typed; the schema of its type checked the rest.
 */
export interface CdEvent {
  readonly context: CdEventContext;
  readonly subject: CdEventSubject;
  /** Anything the producer adds; kept as received. */
  readonly customData?: unknown;
  readonly customDataContentType?: string;
}

export interface CdEventContext {
  /** Spec release of v0.5 and later, e.g. `0.5.1`. */
  readonly specversion?: string;
  /** Spec release up to v0.4 (renamed `specversion` in v0.5). */
  readonly version?: string;
  /** With `source`, the event's identity (CloudEvents `id`). */
  readonly id: string;
  /** URI reference of the producer (CloudEvents `source`). */
  readonly source: string;
  /** `dev.cdevents.<subject>.<predicate>.<type version>`, or `dev.cdeventsx.…` for custom types. */
  readonly type: string;
  /** RFC 3339 time the event happened. */
  readonly timestamp: string;
  /** v0.4+: the lifecycle the event belongs to. */
  readonly chainId?: string;
  /** v0.4+: the events this one follows from or relates to. */
  readonly links?: readonly CdEmbeddedLink[];
  readonly schemaUri?: string;
}

/** A link embedded in an event's context (v0.4+): who came before it, or a relation. */
export interface CdEmbeddedLink {
  readonly linkType: 'START' | 'PATH' | 'END' | 'RELATION' | (string & {});
  /** PATH and END: the event this one follows. */
  readonly from?: { readonly contextId: string };
  /** RELATION: the related event. */
  readonly target?: { readonly contextId: string };
  readonly linkKind?: string;
  readonly tags?: Readonly<Record<string, unknown>>;
}

export interface CdEventSubject {
  readonly id: string;
  readonly source?: string;
  /** Up to v0.3: the subject's kind (`service`, `artifact`, ...); implied by the type since v0.4. */
  readonly type?: string;
  readonly content: Readonly<Record<string, unknown>>;
}
