import { pipelineGraphVocabulary } from '@tracey/graph';

// The Eiffel event types the trace reports give a role; all are members of the protocol's closed
// list, so they may appear in statements as literals.
export const ARTIFACT_CREATED = 'EiffelArtifactCreatedEvent';
export const ARTIFACT_PUBLISHED = 'EiffelArtifactPublishedEvent';
export const ARTIFACT_DEPLOYED = 'EiffelArtifactDeployedEvent';
export const ACTIVITY_TRIGGERED = 'EiffelActivityTriggeredEvent';
export const COMPOSITION_DEFINED = 'EiffelCompositionDefinedEvent';
export const CONFIDENCE_LEVEL_MODIFIED = 'EiffelConfidenceLevelModifiedEvent';
export const ENVIRONMENT_DEFINED = 'EiffelEnvironmentDefinedEvent';
export const ISSUE_DEFINED = 'EiffelIssueDefinedEvent';
export const SOURCE_CHANGE_CREATED = 'EiffelSourceChangeCreatedEvent';
export const SOURCE_CHANGE_SUBMITTED = 'EiffelSourceChangeSubmittedEvent';

/**
 * Links that say "is made of", from the containing event to what it contains: a confidence
 * level's SUBJECT, a publication's or deployment's ARTIFACT, an artifact's COMPOSITION, a
 * composition's ELEMENTs, a reuse's REUSED_ARTIFACT, an environment's RUNTIME_ENVIRONMENT, a
 * submission's CHANGE and a change's BASE (the revision it was made on, so a release holds the
 * history its changes were built on). Followed forwards for contents, backwards for releases.
 */
export const CONTENT_LINK_TYPES = [
  'ARTIFACT',
  'BASE',
  'CHANGE',
  'COMPOSITION',
  'ELEMENT',
  'REUSED_ARTIFACT',
  'RUNTIME_ENVIRONMENT',
  'SUBJECT',
] as const;

/** Links from a source change to the work items it resolves, fully or partly. */
export const ISSUE_LINK_TYPES = ['PARTIALLY_RESOLVED_ISSUE', 'RESOLVED_ISSUE'] as const;

/**
 * Links by which an artifact names what made it: the run (CONTEXT), the event that caused the
 * build (CAUSE), the composition it was built from (COMPOSITION). An artifact with none of
 * them was made by no pipeline the graph knows: a third-party component.
 */
export const PROVENANCE_LINK_TYPES = ['CAUSE', 'COMPOSITION', 'CONTEXT'] as const;

/**
 * Links that lead to earlier versions of the same thing rather than to what made an event.
 * Lead-time statistics do not follow them: through them every release would reach the first
 * commit ever made.
 */
export const HISTORY_LINK_TYPES = ['BASE', 'PREVIOUS_VERSION'] as const;

/** Every known link type (Eiffel's and CDEvents') but the history ones: what "connected" means for lead-time statistics. */
export const STATS_LINK_TYPES: readonly string[] = pipelineGraphVocabulary.relationshipTypes.filter(
  (type) => !(HISTORY_LINK_TYPES as readonly string[]).includes(type),
);

/** Event types a contents report starts from: what a release is. */
export const RELEASE_TYPES: readonly string[] = [
  ARTIFACT_CREATED,
  ARTIFACT_DEPLOYED,
  ARTIFACT_PUBLISHED,
  COMPOSITION_DEFINED,
  CONFIDENCE_LEVEL_MODIFIED,
  ENVIRONMENT_DEFINED,
];

/** Event types a releases report starts from: what goes into a release. */
export const INGREDIENT_TYPES: readonly string[] = [
  ARTIFACT_CREATED,
  COMPOSITION_DEFINED,
  ISSUE_DEFINED,
  SOURCE_CHANGE_CREATED,
  SOURCE_CHANGE_SUBMITTED,
];

/** An activity counts as a deployment when its name holds this (any case). */
export const DEPLOY_ACTIVITY_MARK = 'deploy';
