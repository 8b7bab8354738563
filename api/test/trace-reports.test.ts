import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testServices } from '@tracey/testing';
import type { LeadTimeStats } from '../src/queries/lead-time-stats.js';
import type { TraceContents } from '../src/queries/contents-report.js';
import type { TraceReleases } from '../src/queries/trace-releases.js';
import { loadInputEvents } from '@tracey/api/testing';
import { startQueryApi, type QueryApiHarness } from './support/query-api-harness.js';
import {
  expectedContents,
  expectedLeadTimes,
  expectedReleases,
  expectedStats,
  rawEvents,
  type Kind,
} from './support/independent-reports.js';
import { syntheticRelease } from '@tracey/api/testing';

const RELEASES = [
  'EiffelArtifactCreatedEvent',
  'EiffelArtifactDeployedEvent',
  'EiffelArtifactPublishedEvent',
  'EiffelCompositionDefinedEvent',
  'EiffelConfidenceLevelModifiedEvent',
  'EiffelEnvironmentDefinedEvent',
];
const INGREDIENTS = [
  'EiffelArtifactCreatedEvent',
  'EiffelCompositionDefinedEvent',
  'EiffelIssueDefinedEvent',
  'EiffelSourceChangeCreatedEvent',
  'EiffelSourceChangeSubmittedEvent',
];

const ids = (items: readonly { id: string }[]) => items.map((item) => item.id).sort();

