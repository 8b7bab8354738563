import { TraceyError } from '@tracey/common';
import { own } from '../internal/own.js';
import { SCHEMAS_ERROR_CODES } from '../schemas-error.js';

/**
 * Family of each event type, the second word of the routing key. Sepia leaves families undefined
 * ("implementations may choose to use a fixed string",
 * https://eiffel-community.github.io/eiffel-sepia/rabbitmq-message-broker.html); this table is
 * the one REMReM uses (eiffel-community/eiffel-remrem-semantics,
 * src/main/java/com/ericsson/eiffel/remrem/semantics/RoutingKeyTypes.java). REMReM has no entry
 * for EiffelIssueDefinedEvent, so it gets `_` like any unknown type.
 */
export const EIFFEL_ROUTING_FAMILIES: Readonly<Record<string, string>> = {
  EiffelActivityCanceledEvent: 'activity',
  EiffelActivityFinishedEvent: 'activity',
  EiffelActivityStartedEvent: 'activity',
  EiffelActivityTriggeredEvent: 'activity',
  EiffelAnnouncementPublishedEvent: 'info',
  EiffelArtifactCreatedEvent: 'artifact',
  EiffelArtifactDeployedEvent: 'artifact',
  EiffelArtifactPublishedEvent: 'artifact',
  EiffelArtifactReusedEvent: 'artifact',
  EiffelCompositionDefinedEvent: 'cm',
  EiffelConfidenceLevelModifiedEvent: 'artifact',
  EiffelEnvironmentDefinedEvent: 'cm',
  EiffelFlowContextDefinedEvent: 'flowcontext',
  EiffelIssueVerifiedEvent: 'test',
  EiffelSourceChangeCreatedEvent: 'cm',
  EiffelSourceChangeSubmittedEvent: 'cm',
  EiffelTestCaseCanceledEvent: 'test',
  EiffelTestCaseFinishedEvent: 'test',
  EiffelTestCaseStartedEvent: 'test',
  EiffelTestCaseTriggeredEvent: 'test',
  EiffelTestExecutionRecipeCollectionCreatedEvent: 'test',
  EiffelTestSuiteFinishedEvent: 'test',
  EiffelTestSuiteStartedEvent: 'test',
};

const UNKNOWN = '_';

/** A routing key word: non-empty, no `.` (the word separator). */
function word(value: string | undefined): string {
  return value === undefined || value === '' || value.includes('.') ? UNKNOWN : value;
}

/** Rejects a tag that cannot be one routing key word; called once, when a protocol is configured. */
export function checkRoutingTag(tag: string): void {
  if (tag === '' || tag.includes('.')) {
    throw new TraceyError(
      SCHEMAS_ERROR_CODES.routingTagInvalid,
      `routing key tag must be one non-empty word without ".": ${JSON.stringify(tag)}`,
    );
  }
}

/**
 * The Sepia routing key `eiffel.<family>.<type>.<tag>.<domainId>`, with `_` for any unknown part,
 * so consumers of eiffel-broadcaster, REMReM and the Eiffel SDKs can bind `eiffel.*.<Type>.#`.
 * The domain is the last part and may contain dots (e.g. `example.domain`), as in REMReM; a
 * binding ending in `#` still matches it.
 */
export function eiffelRoutingKey(type: string, domainId: string | undefined, tag = UNKNOWN): string {
  const domain = domainId === undefined || domainId === '' ? UNKNOWN : domainId;
  return `eiffel.${own(EIFFEL_ROUTING_FAMILIES, type) ?? UNKNOWN}.${word(type)}.${word(tag)}.${domain}`;
}
