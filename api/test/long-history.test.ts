import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { generateLongHistory } from '@tracey/graph/testing';
import { buildApp } from '@tracey/api';
import { ingest } from '@tracey/api/testing';
import { eiffelEvent } from '@tracey/schemas';
import type { LeadTime } from '../src/queries/lead-time.js';
import type { TraceContents } from '../src/queries/contents-report.js';
import type { TraceReleases } from '../src/queries/trace-releases.js';
import { testServices } from '@tracey/testing';
import { startQueryApi, type QueryApiHarness } from './support/query-api-harness.js';
import {
  expectedContents,
  expectedReleases,
  rawEvents,
  type RawEvent,
} from './support/independent-reports.js';
import { ContentReach, previousFinder, upstreamOf } from './support/independent-history.js';
// The history index's own module: the API answers the same whether it proves a chain or a search
// finds one, so only asking it directly shows that it does its part.
import { chainThroughIndex } from '../src/queries/history-index.js';

// One component with 5,000 builds (BASE and PREVIOUS_VERSION chains, a diamond of components,
// work items resolved by several changes, third-party components, changes whose clock runs 90 s
// ahead): every answer is complete and right, or refused — checked against computations over
// the input alone.
const BUILDS = 5000;

interface ErrorAnswer {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details: Record<string, unknown>;
  };
}