describe('trace reports and lead-time statistics on the official flows and the reference data', () => {
  const services = testServices();
  const synthetic = syntheticRelease() as {
    meta: { id: string; type: string };
    data: Record<string, unknown>;
  }[];
  const raw = [...loadInputEvents().raw, ...synthetic];
  const events = rawEvents(raw);
  let api: QueryApiHarness;
  let app: FastifyInstance;

  beforeAll(async () => {
    api = await startQueryApi(services, { raw: raw });
    ({ app } = api);
  });

  afterAll(() => api.close());

  async function get<T>(url: string): Promise<T> {
    const response = await app.inject({ url });
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    return response.json<T>();
  }

  async function eachInParallel(
    list: readonly string[],
    check: (id: string) => Promise<void>,
  ): Promise<void> {
    for (let start = 0; start < list.length; start += 8)
      await Promise.all(list.slice(start, start + 8).map(check));
  }

  const startsOf = (types: readonly string[]) =>
    [...events.values()].filter((event) => types.includes(event.meta.type)).map((event) => event.meta.id);

  it('answers contents like an independent computation over the input, for every release event', async () => {
    const starts = startsOf(RELEASES);
    expect(starts.length).toBeGreaterThan(1000);
    const wrong: string[] = [];
    let sourceChanges = 0;
    let thirdParty = 0;
    let workItems = 0;
    await eachInParallel(starts, async (id) => {
      const answer = await get<TraceContents>(`/trace/${id}/contents`);
      const expected = expectedContents(events, id);
      const resolutions = answer.workItems
        .flatMap((item) =>
          item.resolvedBy.map(
            (r) => `${item.eventId ?? `${item.tracker}/${item.issueId}`}|${r.sourceChange}|${r.relation}`,
          ),
        )
        .sort();
      const all = [
        ...answer.sourceChanges,
        ...answer.artifacts,
        ...answer.thirdPartyComponents,
        ...answer.compositions,
        ...answer.otherEvents,
      ];
      const depthsMatch =
        all.length + answer.missing.length === expected.depths.size &&
        [...all, ...answer.missing].every((item) => expected.depths.get(item.id) === item.depth);
      const detailsMatch = answer.sourceChanges.every((change) => {
        const data = events.get(change.id)?.data as {
          gitIdentifier?: { commitId: string; repoName?: string };
          svnIdentifier?: { revision: number };
          hgIdentifier?: { commitId: string };
          author?: { name?: string };
          submitter?: { name?: string };
        };
        const commit =
          data.gitIdentifier?.commitId ??
          data.hgIdentifier?.commitId ??
          data.svnIdentifier?.revision.toString();
        return (
          change.commitId === (commit ?? null) &&
          change.repoName === (data.gitIdentifier?.repoName ?? change.repoName) &&
          (change.author?.name ?? null) === (data.author?.name ?? null) &&
          (change.submitter?.name ?? null) === (data.submitter?.name ?? null) &&
          change.time === events.get(change.id)?.meta.time
        );
      });
      const same =
        depthsMatch &&
        detailsMatch &&
        JSON.stringify(ids(answer.sourceChanges)) === JSON.stringify(expected.sourceChanges) &&
        JSON.stringify(ids(answer.artifacts)) === JSON.stringify(expected.artifacts) &&
        JSON.stringify(ids(answer.thirdPartyComponents)) === JSON.stringify(expected.thirdPartyComponents) &&
        JSON.stringify(ids(answer.compositions)) === JSON.stringify(expected.compositions) &&
        JSON.stringify(ids(answer.otherEvents)) === JSON.stringify(expected.otherEvents) &&
        JSON.stringify(resolutions) === JSON.stringify(expected.resolutions) &&
        answer.start.type === events.get(id)?.meta.type;
      if (!same) wrong.push(id);
      sourceChanges += answer.sourceChanges.length;
      thirdParty += answer.thirdPartyComponents.length;
      workItems += answer.workItems.length;
    });
    expect(wrong).toEqual([]);
    // The comparison means something only if the reports are not empty.
    expect(sourceChanges).toBeGreaterThan(1000);
    expect(thirdParty).toBeGreaterThan(0);
    expect(workItems).toBeGreaterThan(0);
  }, 600_000);

  it('answers releases like an independent computation over the input, for every change, work item, artifact and composition', async () => {
    const starts = startsOf(INGREDIENTS);
    expect(starts.length).toBeGreaterThan(800);
    const wrong: string[] = [];
    let confidenceLevels = 0;
    let deployments = 0;
    await eachInParallel(starts, async (id) => {
      const answer = await get<TraceReleases>(`/trace/${id}/releases`);
      const expected = expectedReleases(events, id);
      const groups = [
        'compositions',
        'artifacts',
        'publications',
        'confidenceLevels',
        'deployments',
        'otherEvents',
      ] as const;
      const startTime = events.get(id)?.meta.time ?? 0;
      const reported = groups
        .flatMap((group) => answer[group])
        .filter((item) => item.type !== 'EiffelActivityTriggeredEvent');
      const same =
        groups.every((group) => JSON.stringify(ids(answer[group])) === JSON.stringify(expected[group])) &&
        reported.length === expected.depths.size &&
        reported.every(
          (item) =>
            expected.depths.get(item.id) === item.depth &&
            item.time === events.get(item.id)?.meta.time &&
            item.afterMs === item.time - startTime,
        ) &&
        groups.every((group) =>
          answer[group].every((item, i, list) => i === 0 || (list[i - 1]?.time ?? 0) <= item.time),
        );
      if (!same) wrong.push(id);
      confidenceLevels += answer.confidenceLevels.length;
      deployments += answer.deployments.length;
    });
    expect(wrong).toEqual([]);
    expect(confidenceLevels).toBeGreaterThan(1000);
    expect(deployments).toBeGreaterThan(0);
  }, 600_000);

  it('reports work items, third-party components, missing elements and deployments of a release', async () => {
    const level = synthetic.find((e) => e.meta.type === 'EiffelConfidenceLevelModifiedEvent')?.meta
      .id as string;
    const contents = await get<TraceContents>(`/trace/${level}/contents`);
    expect(contents.workItems.map((w) => [w.issueId, w.resolvedBy.map((r) => r.relation)]).sort()).toEqual([
      ['APP-1', ['RESOLVED_ISSUE']],
      ['APP-2', ['PARTIALLY_RESOLVED_ISSUE']],
      ['APP-9', ['RESOLVED_ISSUE']],
    ]);
    expect(contents.workItems.find((w) => w.issueId === 'APP-9')).toMatchObject({
      eventId: null,
      tracker: 'JIRA',
    });
    expect(contents.workItems.find((w) => w.issueId === 'APP-1')).toMatchObject({
      title: 'bug APP-1',
      issueType: 'BUG',
    });
    expect(contents.thirdPartyComponents.map((a) => a.identity)).toEqual(['pkg:npm/left-pad@1.3.0']);
    expect(contents.artifacts.map((a) => a.identity)).toEqual(['pkg:npm/app@2.0.0']);
    expect(contents.missing).toHaveLength(1);
    expect(
      contents.sourceChanges.map((c) => [c.commitId, c.author?.name ?? c.submitter?.name ?? null]).sort(),
    ).toEqual([
      ['a0', null],
      ['a1', 'Ada'],
      ['a1', 'Grace'],
      ['b1', null],
      ['b1', 'Linus'],
    ]);
    const change = synthetic.find((e) => e.meta.type === 'EiffelSourceChangeCreatedEvent')?.meta.id as string;
    const releases = await get<TraceReleases>(`/trace/${change}/releases`);
    expect(releases.deployments.map((d) => [d.kind, d.name])).toEqual([
      ['environment', 'production'],
      ['artifact-deployed', null],
      ['activity', 'Deploy app to production'],
    ]);
    expect(releases.publications).toHaveLength(1);
    const app = synthetic.find((e) => e.data['identity'] === 'pkg:npm/app@2.0.0')?.meta.id;
    expect(releases.artifacts.map((a) => a.id)).toEqual([app]);
    expect(releases.confidenceLevels.map((c) => [c.name, c.value, c.subjects])).toEqual([
      ['release', 'SUCCESS', [app]],
    ]);
  });

  it('says which release holds what both ways: X is in the contents of R exactly when R is in the releases of X', async () => {
    const release = startsOf(['EiffelConfidenceLevelModifiedEvent']).at(-1) as string;
    const contents = await get<TraceContents>(`/trace/${release}/contents`);
    const change = contents.sourceChanges[0]?.id as string;
    const releases = await get<TraceReleases>(`/trace/${change}/releases`);
    expect(ids(releases.confidenceLevels)).toContain(release);
  });

  it('refuses unknown ids (404), events a report cannot start at (422), bad parameters (400) and oversized reports (422)', async () => {
    const unknown = await app.inject({ url: '/trace/00000000-0000-4000-8000-000000000000/contents' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'API_NOT_FOUND' } });
    const [testCase] = startsOf(['EiffelTestCaseStartedEvent']);
    const wrongType = await app.inject({ url: `/trace/${testCase}/contents` });
    expect(wrongType.statusCode).toBe(422);
    expect(wrongType.json()).toMatchObject({ error: { code: 'API_WRONG_EVENT_TYPE' } });
    expect(wrongType.json<{ error: { message: string } }>().error.message).toContain(
      'EiffelTestCaseStartedEvent',
    );
    const [level] = startsOf(['EiffelConfidenceLevelModifiedEvent']);
    expect((await app.inject({ url: `/trace/${level}/releases` })).statusCode).toBe(422);
    for (const query of ['maxDepth=0', 'maxDepth=abc', 'limit=0', 'limit=100000000']) {
      const response = await app.inject({ url: `/trace/${level}/contents?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json<{ error: { message: string } }>().error.message).toContain(query.split('=')[0]);
    }
    const tooBig = await app.inject({ url: `/trace/${level}/contents?limit=1` });
    expect(tooBig.statusCode).toBe(422);
    expect(tooBig.json()).toMatchObject({ error: { code: 'API_LIMIT_EXCEEDED' } });
    // A depth bound that would cut the report is refused, never a shorter report.
    const shallow = await app.inject({ url: `/trace/${level}/contents?maxDepth=1` });
    expect(shallow.statusCode).toBe(422);
    expect(shallow.json()).toMatchObject({
      error: { code: 'API_LIMIT_EXCEEDED', details: { limit: 'maxDepth', value: 1 } },
    });
    const full = await get<TraceContents>(`/trace/${level}/contents`);
    const deepest = Math.max(
      ...[...full.sourceChanges, ...full.artifacts, ...full.compositions, ...full.otherEvents].map(
        (i) => i.depth,
      ),
    );
    expect(await get<TraceContents>(`/trace/${level}/contents?maxDepth=${deepest}`)).toEqual(full);
  });

  const cases: { query: string; from: Kind; to: Kind; since?: number; until?: number }[] = [
    {
      query: 'from=SourceChangeCreated&to=ConfidenceLevelModified',
      from: { type: 'EiffelSourceChangeCreatedEvent' },
      to: { type: 'EiffelConfidenceLevelModifiedEvent' },
    },
    {
      query:
        'from=EiffelSourceChangeSubmittedEvent&to=ConfidenceLevelModified,name=readyForRelease,value=SUCCESS',
      from: { type: 'EiffelSourceChangeSubmittedEvent' },
      to: { type: 'EiffelConfidenceLevelModifiedEvent', data: { name: 'readyForRelease', value: 'SUCCESS' } },
    },
    {
      query: `from=ArtifactCreated,identity=pkg:maven/com.othercompany.library/third-party-library@3.2.4&to=ArtifactCreated&since=1795430000000&until=${encodeURIComponent('2026-11-23T18:00:00.000Z')}`,
      from: {
        type: 'EiffelArtifactCreatedEvent',
        data: { identity: 'pkg:maven/com.othercompany.library/third-party-library@3.2.4' },
      },
      to: { type: 'EiffelArtifactCreatedEvent' },
      since: 1795430000000,
      until: Date.parse('2026-11-23T18:00:00.000Z'),
    },
  ];
  for (const testCase of cases) {
    it(`answers lead-time statistics like an independent computation: ${testCase.query}`, async () => {
      const answer = await get<LeadTimeStats>(`/lead-time/stats?${testCase.query}&groupBy=week`);
      const expected = expectedLeadTimes(events, testCase.from, testCase.to, testCase.since, testCase.until);
      expect(expected.leads.length).toBeGreaterThan(10);
      expect(answer).toMatchObject({
        ...expectedStats(expected.leads.map((l) => l.lead)),
        unmatched: expected.unmatched,
      });
      const weeks = new Map<string, number[]>();
      for (const { toTime, lead } of expected.leads) {
        const day = new Date(toTime);
        const monday = new Date(
          Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - ((day.getUTCDay() + 6) % 7)),
        );
        const key = monday.toISOString().slice(0, 10);
        weeks.set(key, [...(weeks.get(key) ?? []), lead]);
      }
      expect(answer.groups).toEqual(
        [...weeks.keys()].sort().map((week) => ({ week, ...expectedStats(weeks.get(week) ?? []) })),
      );
    });
  }

  it('documents the report routes in the OpenAPI document', async () => {
    const document = await get<{ paths: Record<string, { get?: { parameters?: { name: string }[] } }> }>(
      '/openapi.json',
    );
    const names = (path: string) => (document.paths[path]?.get?.parameters ?? []).map((p) => p.name).sort();
    expect(names('/trace/{id}/contents')).toEqual(['id', 'limit', 'maxDepth', 'since']);
    expect(names('/trace/{id}/releases')).toEqual(['id', 'limit', 'maxDepth', 'until']);
    expect(names('/lead-time/stats')).toEqual(['from', 'groupBy', 'since', 'to', 'until']);
  });

  it('refuses bad lead-time statistics parameters with 400 naming the parameter', async () => {
    for (const [query, parameter] of [
      ['from=NoSuchEvent&to=ArtifactCreated', 'from'],
      ['from=ArtifactCreated&to=ArtifactCreated,buildCommand=x', 'to'],
      ['from=ArtifactCreated,identity&to=ArtifactCreated', 'from'],
      ['from=ArtifactCreated&to=ArtifactCreated&since=yesterday', 'since'],
      ['from=ArtifactCreated&to=ArtifactCreated&since=2000&until=1000', 'until'],
      ['from=ArtifactCreated&to=ArtifactCreated&groupBy=month', 'groupBy'],
      ['to=ArtifactCreated', 'from'],
    ] as const) {
      const response = await app.inject({ url: `/lead-time/stats?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json<{ error: { message: string } }>().error.message, query).toContain(`${parameter}:`);
    }
  });
});
