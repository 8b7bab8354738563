import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServices } from '@tracey/testing';
import { eiffelEvent } from '@tracey/schemas';
import type { LeadTimeStats } from '../src/queries/lead-time-stats.js';
import { startQueryApi, type QueryApiHarness } from './support/query-api-harness.js';
import { expectedLeadTimes, expectedStats, rawEvents, type Kind } from './support/independent-reports.js';

const FLOWS = new URL('../../../shared/fixtures/eiffel/examples/flows/', import.meta.url);

interface Raw {
  meta: { id: string; type: string; time: number };
  data: Record<string, unknown>;
  links: { type: string; target: string }[];
}

function flow(name: string): Raw[] {
  return JSON.parse(readFileSync(new URL(`${name}/events.json`, FLOWS), 'utf8')) as Raw[];
}

// The official flows: svn changes with a repository name (build-avoidance), hg, svn and git ones
// (delivery-interface). Both number their events alike, so build-avoidance's ids are renamed,
// consistently in ids and link targets, for the two to share a graph; the data is untouched.
const buildAvoidance = JSON.parse(
  JSON.stringify(flow('build-avoidance')).replaceAll('aaaaaaaa-bbbb-5ccc-8ddd-', 'bbbbbbbb-bbbb-5ccc-8ddd-'),
) as Raw[];
const deliveryInterface = flow('delivery-interface');

// The fixtures hold no ClearCase change: one made here as the protocol defines it.
function clearCaseRelease(): Raw[] {
  let time = 300_000;
  const cc = { vobs: ['/vobs/shop', '/vobs/lib'], branch: 'rel_2', configSpec: 'element * .../rel_2/LATEST' };
  const scc = eiffelEvent('EiffelSourceChangeCreatedEvent', { ccCompositeIdentifier: cc }, { time }).build();
  const scs = eiffelEvent(
    'EiffelSourceChangeSubmittedEvent',
    { ccCompositeIdentifier: cc },
    { time: (time += 1000) },
  )
    .link('CHANGE', scc.meta.id)
    .build();
  const composition = eiffelEvent('EiffelCompositionDefinedEvent', { name: 'shop' }, { time: (time += 1000) })
    .link('ELEMENT', scs.meta.id)
    .build();
  const artifact = eiffelEvent(
    'EiffelArtifactCreatedEvent',
    { identity: 'pkg:generic/shop@2' },
    { time: time + 5000 },
  )
    .link('COMPOSITION', composition.meta.id)
    .build();
  return [scc, scs, composition, artifact] as unknown as Raw[];
}

/** What a change's identifier says, read here by hand from the protocol's definitions. */
function identityOf(data: Record<string, unknown>): Record<string, string> {
  const git = data['gitIdentifier'] as Record<string, string> | undefined;
  const hg = data['hgIdentifier'] as Record<string, string> | undefined;
  const svn = data['svnIdentifier'] as Record<string, string | number> | undefined;
  const cc = data['ccCompositeIdentifier'] as
    { vobs: string[]; branch: string; configSpec: string } | undefined;
  const defined = (record: Record<string, string | number | undefined>) =>
    Object.fromEntries(
      Object.entries(record).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]])),
    );
  if (git)
    return defined({
      vcs: 'git',
      commitId: git['commitId'],
      repoName: git['repoName'],
      repoUri: git['repoUri'],
      branch: git['branch'],
    });
  if (hg)
    return defined({
      vcs: 'hg',
      commitId: hg['commitId'],
      repoName: hg['repoName'],
      repoUri: hg['repoUri'],
      branch: hg['branch'],
    });
  if (svn)
    return defined({
      vcs: 'svn',
      commitId: svn['revision'],
      repoName: svn['repoName'],
      repoUri: svn['repoUri'],
      branch: svn['directory'],
    });
  if (cc)
    return defined({ vcs: 'cc', repoName: cc.vobs.join(','), repoUri: cc.configSpec, branch: cc.branch });
  return {};
}

