import type { EventLink, IndexedProperties, Protocol } from '../protocol.js';
import type { CdEvent } from './cdevent.js';
import { cdeventsRoutingKey, parseCdEventType } from './cdevents-type.js';
import { validateCdEvent, type CdEventParseResult } from './validate-cdevent.js';

/** The CDEvents protocol, with a parse result that says why an event is unverified. */
export interface CdeventsProtocol extends Protocol<CdEvent> {
  parse(input: unknown): CdEventParseResult;
}

/**
 * Relationship types of the links a CDEvent embeds (v0.4+): `PATH` and `END` point at the event
 * named by `from` (the one this event follows), `RELATION` at the one named by `target`. A `START`
 * link names no earlier event and makes no relationship.
 */
export const CDEVENTS_LINK_TYPES = ['PATH', 'END', 'RELATION'] as const;

function links(event: CdEvent): EventLink[] {
  const out: EventLink[] = [];
  for (const link of event.context.links ?? []) {
    const contextId =
      link.linkType === 'RELATION'
        ? link.target?.contextId
        : link.linkType === 'PATH' || link.linkType === 'END'
          ? link.from?.contextId
          : undefined;
    if (contextId !== undefined) out.push({ type: link.linkType, target: contextId });
  }
  return out;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `{ id }` objects (v0.3+ environment, service, repository) or, in older payloads, a plain id. */
function idOf(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null) return text((value as { id?: unknown }).id);
  return text(value);
}

/** The `source` of a `{ id, source }` reference. */
function sourceOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null
    ? text((value as { source?: unknown }).source)
    : undefined;
}

/** The node properties {@link cdeventsIndexedProperties} may set beyond id, type, version and time. */
export const CDEVENTS_INDEXED_PROPERTY_NAMES = [
  'contextSource',
  'subjectId',
  'subjectSource',
  'specVersion',
  'chainId',
  'artifactId',
  'environmentId',
  'serviceId',
  'changeId',
  'changeSource',
  'commitId',
  'parentCommitId',
  'headCommitId',
  'repository',
  'outcome',
  'ticketUri',
  'ticketKey',
  'ticketStage',
] as const;

/** A tracker's issue key (`SHOP-123`): a project key of 2 to 10 capitals and digits, a number. */
export const TICKET_KEY = /^[A-Z][A-Z0-9]{1,9}-[1-9]\d*$/;

/** A full commit hash: SHA-1 (40) or SHA-256 (64) hex digits. */
const FULL_COMMIT_HASH = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/** A text field of `customData`, when it is an object. */
function customText(event: CdEvent, name: string): string | undefined {
  const custom = event.customData;
  return typeof custom === 'object' && custom !== null && !Array.isArray(custom)
    ? text((custom as Record<string, unknown>)[name])
    : undefined;
}

/**
 * The commit an event is about, lower-cased: `customData.commitId` (CDEvents has no field for it:
 * the commit a change merged or is, the commit a deployment deployed), else, for a `change.merged`,
 * the subject id when that is a full commit hash. A full hash names one commit in every clone and
 * fork, so it is what the events of one commit from different senders are joined by.
 */
function commitOf(event: CdEvent, merged: boolean): string | undefined {
  const given = customText(event, 'commitId');
  const commit = given ?? (merged && FULL_COMMIT_HASH.test(event.subject.id) ? event.subject.id : undefined);
  return commit?.toLowerCase();
}

/**
 * The work item an event is about or names: a ticket's key (`customData.ticketKey`, else a
 * `subject.id` shaped like one), a change's first `customData.ticketKeys` (what the forge mappers
 * read from commit messages, pull request titles and branch names).
 */
