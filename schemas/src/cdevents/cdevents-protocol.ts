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
  'repository',
  'outcome',
  'ticketUri',
] as const;

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
  put('repository', subject === 'repository' ? event.subject.id : idOf(content['repository']));
  put('outcome', text(content['outcome']));
  put(
    'ticketUri',
    subject === 'ticket' ? text(content['uri'] ?? content['url']) : text(content['ticketURI']),
  );
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
