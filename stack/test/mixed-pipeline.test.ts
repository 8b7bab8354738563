import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { buildApp } from '@tracey/api';
import {
  publishEvents,
  readyMessages,
  shuffledWithDuplicates,
  startIngestRig,
  storedEventCount,
  waitUntil,
  type IngestRig,
} from '@tracey/aggregator/testing';
import { EventGraph } from '@tracey/graph';
import { expectedDerivedLinks, idOf, type Json } from '@tracey/graph/testing';
import { buildAdapter, spawnAdapter, type AdapterProcess } from '@tracey/jenkins-adapter/testing';
import { installTracey, type InstalledTracey } from '@tracey/producer-cli/testing';
import {
  buildWebhookAdapter,
  spawnWebhookAdapter,
  type WebhookAdapterProcess,
} from '@tracey/webhook-adapter/testing';
import { buildCdEvent, eiffelEvent, type CdEventOptions } from '@tracey/schemas';
import { freePort, testServices } from '@tracey/testing';

// Issue 18, done when: an Eiffel build and a CDEvents deployment meet in one graph. A change is
// submitted and built with Eiffel events, the artifact (purl P) is published, deployed to prod and
// breaks there with CDEvents that name only P, never an Eiffel id. The events arrive shuffled,
// some twice, through the HTTP intakes (the Jenkins adapter's `POST /events`, the webhook
// adapter's `POST /cloudevents` in binary mode), the broker and the CLI. The graph must equal what the
// rules of docs/graph-model.md give over the input (computed here), and the query API must time
// and trace across the two protocols.

const TOKEN = 'mixed-pipeline-token';
const COMMIT = '9f2c'.padEnd(40, 'e');
const PURL = 'pkg:oci/shop@sha256%3A5eed?repository_url=registry.example/acme/shop';
const T0 = Date.parse('2026-11-20T09:00:00Z');
const minutes = (n: number) => T0 + n * 60_000;

function cd(
  type: string,
  at: number,
  subject: CdEventOptions['subject'],
  extra: Partial<CdEventOptions> = {},
) {
  const event = buildCdEvent({
    type: `dev.cdevents.${type}`,
    source: '/ci/shop',
    subject,
    time: new Date(at),
    ...extra,
  });
  return JSON.parse(JSON.stringify(event)) as Json;
}

function pipeline() {
  const git = { commitId: COMMIT, repoUri: 'https://github.com/acme/shop', repoName: 'shop', branch: 'main' };
  const created = eiffelEvent(
    'EiffelSourceChangeCreatedEvent',
    { gitIdentifier: git },
    { time: minutes(0) },
  ).build();
  const submitted = eiffelEvent(
    'EiffelSourceChangeSubmittedEvent',
    { gitIdentifier: git },
    { time: minutes(10) },
  )
    .link('CHANGE', created)
    .build();
  const composition = eiffelEvent('EiffelCompositionDefinedEvent', { name: 'shop' }, { time: minutes(15) })
    .link('ELEMENT', submitted)
    .build();
  const artifact = eiffelEvent('EiffelArtifactCreatedEvent', { identity: PURL }, { time: minutes(20) })
    .link('COMPOSITION', composition)
    .build();
  const json = (event: unknown) => JSON.parse(JSON.stringify(event)) as Json;
  const detected = cd('incident.detected.0.3.0', minutes(60), {
    id: 'INC-7',
    content: { description: 'checkout fails', environment: { id: 'prod' }, artifactId: PURL },
  });
  return {
    created: json(created),
    submitted: json(submitted),
    composition: json(composition),
    artifact: json(artifact),
    // The forge's view of the same change: a merge of the submitted commit.
    merged: cd(
      'change.merged.0.3.0',
      minutes(11),
      { id: 'acme/shop#7', content: { repository: { id: 'acme/shop' } } },
      { customData: { commitId: COMMIT } },
    ),
    published: cd('artifact.published.0.3.0', minutes(30), { id: PURL, content: {} }),
    deployed: cd('service.deployed.0.3.0', minutes(45), {
      id: 'shop',
      content: { environment: { id: 'prod' }, artifactId: PURL },
    }),
    detected,
    resolved: cd(
      'incident.resolved.0.3.0',
      minutes(90),
      { id: 'INC-7', content: { environment: { id: 'prod' }, artifactId: PURL } },
      { links: [{ linkType: 'PATH', from: { contextId: idOf(detected) } }] },
    ),
  };
}

