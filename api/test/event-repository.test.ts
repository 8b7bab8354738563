import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testServices } from '@tracey/testing';
import { eiffelEvent } from '@tracey/schemas';
import { loadInputEvents, type InputEvent } from '@tracey/api/testing';
import { startQueryApi, type QueryApiHarness } from './support/query-api-harness.js';
import { independentBfs } from './support/independent-bfs.js';
import { comparisonSample } from './support/comparison-sample.js';

interface RawEvent {
  readonly meta: {
    readonly id: string;
    readonly type: string;
    readonly time: number;
    readonly version: string;
    readonly source?: { readonly domainId?: string };
  };
  readonly data: Record<string, unknown>;
  readonly links?: readonly { readonly type: string; readonly target: string }[];
}

interface Page {
  readonly pageNo: number;
  readonly pageSize: number;
  readonly totalNumberItems: number;
  readonly items: RawEvent[];
}

interface LinkObjects {
  readonly upstreamLinkObjects: unknown[];
  readonly downstreamLinkObjects: unknown[];
}

// Newest first, then by id: the order the API promises.
const newestFirst = (a: RawEvent, b: RawEvent) =>
  b.meta.time - a.meta.time || (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0);

// The fixture flows link to no event that is missing. One event of this test's own links to an id
// never sent (a placeholder) beside a deep fixture event, and comes first, so that the answers
// really have a placeholder to leave out, and the limit one to count.
const MISSING = '0badc0de-0000-4000-8000-00000000dead';
function withMissingTarget(fixtures: ReturnType<typeof loadInputEvents>): ReturnType<typeof loadInputEvents> {
  const deep = [...fixtures.events.keys()].find(
    (id) => independentBfs(fixtures.events, id, 'upstream').depths.size > 20,
  );
  if (deep === undefined) throw new Error('no fixture event has an upstream of more than 20 events');
  const built = eiffelEvent('EiffelArtifactCreatedEvent', {
    identity: 'pkg:npm/%40acme/placeholder-test@1.0.0',
  }).build();
  const event = {
    ...built,
    links: [
      { type: 'CAUSE', target: MISSING },
      { type: 'CAUSE', target: deep },
    ],
  };
  const input: InputEvent = {
    id: event.meta.id,
    type: event.meta.type,
    time: event.meta.time,
    links: event.links,
  };
  return { raw: [event, ...fixtures.raw], events: new Map([[input.id, input], ...fixtures.events]) };
}

