import type { CloudEventV1 } from 'cloudevents';

/** A CloudEvent as the SDK gives it. */
export type CloudEventInput = CloudEventV1<unknown>;

/**
 * What became of one CloudEvent: the pipeline events (CDEvents JSON values, not yet validated)
 * it maps to, or why it cannot be taken.
 */
export type MappingResult =
  | {
      readonly ok: true;
      /** The mapper that took the event (`cdevents` for CDEvents passed through). */
      readonly mapper: string;
      readonly events: readonly unknown[];
      /** Why nothing was produced, when `events` is empty. */
      readonly note?: string;
    }
  | {
      readonly ok: false;
      readonly reason: string;
      /** The CloudEvent attribute or data path at fault, e.g. 'type', 'data.spec.template.spec.containers'. */
      readonly field?: string;
    };

/** Turns CloudEvents of some other kind (a Kubernetes object change, a tool's webhook) into CDEvents. */
export interface CloudEventMapper {
  /** Stable name, for logs and `MappingResult.mapper`. */
  readonly name: string;
  /** Whether this mapper takes the event; the first mapper that does maps it. */
  matches(event: CloudEventInput): boolean;
  map(event: CloudEventInput): MappingResult;
}

/** A refusal naming the attribute or data path at fault. */
export function refuse(field: string, reason: string): MappingResult {
  return { ok: false, field, reason };
}