describe('source changes of every VCS have one shape on the graph: commitId, repoName, repoUri, branch, vcs', () => {
  const services = testServices();
  const raw = [...buildAvoidance, ...deliveryInterface, ...clearCaseRelease()];
  const events = rawEvents(raw);
  const changes = raw.filter((event) => event.meta.type.startsWith('EiffelSourceChange'));
  let api: QueryApiHarness;

  beforeAll(async () => {
    api = await startQueryApi(services, { raw });
  });
  afterAll(() => api.close());

  async function cypher(
    query: string,
    params: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>[]> {
    return (await api.driver.executeQuery(query, params)).records.map((record) => record.toObject());
  }

  it('stores every source change with its identity as the protocol names it, whatever the VCS', async () => {
    expect(new Set(changes.map((change) => identityOf(change.data)['vcs']))).toEqual(
      new Set(['git', 'hg', 'svn', 'cc']),
    );
    const rows = await cypher(
      `MATCH (c:Event) WHERE c.type STARTS WITH 'EiffelSourceChange'
       RETURN c.id AS id, c {.vcs, .commitId, .repoName, .repoUri, .branch} AS identity`,
    );
    const stored = new Map(
      rows.map((row) => [row['id'] as string, row['identity'] as Record<string, string | null>]),
    );
    expect(stored.size).toBe(changes.length);
    for (const change of changes) {
      const identity = Object.fromEntries(
        Object.entries(stored.get(change.meta.id) ?? {}).filter((entry) => entry[1] !== null),
      );
      expect(identity, change.meta.id).toEqual(identityOf(change.data));
    }
  });

  it('finds the svn, hg and ClearCase changes by commitId and repoName in Cypher', async () => {
    const ids = async (where: string, params: Record<string, unknown>) =>
      (await cypher(`MATCH (c:Event) WHERE ${where} RETURN c.id AS id ORDER BY id`, params)).map(
        (row) => row['id'],
      );
    const byData = (test: (data: Record<string, unknown>) => boolean) =>
      changes
        .filter((change) => test(change.data))
        .map((change) => change.meta.id)
        .sort();
    const svn = (data: Record<string, unknown>) =>
      data['svnIdentifier'] as Record<string, unknown> | undefined;
    const hg = (data: Record<string, unknown>) => data['hgIdentifier'] as Record<string, unknown> | undefined;

    expect(await ids('c.repoName = $name', { name: 'Mainline' })).toEqual(
      byData((d) => svn(d)?.['repoName'] === 'Mainline'),
    );
    expect(await ids('c.repoName = $name', { name: 'Mainline' })).toHaveLength(2);
    expect(await ids('c.commitId = $id', { id: '42' })).toEqual(byData((d) => svn(d)?.['revision'] === 42));
    expect(await ids('c.commitId = $id', { id: '5' })).toEqual(byData((d) => svn(d)?.['revision'] === 5));
    expect(await ids('c.commitId = $id', { id: 'f7744f53cf94' })).toEqual(
      byData((d) => hg(d)?.['commitId'] === 'f7744f53cf94'),
    );
    expect(await ids('c.commitId = $id', { id: 'f7744f53cf94' })).toHaveLength(1);
    expect(
      await ids('c.repoName = $name AND c.vcs = $vcs', { name: '/vobs/shop,/vobs/lib', vcs: 'cc' }),
    ).toHaveLength(2);
  });

  async function stats(from: string, to: string): Promise<LeadTimeStats> {
    const response = await api.app.inject({
      url: `/lead-time/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<LeadTimeStats>();
  }

  it.each<[string, string, Kind, Kind]>([
    [
      'SourceChangeSubmitted,repoName=Mainline',
      'ArtifactCreated',
      { type: 'EiffelSourceChangeSubmittedEvent', where: (d) => identityOf(d)['repoName'] === 'Mainline' },
      { type: 'EiffelArtifactCreatedEvent' },
    ],
    [
      'SourceChangeSubmitted,vcs=hg',
      'ConfidenceLevelModified,value=SUCCESS',
      { type: 'EiffelSourceChangeSubmittedEvent', where: (d) => identityOf(d)['vcs'] === 'hg' },
      { type: 'EiffelConfidenceLevelModifiedEvent', data: { value: 'SUCCESS' } },
    ],
    [
      'SourceChangeCreated,commitId=5',
      'ArtifactCreated',
      { type: 'EiffelSourceChangeCreatedEvent', where: (d) => identityOf(d)['commitId'] === '5' },
      { type: 'EiffelArtifactCreatedEvent' },
    ],
    [
      'SourceChangeCreated,vcs=cc,branch=rel_2',
      'ArtifactCreated',
      { type: 'EiffelSourceChangeCreatedEvent', where: (d) => identityOf(d)['branch'] === 'rel_2' },
      { type: 'EiffelArtifactCreatedEvent' },
    ],
  ])(
    '/lead-time/stats from=%s to=%s matches an independent computation',
    async (from, to, fromKind, toKind) => {
      const { leads, unmatched } = expectedLeadTimes(events, fromKind, toKind);
      expect(leads.length).toBeGreaterThan(0);
      const answer = await stats(from, to);
      expect(answer).toMatchObject({ ...expectedStats(leads.map((lead) => lead.lead)), unmatched });
    },
  );

  it('the Event Repository filters on an identifier field find that VCS only', async () => {
    const response = await api.app.inject({
      url: '/events?meta.type=EiffelSourceChangeSubmittedEvent&data.svnIdentifier.repoName=Mainline',
    });
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json<{ items: { meta: { id: string } }[] }>().items;
    expect(items.map((item) => item.meta.id).sort()).toEqual(
      buildAvoidance
        .filter((e) => e.meta.type === 'EiffelSourceChangeSubmittedEvent')
        .map((e) => e.meta.id)
        .sort(),
    );
  });
});

describe('source changes stored before `vcs` existed (git fields only, no vcs) are still found', () => {
  const services = testServices();
  // An old node as versions before `vcs` wrote it: git's commitId, repoName, branch, no vcs or
  // repoUri; an hg change then got no identity properties at all.
  const git = {
    commitId: 'c0ffee01',
    repoName: 'legacy-shop',
    repoUri: 'https://git.example/shop',
    branch: 'main',
  };
  const hg = {
    commitId: 'beef02',
    repoName: 'legacy-lib',
    repoUri: 'https://hg.example/lib',
    branch: 'default',
  };
  const oldGit = eiffelEvent(
    'EiffelSourceChangeSubmittedEvent',
    { gitIdentifier: git },
    { time: 1000 },
  ).build();
  const oldHg = eiffelEvent('EiffelSourceChangeSubmittedEvent', { hgIdentifier: hg }, { time: 2000 }).build();
  let api: QueryApiHarness;

  beforeAll(async () => {
    api = await startQueryApi(services, { raw: [] });
    const node = (event: typeof oldGit, extra: Record<string, string>) => ({
      id: event.meta.id,
      type: event.meta.type,
      version: event.meta.version,
      time: event.meta.time,
      hash: `old-${event.meta.id}`,
      event: JSON.stringify(event),
      ...extra,
    });
    await api.driver.executeQuery('UNWIND $nodes AS props CREATE (n:Event) SET n = props', {
      nodes: [
        node(oldGit, { commitId: git.commitId, repoName: git.repoName, branch: git.branch }),
        node(oldHg, {}),
      ],
    });
  });
  afterAll(() => api.close());

  async function found(filter: string): Promise<string[]> {
    const response = await api.app.inject({
      url: `/events?meta.type=EiffelSourceChangeSubmittedEvent&${filter}`,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response
      .json<{ items: { meta: { id: string } }[] }>()
      .items.map((item) => item.meta.id)
      .sort();
  }

  it.each<[string, string[]]>([
    [`data.gitIdentifier.commitId=${git.commitId}`, [oldGit.meta.id]],
    [`data.gitIdentifier.repoName=${git.repoName}`, [oldGit.meta.id]],
    [`data.gitIdentifier.branch=${git.branch}`, [oldGit.meta.id]],
    [`data.gitIdentifier.repoUri=${git.repoUri}`, [oldGit.meta.id]],
    [`data.gitIdentifier.commitId!=${git.commitId}`, [oldHg.meta.id]],
    [`data.gitIdentifier.repoUri!=${git.repoUri}`, [oldHg.meta.id]],
    [`data.hgIdentifier.commitId=${hg.commitId}`, [oldHg.meta.id]],
    [`data.hgIdentifier.repoName=${hg.repoName}`, [oldHg.meta.id]],
    [`data.hgIdentifier.repoName!=${hg.repoName}`, [oldGit.meta.id]],
    [`data.hgIdentifier.commitId=${git.commitId}`, []],
  ])('%s finds what the events say', async (filter, expected) => {
    expect(await found(filter)).toEqual([...expected].sort());
  });
});
