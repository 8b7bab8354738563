import type { IndexedProperties } from '../protocol.js';
import { own } from '../internal/own.js';
import type { EiffelEvent } from './eiffel-event.js';
import {
  SOURCE_IDENTITY_PROPERTIES,
  sourceChangeIdentity,
  sourceIdentityPropertyOf,
  type SourceVcs,
} from './source-change-identity.js';

/** Source changes carry their identity (commit, repository, branch, VCS) whichever VCS names it. */
const SOURCE_CHANGE_TYPES: ReadonlySet<string> = new Set([
  'EiffelSourceChangeCreatedEvent',
  'EiffelSourceChangeSubmittedEvent',
]);

/**
 * Per event type, the `data` members worth a graph property: what queries filter on (names,
 * outcomes, identities), never bulky or free-form members. Property name → path in `data`.
 * `data.version` becomes `dataVersion`: `version` is the event's own schema version.
 */
const DATA_PROPERTIES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  EiffelActivityTriggeredEvent: { name: ['name'] },
  EiffelActivityFinishedEvent: { conclusion: ['outcome', 'conclusion'] },
  EiffelAnnouncementPublishedEvent: { heading: ['heading'], severity: ['severity'] },
  EiffelArtifactCreatedEvent: { identity: ['identity'], name: ['name'] },
  EiffelCompositionDefinedEvent: { name: ['name'], dataVersion: ['version'] },
  EiffelConfidenceLevelModifiedEvent: { name: ['name'], value: ['value'] },
  EiffelEnvironmentDefinedEvent: { name: ['name'], dataVersion: ['version'] },
  EiffelFlowContextDefinedEvent: {
    product: ['product'],
    project: ['project'],
    track: ['track'],
    dataVersion: ['version'],
  },
  EiffelIssueDefinedEvent: { issueId: ['id'], issueType: ['type'], tracker: ['tracker'] },
  EiffelTestCaseTriggeredEvent: { testCaseId: ['testCase', 'id'] },
  EiffelTestCaseFinishedEvent: { verdict: ['outcome', 'verdict'], conclusion: ['outcome', 'conclusion'] },
  EiffelTestSuiteStartedEvent: { name: ['name'] },
  EiffelTestSuiteFinishedEvent: { verdict: ['outcome', 'verdict'], conclusion: ['outcome', 'conclusion'] },
};

/**
 * Names of the `data` members of `type` stored as node properties (e.g. `identity`, `name` of
 * an `EiffelArtifactCreatedEvent`; `commitId`, `repoName`, `repoUri`, `branch`, `vcs` of a source
 * change): what queries may filter events of that type by. Empty for a type with none or an
 * unknown type.
 */
export function eiffelIndexedPropertyNames(type: string): readonly string[] {
  if (SOURCE_CHANGE_TYPES.has(type)) return SOURCE_IDENTITY_PROPERTIES;
  return Object.keys(own(DATA_PROPERTIES, type) ?? {});
}

/**
 * The node property that holds `data.<dataPath>` of every event of `type` (e.g. `identity` for
 * `identity` of an artifact), so a query on the event's JSON may use the property instead. For a
 * source change the property is shared by the VCSs: `gitIdentifier.commitId` is `commitId` on the
 * nodes whose `vcs` is `git`. Undefined when no property holds it.
 */
export function eiffelIndexedPropertyOf(
  type: string,
  dataPath: string,
): { readonly property: string; readonly vcs?: SourceVcs } | undefined {
  if (SOURCE_CHANGE_TYPES.has(type)) return sourceIdentityPropertyOf(dataPath);
  for (const [property, path] of Object.entries(own(DATA_PROPERTIES, type) ?? {})) {
    if (path.join('.') === dataPath) return { property };
  }
  return undefined;
}

function at(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Graph properties of an event: identity, type, version, time, source, tags and a few `data` members. */
export function eiffelIndexedProperties(event: EiffelEvent): IndexedProperties {
  const { meta } = event;
  const props: Record<string, string | number | boolean | readonly string[]> = {
    id: meta.id,
    type: meta.type,
    version: meta.version,
    time: meta.time,
  };
  const source = meta.source as { domainId?: unknown; name?: unknown; host?: unknown } | undefined;
  if (typeof source?.domainId === 'string') props['domainId'] = source.domainId;
  if (typeof source?.name === 'string') props['sourceName'] = source.name;
  if (typeof source?.host === 'string') props['sourceHost'] = source.host;
  if (Array.isArray(meta.tags) && meta.tags.every((t) => typeof t === 'string')) props['tags'] = meta.tags;
  if (SOURCE_CHANGE_TYPES.has(meta.type)) {
    const identity = sourceChangeIdentity(event.data);
    for (const name of SOURCE_IDENTITY_PROPERTIES) {
      const value = identity[name];
      if (value !== null) props[name] = value;
    }
  }
  for (const [name, path] of Object.entries(own(DATA_PROPERTIES, meta.type) ?? {})) {
    const value = at(event.data, path);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      props[name] = value;
  }
  return props;
}
