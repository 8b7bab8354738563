import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServices } from '@tracey/testing';
import { eiffelEvent } from '@tracey/schemas';
import { startListeningQueryApi, type ListeningQueryApi } from './listening-query-api.js';
import { runTracey } from './run-tracey.js';

// A small pipeline: a commit resolving an issue, submitted, composed, built, released.
function pipeline() {
  let clock = Date.parse('2026-11-23T10:00:00.000Z');
  const at = () => ({ time: (clock += 600_000) });
  const issue = eiffelEvent(
    'EiffelIssueDefinedEvent',
    { type: 'BUG', tracker: 'JIRA', id: 'APP-7', uri: 'https://jira.example.com/APP-7' },
    at(),
  ).build();
  const git = {
    commitId: 'c0ffee',
    repoName: 'app',
    repoUri: 'https://git.example.com/app.git',
    branch: 'main',
  };
  const scc = eiffelEvent(
    'EiffelSourceChangeCreatedEvent',
    { gitIdentifier: git, author: { name: 'Ada' } },
    at(),
  )
    .link('RESOLVED_ISSUE', issue.meta.id)
    .build();
  const scs = eiffelEvent('EiffelSourceChangeSubmittedEvent', { gitIdentifier: git }, at())
    .link('CHANGE', scc.meta.id)
    .build();
  const library = eiffelEvent(
    'EiffelArtifactCreatedEvent',
    { identity: 'pkg:npm/left-pad@1.3.0' },
    at(),
  ).build();
  const cd = eiffelEvent('EiffelCompositionDefinedEvent', { name: 'app' }, at())
    .link('ELEMENT', scs.meta.id)
    .link('ELEMENT', library.meta.id)
    .build();
  const art = eiffelEvent('EiffelArtifactCreatedEvent', { identity: 'pkg:npm/app@1.0.0' }, at())
    .link('COMPOSITION', cd.meta.id)
    .build();
  const clm = eiffelEvent('EiffelConfidenceLevelModifiedEvent', { name: 'release', value: 'SUCCESS' }, at())
    .link('SUBJECT', art.meta.id)
    .build();
  // The next version, built from a change of its own on the same library.
  const git2 = { ...git, commitId: 'c0ffee2' };
  const scc2 = eiffelEvent('EiffelSourceChangeCreatedEvent', { gitIdentifier: git2 }, at()).build();
  const scs2 = eiffelEvent('EiffelSourceChangeSubmittedEvent', { gitIdentifier: git2 }, at())
    .link('CHANGE', scc2.meta.id)
    .build();
  const cd2 = eiffelEvent('EiffelCompositionDefinedEvent', { name: 'app' }, at())
    .link('ELEMENT', scs2.meta.id)
    .link('ELEMENT', library.meta.id)
    .build();
  const art2 = eiffelEvent('EiffelArtifactCreatedEvent', { identity: 'pkg:npm/app@1.1.0' }, at())
    .link('COMPOSITION', cd2.meta.id)
    .link('PREVIOUS_VERSION', art.meta.id)
    .build();
  const clm2 = eiffelEvent('EiffelConfidenceLevelModifiedEvent', { name: 'release', value: 'SUCCESS' }, at())
    .link('SUBJECT', art2.meta.id)
    .build();
  return { issue, scc, scs, library, cd, art, clm, scc2, scs2, cd2, art2, clm2 };
}

