import {
  CDEVENTS_EVENT_TYPES,
  CDEVENTS_LINK_TYPES,
  cdeventsTypeLabel,
  EIFFEL_EVENT_TYPES,
  EIFFEL_LINK_RULES,
} from '@tracey/schemas';
import { DERIVED_LINK_TYPES } from './derived-links.js';

/** Label every node carries, event or placeholder; the id uniqueness constraint is on it. */
export const EVENT_LABEL = 'Event';
/** Label of a node that events link to but whose own event has not arrived yet. */
export const PLACEHOLDER_LABEL = 'Placeholder';
/** Relationship type of a link whose type is not in the protocol's known set. */
export const GENERIC_LINK_TYPE = 'LINK';

const RELATIONSHIP_TYPE = /^[A-Z][A-Z_]*$/;
const LABEL = /^[A-Z][A-Za-z0-9]*$/;

/**
 * The closed set of node labels and relationship types the graph may contain. Cypher cannot
 * take labels or relationship types as parameters, so statements are generated from this set
 * once, and event input only ever selects one of its members.
 */
export interface GraphVocabulary {
  /** Event types that get a label of their own, e.g. `EiffelArtifactCreatedEvent`. */
  readonly eventLabels: readonly string[];
  /** Link types that become relationship types of the same name, e.g. `CAUSE`. */
  readonly relationshipTypes: readonly string[];
  /**
   * The label of event types whose name cannot be one (CDEvents'
   * `dev.cdevents.service.deployed.0.3.0` → `CDServiceDeployed`); each is one of `eventLabels`.
   * A type not here is its own label when `eventLabels` has it (Eiffel's).
   */
  readonly typeLabels?: Readonly<Record<string, string>>;
}

/** The label a verified event of `type` gets, or `undefined` (the generic `:Event` alone). */
export function typeLabel(vocabulary: GraphVocabulary, type: string): string | undefined {
  const mapped = vocabulary.typeLabels?.[type];
  if (mapped !== undefined) return mapped;
  return vocabulary.eventLabels.includes(type) ? type : undefined;
}

/**
 * Checks every name against a strict pattern and the reserved names; returns a sorted copy.
 * @throws Error when a name could inject Cypher or clashes: a bug in the protocol module.
 */
export function checkedVocabulary(vocabulary: GraphVocabulary): GraphVocabulary {
  for (const label of vocabulary.eventLabels) {
    if (!LABEL.test(label) || label === EVENT_LABEL || label === PLACEHOLDER_LABEL) {
      throw new Error(`graph vocabulary: ${JSON.stringify(label)} cannot be a node label`);
    }
  }
  for (const type of vocabulary.relationshipTypes) {
    if (!RELATIONSHIP_TYPE.test(type) || type === GENERIC_LINK_TYPE) {
      throw new Error(`graph vocabulary: ${JSON.stringify(type)} cannot be a relationship type`);
    }
  }
  for (const [type, label] of Object.entries(vocabulary.typeLabels ?? {})) {
    if (!vocabulary.eventLabels.includes(label)) {
      throw new Error(
        `graph vocabulary: the label ${JSON.stringify(label)} of ${type} is not an event label`,
      );
    }
  }
  return {
    eventLabels: [...new Set(vocabulary.eventLabels)].sort(),
    relationshipTypes: [...new Set(vocabulary.relationshipTypes)].sort(),
    ...(vocabulary.typeLabels === undefined ? {} : { typeLabels: vocabulary.typeLabels }),
  };
}

/** Every Eiffel event type, and every link type of any version of any Eiffel event type. */
export const eiffelGraphVocabulary: GraphVocabulary = checkedVocabulary({
  eventLabels: EIFFEL_EVENT_TYPES,
  relationshipTypes: Object.values(EIFFEL_LINK_RULES).flatMap((versions) =>
    Object.values(versions).flatMap((rules) => Object.keys(rules)),
  ),
});

const cdeventsTypeLabels = Object.fromEntries(
  CDEVENTS_EVENT_TYPES.flatMap((type) => {
    const label = cdeventsTypeLabel(type);
    return label === undefined ? [] : [[type, label] as const];
  }),
);

/**
 * Eiffel's vocabulary and CDEvents': a label per CDEvents subject and predicate (every version of
 * a type shares it, e.g. `CDServiceDeployed`), the relationship types of its embedded links, and
 * those of the links derived from content (`SAME_CHANGE` is the only new one).
 */
export const pipelineGraphVocabulary: GraphVocabulary = checkedVocabulary({
  eventLabels: [...eiffelGraphVocabulary.eventLabels, ...Object.values(cdeventsTypeLabels)],
  relationshipTypes: [
    ...eiffelGraphVocabulary.relationshipTypes,
    ...CDEVENTS_LINK_TYPES,
    ...Object.values(DERIVED_LINK_TYPES),
  ],
  typeLabels: cdeventsTypeLabels,
});
