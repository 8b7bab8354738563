import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { matchesBindingKey } from '@tracey/amqp';
import { isTraceyError } from '@tracey/common';
import type { CdEvent } from './cdevent.js';
import { buildCdEvent } from './cdevent-builder.js';
import { cdeventsProtocol } from './cdevents-protocol.js';
import { validateCdEvent } from './validate-cdevent.js';
import { cdeventsRoutingKey, parseCdEventType } from './cdevents-type.js';

const fixtures = (
  process.env['TRACEY_FIXTURES_DIR'] ??
  fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url))
).replace(/\/$/, '');
const example = (release: string, name: string) =>
  JSON.parse(readFileSync(`${fixtures}/cdevents/${release}/conformance/${name}.json`, 'utf8')) as CdEvent;

describe('CDEvents types and routing keys', () => {
  it('splits a type into subject, predicate and type version', () => {
    expect(parseCdEventType('dev.cdevents.testcaserun.finished.0.2.0')).toEqual({
      custom: false,
      subject: 'testcaserun',
      predicate: 'finished',
      version: '0.2.0',
    });
    expect(parseCdEventType('dev.cdeventsx.mytool-resource.created.0.1.0-draft')).toMatchObject({
      custom: true,
      subject: 'mytool-resource',
      version: '0.1.0-draft',
    });
    for (const bad of [
      'dev.cdevents.service',
      'org.example.thing.done.1.0.0',
      'dev.cdevents.Service.deployed.0.1.0',
    ]) {
      expect(parseCdEventType(bad)).toBeUndefined();
    }
  });

  it('routes by subject, predicate and type version, so a binding can pick any of them', () => {
    const key = cdeventsRoutingKey('dev.cdevents.service.deployed.0.3.0');
    expect(key).toBe('cdevents.service.deployed.0.3.0');
    expect(matchesBindingKey('cdevents.#', key)).toBe(true);
    expect(matchesBindingKey('cdevents.service.#', key)).toBe(true);
    expect(matchesBindingKey('cdevents.*.deployed.#', key)).toBe(true);
    expect(matchesBindingKey('cdevents.artifact.#', key)).toBe(false);
    expect(matchesBindingKey('eiffel.#', key)).toBe(false);
    expect(cdeventsRoutingKey('dev.cdeventsx.mytool-resource.created.0.1.0')).toBe(
      'cdeventsx.mytool-resource.created.0.1.0',
    );
  });
});