describe('tracey trace and tracey lead-time against a real query API on Neo4j', () => {
  const services = testServices();
  const events = pipeline();
  let queryApi: ListeningQueryApi;
  let env: Readonly<Record<string, string>>;

  beforeAll(async () => {
    queryApi = await startListeningQueryApi(services, Object.values(events));
    env = queryApi.env;
  });

  afterAll(async () => {
    await queryApi.close();
  });

  async function api(path: string): Promise<unknown> {
    const response = await fetch(`${env['TRACEY_API_URL']}${path}`);
    expect(response.status).toBe(200);
    return response.json();
  }

  it('trace down prints what the API reports, as JSON off a terminal', async () => {
    const run = await runTracey(['trace', 'down', events.clm.meta.id], env);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const printed = JSON.parse(run.stdout) as {
      sourceChanges: { commitId: string }[];
      workItems: { issueId: string }[];
      thirdPartyComponents: { identity: string }[];
    };
    expect(printed).toEqual(await api(`/trace/${events.clm.meta.id}/contents`));
    expect(printed.sourceChanges.map((c) => c.commitId)).toEqual(['c0ffee', 'c0ffee']);
    expect(printed.workItems.map((w) => w.issueId)).toEqual(['APP-7']);
    expect(printed.thirdPartyComponents.map((a) => a.identity)).toEqual(['pkg:npm/left-pad@1.3.0']);
  });

  it('trace up --json prints the releases of a change', async () => {
    const run = await runTracey(['trace', 'up', events.issue.meta.id, '--json', '--max-depth', '10'], env);
    expect(run.exitCode).toBe(0);
    const printed = JSON.parse(run.stdout) as { confidenceLevels: { id: string; afterMs: number }[] };
    expect(printed).toEqual(await api(`/trace/${events.issue.meta.id}/releases?maxDepth=10`));
    expect(printed.confidenceLevels).toEqual([
      expect.objectContaining({
        id: events.clm.meta.id,
        afterMs: events.clm.meta.time - events.issue.meta.time,
      }),
    ]);
  });

  it('trace down --since previous prints the release notes: only what the previous release lacks', async () => {
    const run = await runTracey(['trace', 'down', events.clm2.meta.id, '--since', 'previous'], env);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const printed = JSON.parse(run.stdout) as {
      since: { id: string };
      sourceChanges: { commitId: string }[];
      artifacts: { id: string }[];
      thirdPartyComponents: unknown[];
      workItems: unknown[];
    };
    expect(printed).toEqual(await api(`/trace/${events.clm2.meta.id}/contents?since=previous`));
    expect(printed.since.id).toBe(events.clm.meta.id);
    expect(printed.sourceChanges.map((c) => c.commitId)).toEqual(['c0ffee2', 'c0ffee2']);
    expect(printed.artifacts.map((a) => a.id)).toEqual([events.art2.meta.id]);
    expect(printed.thirdPartyComponents).toEqual([]);
    expect(printed.workItems).toEqual([]);
    const full = await runTracey(['trace', 'down', events.clm2.meta.id, '--json'], env);
    expect(
      (JSON.parse(full.stdout) as { thirdPartyComponents: unknown[] }).thirdPartyComponents,
    ).toHaveLength(1);
  });

  it('lead-time gives the time between two events, and statistics between two kinds', async () => {
    const pair = await runTracey(['lead-time', events.scc.meta.id, events.clm.meta.id], env);
    expect(pair.exitCode).toBe(0);
    expect(JSON.parse(pair.stdout)).toMatchObject({
      milliseconds: events.clm.meta.time - events.scc.meta.time,
      path: [
        { id: events.scc.meta.id },
        { id: events.scs.meta.id },
        { id: events.cd.meta.id },
        { id: events.art.meta.id },
        { id: events.clm.meta.id },
      ],
    });
    const stats = await runTracey(
      [
        'lead-time',
        '--from-type',
        'SourceChangeCreated',
        '--to-type',
        'ConfidenceLevelModified,value=SUCCESS',
        '--group-by',
        'week',
        '--since',
        '2026-11-01T00:00:00Z',
        '--until',
        new Date(events.clm.meta.time + 1).toISOString(),
      ],
      env,
    );
    expect(stats.exitCode).toBe(0);
    const lead = events.clm.meta.time - events.scc.meta.time;
    expect(JSON.parse(stats.stdout)).toMatchObject({
      count: 1,
      min: lead,
      p50: lead,
      max: lead,
      unmatched: 0,
      groups: [{ week: '2026-11-23', count: 1, mean: lead }],
    });
  });

  it('exits 2 with the API’s message when it refuses, 2 on bad usage, and 1 naming the URL when the API is out of reach', async () => {
    const wrongType = await runTracey(['trace', 'down', events.scc.meta.id], env);
    expect(wrongType.exitCode).toBe(2);
    expect(wrongType.stderr).toContain('a contents report starts at one of');
    const unknown = await runTracey(['trace', 'up', 'no-such-event'], env);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('no event with id no-such-event');
    const badKind = await runTracey(
      ['lead-time', '--from-type', 'Nope', '--to-type', 'ArtifactCreated'],
      env,
    );
    expect(badKind.exitCode).toBe(2);
    expect(badKind.stderr).toContain('from: unknown event type "Nope"');
    const oneId = await runTracey(['lead-time', events.scc.meta.id], env);
    expect(oneId.exitCode).toBe(2);
    expect(oneId.stderr).toContain('give two event ids, or --from-type and --to-type');
    const mixed = await runTracey(['lead-time', events.scc.meta.id, events.clm.meta.id, '--since', '0'], env);
    expect(mixed.exitCode).toBe(2);
    const away = await runTracey(['trace', 'down', events.clm.meta.id], {
      TRACEY_API_URL: 'http://127.0.0.1:9',
    });
    expect(away.exitCode).toBe(1);
    expect(away.stderr).toContain('cannot reach the Tracey API at http://127.0.0.1:9/');
  });
});