describe(`answers on a long history (${BUILDS} builds)`, () => {
  const services = testServices();
  const ordered = JSON.parse(JSON.stringify(generateLongHistory({ builds: BUILDS }))) as RawEvent[];
  const events = rawEvents(ordered);
  const byType = (type: string, name?: string) =>
    ordered.filter((e) => e.meta.type === type && (name === undefined || e.data['name'] === name));
  const appChanges = byType('EiffelSourceChangeCreatedEvent').filter(
    (e) => (e.data['gitIdentifier'] as { repoName: string }).repoName === 'app',
  );
  const levels = byType('EiffelConfidenceLevelModifiedEvent');
  const newest = levels.at(-1)?.meta.id ?? '';
  const oldestChange = appChanges[0]?.meta.id ?? '';
  let random = 12_345;
  const pick = <T>(list: readonly T[]): T => {
    random = (random * 1_103_515_245 + 12_345) % 2 ** 31;
    return list[random % list.length] as T;
  };
  let api: QueryApiHarness;
  let app: FastifyInstance;
  // The same API with lead time searched in the time window from the start (no history index,
  // no unpruned try): both must give the same answers.
  let pruned: FastifyInstance;

  beforeAll(async () => {
    api = await startQueryApi(services, { raw: ordered });
    ({ app } = api);
    pruned = buildApp({
      graph: api.writer,
      config: { apiToken: undefined, readAuth: 'optional', quickSearchMs: 0, historyIndex: false },
      logger: pino({ level: 'silent' }),
    });
  }, 300_000);

  afterAll(async () => {
    await pruned.close();
    await api.close();
  });

  async function answer<T>(url: string, status = 200, on: FastifyInstance = app): Promise<T> {
    const response = await on.inject({ url });
    expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(status);
    return response.json<T>();
  }

  async function inParallel<T>(
    list: readonly T[],
    check: (item: T) => Promise<void>,
    width = 8,
  ): Promise<void> {
    for (let start = 0; start < list.length; start += width)
      await Promise.all(list.slice(start, start + width).map(check));
  }

  it('has the shape it claims', () => {
    expect(appChanges.length).toBe(BUILDS);
    expect(ordered.length).toBeGreaterThan(35_000);
    // The oldest change is more than 1,000 links below the newest release.
    expect(events.get(appChanges[1]?.meta.id ?? '')?.links.map((l) => l.type)).toEqual(
      expect.arrayContaining(['BASE', 'PREVIOUS_VERSION']),
    );
  });

  it('answers lead time exactly for 200 connected pairs, the oldest change → newest release among them', async () => {
    const pairs: [string, string][] = [[oldestChange, newest]];
    while (pairs.length < 200) {
      const to = pick(ordered).meta.id;
      const upstream = [...upstreamOf(events, to)];
      if (upstream.length > 0) pairs.push([pick(upstream), to]);
    }
    let longest = 0;
    await inParallel(pairs, async ([from, to]) => {
      const lead = await answer<LeadTime>(`/lead-time?from=${from}&to=${to}`);
      // Chains need not be unique: the two may show different ones, and the history index's
      // chain need not be the shortest.
      const inWindow = await answer<LeadTime>(`/lead-time?from=${from}&to=${to}`, 200, pruned);
      const figures = ({ milliseconds, duration, clockSkew }: LeadTime) => ({
        milliseconds,
        duration,
        clockSkew,
      });
      expect(figures(inWindow)).toEqual(figures(lead));
      expect(lead.pathLength).toBeGreaterThanOrEqual(inWindow.pathLength);
      const expected = (events.get(to)?.meta.time ?? 0) - (events.get(from)?.meta.time ?? 0);
      expect(lead.milliseconds, `${from} → ${to}`).toBe(expected);
      expect(lead.clockSkew).toBe(expected < 0);
      expect(lead.path[0]?.id).toBe(from);
      expect(lead.path.at(-1)?.id).toBe(to);
      // Each shown step is linked to by the next, by the link type it names.
      lead.path.forEach((step, index) => {
        const next = lead.path[index + 1];
        if (step.linkType === undefined || next === undefined) return;
        expect(events.get(next.id)?.links).toContainEqual({ type: step.linkType, target: step.id });
      });
      expect(lead.path.length + lead.pathElided).toBe(lead.pathLength + 1);
      longest = Math.max(longest, lead.pathLength);
    });
    expect(longest).toBeGreaterThan(BUILDS);
  }, 300_000);

  it('proves the oldest change → newest release through the history index, and no unconnected pair', async () => {
    const proved = await api.writer.read('test', (tx) => chainThroughIndex(tx, oldestChange, newest, 100));
    expect(proved?.links).toBeGreaterThan(BUILDS);
    expect(proved?.nodes[0]?.id).toBe(newest);
    expect(proved?.nodes.at(-1)?.id).toBe(oldestChange);
    const reversed = await api.writer.read('test', (tx) => chainThroughIndex(tx, newest, oldestChange, 100));
    expect(reversed).toBeUndefined();
  });

  it('answers 422 API_NOT_CONNECTED for unconnected pairs, and says when they are the other way round', async () => {
    const pairs: [string, string][] = [[levels[0]?.meta.id ?? '', oldestChange]];
    while (pairs.length < 50) {
      const from = pick(ordered).meta.id;
      const to = pick(ordered).meta.id;
      if (from !== to && !upstreamOf(events, to).has(from)) pairs.push([from, to]);
    }
    await inParallel(pairs, async ([from, to]) => {
      const refusal = await answer<ErrorAnswer>(`/lead-time?from=${from}&to=${to}`, 422);
      expect(refusal.error.code).toBe('API_NOT_CONNECTED');
      // The pruned search says its "no" holds for clocks within the tolerance.
      const windowed = await answer<ErrorAnswer>(`/lead-time?from=${from}&to=${to}`, 422, pruned);
      expect(windowed.error.code).toBe('API_NOT_CONNECTED');
      expect(windowed.error.details['searched']).toBe('time-window');
      expect(windowed.error.details['reverseConnected']).toBe(refusal.error.details['reverseConnected']);
      expect(['whole-graph', 'time-window']).toContain(refusal.error.details['searched']);
      expect(refusal.error.details['reverseConnected']).toBe(upstreamOf(events, from).has(to));
    });
  }, 300_000);

  it('answers a negative lead time when a linked clock runs ahead, within the skew tolerance only', async () => {
    // Every 7th change claims a time 89 s after its own submission.
    const skewed = appChanges.filter((_, index) => index % 7 === 6).slice(0, 20);
    expect(skewed.length).toBe(20);
    const submissionOf = (id: string) =>
      ordered.find(
        (e) => e.meta.type === 'EiffelSourceChangeSubmittedEvent' && e.links.some((l) => l.target === id),
      );
    for (const change of skewed) {
      const submission = submissionOf(change.meta.id);
      const lead = await answer<LeadTime>(
        `/lead-time?from=${change.meta.id}&to=${submission?.meta.id ?? ''}`,
      );
      expect(lead.milliseconds).toBe(-89_000);
      expect(lead.clockSkew).toBe(true);
    }
    // From a skewed change to its release, every chain passes its submission, older than the
    // change's claimed time: the time-window search finds it only because it allows for skew.
    const change = skewed[0]?.meta.id ?? '';
    const release = levels.find((e) => upstreamOf(events, e.meta.id).has(change))?.meta.id ?? '';
    await answer<LeadTime>(`/lead-time?from=${change}&to=${release}`);
    await answer<LeadTime>(`/lead-time?from=${change}&to=${release}`, 200, pruned);
    const strict = buildApp({
      graph: api.writer,
      config: {
        apiToken: undefined,
        readAuth: 'optional',
        clockSkewMs: 0,
        quickSearchMs: 0,
        historyIndex: false,
      },
      logger: pino({ level: 'silent' }),
    });
    try {
      const refusal = await answer<ErrorAnswer>(`/lead-time?from=${change}&to=${release}`, 422, strict);
      expect(refusal.error.code).toBe('API_NOT_CONNECTED');
    } finally {
      await strict.close();
    }
  }, 120_000);

  it('answers full contents and releases like the input says, or refuses exactly at the limits', async () => {
    const contents = await answer<TraceContents>(`/trace/${newest}/contents?limit=100000`);
    const expected = expectedContents(events, newest);
    const listed = [
      ...contents.sourceChanges,
      ...contents.artifacts,
      ...contents.thirdPartyComponents,
      ...contents.compositions,
      ...contents.otherEvents,
    ];
    expect(listed.map((item) => item.id).sort()).toEqual([...expected.depths.keys()].sort());
    for (const item of listed) expect(item.depth).toBe(expected.depths.get(item.id));
    expect(contents.sourceChanges.length).toBe(expected.sourceChanges.length);
    expect(contents.sourceChanges.length).toBeGreaterThan(2 * BUILDS);
    const size = expected.depths.size;
    const deepest = Math.max(...expected.depths.values());
    expect(deepest).toBeGreaterThan(1000);
    // Default limit (10,000): refused, never cut.
    expect((await answer<ErrorAnswer>(`/trace/${newest}/contents`, 422)).error.details).toEqual({
      limit: 'limit',
      value: 10_000,
    });
    await answer<TraceContents>(`/trace/${newest}/contents?limit=${size}`);
    expect((await answer<ErrorAnswer>(`/trace/${newest}/contents?limit=${size - 1}`, 422)).error.code).toBe(
      'API_LIMIT_EXCEEDED',
    );
    await answer<TraceContents>(`/trace/${newest}/contents?limit=100000&maxDepth=${deepest}`);
    expect(
      (await answer<ErrorAnswer>(`/trace/${newest}/contents?limit=100000&maxDepth=${deepest - 1}`, 422)).error
        .details,
    ).toEqual({ limit: 'maxDepth', value: deepest - 1 });

    const releases = await answer<TraceReleases>(`/trace/${oldestChange}/releases?limit=100000`);
    const up = expectedReleases(events, oldestChange);
    expect(releases.confidenceLevels.map((item) => item.id).sort()).toEqual(up.confidenceLevels);
    expect(releases.confidenceLevels.length).toBe(levels.length);
    expect(releases.artifacts.map((item) => item.id).sort()).toEqual(up.artifacts);
    expect((await answer<ErrorAnswer>(`/trace/${oldestChange}/releases`, 422)).error.code).toBe(
      'API_LIMIT_EXCEEDED',
    );
    // Until a release: only what came up to it.
    const until = levels[Math.floor(levels.length / 3)];
    const bounded = await answer<TraceReleases>(
      `/trace/${oldestChange}/releases?limit=100000&until=${until?.meta.id ?? ''}`,
    );
    expect(bounded.confidenceLevels.map((item) => item.id).sort()).toEqual(
      up.confidenceLevels.filter((id) => (events.get(id)?.meta.time ?? 0) <= (until?.meta.time ?? 0)),
    );
    expect(bounded.until?.id).toBe(until?.meta.id);
  }, 300_000);

  it('says truncated, and why, exactly when a traversal passes its limit or depth', async () => {
    const upstream = upstreamOf(events, newest);
    const whole = await answer<{ nodes: { id: string }[]; truncated: boolean; truncatedBy: string | null }>(
      `/events/${newest}/upstream?limit=100000`,
    );
    expect(whole.truncated).toBe(false);
    expect(whole.nodes.length).toBe(upstream.size + 1);
    const cut = await answer<{ nodes: unknown[]; truncatedBy: string | null; reached: number }>(
      `/events/${newest}/upstream?limit=${upstream.size}`,
    );
    expect(cut).toMatchObject({ truncatedBy: 'limit', reached: upstream.size });
    const exact = await answer<{ truncatedBy: string | null }>(
      `/events/${newest}/upstream?limit=${upstream.size + 1}`,
    );
    expect(exact.truncatedBy).toBeNull();
    const shallow = await answer<{ nodes: { depth: number }[]; truncatedBy: string | null }>(
      `/events/${newest}/upstream?maxDepth=3`,
    );
    expect(shallow.truncatedBy).toBe('maxDepth');
    expect(Math.max(...shallow.nodes.map((node) => node.depth))).toBe(3);
    // A bound that cuts nothing is no cut.
    const first = levels[0]?.meta.id ?? '';
    const small = upstreamOf(events, first);
    const depthOf = await answer<{ nodes: { depth: number }[] }>(`/events/${first}/upstream`);
    const depth = Math.max(...depthOf.nodes.map((node) => node.depth));
    expect(depthOf.nodes.length).toBe(small.size + 1);
    expect(
      (await answer<{ truncated: boolean }>(`/events/${first}/upstream?maxDepth=${depth}`)).truncated,
    ).toBe(false);
  }, 120_000);

  it('answers since=previous like the independent set difference, for every confidence level', async () => {
    const reach = new ContentReach(ordered, events);
    const previous = previousFinder(events);
    const resolvers = new Map<string, string[]>();
    for (const event of ordered) {
      for (const link of event.links) {
        if (link.type.endsWith('RESOLVED_ISSUE'))
          resolvers.set(link.target, [...(resolvers.get(link.target) ?? []), event.meta.id]);
      }
    }
    const wrong: string[] = [];
    let changes = 0;
    let workItems = 0;
    let firsts = 0;
    await inParallel(levels, async (level) => {
      const id = level.meta.id;
      const notes = await answer<TraceContents>(`/trace/${id}/contents?since=previous`);
      const before = previous(id);
      if (before === null) {
        firsts++;
        if (notes.since !== null) wrong.push(`${id}: since ${notes.since.id}, expected none`);
        return;
      }
      const expected = reach.difference(id, before);
      const listed = [
        ...notes.sourceChanges,
        ...notes.artifacts,
        ...notes.thirdPartyComponents,
        ...notes.compositions,
        ...notes.otherEvents,
        ...notes.missing,
      ].map((item) => item.id);
      // A work item is new when no change the previous release holds resolves it.
      const expectedItems = [...reach.workItemsOf(expected)].filter(
        (item) => !(resolvers.get(item) ?? []).some((change) => reach.reaches(before, change)),
      );
      const items = notes.workItems.map((item) => item.eventId ?? '');
      if (
        notes.since?.id !== before ||
        JSON.stringify(listed.sort()) !== JSON.stringify([...expected].sort()) ||
        JSON.stringify(items.sort()) !== JSON.stringify(expectedItems.sort())
      ) {
        wrong.push(id);
      }
      changes += notes.sourceChanges.length;
      workItems += notes.workItems.length;
    });
    expect(wrong).toEqual([]);
    expect(firsts).toBe(2);
    expect(changes).toBeGreaterThan(2 * BUILDS);
    expect(workItems).toBeGreaterThan(BUILDS / 20);
  }, 900_000);

  // Last: it writes events of its own. Compositions each made of the one before start a chain
  // each, linked up to the one below: a proof climbs one chain per composition, here 59 of them,
  // more than one round trip's steps (UP_HOPS) many times over.
  it('proves a chain through the index across 59 chain-to-chain steps, and answers its lead time', async () => {
    const stack: ReturnType<ReturnType<typeof eiffelEvent>['build']>[] = [];
    let time = Date.UTC(2031, 0, 1);
    for (let level = 0; level < 60; level++) {
      const builder = eiffelEvent(
        'EiffelCompositionDefinedEvent',
        { name: `stacked-${level}` },
        { time: (time += 1_000), source: { name: 'long-history-test' } },
      );
      const below = stack.at(-1);
      if (below !== undefined) builder.link('ELEMENT', below);
      stack.push(builder.build());
    }
    await ingest(api.writer, stack);
    const [bottom, top] = [stack[0]?.meta.id ?? '', stack.at(-1)?.meta.id ?? ''];
    const proved = await api.writer.read('test', (tx) => chainThroughIndex(tx, bottom, top, 100));
    // The only chain there is: every composition, top to bottom, 59 links.
    expect(proved?.links).toBe(59);
    expect(proved?.nodes.map((node) => node.id)).toEqual(stack.map((event) => event.meta.id).reverse());
    const lead = await answer<LeadTime>(`/lead-time?from=${bottom}&to=${top}`);
    expect(lead.pathLength).toBe(59);
    expect(lead.milliseconds).toBe(59_000);
  });
});