describe('cdeventsProtocol', () => {
  const deployed = example('v0.5.1', 'service_deployed');

  it('takes identity, type and time from the context', () => {
    expect(cdeventsProtocol.eventId(deployed)).toBe(deployed.context.id);
    expect(cdeventsProtocol.eventType(deployed)).toBe('dev.cdevents.service.deployed.0.3.0');
    // 2023-03-20T14:27:05.315384Z: microseconds cut to the millisecond.
    expect(cdeventsProtocol.eventTime(deployed)).toBe(Date.UTC(2023, 2, 20, 14, 27, 5, 315));
  });

  it('links PATH and END to their `from`, RELATION to its `target`; START links nothing', () => {
    const event: CdEvent = {
      ...deployed,
      context: {
        ...deployed.context,
        links: [
          { linkType: 'START' },
          { linkType: 'PATH', from: { contextId: 'a' } },
          { linkType: 'END', from: { contextId: 'b' } },
          { linkType: 'RELATION', linkKind: 'TRIGGER', target: { contextId: 'c' } },
        ],
      },
    };
    expect(cdeventsProtocol.links(event)).toEqual([
      { type: 'PATH', target: 'a' },
      { type: 'END', target: 'b' },
      { type: 'RELATION', target: 'c' },
    ]);
    expect(cdeventsProtocol.links(example('v0.3.0', 'service_deployed'))).toEqual([]);
  });

  it('indexes what users search by, reading v0.4 url and v0.5 uri alike', () => {
    expect(cdeventsProtocol.indexedProperties(deployed)).toMatchObject({
      id: deployed.context.id,
      type: 'dev.cdevents.service.deployed.0.3.0',
      version: '0.3.0',
      time: Date.UTC(2023, 2, 20, 14, 27, 5, 315),
      subjectId: 'mySubject123',
      serviceId: 'mySubject123',
      environmentId: 'test123',
      artifactId: deployed.subject.content['artifactId'],
      specVersion: '0.5.1',
      chainId: deployed.context.chainId,
    });
    const packaged = example('v0.4.1', 'artifact_packaged');
    expect(cdeventsProtocol.indexedProperties(packaged)).toMatchObject({
      artifactId: packaged.subject.id,
      changeId: (packaged.subject.content['change'] as { id: string }).id,
      specVersion: '0.4.1',
    });
    const merged = example('v0.3.0', 'change_merged');
    expect(cdeventsProtocol.indexedProperties(merged)).toMatchObject({
      changeId: merged.subject.id,
      repository: (merged.subject.content['repository'] as { id: string }).id,
    });
    for (const release of ['v0.4.1', 'v0.5.1']) {
      const ticket = example(release, 'ticket_created');
      expect(cdeventsProtocol.indexedProperties(ticket)['ticketUri']).toBe(ticket.subject.content['uri']);
    }
    const finished = example('v0.4.1', 'pipelinerun_finished');
    expect(cdeventsProtocol.indexedProperties(finished)['outcome']).toBe(finished.subject.content['outcome']);
    const reported = example('v0.5.1', 'incident_reported');
    expect(cdeventsProtocol.indexedProperties(reported)).toMatchObject({
      ticketUri: reported.subject.content['ticketURI'],
      serviceId: (reported.subject.content['service'] as { id: string }).id,
    });
  });

  it("indexes a merge's commit (customData.commitId, else a full hash as subject id) and a packaged change's source", () => {
    const merged = example('v0.5.1', 'change_merged');
    const sha = 'AbC'.repeat(13) + 'd';
    expect(cdeventsProtocol.indexedProperties({ ...merged, customData: { commitId: sha } })['commitId']).toBe(
      sha.toLowerCase(),
    );
    const bySubject = { ...merged, subject: { ...merged.subject, id: sha } };
    expect(cdeventsProtocol.indexedProperties(bySubject)['commitId']).toBe(sha.toLowerCase());
    // A pull request number is no commit.
    expect(cdeventsProtocol.indexedProperties(merged)['commitId']).toBeUndefined();
    const packaged = example('v0.4.1', 'artifact_packaged');
    expect(cdeventsProtocol.indexedProperties(packaged)['changeSource']).toBe(
      (packaged.subject.content['change'] as { source: string }).source,
    );
  });

  it('serializes to the JSON it parsed', () => {
    const parsed = cdeventsProtocol.parse(JSON.parse(cdeventsProtocol.serialize(deployed)));
    expect(parsed).toMatchObject({ ok: true, verified: true, event: deployed });
  });
});

describe('buildCdEvent', () => {
  it('writes a 0.5.1 event with a new id and the time now, valid against its schema', () => {
    const event = buildCdEvent({
      type: 'dev.cdevents.service.deployed.0.3.0',
      source: '/tracey/test',
      subject: { id: 'app', content: { environment: { id: 'prod' }, artifactId: 'pkg:oci/app@1' } },
      time: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)),
    });
    expect(event.context).toMatchObject({ specversion: '0.5.1', timestamp: '2026-01-02T03:04:05.006Z' });
    expect(event.context.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(validateCdEvent(event)).toMatchObject({ ok: true, verified: true });
  });

  it('throws SCHEMAS_EVENT_INVALID naming every field its schema refuses', () => {
    let thrown: unknown;
    try {
      buildCdEvent({
        type: 'dev.cdevents.service.deployed.0.3.0',
        source: '/x',
        subject: { id: 'app', content: {} },
      });
    } catch (error) {
      thrown = error;
    }
    expect(isTraceyError(thrown, 'SCHEMAS_EVENT_INVALID')).toBe(true);
    const errors = (thrown as { details: { errors: { path: string }[] } }).details.errors.map(
      (issue) => issue.path,
    );
    expect(errors.sort()).toEqual(['subject.content.artifactId', 'subject.content.environment']);
  });
});
