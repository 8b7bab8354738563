import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '@tracey/api/testing';
import { purgeGraph } from '@tracey/graph';
import { generatePipelineEvents } from '@tracey/graph/testing';
import { buildCdEvent, eiffelEvent } from '@tracey/schemas';
import { testServices } from '@tracey/testing';
import { startQueryApi, type QueryApiHarness } from './support/query-api-harness.js';

// Issue 23, retention: a purge deletes the events older than the cutoff that no retained release
// (a confidence level asked for, a production deployment) and no newer event reaches; what it
// keeps equals an independent closure over the events' own links, and the trace answers of the
// retained releases are the same before and after.

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call --
   the events are read as JSON, field by field, as the independent computation reads them */
type Json = Record<string, any>;

const START = Date.UTC(2026, 0, 1);
const BUILDS = 40;
const RETAINED_BUILDS = [4, 11, 23];
const PROD_BUILD = 15;
const STAGING_BUILD = 18;

/** 40 builds of a pipeline; the confidence levels of all but a few failed; two deployments. */
function history(): { events: Json[]; cutoff: number } {
  const eiffel = JSON.parse(
    JSON.stringify(generatePipelineEvents(BUILDS * 30, { startTime: START, testCases: 2 })),
  ) as Json[];
  const clms = eiffel.filter((event) => event['meta'].type === 'EiffelConfidenceLevelModifiedEvent');
  clms.forEach((clm, build) => {
    clm['data'].value = RETAINED_BUILDS.includes(build) ? 'SUCCESS' : 'FAILURE';
  });
  const artifacts = eiffel.filter((event) => event['meta'].type === 'EiffelArtifactCreatedEvent');
  const deploy = (build: number, environment: string): Json =>
    JSON.parse(
      JSON.stringify(
        buildCdEvent({
          type: 'dev.cdevents.service.deployed.0.3.0',
          source: '/test/retention',
          subject: {
            id: 'app',
            content: { environment: { id: environment }, artifactId: artifacts[build]?.['data'].identity },
          },
          time: new Date((artifacts[build]?.['meta'].time as number) + 60_000),
        }),
      ),
    ) as Json;
  // The cutoff: the start of build 30 (its source change created).
  const changes = eiffel.filter((event) => event['meta'].type === 'EiffelSourceChangeCreatedEvent');
  const cutoff = changes[30]?.['meta'].time as number;
  return { events: [...eiffel, deploy(PROD_BUILD, 'production'), deploy(STAGING_BUILD, 'staging')], cutoff };
}

/** Independently: every event a root reaches by its links (a deployment names its artifact's purl). */
function expectedKept(
  events: readonly Json[],
  cutoff: number,
  storedLately: readonly Json[] = [],
): Set<string> {
  const id = (event: Json): string => event['meta']?.id ?? event['context'].id;
  const time = (event: Json): number => event['meta']?.time ?? Date.parse(event['context'].timestamp);
  const byPurl = new Map<string, string>();
  for (const event of events)
    if (event['meta']?.type === 'EiffelArtifactCreatedEvent') byPurl.set(event['data'].identity, id(event));
  const targets = new Map<string, string[]>();
  for (const event of events) {
    const out: string[] = (event['links'] ?? []).map((link: Json) => link['target'] as string);
    const purl = event['subject']?.content?.artifactId;
    if (purl !== undefined && byPurl.has(purl)) out.push(byPurl.get(purl) as string);
    targets.set(id(event), out);
  }
  const roots = events.filter(
    (event) =>
      storedLately.includes(event) ||
      time(event) >= cutoff ||
      (event['meta']?.type === 'EiffelConfidenceLevelModifiedEvent' && event['data'].value === 'SUCCESS') ||
      event['subject']?.content?.environment?.id === 'production',
  );
  const kept = new Set<string>();
  const stack = roots.map(id);
  while (stack.length > 0) {
    const next = stack.pop() as string;
    if (kept.has(next)) continue;
    kept.add(next);
    stack.push(...(targets.get(next) ?? []));
  }
  return kept;
}