/** The links the events embed: Eiffel `links`, CDEvents PATH/END to `from`, RELATION to `target`. */
function embeddedLinks(event: Json): string[] {
  if (Array.isArray(event['links']))
    return (event['links'] as { type: string; target: string }[]).map(
      (l) => `${idOf(event)} ${l.type} ${l.target}`,
    );
  const context = event['context'] as { links?: { linkType: string; from?: { contextId: string } }[] };
  return (context.links ?? []).flatMap((link) =>
    link.from === undefined ? [] : [`${idOf(event)} ${link.linkType} ${link.from.contextId}`],
  );
}

/** Fewest links from `to` back to `from` over `links` (`a TYPE [field] b`), breadth first. */
function shortestChain(links: readonly string[], from: string, to: string): number | undefined {
  const next = new Map<string, string[]>();
  for (const link of links) {
    const parts = link.split(' ');
    const [source, target] = [parts[0] as string, parts.at(-1) as string];
    next.set(source, [...(next.get(source) ?? []), target]);
  }
  const depth = new Map([[to, 0]]);
  const queue = [to];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    if (node === from) return depth.get(node);
    for (const target of next.get(node) ?? []) {
      if (depth.has(target)) continue;
      depth.set(target, (depth.get(node) ?? 0) + 1);
      queue.push(target);
    }
  }
  return undefined;
}

