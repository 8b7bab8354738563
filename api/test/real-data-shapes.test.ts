import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApp } from '@tracey/api';
import type { LeadTime } from '../src/queries/lead-time.js';
import type { TraceContents } from '../src/queries/contents-report.js';
import type { TraceReleases } from '../src/queries/trace-releases.js';
import type { TraversalResult } from '../src/queries/traversal.js';
import { testServices } from '@tracey/testing';
import { startQueryApi, type QueryApiHarness } from './support/query-api-harness.js';
import type { InputEvent } from '@tracey/api/testing';
import { independentBfs } from './support/independent-bfs.js';
import {
  expectedContents,
  expectedReleases,
  rawEvents,
  type RawEvent,
} from './support/independent-reports.js';
import { ContentReach } from './support/independent-history.js';
import {
  DOMAINS,
  QA_GATE_SKEW_MS,
  RELEASE_GATE_SKEW_MS,
  generateRealDataShapes,
} from './support/real-data-shapes.js';

// Issue 16, item 6: the API on data shaped like a real installation's — a third-party library
// 20,000 builds are made of, three domains linking across each other, gates whose clocks run 4
// and 8 minutes behind the build farm's, SBOMs of over 1 MB — checked against computations over
// the generated input alone.
const SERVICES = 20;
const BUILDS_PER_SERVICE = 1000;
/** The API's documented default clock-skew tolerance (docs/api.md, "Clocks"), written out. */
const TOLERANCE_MS = 300_000;

interface ErrorAnswer {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details: Record<string, unknown>;
  };
}
/** A generated event as JSON, with what this test reads of it. */
interface Generated {
  readonly meta: {
    readonly id: string;
    readonly type: string;
    readonly time: number;
    readonly source: { readonly domainId: string; readonly name: string };
  };
  readonly data: Readonly<Record<string, unknown>>;
  readonly links: readonly { readonly type: string; readonly target: string; readonly domainId?: string }[];
}
type Listed = { readonly id: string; readonly depth: number };