describe('retention: purging what no retained release reaches', () => {
  const services = testServices();
  const { events, cutoff } = history();
  let api: QueryApiHarness;

  /** As if each event had been stored when it happened: a purge keeps what workers stored lately. */
  const storedLongAgo = () => api.driver.executeQuery('MATCH (n:Event) SET n.storedAt = n.time');

  beforeAll(async () => {
    api = await startQueryApi(services, { raw: events });
    await storedLongAgo();
  }, 120_000);
  afterAll(() => api?.close());

  const storedIds = async (): Promise<string[]> => {
    const { records } = await api.driver.executeQuery(
      'MATCH (n:Event) RETURN n.id AS id',
      {},
      { routing: 'READ' },
    );
    return records.map((record) => record.get('id') as string).sort();
  };
  const contents = async (id: string): Promise<unknown> => {
    const response = await api.app.inject({ method: 'GET', url: `/trace/${id}/contents` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it('keeps exactly the closure of the retained releases and the newer events, and their trace answers', async () => {
    const all = await storedIds();
    expect(all).toHaveLength(events.length);
    const expected = [...expectedKept(events, cutoff)].sort();
    // Not vacuous: old test runs and confidence levels go, and the retained releases' contents stay.
    expect(all.length - expected.length).toBeGreaterThan(200);
    const retained = events
      .filter(
        (event) =>
          (event['meta']?.type === 'EiffelConfidenceLevelModifiedEvent' &&
            event['data'].value === 'SUCCESS') ||
          event['subject']?.content?.environment?.id === 'production',
      )
      .map((event) => (event['meta']?.id ?? event['context'].id) as string);
    expect(retained).toHaveLength(RETAINED_BUILDS.length + 1);
    const before = await Promise.all(retained.map(contents));

    const dry = await purgeGraph(api.driver, {
      cutoff,
      confidenceLevels: ['readyForRelease'],
      productionEnvironment: /prod/,
      dryRun: true,
    });
    expect(dry.deleted).toBe(all.length - expected.length);
    expect(await storedIds()).toEqual(all);

    const summary = await purgeGraph(api.driver, {
      cutoff,
      confidenceLevels: ['readyForRelease'],
      productionEnvironment: /prod/,
      batchSize: 50,
    });
    expect(summary).toMatchObject({
      retainedReleases: RETAINED_BUILDS.length + 1,
      kept: expected.length,
      deleted: all.length - expected.length,
    });
    expect(await storedIds()).toEqual(expected);
    expect(await Promise.all(retained.map(contents))).toEqual(before);
    // No mark or lock of the run stays behind.
    const { records } = await api.driver.executeQuery(
      'MATCH (n) WHERE n._keep IS NOT NULL OR n._keepFrontier IS NOT NULL OR n:RetentionLock RETURN count(n) AS count',
    );
    expect(Number(records[0]?.get('count'))).toBe(0);

    // Again: nothing more to delete.
    const again = await purgeGraph(api.driver, {
      cutoff,
      confidenceLevels: ['readyForRelease'],
      productionEnvironment: /prod/,
    });
    expect(again.deleted).toBe(0);
  });

  it('runs as `npm run purge` for an operator: a dry run, then the purge, arguments checked', async () => {
    await api.driver.executeQuery('MATCH (n) DETACH DELETE n');
    await ingest(api.writer, events);
    await storedLongAgo();
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const purge = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['aggregator/dist/bin/purge.js', ...args], {
          cwd: root,
          stdio: ['ignore', 'ignore', 'pipe'],
          env: {
            PATH: process.env['PATH'] ?? '',
            TRACEY_NEO4J_URL: services.neo4jUrl,
            TRACEY_NEO4J_USER: services.neo4jUser,
            TRACEY_NEO4J_PASSWORD: services.neo4jPassword,
          },
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.once('close', (code) => resolve({ code, stderr }));
      });
    // Every event is more than a day old: only the retained releases and what they reach stay.
    // A backfill stored just now of an old event, linking to an old test run nothing else keeps:
    // it and all it reaches stay (stored lately), though older than the cutoff.
    const doomed = events.find(
      (event) =>
        event['meta']?.type === 'EiffelTestCaseFinishedEvent' &&
        !expectedKept(events, Date.now() - 86_400_000).has(event['meta'].id as string),
    ) as Json;
    const backfill = JSON.parse(
      JSON.stringify(
        eiffelEvent(
          'EiffelAnnouncementPublishedEvent',
          { heading: 'backfill', body: 'late', severity: 'MINOR' },
          {
            time: START,
          },
        )
          .link('CAUSE', doomed['meta'].id as string)
          .build(),
      ),
    ) as Json;
    await ingest(api.writer, [backfill]);
    const all = [...events, backfill];
    const expected = expectedKept(all, Date.now() - 86_400_000, [backfill]);
    expect(expected.has(doomed['meta'].id as string)).toBe(true);
    const goes = all.length - expected.size;
    const args = ['--older-than', '1', '--keep-confidence', 'readyForRelease', '--keep-production', 'prod'];
    const dry = await purge([...args, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain(`dry run: would delete ${goes} events`);
    const run = await purge(args);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`done: deleted ${goes} events`);
    expect(await storedIds()).toEqual([...expected].sort());
    expect(run.stderr).not.toContain(services.neo4jPassword);
    for (const bad of [[], ['--older-than', '0'], ['--older-than', '3', '--keep-production', '(?=x)']]) {
      const refused = await purge(bad);
      expect(refused.code, bad.join(' ')).toBe(2);
    }
  }, 120_000);
});