describe('Event Repository compatible search on Neo4j with the flows and the reference data', () => {
  const services = testServices();
  const { raw, events } = withMissingTarget(loadInputEvents());
  const input = raw as RawEvent[];
  const byId = new Map(input.map((event) => [event.meta.id, event]));
  let api: QueryApiHarness;
  let app: FastifyInstance;

  beforeAll(async () => {
    api = await startQueryApi(services, { raw, apiToken: 'test-token-0123456789' });
    ({ app } = api);
  });

  afterAll(() => api.close());

  async function search(query: string): Promise<Page> {
    const response = await app.inject({ url: `/events?${query}` });
    expect(response.statusCode, `${query}: ${response.body}`).toBe(200);
    return response.json<Page>();
  }

  /** Every page of a search, checking each page's window of the expected matches. */
  async function everyPage(query: string, expected: readonly RawEvent[], pageSize: number): Promise<void> {
    const pages = Math.max(1, Math.ceil(expected.length / pageSize));
    for (let pageNo = 1; pageNo <= pages + 1; pageNo++) {
      const page = await search(`${query}&pageNo=${pageNo}&pageSize=${pageSize}`);
      expect(page, query).toMatchObject({ pageNo, pageSize, totalNumberItems: expected.length });
      const window = expected.slice((pageNo - 1) * pageSize, pageNo * pageSize);
      expect(
        page.items.map((item) => item.meta.id),
        `${query} page ${pageNo}`,
      ).toEqual(window.map((event) => event.meta.id));
    }
  }

  const time = [...input].sort(newestFirst);
  const middle = time[Math.floor(time.length / 2)]?.meta.time as number;
  const quarter = time[Math.floor((time.length * 3) / 4)]?.meta.time as number;
  const customValue = (event: RawEvent, key: string) =>
    (event.data['customData'] as { key: string; value: unknown }[] | undefined)?.find((c) => c.key === key)
      ?.value;
  const cases: [string, (event: RawEvent) => boolean][] = [
    ['meta.type=EiffelArtifactCreatedEvent', (e) => e.meta.type === 'EiffelArtifactCreatedEvent'],
    [
      'meta.type=EiffelArtifactCreatedEvent&data.identity~^pkg:maven/com.mycompany',
      (e) =>
        e.meta.type === 'EiffelArtifactCreatedEvent' &&
        String(e.data['identity']).startsWith('pkg:maven/com.mycompany'),
    ],
    [`meta.time>=${quarter}&meta.time%3C${middle}`, (e) => e.meta.time >= quarter && e.meta.time < middle],
    [
      `meta.time<=${new Date(middle).toISOString()}&meta.type!=EiffelTestCaseStartedEvent`,
      (e) => e.meta.time <= middle && e.meta.type !== 'EiffelTestCaseStartedEvent',
    ],
    [
      'meta.type=EiffelConfidenceLevelModifiedEvent&data.value=SUCCESS',
      (e) => e.meta.type === 'EiffelConfidenceLevelModifiedEvent' && e.data['value'] === 'SUCCESS',
    ],
    // Fields without a node property: checked on the stored JSON.
    [
      'data.outcome.conclusion=SUCCESSFUL',
      (e) => (e.data['outcome'] as { conclusion?: unknown } | undefined)?.conclusion === 'SUCCESSFUL',
    ],
    [
      'meta.type=EiffelActivityTriggeredEvent&data.customData.key=iteration&int(data.customData.value)>=50',
      (e) =>
        e.meta.type === 'EiffelActivityTriggeredEvent' &&
        typeof customValue(e, 'iteration') === 'number' &&
        (customValue(e, 'iteration') as number) >= 50,
    ],
    [
      'meta.type=EiffelArtifactCreatedEvent&!data.customData',
      (e) => e.meta.type === 'EiffelArtifactCreatedEvent' && !('customData' in e.data),
    ],
    [
      'links.type=CAUSE&meta.source.domainId=example.domain',
      (e) => (e.links ?? []).some((l) => l.type === 'CAUSE') && e.meta.source?.domainId === 'example.domain',
    ],
  ];

  it.each(cases)('GET /events?%s pages like a filter over the input JSON', async (query, predicate) => {
    const expected = input.filter(predicate).sort(newestFirst);
    expect(expected.length, query).toBeGreaterThan(0);
    await everyPage(query, expected, expected.length > 600 ? 500 : 37);
  });

  it('returns the events as they were received, and ISO times with readable=true', async () => {
    const page = await search('meta.type=EiffelSourceChangeSubmittedEvent&pageSize=5');
    expect(page.items).toHaveLength(5);
    for (const item of page.items) expect(item).toEqual(byId.get(item.meta.id));
    const readable = await search('meta.type=EiffelSourceChangeSubmittedEvent&pageSize=5&readable=true');
    expect(readable.items.map((item) => item.meta.time)).toEqual(
      page.items.map((item) => new Date(item.meta.time).toISOString()),
    );
    const all = await search('pageSize=1');
    expect(all.totalNumberItems).toBe(input.length);
    const lookup = await search(`meta.id=${input[0]?.meta.id}`);
    expect(lookup.items).toEqual([input[0]]);
  });

  it('answers malformed search parameters with 400 naming the parameter', async () => {
    for (const [query, parameter] of [
      ['pageSize=0', 'pageSize'],
      ['pageSize=5000', 'pageSize'],
      ['pageNo=abc', 'pageNo'],
      ['readable=yes', 'readable'],
      ['type=EiffelArtifactCreatedEvent', 'type'],
      ['data.identity~(', 'data.identity'],
      ['meta.time>yesterday', 'meta.time'],
      ['meta.time~1', 'meta.time'],
      ['int(data.size)>ten', 'data.size'],
      ['pageNo>2', 'pageNo'],
    ] as const) {
      const response = await app.inject({ url: `/events?${query}` });
      expect(response.statusCode, `${query}: ${response.body}`).toBe(400);
      const body = response.json<{ error: { code: string; message: string } }>();
      expect(body.error.code, query).toBe('API_BAD_REQUEST');
      expect(body.error.message, query).toContain(parameter);
    }
  });

  /** The links of the input restricted to `types`, for a BFS that follows only those. */
  function onlyLinks(types: ReadonlySet<string>): Map<string, InputEvent> {
    return new Map(
      [...events].map(([id, event]) => [
        id,
        { ...event, links: event.links.filter((l) => types.has(l.type)) },
      ]),
    );
  }

  async function linkSearch(id: string, body: unknown, query = ''): Promise<LinkObjects> {
    const response = await app.inject({
      method: 'POST',
      url: `/search/${id}?${query}`,
      payload: body as object,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<LinkObjects>();
  }

  /** Ids of a BFS answer in the API's order (depth, time, id), the start and (unless asked) placeholders left out. */
  function expectedIds(answer: Map<string, number>, start: string, placeholders = false): string[] {
    return [...answer]
      .filter(([id]) => id !== start && (placeholders || byId.has(id)))
      .sort(
        ([a, da], [b, db]) =>
          da - db || (byId.get(a)?.meta.time ?? 0) - (byId.get(b)?.meta.time ?? 0) || a.localeCompare(b),
      )
      .map(([id]) => id);
  }

  const ids = (list: unknown[]) => list.map((event) => (event as RawEvent).meta.id);
  const flatten = (tree: unknown[]): unknown[] =>
    tree.flatMap((node) => (Array.isArray(node) ? flatten(node as unknown[]) : [node]));

  it('POST /search/:id with ALL both ways equals a breadth-first search over the input, from a sample of every kind of event', async () => {
    const wrong: string[] = [];
    const all = comparisonSample(events);
    expect(all.length).toBeGreaterThan(500);
    for (let start = 0; start < all.length; start += 16) {
      await Promise.all(
        all.slice(start, start + 16).map(async (id) => {
          const answer = await linkSearch(id, { ult: ['ALL'], dlt: ['ALL'] });
          const up = expectedIds(independentBfs(events, id, 'upstream').depths, id);
          const down = expectedIds(independentBfs(events, id, 'downstream').depths, id);
          const sameUp = JSON.stringify(ids(answer.upstreamLinkObjects)) === JSON.stringify(up);
          const sameDown = JSON.stringify(ids(answer.downstreamLinkObjects)) === JSON.stringify(down);
          if (!sameUp || !sameDown) wrong.push(id);
        }),
      );
    }
    expect(wrong).toEqual([]);
  }, 600_000);

  it('follows only the named link types, one direction when the other list is empty', async () => {
    const types = new Set(['CAUSE', 'CONTEXT', 'FLOW_CONTEXT']);
    const restricted = onlyLinks(types);
    const starts = [...events.values()].filter((e) => e.links.some((l) => types.has(l.type))).slice(0, 60);
    expect(starts.length).toBeGreaterThan(10);
    for (const start of starts) {
      const answer = await linkSearch(start.id, { ult: [...types] });
      expect(ids(answer.upstreamLinkObjects)).toEqual(
        expectedIds(independentBfs(restricted, start.id, 'upstream').depths, start.id),
      );
      expect(answer.downstreamLinkObjects).toEqual([]);
    }
  });

  it('honours levels and limit', async () => {
    const start = [...events.keys()].find(
      (id) => independentBfs(events, id, 'upstream').depths.size > 20,
    ) as string;
    const bfs = independentBfs(events, start, 'upstream').depths;
    const levelOne = await linkSearch(start, { ult: ['ALL'] }, 'levels=1');
    expect(ids(levelOne.upstreamLinkObjects)).toEqual(
      expectedIds(new Map([...bfs].filter(([, depth]) => depth <= 1)), start),
    );
    // The limit counts events linked to but never received, which the answer leaves out.
    const firstThree = new Set(expectedIds(bfs, start, true).slice(0, 3));
    expect(firstThree.has(MISSING), 'a placeholder among the first three').toBe(true);
    for (const tree of ['false', 'true']) {
      const three = await linkSearch(start, { ult: ['ALL'] }, `limit=3&levels=-1&tree=${tree}`);
      const found = tree === 'true' ? flatten(three.upstreamLinkObjects).slice(1) : three.upstreamLinkObjects;
      expect(ids(found).sort(), `tree=${tree}`).toEqual(
        expectedIds(bfs, start)
          .filter((id) => firstThree.has(id))
          .sort(),
      );
    }
  });

  /** Checks an ER tree: root the start, each event once, each child one level further and linked. */
  function checkTree(tree: unknown, start: string, direction: 'upstream' | 'downstream'): string[] {
    const depths = independentBfs(events, start, direction).depths;
    const seen: string[] = [];
    const problems: string[] = [];
    const walk = (node: unknown, parent: string | undefined): void => {
      const [head, ...children] = (Array.isArray(node) ? node : [node]) as unknown[];
      const id = (head as RawEvent).meta.id;
      seen.push(id);
      if (parent !== undefined) {
        const linked =
          direction === 'upstream'
            ? events.get(parent)?.links.some((l) => l.target === id)
            : events.get(id)?.links.some((l) => l.target === parent);
        if (linked !== true || depths.get(id) !== (depths.get(parent) ?? 0) + 1)
          problems.push(`${parent}->${id}`);
      } else if (id !== start) problems.push(`root ${id}`);
      for (const child of children) walk(child, id);
    };
    if (!Array.isArray(tree)) return ['not an array'];
    walk(tree, undefined);
    const expected = [start, ...expectedIds(depths, start)].sort();
    if (JSON.stringify([...seen].sort()) !== JSON.stringify(expected)) problems.push('events differ');
    return problems;
  }

  it('gives the nested-array tree with tree=true, each event once under a parent it is linked with', async () => {
    const problems: string[] = [];
    const all = comparisonSample(events, { largest: 50, perType: 10, stride: 40 });
    for (let start = 0; start < all.length; start += 16) {
      await Promise.all(
        all.slice(start, start + 16).map(async (id) => {
          const answer = await linkSearch(id, { ult: ['ALL'], dlt: ['ALL'] }, 'tree=true');
          problems.push(...checkTree(answer.upstreamLinkObjects, id, 'upstream').map((p) => `${id} up ${p}`));
          problems.push(
            ...checkTree(answer.downstreamLinkObjects, id, 'downstream').map((p) => `${id} down ${p}`),
          );
        }),
      );
    }
    expect(problems).toEqual([]);
  }, 600_000);

  it('answers malformed search requests with 400 naming the parameter, an unknown id with 404', async () => {
    const [id] = events.keys();
    for (const [query, body, parameter] of [
      ['limit=0', { ult: ['ALL'] }, 'limit'],
      ['levels=abc', { ult: ['ALL'] }, 'levels'],
      ['levels=10000000', { ult: ['ALL'] }, 'levels'],
      ['tree=maybe', { ult: ['ALL'] }, 'tree'],
      ['', { ult: ['NOPE'] }, 'ult'],
      ['', { ult: 'ALL' }, 'ult'],
      ['', { dlt: ['ALL'], extra: 1 }, 'extra'],
    ] as const) {
      const response = await app.inject({ method: 'POST', url: `/search/${id}?${query}`, payload: body });
      expect(response.statusCode, `${query} ${JSON.stringify(body)}: ${response.body}`).toBe(400);
      const error = response.json<{ error: { code: string; message: string } }>().error;
      expect(error.code).toBe('API_BAD_REQUEST');
      expect(error.message).toContain(parameter);
    }
    const noBody = await app.inject({ method: 'POST', url: `/search/${id}` });
    expect(noBody.statusCode).toBe(400);
    const missing = await app.inject({
      method: 'POST',
      url: '/search/00000000-0000-4000-8000-000000000000',
      payload: { ult: ['ALL'] },
    });
    expect(missing.statusCode).toBe(404);
  });
});