describe('answers on real-data shapes: a hot library, three domains, skewed clocks, 1 MB events', () => {
  const services = testServices();
  const shapes = generateRealDataShapes({ services: SERVICES, buildsPerService: BUILDS_PER_SERVICE });
  const ordered = JSON.parse(JSON.stringify(shapes.events)) as Generated[];
  const events = rawEvents(ordered);
  const byId = new Map(ordered.map((e) => [e.meta.id, e]));
  const inputs = new Map<string, InputEvent>(
    ordered.map((e) => [e.meta.id, { id: e.meta.id, type: e.meta.type, time: e.meta.time, links: e.links }]),
  );
  const { hot, large } = shapes;
  const levels = (name: string) =>
    ordered.filter((e) => e.meta.type === 'EiffelConfidenceLevelModifiedEvent' && e.data['name'] === name);
  const candidates = levels('RELEASE_CANDIDATE');
  const ready = levels('readyForRelease');
  const subjectOf = (level: RawEvent) => level.links.find((l) => l.type === 'SUBJECT')?.target ?? '';
  /** The release candidate of the first large artifact: its contents hold the hot library too. */
  const largeRelease = candidates.find((level) => subjectOf(level) === large[0]) as RawEvent;
  const time = (id: string) => events.get(id)?.meta.time ?? Number.NaN;
  /** The source change built into the large artifact: the nearest one in its release's contents. */
  const largeContents = expectedContents(events, largeRelease.meta.id);
  const change =
    largeContents.sourceChanges
      .filter((id) => events.get(id)?.meta.type === 'EiffelSourceChangeCreatedEvent')
      .sort((a, b) => (largeContents.depths.get(a) ?? 0) - (largeContents.depths.get(b) ?? 0))[0] ?? '';
  let api: QueryApiHarness;
  let app: FastifyInstance;

  beforeAll(async () => {
    api = await startQueryApi(services, { raw: ordered });
    ({ app } = api);
  }, 300_000);

  afterAll(async () => {
    await api.close();
  });

  async function answer<T>(url: string, status = 200, on: FastifyInstance = app): Promise<T> {
    const response = await on.inject({ url });
    expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(status);
    return response.json<T>();
  }

  /** An app on the same graph with other settings, closed after `use`. */
  async function withApp(
    config: { clockSkewMs?: number; quickSearchMs?: number; historyIndex?: boolean },
    use: (other: FastifyInstance) => Promise<void>,
  ): Promise<void> {
    const other = buildApp({
      graph: api.writer,
      config: { apiToken: undefined, readAuth: 'optional', ...config },
      logger: pino({ level: 'silent' }),
    });
    try {
      await use(other);
    } finally {
      await other.close();
    }
  }

  it('has the shapes it claims', () => {
    const incoming = ordered.filter((e) => e.links.some((l) => l.target === hot)).length;
    expect(incoming).toBe(SERVICES * BUILDS_PER_SERVICE);
    expect(incoming).toBeGreaterThanOrEqual(20_000);
    expect(new Set(ordered.map((e) => e.meta.source.domainId))).toEqual(new Set(Object.values(DOMAINS)));
    const domainOf = (id: string) => byId.get(id)?.meta.source.domainId;
    const crossing = ordered.flatMap((e) =>
      e.links.filter((l) => domainOf(l.target) !== e.meta.source.domainId),
    );
    // Every link into another domain names it, and only those do.
    expect(crossing.length).toBeGreaterThan(20_000);
    expect(crossing.every((l) => l.domainId === domainOf(l.target))).toBe(true);
    expect(ordered.flatMap((e) => e.links).filter((l) => l.domainId !== undefined).length).toBe(
      crossing.length,
    );
    expect(large.length).toBe(2);
    for (const id of large)
      expect(Buffer.byteLength(JSON.stringify(events.get(id)))).toBeGreaterThan(1_000_000);
    expect(largeRelease).toBeDefined();
    // The gates' clocks: the QA gate's within the tolerance, the release gate's past it.
    expect(time(ready[0]?.meta.id ?? '') - time(subjectOf(ready[0] as RawEvent))).toBe(
      60_000 + QA_GATE_SKEW_MS,
    );
    expect(-QA_GATE_SKEW_MS).toBeLessThan(TOLERANCE_MS);
    expect(-RELEASE_GATE_SKEW_MS).toBeGreaterThan(TOLERANCE_MS);
    expect(candidates.length).toBe(SERVICES * (BUILDS_PER_SERVICE / 100));
  });

  it('walks downstream of the hot library completely, or says it is cut by the limit', async () => {
    const expected = independentBfs(inputs, hot, 'downstream');
    expect(expected.depths.size).toBeGreaterThan(20_000);
    const whole = await answer<TraversalResult>(`/events/${hot}/downstream?limit=100000`);
    expect(whole).toMatchObject({ truncated: false, truncatedBy: null, reached: expected.depths.size });
    expect(new Map(whole.nodes.map((node) => [node.id, node.depth]))).toEqual(expected.depths);
    expect(new Set(whole.edges.map((e) => `${e.source}|${e.target}|${e.linkType}`))).toEqual(expected.edges);
    // The default limit (10,000) and one short of the whole: cut, and said so.
    for (const url of [
      `/events/${hot}/downstream`,
      `/events/${hot}/downstream?limit=${expected.depths.size - 1}`,
    ]) {
      const cut = await answer<TraversalResult>(url);
      expect(cut).toMatchObject({ truncated: true, truncatedBy: 'limit' });
      expect(cut.reached).toBe(cut.nodes.length);
      expect(cut.nodes.length).toBe(url.includes('limit') ? expected.depths.size - 1 : 10_000);
      for (const node of cut.nodes) expect(node.depth).toBe(expected.depths.get(node.id));
    }
    const exact = await answer<TraversalResult>(`/events/${hot}/downstream?limit=${expected.depths.size}`);
    expect(exact.truncatedBy).toBeNull();
    // Stored as sent: one relationship per linking build.
    const stored = await api.driver.executeQuery(
      'MATCH (:Event {id: $hot})<-[r:ELEMENT]-() RETURN count(r) AS n',
      {
        hot,
      },
    );
    expect(Number(stored.records[0]?.get('n'))).toBe(SERVICES * BUILDS_PER_SERVICE);
  }, 120_000);

  it('walks upstream of a release through the hot library into the other domains', async () => {
    const release = candidates.at(-1) as RawEvent;
    const expected = independentBfs(inputs, release.meta.id, 'upstream');
    expect(expected.depths.get(hot)).toBe(3);
    const whole = await answer<TraversalResult>(`/events/${release.meta.id}/upstream?limit=100000`);
    expect(whole.truncated).toBe(false);
    expect(new Map(whole.nodes.map((node) => [node.id, node.depth]))).toEqual(expected.depths);
    expect(new Set(whole.edges.map((e) => `${e.source}|${e.target}|${e.linkType}`))).toEqual(expected.edges);
  }, 60_000);

  it('lists every release made of the hot library, or refuses exactly at the limit', async () => {
    const expected = expectedReleases(events, hot);
    const size = expected.depths.size;
    expect(expected.compositions.length).toBe(SERVICES * BUILDS_PER_SERVICE);
    const releases = await answer<TraceReleases>(`/trace/${hot}/releases?limit=${size}`);
    expect(releases.compositions.map((item) => item.id).sort()).toEqual(expected.compositions);
    expect(releases.artifacts.map((item) => item.id).sort()).toEqual(expected.artifacts);
    expect(releases.confidenceLevels.map((item) => item.id).sort()).toEqual(expected.confidenceLevels);
    expect(releases.otherEvents.map((item) => item.id).sort()).toEqual(expected.otherEvents);
    for (const item of [
      ...releases.compositions,
      ...releases.artifacts,
      ...releases.confidenceLevels,
    ] as Listed[])
      expect(item.depth).toBe(expected.depths.get(item.id));
    for (const url of [`/trace/${hot}/releases`, `/trace/${hot}/releases?limit=${size - 1}`]) {
      const refusal = await answer<ErrorAnswer>(url, 422);
      expect(refusal.error.code).toBe('API_LIMIT_EXCEEDED');
      expect(refusal.error.details).toEqual({
        limit: 'limit',
        value: url.includes('limit') ? size - 1 : 10_000,
      });
    }
  }, 120_000);

  it('lists the contents of a release holding the hot library and a 1 MB artifact across domains', async () => {
    const id = largeRelease.meta.id;
    const expected = largeContents;
    expect(expected.thirdPartyComponents).toContain(hot);
    expect(expected.artifacts).toContain(large[0]);
    const contents = await answer<TraceContents>(`/trace/${id}/contents?limit=100000`);
    expect(contents.sourceChanges.map((item) => item.id).sort()).toEqual(expected.sourceChanges);
    expect(contents.artifacts.map((item) => item.id).sort()).toEqual(expected.artifacts);
    expect(contents.thirdPartyComponents.map((item) => item.id).sort()).toEqual(
      expected.thirdPartyComponents,
    );
    expect(contents.compositions.map((item) => item.id).sort()).toEqual(expected.compositions);
    expect(contents.otherEvents.map((item) => item.id).sort()).toEqual(expected.otherEvents);
    for (const item of [
      ...contents.sourceChanges,
      ...contents.artifacts,
      ...contents.thirdPartyComponents,
    ] as Listed[])
      expect(item.depth).toBe(expected.depths.get(item.id));
  }, 60_000);

  it('answers GET /events/:id of a 1 MB event as it was sent, and cross-domain links with their domainId', async () => {
    for (const id of large) {
      const response = await app.inject({ url: `/events/${id}` });
      expect(response.statusCode).toBe(200);
      expect(Buffer.byteLength(response.body)).toBeGreaterThan(1_000_000);
      expect(response.body === JSON.stringify(byId.get(id)), 'byte-identical').toBe(true);
      expect(response.json()).toEqual(events.get(id));
    }
    const gate = await answer<RawEvent & { links: { domainId?: string }[] }>(
      `/events/${largeRelease.meta.id}`,
    );
    expect(gate.links).toEqual([{ type: 'SUBJECT', target: large[0], domainId: DOMAINS.ci }]);
    // The Event Repository search by domain: the release candidates, with their links as sent.
    const page = await answer<{ totalNumberItems: number; items: RawEvent[] }>(
      `/events?meta.source.domainId=${DOMAINS.qa}&meta.type=EiffelConfidenceLevelModifiedEvent&data.name=RELEASE_CANDIDATE&pageSize=1000`,
    );
    expect(page.totalNumberItems).toBe(candidates.length);
    expect(page.items.map((e) => e.meta.id).sort()).toEqual(candidates.map((e) => e.meta.id).sort());
    for (const item of page.items) expect(item).toEqual(events.get(item.meta.id));
  }, 60_000);

  it('answers lead time from the hot library, and negative lead times flagged clockSkew, minutes off', async () => {
    const release = largeRelease.meta.id;
    const fromHot = await answer<LeadTime>(`/lead-time?from=${hot}&to=${release}`);
    expect(fromHot).toMatchObject({
      milliseconds: time(release) - time(hot),
      clockSkew: false,
      pathLength: 3,
    });
    // Each gate against the artifact it judged, one and two minutes after it was made: by their
    // clocks, 3 and 6 minutes before it.
    for (const [level, delay, skew] of [
      [ready.find((e) => subjectOf(e) === large[0]) as RawEvent, 60_000, QA_GATE_SKEW_MS],
      [largeRelease, 120_000, RELEASE_GATE_SKEW_MS],
    ] as const) {
      const lead = await answer<LeadTime>(`/lead-time?from=${subjectOf(level)}&to=${level.meta.id}`);
      expect(lead.milliseconds).toBe(delay + skew);
      expect(lead.milliseconds).toBe(time(level.meta.id) - time(subjectOf(level)));
      expect(lead.clockSkew).toBe(true);
    }
  }, 60_000);

  it('finds chains through a clock 8 minutes off by default; pruning by time alone hides them, as documented', async () => {
    // From a change to the release candidate of its build: the artifact on the way claims a time
    // 6 minutes after the release candidate's, past the tolerance.
    const release = largeRelease.meta.id;
    const readiness = ready.find((e) => subjectOf(e) === large[0])?.meta.id ?? '';
    expect(time(subjectOf(largeRelease)) - time(release)).toBeGreaterThan(TOLERANCE_MS);
    const lead = await answer<LeadTime>(`/lead-time?from=${change}&to=${release}`);
    expect(lead.milliseconds).toBe(time(release) - time(change));
    await withApp({ quickSearchMs: 0, historyIndex: false }, async (pruned) => {
      // Within the tolerance, the pruned search finds the same figure...
      const within = await answer<LeadTime>(`/lead-time?from=${change}&to=${readiness}`, 200, pruned);
      expect(within.milliseconds).toBe(time(readiness) - time(change));
      // ...past it, the chain is hidden: docs/api.md "Clocks" — "a clock off by more than that
      // can hide a chain from those searches".
      const hidden = await answer<ErrorAnswer>(`/lead-time?from=${change}&to=${release}`, 422, pruned);
      expect(hidden.error.code).toBe('API_NOT_CONNECTED');
      // ...and the answer says its "no" holds only for clocks within the tolerance.
      expect(hidden.error.details['searched']).toBe('time-window');
      expect(hidden.error.message).toContain('TRACEY_API_CLOCK_SKEW_MS');
    });
  }, 60_000);

  it('prunes until= by time with the tolerance, exactly as documented', async () => {
    // docs/api.md: with `until`, only releases up to that release's time are listed, and only
    // events up to then plus the clock-skew tolerance are searched. The oracle applies exactly that
    // rule to the input: events past the bound are left out of the graph it walks.
    const expectedUntil = (start: string, until: string) => {
      const bound = time(until);
      const kept = new Map([...events].filter(([, e]) => e.meta.time <= bound + TOLERANCE_MS));
      const found = expectedReleases(kept, start);
      return [...found.depths.keys()].filter((id) => time(id) <= bound).sort();
    };
    const release = largeRelease.meta.id;
    const readiness = ready.find((e) => subjectOf(e) === large[0])?.meta.id ?? '';
    const listed = (r: TraceReleases) =>
      [...r.compositions, ...r.artifacts, ...r.confidenceLevels, ...r.otherEvents]
        .map((item) => item.id)
        .sort();
    for (const [start, until] of [
      [change, readiness],
      [change, release],
      [hot, readiness],
    ] as const) {
      const bounded = await answer<TraceReleases>(`/trace/${start}/releases?limit=100000&until=${until}`);
      expect(bounded.until?.id).toBe(until);
      expect(listed(bounded), `${start} until ${until}`).toEqual(expectedUntil(start, until));
    }
    // The QA gate (4 minutes behind) is listed up to itself; the release gate (8 minutes behind)
    // is not, though it is a release of the change — the documented limit.
    const toReadiness = await answer<TraceReleases>(
      `/trace/${change}/releases?limit=100000&until=${readiness}`,
    );
    expect(toReadiness.confidenceLevels.map((item) => item.id)).toContain(readiness);
    const toRelease = await answer<TraceReleases>(`/trace/${change}/releases?limit=100000&until=${release}`);
    expect(toRelease.confidenceLevels.map((item) => item.id)).not.toContain(release);
    const unbounded = await answer<TraceReleases>(`/trace/${change}/releases?limit=100000`);
    expect(unbounded.confidenceLevels.map((item) => item.id)).toContain(release);
  }, 120_000);

  it('answers since=previous exactly within the tolerance; past it, over-reports held events, never loses new ones', async () => {
    const reach = new ContentReach(ordered, events);
    const notesOf = async (id: string) => {
      const notes = await answer<TraceContents>(`/trace/${id}/contents?since=previous&limit=100000`);
      return {
        since: notes.since?.id,
        ids: [
          ...notes.sourceChanges,
          ...notes.artifacts,
          ...notes.thirdPartyComponents,
          ...notes.compositions,
          ...notes.otherEvents,
          ...notes.missing,
        ]
          .map((item) => item.id)
          .sort(),
      };
    };
    // The readiness of the service-0 artifact after the large one, since the large one's.
    const readinessOf = (artifact: string) => ready.find((e) => subjectOf(e) === artifact)?.meta.id ?? '';
    const next =
      ordered.find(
        (e) =>
          e.meta.type === 'EiffelArtifactCreatedEvent' &&
          e.links.some((l) => l.type === 'PREVIOUS_VERSION' && l.target === large[0]),
      )?.meta.id ?? '';
    const [after, before] = [readinessOf(next), readinessOf(large[0] ?? '')];
    const notes = await notesOf(after);
    expect(notes.since).toBe(before);
    expect(notes.ids).toEqual([...reach.difference(after, before)].sort());
    expect(notes.ids.length).toBeGreaterThan(0);

    // Release candidates, 8 minutes behind: the previous one's chain to what it holds passes its
    // artifact, 6 minutes after it by the clocks, so the walk cannot see it is held (docs/api.md,
    // "Clocks"). Everything new is listed; the rest listed is held by the previous release.
    const release =
      candidates.find(
        (e) =>
          time(e.meta.id) > time(largeRelease.meta.id) &&
          subjectOf(e).length > 0 &&
          events.get(subjectOf(e))?.data['name'] === 'svc-00',
      )?.meta.id ?? '';
    const over = await notesOf(release);
    expect(over.since).toBe(largeRelease.meta.id);
    const truly = reach.difference(release, largeRelease.meta.id);
    expect(over.ids).toEqual(expect.arrayContaining([...truly]));
    const extra = over.ids.filter((id) => !truly.has(id));
    expect(extra.length).toBeGreaterThan(0);
    for (const id of extra) expect(reach.reaches(largeRelease.meta.id, id), id).toBe(true);
  }, 120_000);
});