describe('an Eiffel build and a CDEvents deployment in one graph', () => {
  const services = testServices();
  let rig: IngestRig;
  let adapter: AdapterProcess;
  let adapterUrl: string;
  let webhook: WebhookAdapterProcess;
  let webhookUrl: string;
  let tracey: InstalledTracey;
  let graph: EventGraph;
  let api: ReturnType<typeof buildApp>;
  const dir = mkdtempSync(`${tmpdir()}/tracey-mixed-`);

  beforeAll(async () => {
    rig = await startIngestRig(services, 'mixed-pipeline', { batchMs: 10 });
    buildAdapter();
    const port = await freePort();
    adapterUrl = `http://127.0.0.1:${port}`;
    adapter = spawnAdapter({
      TRACEY_AMQP_URL: services.amqpUrl,
      TRACEY_EXCHANGE: rig.topology.exchange,
      TRACEY_ADAPTER_TOKEN: TOKEN,
      TRACEY_ADAPTER_PORT: String(port),
      TRACEY_API_URL: `http://127.0.0.1:${await freePort()}`,
    });
    await waitUntil('the adapter ready', () =>
      fetch(`${adapterUrl}/ready`).then(
        (response) => response.ok,
        () => false,
      ),
    );
    buildWebhookAdapter();
    const webhookPort = await freePort();
    webhookUrl = `http://127.0.0.1:${webhookPort}`;
    webhook = spawnWebhookAdapter({
      TRACEY_AMQP_URL: services.amqpUrl,
      TRACEY_EXCHANGE: rig.topology.exchange,
      TRACEY_WEBHOOK_TOKEN: TOKEN,
      TRACEY_WEBHOOK_PORT: String(webhookPort),
    });
    await waitUntil('the webhook adapter ready', () =>
      fetch(`${webhookUrl}/ready`).then(
        (response) => response.ok,
        () => false,
      ),
    );
    tracey = installTracey('dist');
    graph = EventGraph.connect({
      url: services.neo4jUrl,
      user: services.neo4jUser,
      password: services.neo4jPassword,
    });
    api = buildApp({
      graph,
      config: { apiToken: undefined, readAuth: 'optional' },
      logger: pino({ level: 'silent' }),
    });
    await api.ready();
  });

  afterAll(async () => {
    await api?.close();
    await graph?.close();
    adapter?.child.kill('SIGTERM');
    await adapter?.exited;
    webhook?.child.kill('SIGTERM');
    await webhook?.exited;
    tracey?.remove();
    await rig?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = async <T>(url: string): Promise<T> => {
    const response = await api.inject({ method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  };

  it('stores what the rules give over the input, and times and traces across the protocols', async () => {
    const events = pipeline();
    const all = Object.values(events);
    // Shuffled, every third event twice, each sent one of three ways.
    const sends = shuffledWithDuplicates(all, 18, 3);
    expect(sends.length).toBeGreaterThan(all.length);
    const [byHttp = [], byAmqp = [], byCli = []] = [0, 1, 2].map((lane) =>
      sends.filter((_, index) => index % 3 === lane),
    );
    const isCdEvent = (event: Json) => typeof event['context'] === 'object';
    // Not vacuous: each lane carries events, the HTTP one of both protocols.
    expect([byAmqp.length, byCli.length].every((count) => count > 0)).toBe(true);
    expect([
      byHttp.filter(isCdEvent).length,
      byHttp.filter((event) => !isCdEvent(event)).length,
    ]).not.toContain(0);

    // Over HTTP: the CDEvents as CloudEvents in binary mode, the Eiffel events to POST /events.
    for (const event of byHttp.filter(isCdEvent)) {
      const context = event['context'] as { id: string; source: string; type: string; timestamp: string };
      const sent = await fetch(`${webhookUrl}/cloudevents`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
          'ce-specversion': '1.0',
          'ce-id': context.id,
          'ce-source': context.source,
          'ce-type': context.type,
          'ce-time': context.timestamp,
        },
        body: JSON.stringify(event),
      });
      expect(sent.status, await sent.clone().text()).toBe(200);
    }
    const response = await fetch(`${adapterUrl}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(byHttp.filter((event) => !isCdEvent(event))),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    await publishEvents(rig.publisher, rig.topology.exchange, byAmqp);
    writeFileSync(`${dir}/events.ndjson`, byCli.map((event) => JSON.stringify(event)).join('\n'));
    const run = await tracey.run(['publish', '--file', `${dir}/events.ndjson`], {
      TRACEY_AMQP_URL: services.amqpUrl,
      TRACEY_EXCHANGE: rig.topology.exchange,
      TRACEY_SPOOL_DIR: `${dir}/spool`,
    });
    expect(run.exitCode, run.stderr).toBe(0);

    await waitUntil('every event stored', async () => (await storedEventCount(rig.driver)) === all.length);
    expect(await readyMessages(rig.broker.channel, rig.topology.deadLetterQueue)).toBe(0);

    // The graph: one node per event, and exactly the embedded and the derived links.
    const expected = [...all.flatMap(embeddedLinks), ...expectedDerivedLinks(all)].sort();
    const stored = await rig.driver.executeQuery(
      `MATCH (a:Event)-[r]->(b) RETURN a.id + ' ' + type(r) + coalesce(' ' + r.derivedFrom, '') + ' ' + b.id AS link`,
      {},
      { routing: 'READ' },
    );
    expect(stored.records.map((record) => record.get('link') as string).sort()).toEqual(expected);
    // Not vacuous: the CDEvents reach the Eiffel events only by what they name.
    expect(expected).toContain(
      `${idOf(events.deployed)} ARTIFACT subject.content.artifactId ${idOf(events.artifact)}`,
    );
    expect(expected).toContain(
      `${idOf(events.merged)} SAME_CHANGE customData.commitId ${idOf(events.submitted)}`,
    );
    const nodes = await rig.driver.executeQuery('MATCH (n) RETURN n.id AS id', {}, { routing: 'READ' });
    expect(nodes.records.map((record) => record.get('id') as string).sort()).toEqual(all.map(idOf).sort());

    // Lead time from the Eiffel submission to the CDEvents deployment: the exact difference, on a
    // chain of links that exist, as short as the input allows.
    const submitted = idOf(events.submitted);
    const deployed = idOf(events.deployed);
    const lead = await get<{
      milliseconds: number;
      pathLength: number;
      path: { id: string; linkType?: string }[];
    }>(`/lead-time?from=${submitted}&to=${deployed}`);
    expect(lead.milliseconds).toBe(minutes(45) - minutes(10));
    expect(lead.pathLength).toBe(shortestChain(expected, submitted, deployed));
    expect(lead.path[0]?.id).toBe(submitted);
    expect(lead.path.at(-1)?.id).toBe(deployed);
    const targets = new Set(expected.map((link) => `${link.split(' ').at(-1)} ${link.split(' ')[0]}`));
    for (let i = 1; i < lead.path.length; i++)
      expect(targets.has(`${lead.path[i - 1]?.id} ${lead.path[i]?.id}`), `step ${i}`).toBe(true);

    // Trace-up: the releases of the submitted change hold the deployment to prod.
    const releases = await get<{
      deployments: { id: string; kind: string; name: string; environment: string }[];
    }>(`/trace/${submitted}/releases`);
    expect(releases.deployments).toContainEqual(
      expect.objectContaining({ id: deployed, kind: 'service', name: 'shop', environment: 'prod' }),
    );
    // The forge's merge of the commit is the same change: its releases hold the deployment too.
    const mergedReleases = await get<{ deployments: { id: string }[] }>(
      `/trace/${idOf(events.merged)}/releases`,
    );
    expect(mergedReleases.deployments.map((deployment) => deployment.id)).toEqual([deployed]);
    const contents = await get<{ sourceChanges: { id: string }[] }>(`/trace/${deployed}/contents`);
    expect(contents.sourceChanges.map((change) => change.id).sort()).toEqual(
      [idOf(events.created), idOf(events.submitted)].sort(),
    );
  });
});
