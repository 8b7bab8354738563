import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_HEADERS } from '@tracey/amqp';
import { eiffelEvent } from '@tracey/schemas';
import {
  publishEvents,
  readyMessages,
  startIngestRig,
  storedEventCount,
  waitUntil,
  type IngestRig,
} from '@tracey/aggregator/testing';
import { testServices } from '@tracey/testing';
import { cdeventsConformanceExamples } from '@tracey/schemas/testing';

// Issue 18: the aggregator's queue takes CDEvents beside Eiffel (the default binding `#`), and
// stores each as a node with its type label, searchable properties and its embedded links. The
// expectations are computed here from the input alone.

type Json = Record<string, unknown> & {
  context: Record<string, unknown> & { id: string; type: string; links?: Record<string, unknown>[] };
};

/** Every conformance example of every release, each with an id of its own (the examples share one). */
const conformanceEvents = (): Json[] =>
  cdeventsConformanceExamples({ id: () => randomUUID() }).map(({ event }) => event as Json);

/** The links the spec defines: PATH and END name the event they follow in `from`, RELATION in `target`. */
function expectedLinks(event: Json): string[] {
  // A link repeated inside one event is stored once (docs/graph-model.md).
  const links = (event.context.links ?? []).flatMap((link) => {
    const named = (link['linkType'] === 'RELATION' ? link['target'] : link['from']) as
      { contextId?: string } | undefined;
    return link['linkType'] === 'START' || named?.contextId === undefined
      ? []
      : [`${event.context.id} ${String(link['linkType'])} ${named.contextId}`];
  });
  return [...new Set(links)];
}

describe('CDEvents through the aggregator', () => {
  const services = testServices();
  let rig: IngestRig;

  beforeAll(async () => {
    rig = await startIngestRig(services, 'agg-cdevents', { batchMs: 10 });
  });

  afterAll(() => rig.close());

  it('stores every conformance example of 0.3.0, 0.4.1 and 0.5.1 beside Eiffel events', async () => {
    const events = conformanceEvents();
    expect(events).toHaveLength(129);
    const eiffel = eiffelEvent('EiffelArtifactCreatedEvent', { identity: 'pkg:npm/mixed@1.0.0' }).build();
    await publishEvents(rig.publisher, rig.topology.exchange, [...events, eiffel]);
    await waitUntil(
      'every event stored',
      async () => (await storedEventCount(rig.driver)) === events.length + 1,
    );
    expect(await readyMessages(rig.broker.channel, rig.topology.deadLetterQueue)).toBe(0);

    const { records } = await rig.driver.executeQuery(
      `MATCH (e:Event) WHERE e.id IN $ids
       RETURN e.id AS id, labels(e) AS labels, e.type AS type, e.artifactId AS artifactId,
              e.environmentId AS environmentId, e.subjectId AS subjectId`,
      { ids: events.map((event) => event.context.id) },
      { routing: 'READ' },
    );
    expect(records).toHaveLength(events.length);
    for (const record of records) {
      const event = events.find((candidate) => candidate.context.id === record.get('id'));
      if (event === undefined) throw new Error('a stored id that was not published');
      const [, , subject, predicate] = event.context.type.split('.');
      // One type label beside :Event: `CD` + subject + predicate, whatever its spelling of case.
      const labels = (record.get('labels') as string[]).filter((label) => label !== 'Event');
      expect(labels.map((label) => label.toLowerCase())).toEqual([`cd${subject}${predicate}`]);
      expect(record.get('type')).toBe(event.context.type);
      const subjectOf = event['subject'] as { id: string; content: Record<string, unknown> };
      expect(record.get('subjectId')).toBe(subjectOf.id);
      if (subject === 'service') {
        expect(record.get('artifactId')).toBe(subjectOf.content['artifactId'] ?? null);
        expect(record.get('environmentId')).toBe(
          (subjectOf.content['environment'] as { id?: string } | undefined)?.id ?? null,
        );
      }
      if (subject === 'artifact') expect(record.get('artifactId')).toBe(subjectOf.id);
    }

    const stored = await rig.driver.executeQuery(
      // The embedded links; those derived from content are derived-links.test.ts's.
      'MATCH (e:Event)-[r]->(t) WHERE e.id IN $ids AND r.derived IS NULL RETURN e.id + " " + type(r) + " " + t.id AS link',
      { ids: events.map((event) => event.context.id) },
      { routing: 'READ' },
    );
    const expected = events.flatMap(expectedLinks).sort();
    // Some examples of 0.4.1 and 0.5.1 embed links: the check is not vacuous.
    expect(expected.length).toBeGreaterThan(30);
    expect(stored.records.map((record) => record.get('link') as string).sort()).toEqual(expected);
  });

  it('links a chain whose events arrive out of order, and dead-letters an invalid CDEvent naming the field', async () => {
    const examples = conformanceEvents();
    const merged = examples.find((event) => event.context.type === 'dev.cdevents.change.merged.0.3.0');
    const packaged = examples.find((event) => event.context.type === 'dev.cdevents.artifact.packaged.0.3.0');
    if (merged === undefined || packaged === undefined) throw new Error('examples missing');
    packaged.context.links = [{ linkType: 'PATH', from: { contextId: merged.context.id } }];
    const invalid = structuredClone(packaged);
    invalid.context.id = randomUUID();
    delete (invalid['subject'] as { content: Record<string, unknown> }).content['change'];
    (invalid['subject'] as { id: unknown }).id = 42;
    const before = await storedEventCount(rig.driver);

    // The artifact first: its link waits on a placeholder until the change arrives.
    await publishEvents(rig.publisher, rig.topology.exchange, [packaged]);
    await waitUntil('the artifact stored', async () => (await storedEventCount(rig.driver)) === before + 1);
    await publishEvents(rig.publisher, rig.topology.exchange, [merged]);
    await waitUntil('the change stored', async () => (await storedEventCount(rig.driver)) === before + 2);
    const chain = await rig.driver.executeQuery(
      'MATCH (a:Event {id: $a})-[:PATH]->(c:Event {id: $c}) RETURN labels(c) AS labels',
      { a: packaged.context.id, c: merged.context.id },
      { routing: 'READ' },
    );
    expect(chain.records.map((record) => record.get('labels') as string[])).toEqual([
      ['Event', 'CDChangeMerged'],
    ]);

    // Published raw (a producer that skipped validation): the worker refuses it.
    rig.publisher.publish(
      rig.topology.exchange,
      'cdevents.artifact.packaged.0.3.0',
      Buffer.from(JSON.stringify(invalid)),
      {
        contentType: 'application/json',
        persistent: true,
      },
    );
    await rig.publisher.waitForConfirms();
    let letter: Awaited<ReturnType<typeof rig.broker.channel.get>> = false;
    await waitUntil('the dead letter', async () => {
      letter = await rig.broker.channel.get(rig.topology.deadLetterQueue, { noAck: true });
      return letter !== false;
    });
    if (letter === false) throw new Error('no dead letter');
    const headers = (letter as { properties: { headers: Record<string, unknown> } }).properties.headers;
    expect(headers[DEAD_LETTER_HEADERS.reason]).toBe('invalid-event');
    const details = String(headers[DEAD_LETTER_HEADERS.details]);
    expect(details).toContain('subject.id');
    expect(details).toContain('subject.content.change');
    expect(await storedEventCount(rig.driver)).toBe(before + 2);
  });
});