function ticketKeyOf(event: CdEvent, ticket: boolean): string | undefined {
  const custom = event.customData;
  const keys =
    typeof custom === 'object' && custom !== null && !Array.isArray(custom)
      ? (custom as Record<string, unknown>)['ticketKeys']
      : undefined;
  const key = ticket
    ? (customText(event, 'ticketKey') ?? event.subject.id)
    : Array.isArray(keys)
      ? text(keys[0])
      : undefined;
  return key !== undefined && TICKET_KEY.test(key) ? key : undefined;
}

/**
 * What users search CDEvents by, as node properties: the subject's id and source, and per subject
 * the artifact (a purl), environment, service, change, repository, outcome and ticket. v0.5's
 * `uri` and v0.4's `url` are read alike, as the spec renamed them.
 */
export function cdeventsIndexedProperties(event: CdEvent): IndexedProperties {
  const parts = parseCdEventType(event.context.type);
  const subject = parts?.subject;
  const content = event.subject.content;
  // Identity, type, type version and time under the names every event has (what queries and
  // indexes use), then the CDEvents fields.
  const properties: Record<string, string | number> = {
    id: event.context.id,
    type: event.context.type,
    time: Date.parse(event.context.timestamp),
    contextSource: event.context.source,
    subjectId: event.subject.id,
  };
  if (parts !== undefined) properties['version'] = parts.version;
  const put = (name: (typeof CDEVENTS_INDEXED_PROPERTY_NAMES)[number], value: string | undefined) => {
    if (value !== undefined) properties[name] = value;
  };
  put('subjectSource', text(event.subject.source));
  put('specVersion', text(event.context.specversion ?? event.context.version));
  put('chainId', text(event.context.chainId));
  put('artifactId', subject === 'artifact' ? event.subject.id : text(content['artifactId']));
  put('environmentId', subject === 'environment' ? event.subject.id : idOf(content['environment']));
  put('serviceId', subject === 'service' ? event.subject.id : idOf(content['service']));
  put('changeId', subject === 'change' ? event.subject.id : idOf(content['change']));
  // The source of the change an artifact was packaged from, so it is told from another
  // repository's change of the same id (a change's own is `subjectSource`).
  if (subject !== 'change') put('changeSource', sourceOf(content['change']));
  put('commitId', commitOf(event, subject === 'change' && parts?.predicate === 'merged'));
  // A pushed commit's parent, a pull request's head: how commits chain to each other and to changes.
  put('parentCommitId', customText(event, 'parentCommitId')?.toLowerCase());
  put('headCommitId', customText(event, 'headSha')?.toLowerCase());
  put('repository', subject === 'repository' ? event.subject.id : idOf(content['repository']));
  put('outcome', text(content['outcome']));
  put(
    'ticketUri',
    subject === 'ticket' ? text(content['uri'] ?? content['url']) : text(content['ticketURI']),
  );
  put('ticketKey', ticketKeyOf(event, subject === 'ticket'));
  // Where a ticket update took the work: `started` (into an "in progress" status, docs/webhooks.md).
  if (subject === 'ticket') put('ticketStage', customText(event, 'stage'));
  return properties;
}

/**
 * The CDEvents protocol plug-in: events of spec releases 0.3, 0.4 and 0.5 (JSON, as the CloudEvents
 * `data` of a CDEvent), validated against the official schema of their type; identity the context
 * id (what CDEvents links name; a second event with the same id and other content is a conflict,
 * as for Eiffel); routing keys `cdevents.<subject>.<predicate>.<type version>`.
 */
export const cdeventsProtocol: CdeventsProtocol = {
  name: 'cdevents',
  contentType: 'application/json',
  parse: validateCdEvent,
  eventId: (event) => event.context.id,
  eventType: (event) => event.context.type,
  eventTime: (event) => Date.parse(event.context.timestamp),
  links,
  // CDEvents does not restrict what a link may point at.
  linkTargetTypes: () => 'any',
  routingKey: (event) => cdeventsRoutingKey(event.context.type),
  indexedProperties: cdeventsIndexedProperties,
  serialize: (event) => JSON.stringify(event),
};
