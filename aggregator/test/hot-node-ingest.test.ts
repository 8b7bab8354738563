import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServices } from '@tracey/testing';
import { eiffelEvent, type EiffelEvent } from '@tracey/schemas';
import {
  actualGraph,
  expectedGraph,
  type IngestRig,
  publishEvents,
  readyMessages,
  shuffled,
  startIngestRig,
  storedEventCount,
  waitUntil,
} from '@tracey/aggregator/testing';

// Issue 16, item 6: what a real installation sends, through a worker — a third-party library
// 20,000 compositions are made of (every batch writes links to the same node, concurrently),
// three domains linking across each other, and valid events over 1 MB among the small ones.
// Published shuffled, so most links arrive before the library does (a placeholder first).
const BUILDS = 20_000;
const SERVICES = 20;
const DOMAIN = { vendor: 'vendor.example.com', ci: 'ci.example.com', qa: 'qa.example.com' } as const;

/** The library, the builds made of it, every 100th build's artifact (two with a 1.2 MB SBOM) and its gate verdict. */
function hotLibraryHistory(): { events: EiffelEvent[]; hot: string; large: string[] } {
  const start = Date.UTC(2026, 2, 1);
  const from = (domainId: string, name: string) => ({ domainId, name, host: `${name}.${domainId}` });
  const library = eiffelEvent(
    'EiffelArtifactCreatedEvent',
    { identity: 'pkg:generic/openssl@3.0.13', name: 'openssl' },
    { time: start, source: from(DOMAIN.vendor, 'package-feed') },
  ).build();
  const events: EiffelEvent[] = [library];
  const large: string[] = [];
  const previous: (string | undefined)[] = [];
  for (let b = 0; b < BUILDS; b++) {
    const service = `svc-${b % SERVICES}`;
    const farm = { time: start + 60_000 + b * 30_000, source: from(DOMAIN.ci, `build-farm-${service}`) };
    const composition = eiffelEvent(
      'EiffelCompositionDefinedEvent',
      { name: service, version: `1.${b}` },
      farm,
    ).link('ELEMENT', library, DOMAIN.vendor);
    const before = previous[b % SERVICES];
    if (before !== undefined) composition.link('PREVIOUS_VERSION', before);
    const built = composition.build();
    previous[b % SERVICES] = built.meta.id;
    events.push(built);
    if (b % 100 !== 99) continue;
    const withSbom = b === 9_999 || b === 19_999;
    const artifact = eiffelEvent(
      'EiffelArtifactCreatedEvent',
      {
        identity: `pkg:generic/${service}@1.${b}`,
        customData: withSbom ? [{ key: 'sbom', value: sbom(1_200_000) }] : [],
      },
      { ...farm, time: farm.time + 60_000 },
    )
      .link('COMPOSITION', built)
      .build();
    if (withSbom) large.push(artifact.meta.id);
    // The QA gate's clock runs 4 minutes behind the farm's.
    const verdict = eiffelEvent(
      'EiffelConfidenceLevelModifiedEvent',
      { name: 'readyForRelease', value: 'SUCCESS' },
      { time: farm.time + 120_000 - 240_000, source: from(DOMAIN.qa, 'qa-gate') },
    )
      .link('SUBJECT', artifact, DOMAIN.ci)
      .build();
    events.push(artifact, verdict);
  }
  return { events, hot: library.meta.id, large };
}

/** Components of a bill of materials, `bytes` of JSON at least, some text not ASCII. */
function sbom(bytes: number): unknown[] {
  const components: unknown[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const component = {
      purl: `pkg:npm/%40example/dep-${i}@${i % 7}.${i % 13}.0`,
      licenses: i % 3 === 0 ? ['MIT', 'Apache-2.0'] : ['BSD-3-Clause'],
      description: i % 10 === 0 ? `Übersetzung für 日本語 ${i} 🚀` : `dependency ${i}`,
    };
    size += JSON.stringify(component).length + 1;
    components.push(component);
  }
  return components;
}

describe('ingest of a hot library, three domains and 1 MB events through a worker', () => {
  const services = testServices();
  const { events, hot, large } = hotLibraryHistory();
  let rig: IngestRig;

  beforeAll(async () => {
    rig = await startIngestRig(services, 'agg-hot-node');
  });

  afterAll(() => rig.close());

  it('stores every event once, the library with its 20,000 links, and the 1 MB events and domainIds as sent', async () => {
    for (const id of large) {
      const event = events.find((e) => e.meta.id === id);
      expect(Buffer.byteLength(JSON.stringify(event))).toBeGreaterThan(1_000_000);
    }
    expect(large.length).toBe(2);
    // The library is published late: 20,000 links wait on a placeholder, which it then fills.
    const order = shuffled(
      events.filter((e) => e.meta.id !== hot),
      16,
    );
    order.splice(order.length - 1_000, 0, events[0] as EiffelEvent);
    await publishEvents(rig.publisher, rig.topology.exchange, order);
    await waitUntil(
      `${events.length} events stored`,
      async () => (await storedEventCount(rig.driver)) === events.length,
      240_000,
    );
    expect(await actualGraph(rig.driver)).toEqual(expectedGraph(events));
    const incoming = await rig.driver.executeQuery(
      'MATCH (h:Event {id: $hot}) WHERE h.hash IS NOT NULL RETURN COUNT { (h)<-[:ELEMENT]-() } AS n',
      { hot },
    );
    expect(Number(incoming.records[0]?.get('n'))).toBe(BUILDS);
    for (const id of large) {
      const stored = await rig.driver.executeQuery('MATCH (n:Event {id: $id}) RETURN n.event AS json', {
        id,
      });
      const sent = events.find((e) => e.meta.id === id);
      expect(JSON.parse(stored.records[0]?.get('json') as string)).toEqual(JSON.parse(JSON.stringify(sent)));
    }
    const verdict = await rig.driver.executeQuery('MATCH (n:Event {id: $id}) RETURN n.event AS json', {
      id: events.at(-1)?.meta.id ?? '',
    });
    expect((JSON.parse(verdict.records[0]?.get('json') as string) as EiffelEvent).links).toEqual([
      { type: 'SUBJECT', target: events.at(-2)?.meta.id, domainId: DOMAIN.ci },
    ]);
    expect(await readyMessages(rig.broker.channel, rig.topology.deadLetterQueue)).toBe(0);
  }, 300_000);
});
